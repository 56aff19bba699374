// Inquiries and applications (steps 5.2.1.1–5.2.2.2): every way an inquiry arrives —
// a phone call from a new or an existing client, a visit, an e-mail, an application
// taken by a manager, an application from the web site — becomes ONE journal row,
// declared in procedure/events/calls.h (events::CallInquiry). There is no separate
// inquiry file: the journal is the register, and report 02-006-01 «Отчет о заявках и
// заказах» and `order new --call ID` read it back with load_inquiries / find_inquiry.
//
// This file records an inquiry (record_inquiry: the client matched or created, the
// manager routed, the row appended) and imports e-mail and site batches;
// procedure/call_commands.h has one function per `gefest call` subcommand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "formats/mail_import.h"
#include "formats/site_import.h"
#include "procedure/clients.h"
#include "procedure/events/calls.h"
#include "procedure/stock_answer.h"
#include "store/journal.h"
#include "store/session.h"
#include "store/share.h"
#include "store/store.h"

namespace gefest {

/// A product asked for, with the stock answer given (a row's products).
using InquiryProduct = events::CallProduct;

/// One inquiry: its journal row (events::CallInquiry) and when and by whom it was written.
struct Inquiry : events::CallInquiry {
    DateTime time;      ///< the row's time: when the inquiry was recorded
    std::string login;  ///< the real login of the journal row

    /// The journal row's data object: every field of events::CallInquiry.
    nlohmann::json to_json() const;
    /// The inquiry of a call.* row. A text or list field of another JSON type reads as
    /// empty (as it always did); a channel the row lacks is taken from its kind.
    /// Error(data) at the row's FILE:LINE, naming its object, if its data is not an
    /// inquiry (not an object, no "id") or a number, flag or product has the wrong type.
    static Inquiry from_event(const Event& event);
};

/// Channels in the order of the procedure, for --channel.
const std::vector<std::string>& inquiry_channels();

/// Every inquiry recorded from `from` to `to` (inclusive, by the row's time), in time
/// order. Reads only the events of the months in that range.
std::vector<Inquiry> load_inquiries(const Store& store, const Date& from, const Date& to);

/// The inquiry with `id` ("2026-5" or "call:2026-5"): reads the events of the months
/// around the time its number was claimed (Store::number_info("call", year, n)), or, if
/// that claim cannot be read, the months of its year.
std::optional<Inquiry> find_inquiry(const Store& store, std::string id);

/// An advertising source as `call new` takes it. The spelling rule: exactly one of
/// settings.sources, ignoring case and surrounding spaces (stored in the list's
/// spelling), or — only when «Другое» is in the list — «Другое: free text» (any case,
/// any spaces around the colon; stored as "Другое: free text"). Error(usage) when it is
/// empty ("the advertising source is required…"), when it is «Другое» without a text,
/// or when it is none of these (clients' normalize_source lists the sources).
std::string require_source(const Settings& settings, const std::string& source);

/// What is known of the inquiry before its client is resolved.
struct InquiryDraft {
    std::string channel;              ///< new | existing | visit | email | request | site
    std::int64_t client = 0;          ///< a client named by id (0: find or create)
    std::string phone, email, inn;    ///< normalised; matched to a client in this order
    std::string name, company, contact, source;  ///< for a new client (source normalised)
    bool may_create = false;          ///< create a client when none matches
    std::vector<StockAnswer> answers; ///< already answered (unknown SKUs refused before)
    std::string outcome, note, received, ref, subject;
};

/// The client a draft names, if it exists (by id, phone, e-mail, ИНН). Error(not_found)
/// for an id that is not in the base. Does not write.
std::optional<Client> match_client(const ClientBase& base, const InquiryDraft& draft);
/// The same through the store's index of the client base (O(1) reads of the share).
std::optional<Client> match_client(const ClientLookup& clients, const InquiryDraft& draft);

/// Records the inquiry for `session`'s actor (who checked the step): claims its number,
/// creates the client if none matches and `may_create` (Error(not_found) "no client with
/// phone …" otherwise; a client.add row), picks the manager (the client's, else
/// settings.routing — then also assigned to the client: a client.assign row), appends
/// the call.<channel> row, commits the number. A phone call from a new client whose
/// phone matches an existing one is recorded as "existing". Returns what was recorded.
/// First of all, Error(data) for a name, company, contact, subject or ref that is not
/// one line of text, or a note with control characters (lib/base/input.h).
Inquiry record_inquiry(Session& session, InquiryDraft draft);

/// The e-mails of a batch, parsed and checked before anything is written.
struct MailBatch {
    std::vector<MailMessage> messages;  ///< in the order given; the same key twice kept once
};
/// Reads every file (Error(data) "FILE: reason" for the first malformed one).
MailBatch read_mail_batch(const std::vector<std::filesystem::path>& files);

/// The outcome of importing one message or site application.
struct Imported {
    std::string what;               ///< file (e-mail) or "[i] id" (site), for the report line
    std::optional<Inquiry> inquiry; ///< nullopt: it had been imported before (skipped)
    std::vector<std::string> files; ///< e-mail: the attachments kept in the inquiry's folder (Store::inquiry_folder)
};

/// Imports the batch: for each message its key ("email", the Message-ID) is kept first
/// (skipped if taken), then the inquiry recorded (the key is released again if that
/// fails). The sender is matched by e-mail, else by a phone or an ИНН written in the
/// message that is a client's (phones_in_text, inns_in_text); an unknown one becomes a
/// new client with the source named in the text, else «E-mail». The note is the text's
/// first 500 bytes or so (cut with "…"); the subject, Date and Message-ID are kept as
/// subject, received, ref. Catalog SKUs named in the subject or text (whole tokens) are
/// recorded as products asked, with the quantity written next to them (quantity_near)
/// and the stock answer, when `stock` is given. The attachments are kept in the
/// inquiry's folder (Store::inquiry_folder, add_document) under safe_file_name names.
std::vector<Imported> import_mail(Session& session, const MailBatch& batch, const StockRegister* stock);

/// Checks the site applications' sources and SKUs against the share (Error(data) /
/// Error(not_found) naming `file`, the element and the field), then imports each,
/// idempotent by id (the key "site").
std::vector<Imported> import_site(Session& session, const std::vector<SiteRequest>& requests, const StockRegister& stock,
                                  const std::string& file);

}  // namespace gefest
