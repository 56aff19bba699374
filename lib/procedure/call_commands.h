// gefest call new|existing|visit|request|email|site|list as the procedure: one function
// per subcommand, taking the session and what the person taking the inquiry typed. Each
// checks the step's roles through the matrix, checks everything it was given before the
// first write, records the inquiry (procedure/calls.h record_inquiry: the call.* row, and
// client.add / client.assign when a client is created or given a manager) and returns
// what the front end says to the person on the phone.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "procedure/calls.h"
#include "procedure/stock_answer.h"
#include "store/session.h"

namespace gefest {

/// What the person taking a spoken inquiry or an application was told (the options of
/// call new, existing, visit, request); which of them a channel uses is said at its function.
struct CallOptions {
    std::string phone, name, source, contact, email, note;
    std::string client;                 ///< the client's id as typed (--client): a whole number
    std::string call;                   ///< the inquiry an application follows (--call)
    std::vector<std::string> products;  ///< products asked for, SKU[:QTY] (--product)
    std::vector<std::string> items;     ///< an application's items, SKU:QTY (--item)
};

/// An inquiry recorded, and what the person taking it tells the caller.
struct CallTaken {
    Inquiry inquiry;
    std::vector<StockAnswer> answers;   ///< the stock answer for each product or item, in order
    std::string manager_phone_ext;      ///< the manager's extension to transfer to; "" if not known
    std::string how_to_order;           ///< call new only: settings' «how to order» text ("" otherwise)
    std::vector<std::string> delivery;  ///< call new only: the ways of delivery
};

/// call new (5.2.1.1): a new client's call. Uses phone (required), name, source
/// (require_source), contact, email, products, note. Refused unless the actor may do
/// 5.2.1.1 — and 5.2.1.2 too when the phone or e-mail is a known client's (then it is
/// recorded as that client's call). Error(usage/data) for a missing source, a bad phone,
/// e-mail or product; Error(not_found) for an unknown SKU — all before anything is written.
CallTaken call_new(Session& session, const CallOptions& options);

/// call existing (5.2.1.2): a known client's call, named by client or phone (one of them:
/// Error(usage) for neither); products and note. Error(not_found) for an unknown client.
CallTaken call_existing(Session& session, const CallOptions& options);

/// call visit (5.2.1.3): a client in the office: client, or for a new one name (then
/// source is required), phone, email; products and note.
CallTaken call_visit(Session& session, const CallOptions& options);

/// call request (5.2.2.1): an application with items (SKU:QTY, the quantity required) of
/// client, or of the client of inquiry call (Error(not_found) if there is none; the
/// application refers to it); Error(usage) for neither.
CallTaken call_request(Session& session, const CallOptions& options);

/// call email (5.2.1.4): .eml files, or the messages of a Maildir (read, not moved).
struct MailImportOptions {
    std::vector<std::string> files;
    std::string maildir;
};
/// Every message is read and checked before the first is recorded (import_mail); one
/// imported before is skipped. Error(usage) when given neither files nor a Maildir.
std::vector<Imported> call_email(Session& session, const MailImportOptions& options);

/// call site (5.2.2.2): the web site's JSON export.
struct SiteImportOptions {
    std::string file;               ///< the file, or "-" for `input`
    std::istream* input = nullptr;  ///< standard input, read when file is "-"
};
/// Every application is checked before the first is recorded (import_site); one
/// imported before is skipped. Error(data) naming the file, element and field.
std::vector<Imported> call_site(Session& session, const SiteImportOptions& options);

/// call list: which inquiries.
struct CallListOptions {
    std::string from, to;  ///< dates as typed; "" = from the beginning / to today
    std::string channel;   ///< "" = every channel
    std::string manager;   ///< a sales manager's login; "" = everyone's
};
/// The inquiries of the period, in time order. Error(usage) for an unknown channel,
/// Error(data) for a date that is not one.
std::vector<Inquiry> call_list(Session& session, const CallListOptions& options);

}  // namespace gefest
