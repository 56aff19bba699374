// The file of a month's facts (reports/month_facts_file.h, month_facts_reader.h) on its
// own: its numbers (varints, zigzag, time differences) at their limits, its records read
// back from pieces of every size (a record, its length or a long text split anywhere),
// and the rows of one second held while the pieces under their texts change.
#include <doctest/doctest.h>

#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "fact_lines.h"
#include "reports/month_facts_file.h"
#include "reports/month_facts_reader.h"
#include "reports/report_tables.h"

using namespace gefest;
using namespace gefest::month_facts_file;

namespace {

constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min(), max64 = std::numeric_limits<std::int64_t>::max();

// Every fact of a file, one line each.
struct Trace {
    std::string out;
    MonthFactsVisit visit() {
        return {[this](const InquiryFact& f) { out += testing::fact_line(f); }, [this](const OrderRowFact& f) { out += testing::fact_line(f); },
                [this](const SurveyFact& f) { out += testing::fact_line(f); }};
    }
};

InquiryFact inquiry_fact(std::string_view id, std::int64_t time, std::int64_t client, std::string_view asked) {
    InquiryFact f;
    f.id = id;
    f.source = "Выставка";
    f.manager = "petrov";
    f.time = time;
    f.client = client;
    f.new_client = client % 2 != 0;
    f.channel = "phone";
    f.client_name = "ООО «Ромашка»";
    f.asked = asked;
    f.outcome = "";
    return f;
}

OrderRowFact order_fact(OrderRowFact::Kind kind, std::int64_t time, std::int64_t amount) {
    OrderRowFact f;
    f.kind = kind;
    f.time = time;
    f.key = "2025-7";
    f.status = "confirmed";
    f.amount.kopecks = amount;
    if (kind == OrderRowFact::Kind::created) {
        f.client = -5;
        f.client_name = "Клиент";
        f.manager = "sidorova";
        f.payment = "cash";
        f.call = "2025-1";
    }
    if (kind == OrderRowFact::Kind::step) f.step = "5.2.4.3";
    if (kind == OrderRowFact::Kind::reassign) f.manager = "ivanov";
    if (kind == OrderRowFact::Kind::change) f.reopened = {"5.2.4.3", "5.2.4.8", "5.2.4.3"};
    return f;
}

// A file of facts at the limits of their numbers, what the writer was given of them, and
// what a reader must give back (the same, as written).
std::string facts_file(const std::string& stamp, std::string& expected) {
    std::string file;
    FactsWriter w(stamp, [&](std::string_view bytes) { file += bytes; });
    Trace t;
    const MonthFactsVisit v = t.visit();
    const std::string long_text(20000, 'x');  // a length of three varint bytes
    auto inquiry = [&](const InquiryFact& f) { w.inquiry(f), v.inquiry(f); };
    auto order = [&](const OrderRowFact& f) { w.order(f), v.order(f); };
    inquiry(inquiry_fact("2025-1", 1735722000, 8, "ПК-50 × 2"));
    inquiry(inquiry_fact("2025-2", 1735722000, 0, ""));
    inquiry(inquiry_fact("web-7", min64, max64, long_text));  // a time difference that wraps
    inquiry(inquiry_fact("2025-3", max64, min64, std::string(200, 'y')));
    inquiry(inquiry_fact("2025-4", 0, -1, "z"));
    for (auto kind : {OrderRowFact::Kind::created, OrderRowFact::Kind::step, OrderRowFact::Kind::price, OrderRowFact::Kind::invoice,
                      OrderRowFact::Kind::change, OrderRowFact::Kind::reassign, OrderRowFact::Kind::other})
        order(order_fact(kind, 1735722000 + static_cast<int>(kind), kind == OrderRowFact::Kind::price ? min64 : max64));
    order(order_fact(OrderRowFact::Kind::price, -1, -100));
    const SurveyFact survey{1735722100, "order:2025-7", "petrov", 5, true};
    w.survey(survey), v.survey(survey);
    w.finish();
    expected = t.out;
    return file;
}

// The facts `file` gives read in pieces of `piece` bytes (checked first, then read), "" if
// its check fails.
std::string read_facts(const std::string& file, const std::string& stamp, std::size_t piece, Trace& t) {
    FactsCheck check(stamp);
    for (std::size_t at = 0; at < file.size(); at += piece)
        if (!check.take(std::string_view(file).substr(at, piece))) return "";
    if (!check.good()) return "";
    const MonthFactsVisit v = t.visit();
    const std::string name = "report-facts-2025-01";
    FactsReader reader(name, stamp, check.sum, v);
    for (std::size_t at = 0; at < file.size(); at += piece) reader.take(std::string_view(file).substr(at, piece));
    reader.finish();
    return t.out;
}

}  // namespace

TEST_CASE("month facts file: varints and zigzag keep every number, small ones in a byte") {
    for (std::uint64_t v : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{127}, std::uint64_t{128}, std::uint64_t{16383},
                            std::uint64_t{16384}, std::uint64_t{0xFFFFFFFF}, std::numeric_limits<std::uint64_t>::max()}) {
        std::string bytes;
        put_varint(bytes, v);
        CHECK(bytes.size() == (v == 0 ? 1 : (64 - static_cast<std::size_t>(__builtin_clzll(v)) + 6) / 7));
        std::uint64_t back = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) back |= std::uint64_t{static_cast<unsigned char>(bytes[i]) & 0x7Fu} << (7 * i);
        CHECK(back == v);
    }
    for (std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1}, std::int64_t{-64}, std::int64_t{63}, min64, max64}) CHECK(unzigzag(zigzag(v)) == v);
    CHECK(zigzag(-1) == 1);
    CHECK(zigzag(1) == 2);
    CHECK(zigzag(-64) == 127);  // a byte
}

TEST_CASE("month facts file: written and read back in pieces of any size, every fact is the one written") {
    const std::string stamp = "Журнал/2025-01/boss.csv 100 1700000000 42\n";
    std::string expected;
    const std::string file = facts_file(stamp, expected);
    CHECK(file.substr(0, facts_magic.size()) == facts_magic);
    for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5}, std::size_t{7}, std::size_t{64},
                              std::size_t{127}, std::size_t{4096}, std::size_t{20003}, file.size()}) {
        CAPTURE(piece);
        Trace t;
        CHECK(read_facts(file, stamp, piece, t) == expected);
    }
    Trace other;
    CHECK(read_facts(file, stamp + "x", 4096, other).empty());  // another stamp
}

TEST_CASE("month facts file: a record cut short, a byte after the end or a file of another stamp is not read") {
    const std::string stamp = "s";
    std::string expected;
    const std::string file = facts_file(stamp, expected);
    const MonthFactsVisit none{[](const InquiryFact&) {}, [](const OrderRowFact&) {}, [](const SurveyFact&) {}};
    const std::string name = "report-facts-2025-01";
    auto read = [&](const std::string& bytes, std::uint64_t sum) {
        FactsReader reader(name, stamp, sum, none);
        reader.take(bytes);
        reader.finish();
    };
    CHECK_NOTHROW(read(file, 0));
    CHECK_THROWS_AS(read(file.substr(0, file.size() - 1), 0), Error);  // its end cut
    CHECK_THROWS_AS(read(file.substr(0, file.size() - 30), 0), Error);
    CHECK_THROWS_AS(read(file + "T", 0), Error);                        // bytes after the end
    std::uint64_t sum = 0;  // the last eight bytes, little-endian
    for (std::size_t i = 0; i < 8; ++i) sum = sum << 8 | static_cast<unsigned char>(file[file.size() - 1 - i]);
    CHECK_NOTHROW(read(file, sum));
    CHECK_THROWS_AS(read(file, sum ^ 1), Error);  // not the checksum it was found to have
    CHECK_THROWS_AS(read("gefest report facts 5\n" + file.substr(facts_magic.size()), 0), FactsReader::Replaced);
}

TEST_CASE("month facts file: rows of one second keep their texts when the piece under them is read over") {
    report_tables::SecondRows second;
    std::string piece = "B-2 A-1 C-3";
    auto row = [&](std::size_t at) {
        RequestRowView r;
        r.time = 100;
        r.id = std::string_view(piece).substr(at, 3);
        r.source = std::string_view(piece).substr(at, 1);
        return r;
    };
    second.hold(row(0));
    second.hold(row(4));
    second.keep_texts();  // the piece ends
    piece = "xxx yyy C-3";  // read over by the next one
    second.hold(row(8));   // viewed where it is
    std::string out;
    second.flush([&](const RequestRowView& r) { out += std::string(r.id) + "/" + std::string(r.source) + " "; });
    CHECK(out == "A-1/A B-2/B C-3/C ");
    CHECK(second.empty());
}
