// Journal rows of an inquiry (steps 5.2.1.1–5.2.2.2): every way an inquiry arrives — a
// phone call from a new or an existing client, a visit, an e-mail, an application taken
// by a manager, an application from the web site — is ONE row, kind "call.<channel>",
// object "call:<year>-<n>", time when it was recorded, login who took it (on_behalf when
// acting for someone). There is no separate inquiry file: the journal is the register.
//
// A call row carries every field, set or not (it always did: `call … --format json`
// prints the same object). procedure/calls.h's Inquiry is this row plus its time and
// login, and reads it with Inquiry::from_event.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "procedure/events/event.h"

namespace gefest::events {

/// A product asked for in an inquiry, with the stock answer given.
struct CallProduct {
    std::string sku;       ///< "ПК-50"
    std::int64_t qty = 0;  ///< 0: not said
    std::string answer;    ///< in_stock | partial | not_in_stock
    std::string text;      ///< what the caller was told: "в наличии 9 шт: Склад ГП Тюмень — 9"
    bool operator==(const CallProduct&) const = default;
};
GEFEST_EVENT_ALL_FIELDS(CallProduct, sku, qty, answer, text)

/// call.new | call.existing | call.visit | call.email | call.request | call.site: an
/// inquiry. The kind is "call." + channel.
struct CallInquiry {
    static constexpr const char* kind_prefix = "call.";
    std::string id;        ///< "2026-5"
    std::string channel;   ///< new | existing | visit | email | request | site (the kind without "call.")
    std::int64_t client = 0;   ///< the client's id in База клиентов.csv
    std::string client_name;   ///< "ООО «Ромашка»"
    bool new_client = false;   ///< the client was created by this inquiry
    std::string phone, email, contact;  ///< as given (normalised); "" if not
    std::string source;        ///< advertising source (the client's, for an existing one)
    std::string manager;       ///< the sales manager to transfer to / who handles it
    std::string manager_name;  ///< "Петров Сергей Иванович"
    /// Products asked (call new, e-mail) or the application's items (request, site).
    std::vector<CallProduct> products;
    /// "transferred" (call passed to the manager) | "received" (visit, e-mail: to be
    /// answered by the manager) | "application" (an application with items).
    std::string outcome;
    std::string taken_by;  ///< the staff member who took it (the actor)
    std::string note;
    std::string received;  ///< e-mail Date / site date, when it was sent ("" if not known)
    std::string ref;       ///< Message-ID (e-mail), the site's id (site), the inquiry id (request --call)
    std::string subject;   ///< the e-mail's subject, "" otherwise
};
GEFEST_EVENT_ALL_FIELDS(CallInquiry, id, channel, client, client_name, new_client, phone, email, contact, source, manager,
                        manager_name, products, outcome, taken_by, note, received, ref, subject)

/// inquiry.close (object "call:<year>-<n>", the inquiry's): the inquiry ended without an
/// order (gefest call close), so process control no longer follows it. Not a call.* row:
/// the readers of inquiries (form 02-006-01, call list) take every call.* row for one.
struct InquiryClose {
    static constexpr const char* kind = "inquiry.close";
    std::string id;            ///< the inquiry, "2026-5"
    std::string outcome;       ///< one of inquiry_outcomes() (procedure/call_commands.h)
    std::string note;          ///< why, in the person's words ("" if not said)
    std::int64_t client = 0;   ///< the inquiry's client
    std::string client_name;
    std::string manager;       ///< the inquiry's manager
};
GEFEST_EVENT_FIELDS(InquiryClose, id, outcome, note, client, client_name, manager)

}  // namespace gefest::events
