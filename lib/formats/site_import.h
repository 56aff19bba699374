// Applications from the company's web site (step 5.2.2.2): JSON, one object or an
// array of them, as the site's form handler exports them. The schema is documented in
// gefest-call(1), SITE APPLICATIONS:
//
//   {"id": "site-123",                     required: the site's request id (string or integer)
//    "date": "2026-11-26T18:04:00",        optional: when it was sent (else: now)
//    "name": "Иван Иванов",                required unless "company" is given
//    "phone": "+7 912 345-67-89",          at least one of phone and email
//    "email": "ivan@example.ru",
//    "company": "ООО «Ромашка»", "inn": "7707083893",   optional (ИНН is checked)
//    "source": "Интернет-поиск",           optional: one of the share's sources, else «Сайт компании»
//    "items": [{"sku": "ПК-50", "qty": 1}],  optional: whole qty 1..10^9
//    "comment": "…"}                       optional
//
// Texts are outside text: cleaned to one line (the comment: lines), control characters
// replaced, lengths cut (lib/base/input.h), never refused for that.
// Unknown keys are ignored (sites add tracking fields). Everything is checked before
// anything is written; this file checks the shape, lib/procedure/calls.h the SKUs and source.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gefest {

struct SiteItem {
    std::string sku;
    std::int64_t qty = 0;
};

/// One application as the site sent it, its fields checked and normalised.
struct SiteRequest {
    int index = -1;           ///< position in the array; -1 when the file is one object
    std::string id;           ///< the site's request id (the idempotency key)
    std::string date;         ///< "YYYY-MM-DDTHH:MM:SS", "" if absent
    std::string name, company, inn, source, comment;
    std::string phone;        ///< normalised +7XXXXXXXXXX, "" if absent
    std::string email;        ///< normalised, "" if absent
    std::vector<SiteItem> items;

    /// "[2]" or "" (for messages).
    std::string where() const;
};

/// Parses the JSON text of `file` (a path or "-" for stdin). Throws Error(Errc::data)
/// with `file` and the line of a JSON syntax error ("invalid JSON: …"), or with `file`
/// and the element and field at fault for a wrong shape: "[1].items[0].qty: must be a
/// whole number greater than 0". Also refuses the same id twice in one file.
std::vector<SiteRequest> parse_site_requests(std::string_view text, const std::string& file);

/// The 1-based line of byte offset `byte` (1-based, as nlohmann's parse_error::byte).
int line_of_byte(std::string_view text, std::size_t byte);

}  // namespace gefest
