// A closed month's facts for form 02-006-01, kept between runs (issue 16): a year of totals
// (report sources, funnel, managers; the totals of report requests) reads twelve compact
// files instead of a year of journal rows. Internal to lib/reports.
//
// Why facts and not totals: a month's totals cannot be added up exactly. An order's
// state comes from its rows in later months (paid, shipped, cancelled as of the period's
// end); an order joins an inquiry of an earlier month and a client's latest source of the
// whole period; a client merged later changes who is a new client. So each month keeps
// what those joins need, in the journal's order, and the report joins them as it joins
// the journal's rows: per inquiry its id, time, source, manager, client, whether it made
// a new client and what form 02-006-01 shows of it (~60 bytes, where its row took ~600),
// and the order.* and
// survey.score rows decoded (OrderRowFact, SurveyFact: no JSON is parsed again), a tenth
// of the month's rows. Exact by construction; the tests compare it with the journal's
// report.
//
// Kept as .gefest/derived/report-facts-<YYYY-MM> (Store::write_derived) with the stamp of
// the month's segments (Journal::month_stamp: each one's name, size, modification time
// and a hash of its last 64 KiB) and a checksum of its own content; a file whose stamp is
// not the month's now, whose checksum fails, or that cannot be read, is made again from
// the journal, never used. A share the user cannot
// write keeps none (the report reads the journal each time).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "procedure/calls.h"
#include "reports/order_facts.h"
#include "store/journal.h"
#include "store/store.h"

namespace gefest {

/// An inquiry as the totals of form 02-006-01 need it (before client merges). The texts
/// live as long as the call of MonthFactsVisit::inquiry.
struct InquiryFact {
    std::string_view id, source, manager;
    std::int64_t time = 0;  ///< DateTime::seconds
    std::int64_t client = 0;
    bool new_client = false;
    std::string_view channel, client_name, outcome;  ///< as Inquiry's
    std::string_view asked;  ///< inquiry_asked
    static constexpr std::uint32_t none = 0xFFFFFFFF;
    /// Read from a month's kept facts: the numbers of `source` and `manager` among the
    /// month's texts (the same text, the same number, for the month); else none.
    std::uint32_t source_no = none, manager_no = none;
};

/// What was asked, as form 02-006-01 shows it: "ПК-50 × 2, ДЫМ-200" (the products), else
/// the e-mail's subject or the note's first line.
std::string inquiry_asked(const Inquiry& inquiry);

/// A survey.score row: an order's satisfaction score, 1..5.
struct SurveyFact {
    std::int64_t time = 0;  ///< DateTime::seconds
    std::string order;      ///< the row's object ("order:2026-5")
    std::string manager;
    std::int64_t score = 0;
    bool replace = false;   ///< it replaced an earlier score
};

/// What a report does with a month's facts, in the journal's order: each inquiry (call.*
/// row), order.* row and survey.score row. A visit left empty: those rows are passed
/// over (read past, not decoded, and not checked beyond what reading past them needs).
struct MonthFactsVisit {
    std::function<void(const InquiryFact&)> inquiry;
    std::function<void(const OrderRowFact&)> order;
    std::function<void(const SurveyFact&)> survey;
    /// Optional: called with the file's checksum for a month read from its kept file,
    /// before its first fact (read once with no checksum given: after its last); not
    /// called for a month read from the journal.
    std::function<void(std::uint64_t sum)> kept = nullptr;
    /// Optional: called when the texts the facts visited so far view are about to go
    /// (after each fact read from the journal, after each piece of a kept file and each
    /// record read across two). A visit with it may keep those views until it is called;
    /// without it, only for the call that visits the fact.
    std::function<void()> texts_end = nullptr;
};

/// What visit_month_facts throws when a kept file it reads once proves bad (its checksum,
/// or a record that does not parse) after some of its facts were visited: the caller
/// starts over, or reports it changed while it was read.
struct FactsNotGood {
    std::string file;  ///< the kept file's name
};

/// The kinds of rows a month's facts are made of.
JournalFilter month_facts_rows(const std::string& month);

/// Visits the fact of a call.*, order.* or survey.score row (others: nothing). Throws
/// what Inquiry::from_event and order_row_fact throw, and Error(data) FILE:LINE for a
/// survey without a score 1..5.
void visit_row_fact(const Event& row, const MonthFactsVisit& visit);

/// Visits the facts of `month` (a month whose rows no longer change: before this one):
/// from its kept file when that is current, else from the journal, keeping the file
/// (unless the share cannot be written). The kept file is read `piece` bytes at a time
/// (tests give small pieces to split every record), twice: its checksum, then its
/// records. With `once`, a kept file of the month's stamp is read once, its records
/// visited as they come, its checksum computed beside and compared at the end with
/// *once (the checksum an earlier visit was given, MonthFactsVisit::kept) or, for 0,
/// with the one the file ends in; FactsNotGood if it fails then. Throws what the
/// journal's reading throws, and Error(data) naming the file for a kept file that passed
/// its checksum and still does not parse.
void visit_month_facts(const Journal& journal, Store& store, const std::string& month, const MonthFactsVisit& visit,
                       std::size_t piece = std::size_t{1} << 20, std::optional<std::uint64_t> once = std::nullopt);

}  // namespace gefest
