// The `gefest debug` probes. See procedure/debug_commands.h.
#include "procedure/debug_commands.h"

#include <cstdlib>

#include <fmt/format.h>

#include "base/clock.h"
#include "procedure/events/staff.h"
#include "procedure/order.h"

namespace gefest {

void debug_claim_numbers(Session& session, const DebugOptions& o, const std::function<void(std::int64_t)>& claimed) {
    session.writing();
    const int year = o.year ? o.year : now().date.year;
    for (int i = 0; i < o.count; ++i) {
        NumberClaim c = session.store().claim_number(o.kind, year, "debug");
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
    const RecordRef counter{Record::counter, 0, 0, o.key};
    for (int i = 0; i < o.count; ++i) {
        long long value = 0;
        session.store().change(counter, [&](const Snapshot& snap) -> std::optional<std::string> {
            value = (snap.content ? std::atoll(snap.content->c_str()) : 0) + 1;
            return std::to_string(value) + "\n";
        });
        written(value);
    }
}

void debug_order_steps(Session& session, const DebugOptions& o, const std::function<void(std::int64_t)>& made) {
    session.writing();
    const Process& process = session.process();
    const std::string login = session.actor().login;
    for (int i = 0; i < o.count; ++i) {
        Order draft;
        draft.year = now().date.year;
        draft.date = now().date.iso();
        draft.client_id = 1;
        draft.client_name = o.tag;
        draft.manager = login;
        draft.payment = Payment::noncash;
        draft.items = {OrderItem{"", "Проба", "шт", 1, Money{100}, 0, "проба хранилища", true, login}};
        draft.steps = make_checklist(Payment::noncash, process);
        const Order order = create_order(session, draft);
        const std::string first = order.steps.front().id;
        change_order(session, order.year, order.number, [&](Order& x) { mark_step_done(x, first, login, now().iso()); });
        made(order.number);
    }
}

long long debug_counter_value(Session& session, const DebugOptions& o) {
    Snapshot snap = session.store().read({Record::counter, 0, 0, o.key});
    return snap.content ? std::atoll(snap.content->c_str()) : 0;
}

void debug_journal_dump(Session& session, const std::function<void(const std::string&)>& line) {
    session.store().for_each_event("0000-00", "9999-99", [&](const Event& e) {
        line(fmt::format("{}\t{}\t{}\t{}", e.login, e.kind, e.object, e.data.dump()));
    });
}

}  // namespace gefest
