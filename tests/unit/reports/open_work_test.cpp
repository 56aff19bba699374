// The open work's derived state (reports/open_work.h, open_work_state.cpp): every kind of
// record written and read back gives the same state and the same control rows; a state
// cut short, with a byte flipped or of another format is not used but rebuilt; the rows
// of the kept state are those of a replay of the whole journal.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "demo_share.h"
#include "journal_rows.h"
#include "procedure/events/calls.h"
#include "reports/open_work.h"
#include "reports/report_commands.h"
#include "temp_folder.h"

using namespace gefest;

namespace {

using gefest::testing::ev;
using gefest::testing::inquiry;
using gefest::testing::order_new;

struct WorkShare : gefest::testing::JournalShare {
    WorkShare() : JournalShare("2026-11-30T09:00:00") {}

    std::string kept() { return session.store().read_derived(open_work_file).value_or(""); }
};

// Rows of every kind the open work keeps: orders new, confirmed (lead time asked, shipping
// order made), shipped and cancelled (one of them claimed), ended and open inquiries (an
// e-mail with every field, an application following an inquiry), a claim open and one
// resolved, invoices issued, sent, partly paid and paid.
void story(WorkShare& s) {
    s.add(inquiry("2026-10-01T09:00:00", "2026-1", 8, "Выставка", true, "petrov"));
    s.add(inquiry("2026-10-01T10:00:00", "2026-2", 9, "Сайт", false, "sidorova"));
    Event mail = ev("2026-10-02T09:00:00", "call.email", "call:2026-3",
                    {{"id", "2026-3"}, {"channel", "email"}, {"client", 10}, {"client_name", "ООО «Ромашка»"}, {"new_client", true},
                     {"phone", "+79120000000"}, {"email", "a@b.ru"}, {"contact", "Анна"}, {"source", "E-mail"}, {"manager", "petrov"},
                     {"manager_name", "Петров"}, {"products", {{{"sku", "ПК-50"}, {"qty", 2}, {"answer", "in_stock"}, {"text", "есть"}}, {{"sku", "ДЫМ-200"}}}},
                     {"outcome", "received"}, {"taken_by", "ivanova"}, {"note", "строка 1\nстрока 2"}, {"received", "2026-10-02"},
                     {"ref", "<m@x>"}, {"subject", "Заявка"}});
    mail.login = "ivanova";
    s.add(mail);
    s.add(ev("2026-10-03T09:00:00", "call.request", "call:2026-4",
             {{"id", "2026-4"}, {"channel", "request"}, {"client", 9}, {"client_name", "Клиент 9"}, {"manager", "sidorova"},
              {"ref", "2026-2"}, {"outcome", "application"}}));
    s.add(inquiry("2026-10-04T09:00:00", "2026-5", 11, "Выставка", true, "petrov"));
    s.add(ev("2026-10-05T09:00:00", "inquiry.close", "call:2026-5", {{"id", "2026-5"}, {"outcome", "refused"}}));
    s.add(order_new("2026-10-06T09:00:00", "2026-1", 8, "call:2026-1", "1000.00"));
    s.add(order_new("2026-10-06T10:00:00", "2026-2", 12, "", "200.00", "cash"));
    s.add(order_new("2026-10-06T11:00:00", "2026-3", 13, "", "300.00"));
    s.add(order_new("2026-10-06T12:00:00", "2026-4", 14, "", "400.00"));
    s.add(order_new("2026-10-06T13:00:00", "2026-5", 15, "", "500.00"));
    s.add(ev("2026-10-07T09:00:00", "order.step", "order:2026-1", {{"step", "5.2.3.1"}, {"status", "new"}}));
    s.add(ev("2026-10-07T10:00:00", "order.lead_time", "order:2026-1", {{"kind", "ask"}, {"status", "new"}}));
    s.add(ev("2026-10-07T11:00:00", "order.step", "order:2026-3", {{"step", "5.2.3.3"}, {"status", "confirmed"}}));
    s.add(ev("2026-10-07T12:00:00", "order.step", "order:2026-3", {{"step", "5.2.4.4"}, {"status", "confirmed"}}));
    s.add(ev("2026-10-08T09:00:00", "order.step", "order:2026-4", {{"step", "5.2.4.8"}, {"status", "shipped"}}));
    s.add(ev("2026-10-08T10:00:00", "order.cancel", "order:2026-5", {{"status", "cancelled"}}));
    s.add(ev("2026-10-09T09:00:00", "claim.new", "claim:2026-1", {{"order", "2026-4"}, {"client", "Клиент 14"}, {"manager", "petrov"}, {"text", "брак"}}));
    s.add(ev("2026-10-09T10:00:00", "claim.new", "claim:2026-2", {{"order", "2026-1"}, {"client", "Клиент 8"}, {"manager", "petrov"}}));
    s.add(ev("2026-10-10T09:00:00", "claim.resolve", "claim:2026-2", {{"order", "2026-1"}, {"decision", "отказ"}}));
    auto invoice = [&](const std::string& time, const std::string& key, const std::string& order, const std::string& total) {
        s.add(ev(time, "invoice.issue", "invoice:" + key,
                 {{"order", order}, {"number", std::stoi(key.substr(5))}, {"date", time.substr(0, 10)}, {"due", "2026-10-20"},
                  {"client", "Клиент"}, {"inn", "7701000000"}, {"total", total}, {"vat", "10.00"}, {"status", "issued"}}));
    };
    invoice("2026-10-11T09:00:00", "2026-1", "2026-1", "1000.00");
    invoice("2026-10-11T10:00:00", "2026-2", "2026-3", "300.00");
    invoice("2026-10-11T11:00:00", "2026-3", "2026-3", "300.00");
    invoice("2026-10-11T12:00:00", "2026-4", "2026-3", "300.00");
    s.add(ev("2026-10-12T09:00:00", "invoice.send", "invoice:2026-2", {{"order", "2026-3"}}));
    s.add(ev("2026-10-12T10:00:00", "invoice.balance", "invoice:2026-3", {{"order", "2026-3"}, {"paid", "100.00"}, {"status", "partial"}}));
    s.add(ev("2026-10-12T11:00:00", "invoice.paid", "invoice:2026-4", {{"order", "2026-3"}}));
}

std::string rows_text(const std::vector<ControlRow>& rows) {
    std::string out;
    for (const auto& r : rows)
        out += fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", r.order, r.client_name, r.manager, r.payment, r.status, r.step, r.step_name,
                           fmt::join(r.owed_by, ","), fmt::join(r.roles, ","), fmt::join(r.informed, ","), r.since.iso(), r.waiting_hours,
                           r.deadline_hours);
    return out;
}

std::string inquiries_text(const OpenWork& work) {
    std::string out;
    for (const auto& q : work.open_inquiries()) out += q.to_json().dump() + q.time.iso() + q.login + "\n";
    return out;
}

const DateTime as_of = DateTime::parse("2026-11-30T09:00:00", "t");

}  // namespace

TEST_CASE("open work state: every kind of record written and read back is the same state, with the same rows") {
    // A new field of an inquiry must be written to the state too (open_work_state.cpp).
    CHECK(nlohmann::json(events::CallInquiry{}).size() == 18);
    WorkShare s;
    story(s);
    const Process& process = s.session.process();
    const Staff& staff = s.session.staff();
    for (bool compacted : {false, true}) {
        CAPTURE(compacted);
        OpenWorkState state;
        state.work = replay_open_work(s.session.journal(), as_of);
        if (compacted) state.work.compact();
        state.marks = {{"2026-10/a@pc.csv", {1234, "abcdef"}}, {"2026-11/b@pc.csv", {0, ""}}};
        state.newest = DateTime::parse("2026-10-12T11:00:00", "t");
        const std::string bytes = encode_open_work(state);
        auto back = decode_open_work(bytes);
        REQUIRE(back);
        CHECK(encode_open_work(*back) == bytes);
        CHECK(back->marks == state.marks);
        CHECK(back->newest == state.newest);
        const std::string rows = rows_text(control_rows(state.work, as_of, process, staff));
        CHECK(rows_text(control_rows(back->work, as_of, process, staff)) == rows);
        CHECK(rows.find("call:2026-3") != std::string::npos);       // the e-mail, open
        CHECK(rows.find("call:2026-2") == std::string::npos);       // followed by application 2026-4
        CHECK(rows.find("claim:2026-1") != std::string::npos);      // open, about a shipped order
        CHECK(rows.find("invoice:2026-3") != std::string::npos);    // partly paid
        CHECK(rows.find("invoice:2026-4") == std::string::npos);    // paid
        CHECK(inquiries_text(back->work) == inquiries_text(state.work));
        CHECK(back->work.orders().orders().size() == state.work.orders().orders().size());
        CHECK(back->work.open_claims().size() == 1);
        CHECK(back->work.open_invoices().size() == 3);
        // Rows applied after the state was read back do what they do to the replayed work.
        for (OpenWork* w : std::vector<OpenWork*>{&state.work, &back->work}) {
            w->apply(ev("2026-11-01T09:00:00", "order.new", "order:2026-6",
                        {{"client", 10}, {"manager", "petrov"}, {"payment", "noncash"}, {"total", "1.00"}, {"status", "new"}}));
            w->apply(ev("2026-11-01T10:00:00", "claim.resolve", "claim:2026-1", {{"order", "2026-4"}}));
            w->apply(ev("2026-11-01T11:00:00", "invoice.paid", "invoice:2026-1", {{"order", "2026-1"}}));
        }
        CHECK(rows_text(control_rows(back->work, as_of, process, staff)) == rows_text(control_rows(state.work, as_of, process, staff)));
        CHECK(back->work.open_inquiries().size() == 1);  // the e-mail's inquiry ended by the client's order
    }
}

TEST_CASE("open work state: cut short, a byte flipped, another format: not a state") {
    WorkShare s;
    story(s);
    OpenWorkState state;
    state.work = replay_open_work(s.session.journal(), as_of);
    state.marks = {{"2026-10/a@pc.csv", {1234, "abcdef"}}};
    const std::string bytes = encode_open_work(state);
    REQUIRE(decode_open_work(bytes));
    for (std::size_t n = 0; n < bytes.size(); n += 7) CHECK_FALSE(decode_open_work(bytes.substr(0, n)));
    CHECK_FALSE(decode_open_work(bytes.substr(0, bytes.size() - 1)));
    CHECK_FALSE(decode_open_work(bytes + "x"));
    for (std::size_t at = 0; at < bytes.size(); at += 5) {
        std::string flipped = bytes;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
        CHECK_FALSE(decode_open_work(flipped));
    }
    std::string other = bytes;
    other.replace(other.find('4'), 1, "3");  // the format's number
    CHECK_FALSE(decode_open_work(other));
    CHECK_FALSE(decode_open_work(R"({"newest":"","marks":{},"work":{"format":2}})"));
}

TEST_CASE("open work state: kept, brought up to date, rebuilt when damaged: the rows of a replay of the whole journal") {
    WorkShare s;
    story(s);
    const Process& process = s.session.process();
    const Staff& staff = s.session.staff();
    auto replayed = [&](const DateTime& t) { return rows_text(control_rows(replay_open_work(s.session.journal(), t), t, process, staff)); };
    auto kept = [&](const DateTime& t) { return rows_text(control_rows(open_work_now(s.session, t), t, process, staff)); };

    CHECK(s.kept().empty());
    CHECK(kept(as_of) == replayed(as_of));  // made from the journal, and kept
    const std::string first = s.kept();
    REQUIRE(decode_open_work(first));
    CHECK(kept(as_of) == replayed(as_of));  // read back
    CHECK(s.kept() == first);               // nothing appended: nothing written

    s.add(inquiry("2026-11-02T09:00:00", "2026-6", 20, "Выставка", true, "petrov"));
    s.add(ev("2026-11-02T10:00:00", "order.step", "order:2026-3", {{"step", "5.2.4.8"}, {"status", "shipped"}}));
    CHECK(kept(as_of) == replayed(as_of));  // the rows appended since, read into it
    CHECK(s.kept() != first);

    const DateTime past = DateTime::parse("2026-10-08T00:00:00", "t");
    CHECK(kept(past) == replayed(past));  // a question about the past: a replay up to it

    std::string damaged = s.kept();
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 1);
    for (const std::string& bad : {damaged, damaged.substr(0, damaged.size() / 3), std::string("{}")}) {
        s.session.store().write_derived(open_work_file, bad);
        CHECK(kept(as_of) == replayed(as_of));
        CHECK(decode_open_work(s.kept()));  // rebuilt and kept again
    }
}

TEST_CASE("open work state: a todo reads the sections of its person's rows only, and they are the rows of the whole work") {
    WorkShare s;
    story(s);
    for (int i = 0; i < 30; ++i) {  // more inquiries and orders of every manager and channel
        const std::string n = std::to_string(100 + i), manager = i % 3 == 0 ? "petrov" : i % 3 == 1 ? "sidorova" : "ivanova";
        Event q = inquiry("2026-10-20T09:00:00", "2026-" + n, 100 + i, "Выставка", false, manager);
        q.kind = i % 2 ? "call.new" : "call.visit";
        s.add(q);
        Event o = order_new("2026-10-21T09:00:00", "2026-" + n, 200 + i, "", "10.00", i % 2 ? "cash" : "noncash");
        o.data["manager"] = manager;
        s.add(o);
        if (i % 4 == 0) s.add(ev("2026-10-22T09:00:00", "order.step", "order:2026-" + n, {{"step", i % 8 ? "5.2.3.1" : "5.2.3.6"}, {"status", "new"}}));
    }
    const Process& process = s.session.process();
    const Staff& staff = s.session.staff();
    const OpenWork whole = open_work_now(s.session, as_of);  // kept
    const std::string bytes = s.kept();
    REQUIRE(decode_open_work(bytes));
    std::size_t members = 0;
    for (const auto& m : staff.members) {
        if (!staff.find(m.login)) continue;  // not active
        CAPTURE(m.login);
        ++members;
        std::uint64_t read_bytes = 0;
        const OpenWorkBytes read = [&](std::uint64_t from, std::uint64_t to) -> std::optional<std::string> {
            std::string part = bytes.substr(std::min<std::size_t>(from, bytes.size()), static_cast<std::size_t>(to - from));
            read_bytes += part.size();
            return part;
        };
        const auto part = read_open_work(read, [&](const OpenWork& sample) { return !todo_of(control_rows(sample, as_of, process, staff), m).empty(); });
        REQUIRE(part);
        const std::string rows = rows_text(todo_of(control_rows(whole, as_of, process, staff), m));
        CHECK(rows_text(todo_of(control_rows(part->work, as_of, process, staff), m)) == rows);
        CHECK(rows_text(todo_of(control_rows(open_work_now(s.session, as_of, &m), as_of, process, staff), m)) == rows);
        CHECK(rows_text(todo_report(s.session, m.login, as_of).rows) == rows);
        if (m.login == "petrov") CHECK(read_bytes < bytes.size() / 2);
    }
    CHECK(members > 3);
    CHECK(s.kept() == bytes);  // nothing appended: read, not written

    // Rows appended since, a question about the past, a damaged section: the whole work.
    const StaffMember* petrov = staff.find("petrov");
    REQUIRE(petrov);
    auto todo = [&](const DateTime& t, bool kept) {
        return rows_text(todo_of(control_rows(kept ? open_work_now(s.session, t, petrov) : replay_open_work(s.session.journal(), t), t, process, staff), *petrov));
    };
    s.add(inquiry("2026-11-02T09:00:00", "2026-200", 300, "Выставка", true, "petrov"));
    CHECK(todo(as_of, true) == todo(as_of, false));
    CHECK(todo(as_of, true).find("call:2026-200") != std::string::npos);
    const DateTime past = DateTime::parse("2026-10-21T00:00:00", "t");
    CHECK(todo(past, true) == todo(past, false));
    // A damaged byte: a todo that reads it, and report control, which reads all, rebuild the
    // state (a todo that does not read it goes on without it).
    const std::string good = s.kept();
    for (std::size_t at : {std::size_t{30}, good.size() / 2, good.size() - 10}) {
        std::string damaged = good;
        damaged[at] = static_cast<char>(damaged[at] ^ 1);
        s.session.store().write_derived(open_work_file, damaged);
        CHECK(todo(as_of, true) == todo(as_of, false));
        CHECK(rows_text(control_rows(open_work_now(s.session, as_of), as_of, process, staff)) ==
              rows_text(control_rows(replay_open_work(s.session.journal(), as_of), as_of, process, staff)));
        CHECK(decode_open_work(s.kept()));
    }
}
