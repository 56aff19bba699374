// A closed month's facts for form 02-006-01: made from the journal, kept, read back; see
// month_facts.h. The file's format: month_facts_file.h. Nothing in it is trusted but
// through its stamp and checksum: a file cut short, overwritten or from another format is
// made again. The file is read twice, a piece at a time (the checksum, then the records),
// so a month of any size takes one piece of memory; once, when its checksum is computed
// beside (read_once: a report's readings of its months, which start over if one proves
// bad).
#include "reports/month_facts.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "procedure/calls.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/orders.h"
#include "reports/month_facts_file.h"
#include "reports/month_facts_reader.h"

namespace gefest {

namespace {

using month_facts_file::FactsCheck;
using month_facts_file::FactsReader;
using month_facts_file::FactsWriter;

std::string facts_name(const std::string& month) { return "report-facts-" + month; }

// The survey of a survey.score row, with its score 1..5; Error(data) FILE:LINE otherwise.
SurveyFact survey_fact(const Event& e) {
    auto row = events::read_event<events::SurveyScore>(e);
    if (row.score < 1 || row.score > 5)
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("survey of '{}' has no score 1..5")), e.object), e.source, e.line);
    return {e.time.seconds(), e.object, std::move(row.manager), row.score, row.replace};
}

// The checksum of the kept file `name` if it is one of `stamp` and holds; nullopt if it
// is absent, of another stamp or format, damaged or cannot be read.
std::optional<std::uint64_t> kept_facts(const Store& store, const std::string& name, const std::string& stamp, std::size_t piece) {
    FactsCheck check(stamp);
    try {
        if (!store.read_derived_pieces(name, piece, [&](std::string_view bytes) { return check.take(bytes); }) || !check.good())
            return std::nullopt;
    } catch (const Error&) {
        return std::nullopt;  // unreadable: made again, like an absent one
    }
    return check.sum;
}

// The kept file `name` read once: its records visited as they come, the checksum computed
// beside and compared at the end with `sum` (0: with the one the file ends in);
// FactsNotGood then, or for a record that does not parse, once facts were visited. False,
// with nothing visited, if it is absent, unreadable or not of `stamp` (read as any other
// then).
bool read_once(const Store& store, const std::string& name, const std::string& stamp, std::size_t piece, std::uint64_t sum,
               const MonthFactsVisit& visit) {
    FactsCheck check(stamp);
    FactsReader reader(name, stamp, sum, visit);
    try {
        const bool read = store.read_derived_pieces(name, piece, [&](std::string_view bytes) {
            if (!check.take(bytes)) throw FactsReader::Replaced{};
            return reader.take(bytes);
        });
        if (!read) return false;
        reader.finish();
    } catch (const FactsReader::Replaced&) {
        return false;
    } catch (const Error& e) {
        if (!reader.began()) return false;
        if (e.code() == Errc::data) throw FactsNotGood{name};  // facts visited: no going back
        throw;
    }
    if (!check.good() || (sum != 0 && check.sum != sum)) throw FactsNotGood{name};
    if (sum == 0 && visit.kept) visit.kept(check.sum);
    return true;
}

}  // namespace

std::string inquiry_asked(const Inquiry& q) {
    std::string out;
    for (const auto& p : q.products) {
        if (!out.empty()) out += ", ";
        out += p.qty > 0 ? fmt::format("{} × {}", p.sku, p.qty) : p.sku;
    }
    if (out.empty()) out = !q.subject.empty() ? q.subject : q.note.substr(0, q.note.find('\n'));
    return out;
}

JournalFilter month_facts_rows(const std::string& month) {
    JournalFilter f;
    const Date first = Date::parse(month + "-01", "month");
    Date last = first;
    while (Date::from_days(last.days() + 1).month == first.month) last = Date::from_days(last.days() + 1);
    f.since = DateTime{first, 0, 0, 0};
    f.until = DateTime{last, 23, 59, 59};
    f.kinds = {events::CallInquiry::kind_prefix, events::order_kind_prefix, events::SurveyScore::kind};
    f.light_data = true;
    return f;
}

void visit_row_fact(const Event& e, const MonthFactsVisit& visit) {
    // Each fact's texts go with the end of its block: texts_end before.
    auto texts_end = [&visit] {
        if (visit.texts_end) visit.texts_end();
    };
    if (e.kind.rfind(events::CallInquiry::kind_prefix, 0) == 0) {
        const Inquiry q = Inquiry::from_event(e);
        const std::string asked = inquiry_asked(q);
        visit.inquiry({q.id, q.source, q.manager, q.time.seconds(), q.client, q.new_client, q.channel, q.client_name, q.outcome, asked});
        texts_end();
    } else if (e.kind == events::SurveyScore::kind) {
        if (!visit.survey) return;
        const SurveyFact f = survey_fact(e);
        visit.survey(f);
        texts_end();
    } else if (visit.order) {
        if (auto row = order_row_fact(e)) {
            visit.order(*row);
            texts_end();
        }
    }
}

void visit_month_facts(const Journal& journal, Store& store, const std::string& month, const MonthFactsVisit& visit, std::size_t piece,
                       std::optional<std::uint64_t> once) {
    const std::string stamp = journal.month_stamp(month), name = facts_name(month);
    if (once && read_once(store, name, stamp, piece, *once, visit)) return;
    if (std::optional<std::uint64_t> sum = kept_facts(store, name, stamp, piece)) {
        FactsReader reader(name, stamp, *sum, visit);
        try {
            if (store.read_derived_pieces(name, piece, [&](std::string_view bytes) { return reader.take(bytes); })) {
                reader.finish();
                return;
            }
        } catch (const FactsReader::Replaced&) {
            // Replaced since it was checked (by a run that made it anew): read the journal.
        }
    }
    // Made from the journal and written as it is made. A share that cannot be written
    // (nothing started) or a write that fails half way (a full disk) keeps nothing; the
    // month is visited all the same.
    bool started = false, failed = false;
    struct NotKept {};
    auto make = [&](const FactsWriter::Sink& write) {
        FactsWriter writer(stamp, [&](std::string_view bytes) {
            if (failed || !write) return;
            try {
                write(bytes);
            } catch (const Error&) {
                failed = true;
            }
        });
        const MonthFactsVisit write_and_visit{
            [&](const InquiryFact& f) { writer.inquiry(f), visit.inquiry(f); },
            [&](const OrderRowFact& f) {
                writer.order(f);
                if (visit.order) visit.order(f);
            },
            [&](const SurveyFact& f) {
                writer.survey(f);
                if (visit.survey) visit.survey(f);
            },
            nullptr,
            visit.texts_end,
        };
        started = true;
        journal.for_each(month, month, [&](const Event& e) { visit_row_fact(e, write_and_visit); }, nullptr, month_facts_rows(month));
        writer.finish();
    };
    try {
        store.write_derived_streamed(name, [&](const FactsWriter::Sink& write) {
            make(write);
            if (failed || journal.month_stamp(month) != stamp) throw NotKept{};  // written to meanwhile: kept next time
        });
    } catch (const NotKept&) {
    } catch (const Error&) {
        if (started) throw;  // the journal's error
        make(nullptr);       // the file could not be begun: visited without keeping it
    }
}

}  // namespace gefest
