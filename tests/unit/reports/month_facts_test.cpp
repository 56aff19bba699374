// The facts kept per closed month (reports/month_facts.h) give the reports the journal
// gives, byte for byte, across months (an order of February made from an inquiry of
// January, paid in March; a client merged; surveys); a segment changed, cut or a kept
// file damaged is never trusted.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "demo_share.h"
#include "render/report_render.h"
#include "reports/month_facts.h"
#include "reports/report.h"
#include "fact_lines.h"
#include "journal_rows.h"
#include "temp_folder.h"

using namespace gefest;

namespace {

using gefest::testing::ev;
using gefest::testing::inquiry;
using gefest::testing::order_new;

struct FactsShare : gefest::testing::JournalShare {
    FactsShare() : JournalShare("2025-06-10T09:00:00") {}

    const ClientSources sources = {{5, "Справочник"}};
    const ClientMerges merges = {{12, {8, "Клиент 8"}}};

    // Every document of the totals and the streamed rows, with or without kept facts.
    std::string reports(bool facts, const Date& from = {2025, 1, 1}, const Date& to = {2025, 3, 31}) {
        Store* store = facts ? &session.store() : nullptr;
        const RequestsReport totals = build_requests_report(session.journal(), from, to, sources, merges, RequestsDetail::totals, store);
        std::string out = render_json(sources_document(totals)) + render_json(funnel_document(totals)) +
                          render_json(managers_document(totals, [](const std::string& login) { return login; }));
        out += render_csv(requests_document(build_requests_report(session.journal(), from, to, sources, merges, RequestsDetail::streamed, store)));
        return out;
    }
    bool kept(const std::string& month) { return session.store().read_derived("report-facts-" + month).has_value(); }
};

void story(FactsShare& s) {
    s.add(inquiry("2025-01-10T09:00:00", "2025-1", 8, "Выставка", true, "petrov"));
    s.add(inquiry("2025-01-10T09:00:00", "2025-2", 12, "Рекомендация", true, "sidorova"));  // 12 merged into 8 later
    s.add(inquiry("2025-01-20T09:00:00", "web-7", 9, "Сайт", true, "petrov"));
    s.add(order_new("2025-01-31T23:59:59", "2025-1", 9, "call:web-7", "10.00"));
    s.add(order_new("2025-02-03T09:00:00", "2025-2", 8, "call:2025-1", "1000.50"));  // its inquiry a month before
    s.add(order_new("2025-02-04T09:00:00", "2025-3", 5, "", "300.00"));              // the source from the client base
    s.add(inquiry("2025-02-05T09:00:00", "2025-3", 5, "", false, "petrov"));
    s.add(ev("2025-02-06T09:00:00", "order.step", "order:2025-2", {{"step", "5.2.3.3"}, {"status", "confirmed"}}));
    s.add(ev("2025-03-01T00:00:00", "order.step", "order:2025-2", {{"step", "5.2.4.3"}, {"status", "confirmed"}}));  // paid in March
    s.add(ev("2025-03-02T09:00:00", "order.cancel", "order:2025-3", {{"status", "cancelled"}}));
    s.add(ev("2025-03-03T09:00:00", "order.price", "order:2025-1", {{"line", 1}, {"price", "5.25"}, {"status", "new"}}));
    s.add(ev("2025-03-04T09:00:00", "survey.score", "order:2025-2", {{"score", 4}, {"manager", "petrov"}}));
    s.add(ev("2025-03-05T09:00:00", "survey.score", "order:2025-2", {{"score", 5}, {"manager", "petrov"}, {"replace", true}}));
    s.add(inquiry("2025-03-31T23:59:59", "2025-4", 12, "Выставка", true, "sidorova"));
}

// Every kind of order.* row the reports read, across months: kept as decoded facts, they
// must do what the journal's rows do.
void changes(FactsShare& s) {
    s.add(order_new("2025-01-12T10:00:00", "2025-4", 8, "2025-1", "500.00"));  // a second order from inquiry 2025-1
    s.add(ev("2025-01-13T10:00:00", "order.export_1c", "order:2025-4", {{"step", "5.2.3.3"}, {"file", "x.xml"}, {"status", "confirmed"}}));
    s.add(ev("2025-01-14T10:00:00", "order.lead_time", "order:2025-4", {{"kind", "answer"}, {"days", 5}, {"status", "confirmed"}}));
    s.add(ev("2025-02-10T10:00:00", "order.invoice", "order:2025-4", {{"invoice", "2025-4"}, {"total", "500.00"}}));
    s.add(ev("2025-02-11T10:00:00", "order.step", "order:2025-4", {{"step", "5.2.4.3"}, {"status", "confirmed"}}));
    s.add(ev("2025-02-12T10:00:00", "order.change", "order:2025-4",
             {{"changes", {"ПК-50 ×2→3"}}, {"total", "750.00"}, {"reopened", {"5.2.4.3"}}, {"status", "confirmed"}}));
    s.add(ev("2025-03-12T10:00:00", "order.reassign", "order:2025-4", {{"from", "petrov"}, {"manager", "sidorova"}, {"status", "confirmed"}}));
    s.add(ev("2025-03-13T10:00:00", "order.step", "order:2025-4", {{"step", "5.2.4.8"}, {"status", "shipped"}}));
    s.add(ev("2025-03-14T10:00:00", "order.step", "order:2025-9", {{"step", "5.2.3.3"}, {"status", "confirmed"}}));  // before its order.new
    s.add(order_new("2025-03-15T10:00:00", "2025-9", 14, "", "42.00"));
}

// Every fact of `month` as visit_month_facts gives it, one line each; `*sum` the kept
// file's checksum if it was read (MonthFactsVisit::kept), else 0.
std::string trace_facts(FactsShare& s, const std::string& month, std::size_t piece, std::optional<std::uint64_t> once = std::nullopt,
                        std::uint64_t* kept_sum = nullptr) {
    std::uint64_t sum = 0;
    std::string out;
    const MonthFactsVisit v{
        [&](const InquiryFact& f) { out += testing::fact_line(f); }, [&](const OrderRowFact& f) { out += testing::fact_line(f); },
        [&](const SurveyFact& f) { out += testing::fact_line(f); },
        [&](std::uint64_t kept) { sum = kept; }};
    visit_month_facts(s.session.journal(), s.session.store(), month, v, piece, once);
    if (kept_sum) *kept_sum = sum;
    return out;
}

}  // namespace

TEST_CASE("month facts: the reports of whole closed months are those of the journal, kept or made anew") {
    FactsShare s;
    story(s);
    const std::string journal = s.reports(false);
    CHECK_FALSE(s.kept("2025-01"));
    CHECK(s.reports(true) == journal);  // made from the journal, and kept
    CHECK(s.kept("2025-01"));
    CHECK(s.kept("2025-02"));
    CHECK(s.kept("2025-03"));
    CHECK(s.reports(true) == journal);  // read from what was kept
    CHECK(s.reports(true, {2025, 2, 1}, {2025, 3, 31}) == s.reports(false, {2025, 2, 1}, {2025, 3, 31}));  // an order's inquiry before the period
    // Not whole months, or a month not closed: the journal, nothing kept.
    CHECK(s.reports(true, {2025, 1, 2}, {2025, 3, 31}) == s.reports(false, {2025, 1, 2}, {2025, 3, 31}));
    CHECK(s.reports(true, {2025, 5, 1}, {2025, 6, 30}) == s.reports(false, {2025, 5, 1}, {2025, 6, 30}));
    CHECK_FALSE(s.kept("2025-06"));
}

TEST_CASE("month facts: every kind of order row, kept and read back, does what the journal's row does") {
    FactsShare s;
    story(s);
    changes(s);
    const std::string journal = s.reports(false);
    CHECK(s.reports(true) == journal);  // made
    CHECK(s.reports(true) == journal);  // read back
    CHECK(journal.find("sidorova") != std::string::npos);
}


TEST_CASE("month facts: a kept file read in pieces of any size visits what the journal's rows do") {
    FactsShare s;
    story(s);
    changes(s);
    std::uint64_t sum = 0;  // the kept file's checksum, as the last trace was told
    auto trace = [&](const std::string& month, std::size_t piece, std::optional<std::uint64_t> once = std::nullopt) {
        return trace_facts(s, month, piece, once, &sum);
    };
    for (const std::string month : {"2025-01", "2025-02", "2025-03"}) {
        CAPTURE(month);
        const std::string made = trace(month, 1 << 20);  // from the journal, and kept
        REQUIRE(s.kept(month));
        CHECK(made.find("\nO ") != std::string::npos);
        const auto file = s.demo.share.private_dir() / "derived" / ("report-facts-" + month);
        struct stat before {};
        REQUIRE(::stat(file.c_str(), &before) == 0);
        CHECK(sum == 0);  // made from the journal: no kept file read
        CHECK(trace(month, 1 << 20) == made);
        const std::uint64_t good = sum;
        REQUIRE(good != 0);
        // Pieces that split the head, every record and the checksum somewhere; read twice
        // (checked, then visited) or once, the checksum computed beside (compared with the
        // one found before, or with the file's own).
        for (std::size_t piece = 1; piece <= 80; ++piece) {
            CAPTURE(piece);
            CHECK(trace(month, piece) == made);
            CHECK(sum == good);
            CHECK(trace(month, piece, good) == made);
            CHECK(sum == good);
            CHECK(trace(month, piece, 0) == made);
            CHECK(sum == good);
        }
        // Read once with a checksum it no longer has: found at its end, after its facts.
        CHECK_THROWS_AS(trace(month, 1 << 20, good ^ 1), FactsNotGood);
        struct stat after {};
        REQUIRE(::stat(file.c_str(), &after) == 0);
        CHECK(after.st_ino == before.st_ino);  // read back each time, never made again
    }
}

TEST_CASE("month facts: a month whose segment grew, was cut or whose kept file is damaged is read from the journal") {
    FactsShare s;
    story(s);
    CHECK(s.reports(true) == s.reports(false));
    // A row more in January (a PC whose clock was behind): the kept facts no longer fit.
    Event late = inquiry("2025-01-25T09:00:00", "2025-9", 14, "Выставка", true, "petrov");
    Journal::Appended appended;
    s.session.journal().append(late, appended);
    const std::string grown = s.reports(false);
    CHECK(s.reports(true) == grown);
    CHECK(s.reports(true) == grown);
    // Cut again: the facts of the longer segment are not trusted either.
    REQUIRE(s.session.journal().take_back(appended));
    const std::string cut = s.reports(false);
    CHECK(cut != grown);
    CHECK(s.reports(true) == cut);
    // A kept file cut short or overwritten: made again.
    const auto kept = s.session.store().read_derived("report-facts-2025-02");
    REQUIRE(kept);
    s.session.store().write_derived("report-facts-2025-02", kept->substr(0, kept->size() / 2));
    CHECK(s.reports(true) == cut);
    s.session.store().write_derived("report-facts-2025-02", "garbage");
    CHECK(s.reports(true) == cut);
    // One byte changed, the size the same (a count of a source): its checksum fails. Read
    // once, its facts are visited before that shows: the report starts over.
    std::string edited = *kept;
    edited[edited.size() - 20] ^= 0x01;
    s.session.store().write_derived("report-facts-2025-02", edited);
    const MonthFactsVisit none{[](const InquiryFact&) {}, [](const OrderRowFact&) {}, [](const SurveyFact&) {}};
    CHECK_THROWS_AS(visit_month_facts(s.session.journal(), s.session.store(), "2025-02", none, std::size_t{1} << 20, 0), FactsNotGood);
    CHECK(s.session.store().read_derived("report-facts-2025-02") == edited);  // left as it was
    CHECK(s.reports(true) == cut);
    CHECK(s.session.store().read_derived("report-facts-2025-02") == kept);
}

TEST_CASE("month facts: a kept file cut short, with any byte changed or of format 5 is made again, never read") {
    FactsShare s;
    story(s);
    changes(s);
    const std::string month = "2025-02", name = "report-facts-" + month;
    const std::string made = trace_facts(s, month, 1 << 20);  // from the journal, and kept
    const std::string good = *s.session.store().read_derived(name);
    REQUIRE(good.rfind("gefest report facts 6\n", 0) == 0);
    std::uint64_t sum = 0;
    REQUIRE(trace_facts(s, month, 1 << 20, std::nullopt, &sum) == made);
    REQUIRE(sum != 0);  // read back
    // Checked first (in pieces that split its records): made again from the journal. Read
    // once, its checksum beside: FactsNotGood at its end (its facts were visited), or the
    // journal's if its head is not the stamp's.
    auto not_trusted = [&](const std::string& bytes) {
        s.session.store().write_derived(name, bytes);
        std::uint64_t read = 1;
        std::string facts;
        std::optional<FactsNotGood> bad;
        try {
            facts = trace_facts(s, month, 5, std::uint64_t{0}, &read);
        } catch (const FactsNotGood& e) {
            bad = e;
        }
        if (bad) {
            CHECK(bad->file == name);
        } else {
            CHECK(facts == made);
            CHECK(read == 0);  // not read: the journal's facts
        }
        s.session.store().write_derived(name, bytes);
        CHECK(trace_facts(s, month, 5, std::nullopt, &read) == made);
        CHECK(read == 0);
        CHECK(s.session.store().read_derived(name) == good);  // made again, the same
    };
    for (std::size_t at = 0; at < good.size(); ++at) {
        CAPTURE(at);
        if (at % 4 == 0 || at + 10 > good.size()) not_trusted(good.substr(0, at));  // its end checked as one cut anywhere
        std::string edited = good;
        edited[at] = static_cast<char>(edited[at] ^ 0x41);
        not_trusted(edited);
    }
    std::string old = good;  // format 5's magic: its numbers were fixed-size
    old[std::string_view("gefest report facts ").size()] = '5';
    not_trusted(old);
    CHECK(trace_facts(s, month, 1 << 20, std::nullopt, &sum) == made);
    CHECK(sum != 0);
}

TEST_CASE("month facts: read once as checked before, a month whose segment grew since is read from the journal") {
    FactsShare s;
    story(s);
    std::uint64_t sum = 0;
    std::string ids;
    const MonthFactsVisit v{[&](const InquiryFact& f) { ids += std::string(f.id) + " "; }, [](const OrderRowFact&) {}, [](const SurveyFact&) {},
                            [&](std::uint64_t kept) { sum = kept; }};
    visit_month_facts(s.session.journal(), s.session.store(), "2025-01", v);  // made
    ids.clear();
    visit_month_facts(s.session.journal(), s.session.store(), "2025-01", v);  // read back
    REQUIRE(sum != 0);
    const std::uint64_t checked = sum;
    CHECK(ids == "2025-1 2025-2 web-7 ");
    s.add(inquiry("2025-01-25T09:00:00", "2025-9", 14, "Выставка", true, "petrov"));  // another PC's row of January
    ids.clear();
    sum = 0;
    visit_month_facts(s.session.journal(), s.session.store(), "2025-01", v, std::size_t{1} << 20, std::optional<std::uint64_t>(checked));
    CHECK(sum == 0);  // not the kept file: the journal's rows (and kept anew)
    CHECK(ids.find("2025-9") != std::string::npos);
}

TEST_CASE("month facts: a kept file changed between a report's two readings fails its rows, naming the file") {
    FactsShare s;
    story(s);
    const std::string journal = s.reports(false);
    CHECK(s.reports(true) == journal);  // made
    const RequestsReport r =
        build_requests_report(s.session.journal(), {2025, 1, 1}, {2025, 3, 31}, s.sources, s.merges, RequestsDetail::streamed, &s.session.store());
    REQUIRE(r.each_row);
    std::string edited = *s.session.store().read_derived("report-facts-2025-02");
    edited[edited.size() - 20] ^= 0x01;  // the same size, the same stamp
    s.session.store().write_derived("report-facts-2025-02", edited);
    std::string message;
    try {
        r.each_row([](const RequestRowView&) {});
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(message.find("report-facts-2025-02") != std::string::npos);
    CHECK(s.reports(true) == journal);  // the next report makes it again
}

TEST_CASE("month facts: an inquiry id seen again shows its order on its first row, from kept facts as from the journal") {
    FactsShare s;
    story(s);
    s.add(inquiry("2025-02-07T09:00:00", "2025-1", 8, "Выставка", false, "petrov"));  // 2025-1 again: 2025-2 was made from the first
    s.add(inquiry("2025-03-07T09:00:00", "web-7", 9, "Сайт", false, "petrov"));        // an id not "YYYY-N" again
    s.add(inquiry("2025-03-08T09:00:00", "2025-1", 8, "Выставка", false, "sidorova"));
    const std::string journal = s.reports(false);
    CHECK(s.reports(true) == journal);  // made
    CHECK(s.reports(true) == journal);  // read back: the second reading of each month needs no look-up
    CHECK(s.reports(true, {2025, 2, 1}, {2025, 3, 31}) == s.reports(false, {2025, 2, 1}, {2025, 3, 31}));
}

TEST_CASE("month facts: a share the user cannot write keeps none, and the reports are the same") {
    FactsShare s;
    story(s);
    const std::string journal = s.reports(false);
    const std::filesystem::path derived = s.demo.share.private_dir() / "derived";
    std::filesystem::create_directories(derived);
    std::filesystem::permissions(derived, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    if (::geteuid() != 0) {  // root writes anyway
        CHECK(s.reports(true) == journal);
        CHECK_FALSE(s.kept("2025-01"));
    }
    std::filesystem::permissions(derived, std::filesystem::perms::owner_all);
    // Where the folder should be, a file (root cannot be refused a write): the same.
    std::filesystem::remove_all(derived);
    { std::ofstream(derived) << "not a folder"; }
    CHECK(s.reports(true) == journal);
    CHECK_FALSE(s.kept("2025-01"));
    std::filesystem::remove(derived);
    CHECK(s.reports(true) == journal);
    CHECK(s.kept("2025-01"));
}

TEST_CASE("month facts: an inquiry of a client merged away gives its source to the kept client's orders") {
    FactsShare s;  // client 12 was merged into 8
    s.add(inquiry("2025-01-05T09:00:00", "2025-20", 12, "Реклама в СМИ", false, "petrov"));
    s.add(order_new("2025-01-06T09:00:00", "2025-20", 8, "", "100.00"));  // not made from the inquiry
    for (Store* store : {static_cast<Store*>(nullptr), &s.session.store()}) {
        const RequestsReport r = build_requests_report(s.session.journal(), {2025, 1, 1}, {2025, 1, 31}, s.sources, s.merges,
                                                       RequestsDetail::totals, store);
        REQUIRE(r.by_source.size() == 1);
        CHECK(r.by_source[0].name == "Реклама в СМИ");
        CHECK(r.by_source[0].orders == 1);
    }
}
