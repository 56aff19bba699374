// The `gefest debug` probes. See procedure/debug_commands.h.
#include "procedure/debug_commands.h"

#include <cstdlib>

#include <fmt/format.h>

#include "base/clock.h"
#include "procedure/events/staff.h"
#include "store/fsio.h"
#include "store/numbers.h"

namespace gefest {

namespace {

std::filesystem::path counter_file(Session& session, const std::string& key) {
    return session.share().private_dir() / "debug" / ("counter-" + key + ".txt");
}

}  // namespace

void debug_claim_numbers(Session& session, const DebugOptions& o, const std::function<void(std::int64_t)>& claimed) {
    session.writing();
    const int year = o.year ? o.year : now().date.year;
    for (int i = 0; i < o.count; ++i) {
        NumberClaim c = claim_number(session.share().numbers_of(o.kind, year), session.me(), "debug");
        c.commit();
        claimed(c.number());
    }
}

void debug_journal_write(Session& session, const DebugOptions& o, const std::function<void(int)>& written) {
    session.writing();
    for (int i = 0; i < o.count; ++i) {
        session.record(events::make_event(events::DebugStress{o.tag, i}, "debug:" + o.tag));
        written(i);
    }
}

void debug_update_counter(Session& session, const DebugOptions& o, const std::function<void(long long)>& written) {
    session.writing();
    const auto file = counter_file(session, o.key);
    fsio::make_dirs(file.parent_path());
    SharedFile shared = session.shared(file);
    for (int i = 0; i < o.count; ++i) {
        long long value = 0;
        shared.update([&](const Snapshot& snap) -> std::optional<std::string> {
            value = (snap.content ? std::atoll(snap.content->c_str()) : 0) + 1;
            return std::to_string(value) + "\n";
        });
        written(value);
    }
}

long long debug_counter_value(Session& session, const DebugOptions& o) {
    Snapshot snap = session.shared(counter_file(session, o.key)).read();
    return snap.content ? std::atoll(snap.content->c_str()) : 0;
}

void debug_journal_dump(Session& session, const std::function<void(const std::string&)>& line) {
    session.journal().for_each("0000-00", "9999-99", [&](const Event& e) {
        line(fmt::format("{}\t{}\t{}\t{}", e.login, e.kind, e.object, e.data.dump()));
    });
}

}  // namespace gefest
