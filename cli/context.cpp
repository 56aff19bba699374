#include "context.h"

#include <cstdlib>

#include <fmt/format.h>

#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "store/mount.h"

namespace gefest::cli {

const Share& Context::share() {
    if (!share_) {
        share_ = Share::open(Share::locate(options.share));
        // Acting for someone is checked even by commands that only read, so a refused
        // --user is refused the same way everywhere.
        if (!options.user.empty() || std::getenv("GEFEST_USER")) actor();
    }
    return *share_;
}

const Process& Context::process() {
    if (!process_) {
        auto path = share().at(share().settings().process);
        process_ = parse_process(fsio::read_file(path), path.string());
    }
    return *process_;
}

const Staff& Context::staff() {
    if (!staff_) {
        auto path = share().at(share().settings().staff);
        staff_ = parse_staff(shared(path).read().content.value_or(""), path.string(), process());
    }
    return *staff_;
}

const StaffMember& Context::actor() {
    const Staff& all = staff();
    const StaffMember* self = all.find(me_.login);
    if (!self)
        throw Error(Errc::refused,
                    fmt::format(fmt::runtime(tr("login '{}' is not in {}; the head of sales can add it: gefest staff add {} --name \"…\" --role …")),
                                me_.login, share().settings().staff, me_.login));
    std::string user = options.user;
    if (user.empty())
        if (const char* env = std::getenv("GEFEST_USER")) user = env;
    if (user.empty() || user == me_.login) return *self;
    if (!self->act_for_others)
        throw Error(Errc::refused, fmt::format(fmt::runtime(tr("'{}' may not act for others (--user {}): act_for_others is not set in {}")),
                                               me_.login, user, share().settings().staff));
    const StaffMember* other = all.find(user);
    if (!other) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no staff member '{}' in {}")), user, share().settings().staff));
    return *other;
}

void Context::writing() {
    require_writable_mount(share().root());
    actor();
}

void Context::require_step(const std::string& step_id) {
    const StaffMember& who = actor();
    const Step* step = process().find(step_id);
    if (!step)
        throw Error(Errc::config, fmt::format(fmt::runtime(tr("step {} is not in {}")), step_id, share().settings().process));
    if (process().may(*step, who.roles)) return;
    std::string allowed;
    std::vector<std::string> seen;
    for (const auto* list : {&step->responsible, &step->performers})
        for (const auto& r : *list)
            if (std::find(seen.begin(), seen.end(), r) == seen.end()) {
                seen.push_back(r);
                allowed += (allowed.empty() ? "" : ", ") + r;
            }
    std::string has;
    for (const auto& r : who.roles) has += (has.empty() ? "" : ", ") + r;
    throw Error(Errc::refused, fmt::format(fmt::runtime(tr("step {} «{}» may be done by: {}; '{}' is {}")), step->id, step->name, allowed,
                                           who.login, has.empty() ? tr("without a role") : has));
}

Journal& Context::journal() {
    if (!journal_) journal_ = std::make_unique<Journal>(share().at(share().settings().journal), share().settings().share_id, me_);
    return *journal_;
}

void Context::record(Event event) {
    const StaffMember& who = actor();
    if (who.login != me_.login) event.on_behalf = who.login;
    journal().append(event);
}

SharedFile Context::shared(const std::filesystem::path& file) {
    SharedFile f(file, share().state_of(file), me_);
    LockOptions lo;
    lo.wait_seconds = share().settings().lock_wait_seconds;
    lo.lease_seconds = share().settings().lock_lease_seconds;
    lo.subject = file.string();
    f.set_lock_options(lo);
    return f;
}

}  // namespace gefest::cli
