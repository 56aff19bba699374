// The fixture of events_replay_test.cpp: a copy of the demo share whose journal tells the
// story of event_rows.h, and every report of it at once (the data, and each document
// rendered as JSON), so a test compares the reports before and after one more row.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "demo_share.h"
#include "event_rows.h"
#include "render/report_render.h"
#include "reports/report_commands.h"

namespace gefest::testing::replay {

inline const ReportPeriod november{Date{2026, 11, 1}, Date{2026, 11, 30}};
inline const DateTime as_of{Date{2026, 11, 30}, 23, 59, 59};
inline const char* const at = "2026-11-20T12:00:00";  // when a row under test is written
inline const std::vector<std::string> logins = {"boss", "ivanova", "petrov", "sidorova", "kuznetsov", "morozova", "sklad", "buh"};

inline DateTime time_of(const std::string& text) { return DateTime::parse(text, "test"); }

inline std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

// Every field of every control row, informed and roles included, a line each.
inline std::string rows_text(const std::vector<ControlRow>& rows) {
    std::string out;
    for (const auto& row : rows)
        out += fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", row.order, row.client_name, row.manager, row.payment, row.status, row.step,
                           row.step_name, joined(row.owed_by), joined(row.roles), joined(row.informed), row.since.iso(), row.waiting_hours,
                           row.deadline_hours);
    return out;
}

// Every report as it comes out: the data, and every document as JSON by name (requests,
// sources, managers, funnel, control, todo:<login>, and "control rows": every field of
// every control row, informed and roles included).
struct Reports {
    RequestsReport requests;
    std::vector<ControlRow> control;
    std::map<std::string, std::string> docs;
};

// A copy of the demo share with the story of event_rows.h in its journal: inquiry 2026-1
// and its non-cash order 2026-1 (5.2.3.1 done: 5.2.3.2 is next, petrov's), cash order
// 2026-2 (5.2.3.6 next, sidorova's). Rows are recorded as boss.
struct Replay {
    gefest::testing::DemoShare demo;
    Session session{demo.share, [this] {
                        Identity who = demo.me;
                        who.login = "boss";
                        return who;
                    }()};

    Replay() {
        add("2026-11-02T09:00:00", events::make_event<events::CallInquiry>(rows::first_inquiry(), "call:2026-1", "call.new"));
        add("2026-11-03T09:00:00", events::make_event(rows::order_new_noncash(), "order:2026-1"));
        add("2026-11-03T10:00:00", events::make_event(rows::step("5.2.3.1", "new"), "order:2026-1"));
        add("2026-11-04T09:00:00", events::make_event(rows::order_new_cash(), "order:2026-2"));
    }

    void add(const std::string& time, Event e) {
        e.time = time_of(time);
        session.record(std::move(e));
    }

    Reports reports() {
        Reports r;
        r.requests = requests_report(session, november);
        r.control = control_report(session, as_of).rows;
        const ManagersReport m = managers_report(session, november);
        r.docs["requests"] = render_json(requests_document(r.requests));
        r.docs["sources"] = render_json(sources_document(r.requests));
        r.docs["managers"] = render_json(managers_document(m.report, m.name_of));
        r.docs["funnel"] = render_json(funnel_document(r.requests));
        r.docs["control"] = render_json(control_document(r.control, as_of, ""));
        r.docs["control rows"] = rows_text(r.control);
        // control_report reads the derived open work since its marks: it must be what a
        // replay of the whole journal gives.
        CHECK(rows_text(build_control_report(session.journal(), as_of, session.process(), session.staff())) == r.docs["control rows"]);
        for (const auto& login : logins)
            r.docs["todo:" + login] = render_json(control_document(todo_report(session, login, as_of).rows, as_of, login));
        return r;
    }
};

// The documents that differ between two snapshots, "," between them ("" : none).
inline std::string changed(const Reports& before, const Reports& after) {
    std::string out;
    for (const auto& [name, doc] : after.docs)
        if (before.docs.at(name) != doc) out += (out.empty() ? "" : ",") + name;
    return out;
}

inline const RequestRow& row_of(const RequestsReport& r, const std::string& kind, const std::string& id) {
    for (const auto& row : r.rows)
        if (row.kind == kind && row.id == id) return row;
    FAIL("no " << kind << " row " << id);
    throw std::logic_error("unreachable");
}

inline GroupTotals group_of(const std::vector<GroupTotals>& groups, const std::string& name) {
    for (const auto& g : groups)
        if (g.name == name) return g;
    return GroupTotals{};  // none yet: all zero
}

// The open step of `order` (or, with `claim`, of a claim on it; never an invoice to
// watch); nullptr : none.
inline const ControlRow* control_of(const std::vector<ControlRow>& rows, const std::string& order, bool claim = false) {
    for (const auto& r : rows)
        if (r.order == order && r.status.rfind("invoice:", 0) != 0 && (r.status.rfind("claim:", 0) == 0) == claim) return &r;
    return nullptr;
}

// The row of the invoice `key` to watch (5.2.4.3); nullptr : none.
inline const ControlRow* watch_of(const std::vector<ControlRow>& rows, const std::string& key) {
    for (const auto& r : rows)
        if (r.status == "invoice:" + key) return &r;
    return nullptr;
}

inline ControlRow open_step(const std::vector<ControlRow>& rows, const std::string& order) {
    const ControlRow* c = control_of(rows, order);
    REQUIRE_MESSAGE(c != nullptr, "order " << order << " has no open step");
    return *c;
}

}  // namespace gefest::testing::replay
