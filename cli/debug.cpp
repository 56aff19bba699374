// gefest debug …: probes of the storage layer for the concurrency, crash and SMB tests
// (hidden from --help; documented in gefest-debug(1)). The probes are
// lib/procedure/debug_commands.h; this file prints each step as soon as it is durable.
#include <cstdio>

#include <fmt/format.h>

#include "commands.h"
#include "base/i18n.h"
#include "procedure/debug_commands.h"

namespace gefest::cli {

namespace {

// One line, flushed at once: the tests count what a killed probe had acknowledged.
template <typename... Args>
void print_now(fmt::format_string<Args...> format, Args&&... args) {
    fmt::print(format, std::forward<Args>(args)...);
    std::fflush(stdout);
}

}  // namespace

void setup_debug(CLI::App& app, Context& ctx) {
    auto opt = std::make_shared<DebugOptions>();
    CLI::App* debug = app.add_subcommand("debug", tr("storage-layer probes for tests"));
    debug->group("");  // not in gefest --help: not for daily use
    debug->require_subcommand(1);

    CLI::App* claim = debug->add_subcommand("claim-numbers", tr("claim COUNT numbers of KIND, printing each"));
    claim->add_option("--kind", opt->kind, tr("kind of number (a folder under .gefest/numbers)"));
    claim->add_option("--year", opt->year, tr("year of the numbering (default: this year)"));
    claim->add_option("--count", opt->count, tr("how many"));
    claim->callback([opt, &ctx] { debug_claim_numbers(ctx.session(), *opt, [](std::int64_t n) { print_now("{}\n", n); }); });

    CLI::App* journal = debug->add_subcommand("journal-write", tr("append COUNT events, printing 'TAG I' after each is durable"));
    journal->add_option("--count", opt->count, tr("how many"));
    journal->add_option("--tag", opt->tag, tr("a tag written into each event's data"));
    journal->callback([opt, &ctx] { debug_journal_write(ctx.session(), *opt, [&](int i) { print_now("{} {}\n", opt->tag, i); }); });

    CLI::App* update = debug->add_subcommand("update-counter", tr("COUNT locked read-modify-write increments of a shared file"));
    update->add_option("--key", opt->key, tr("which counter"));
    update->add_option("--count", opt->count, tr("how many"));
    update->callback([opt, &ctx] { debug_update_counter(ctx.session(), *opt, [](long long v) { print_now("{}\n", v); }); });

    CLI::App* orders = debug->add_subcommand("order-steps", tr("make COUNT orders and change each once, printing each number"));
    orders->add_option("--count", opt->count, tr("how many"));
    orders->add_option("--tag", opt->tag, tr("the client's name in each order"));
    orders->callback([opt, &ctx] { debug_order_steps(ctx.session(), *opt, [](std::int64_t n) { print_now("{}\n", n); }); });

    CLI::App* value = debug->add_subcommand("counter-value", tr("print the counter's committed value"));
    value->add_option("--key", opt->key, tr("which counter"));
    value->callback([opt, &ctx] { fmt::print("{}\n", debug_counter_value(ctx.session(), *opt)); });

    CLI::App* dump = debug->add_subcommand("journal-dump", tr("print every journal event: login, kind, object, data"));
    dump->callback([&ctx] { debug_journal_dump(ctx.session(), [](const std::string& line) { fmt::print("{}\n", line); }); });
    // The probes inherit debug's hidden group; list them in `gefest debug --help`.
    for (CLI::App* sub : debug->get_subcommands([](CLI::App*) { return true; })) sub->group("Subcommands");
}

}  // namespace gefest::cli
