// gefest debug …: probes of the storage layer for the concurrency, crash and SMB tests
// (hidden from --help; documented in gefest-debug(1)). They use exactly the code paths
// the real commands use: number claims, journal appends, locked shared-file updates.
#include <cstdio>

#include <fmt/format.h>

#include "base/clock.h"
#include "commands.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "store/numbers.h"

namespace gefest::cli {

namespace {

struct DebugOptions {
    std::string kind = "debug", tag = "t", key = "counter";
    int year = 0, count = 1;
};

std::filesystem::path counter_file(Context& ctx, const std::string& key) {
    return ctx.share().private_dir() / "debug" / ("counter-" + key + ".txt");
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
    claim->callback([opt, &ctx] {
        ctx.writing();
        int year = opt->year ? opt->year : now().date.year;
        for (int i = 0; i < opt->count; ++i) {
            NumberClaim c = claim_number(ctx.share().numbers_of(opt->kind, year), ctx.me(), "debug");
            c.commit();
            fmt::print("{}\n", c.number());
            std::fflush(stdout);
        }
    });

    CLI::App* journal = debug->add_subcommand("journal-write", tr("append COUNT events, printing 'TAG I' after each is durable"));
    journal->add_option("--count", opt->count, tr("how many"));
    journal->add_option("--tag", opt->tag, tr("a tag written into each event's data"));
    journal->callback([opt, &ctx] {
        ctx.writing();
        for (int i = 0; i < opt->count; ++i) {
            Event e;
            e.kind = "debug.stress";
            e.object = "debug:" + opt->tag;
            e.data = {{"tag", opt->tag}, {"i", i}};
            ctx.record(e);
            fmt::print("{} {}\n", opt->tag, i);
            std::fflush(stdout);
        }
    });

    CLI::App* update = debug->add_subcommand("update-counter", tr("COUNT locked read-modify-write increments of a shared file"));
    update->add_option("--key", opt->key, tr("which counter"));
    update->add_option("--count", opt->count, tr("how many"));
    update->callback([opt, &ctx] {
        ctx.writing();
        auto file = counter_file(ctx, opt->key);
        fsio::make_dirs(file.parent_path());
        SharedFile shared = ctx.shared(file);
        for (int i = 0; i < opt->count; ++i) {
            long long written = 0;
            shared.update([&](const Snapshot& snap) -> std::optional<std::string> {
                long long value = snap.content ? std::atoll(snap.content->c_str()) : 0;
                written = value + 1;
                return std::to_string(written) + "\n";
            });
            fmt::print("{}\n", written);
            std::fflush(stdout);
        }
    });

    CLI::App* value = debug->add_subcommand("counter-value", tr("print the counter's committed value"));
    value->add_option("--key", opt->key, tr("which counter"));
    value->callback([opt, &ctx] {
        Snapshot snap = ctx.shared(counter_file(ctx, opt->key)).read();
        fmt::print("{}\n", snap.content ? std::atoll(snap.content->c_str()) : 0);
    });

    CLI::App* dump = debug->add_subcommand("journal-dump", tr("print every journal event: login, kind, object, data"));
    dump->callback([&ctx] {
        ctx.journal().for_each("0000-00", "9999-99", [](const Event& e) {
            fmt::print("{}\t{}\t{}\t{}\n", e.login, e.kind, e.object, e.data.dump());
        });
    });
    // The probes inherit debug's hidden group; list them in `gefest debug --help`.
    for (CLI::App* sub : debug->get_subcommands([](CLI::App*) { return true; })) sub->group("Subcommands");
}

}  // namespace gefest::cli
