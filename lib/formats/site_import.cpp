#include "formats/site_import.h"

#include <cmath>
#include <cstdint>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/input.h"
#include "formats/requisites.h"
#include "base/text.h"

namespace gefest {

namespace {

using nlohmann::json;

struct Checker {
    const std::string& file;
    std::string prefix;  // "[2]" or ""

    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        std::string at = prefix;
        if (!field.empty()) at += (at.empty() ? "" : ".") + field;
        throw Error(Errc::data, at.empty() ? what : at + ": " + what, file);
    }

    // A string field: absent or null is "", a string is cleaned to one line (outside
    // text: control characters become spaces, lib/base/input.h), anything else is an error.
    std::string text(const json& obj, const char* key, std::size_t max_chars = input::max_line) const {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return {};
        if (!it->is_string()) fail(key, tr("must be a string"));
        return input::clean_line(it->get<std::string>(), max_chars);
    }
};

SiteRequest parse_one(const json& obj, int index, const std::string& file) {
    SiteRequest r;
    r.index = index;
    Checker c{file, r.where()};
    if (!obj.is_object()) c.fail("", tr("an application must be a JSON object"));

    auto id = obj.find("id");
    if (id == obj.end() || id->is_null()) c.fail("id", tr("missing: the site's request id is required"));
    if (id->is_string()) r.id = input::clean_line(id->get<std::string>());
    else if (id->is_number_integer()) r.id = std::to_string(id->get<std::int64_t>());
    else c.fail("id", tr("must be a string or a whole number"));
    if (r.id.empty()) c.fail("id", tr("must not be empty"));

    r.date = c.text(obj, "date");
    if (!r.date.empty()) {
        DateTime dt;
        if (!DateTime::try_parse(r.date, dt))
            c.fail("date", fmt::format(fmt::runtime(tr("'{}' is not a date and time like 2026-11-26T18:04:00")), r.date));
        r.date = dt.iso();
    }
    r.name = c.text(obj, "name", input::max_name);
    r.company = c.text(obj, "company", input::max_name);
    if (r.name.empty() && r.company.empty()) c.fail("name", tr("missing: a name or a company is required"));

    std::string phone = c.text(obj, "phone");
    if (!phone.empty()) {
        auto p = requisites::normalize_phone(phone);
        if (!p) c.fail("phone", fmt::format(fmt::runtime(tr("'{}' is not a Russian phone number")), phone));
        r.phone = *p;
    }
    std::string email = c.text(obj, "email");
    if (!email.empty()) {
        auto e = requisites::normalize_email(email);
        if (!e) c.fail("email", fmt::format(fmt::runtime(tr("'{}' is not an e-mail address")), email));
        r.email = *e;
    }
    if (r.phone.empty() && r.email.empty()) c.fail("phone", tr("missing: a phone or an e-mail is required"));

    r.inn = c.text(obj, "inn");
    if (!r.inn.empty()) {
        std::string why = requisites::check_inn(r.inn);
        if (!why.empty()) c.fail("inn", fmt::format("'{}': {}", r.inn, why));
    }
    r.source = c.text(obj, "source");
    if (auto it = obj.find("comment"); it != obj.end() && it->is_string())  // a comment may have lines
        r.comment = input::clean_text(trim_ascii_space(it->get<std::string>()));
    else
        r.comment = c.text(obj, "comment");

    auto items = obj.find("items");
    if (items != obj.end() && !items->is_null()) {
        if (!items->is_array()) c.fail("items", tr("must be an array of {\"sku\": …, \"qty\": …}"));
        for (size_t i = 0; i < items->size(); ++i) {
            const json& it = (*items)[i];
            std::string at = fmt::format("items[{}]", i);
            if (!it.is_object()) c.fail(at, tr("must be an object {\"sku\": …, \"qty\": …}"));
            SiteItem item;
            auto sku = it.find("sku");
            if (sku == it.end() || !sku->is_string() || trim_ascii_space(sku->get<std::string>()).empty())
                c.fail(at + ".sku", tr("missing: a SKU (string) is required"));
            item.sku = input::clean_line(sku->get<std::string>());
            auto qty = it.find("qty");
            if (qty == it.end() || qty->is_null()) c.fail(at + ".qty", tr("missing: a quantity is required"));
            // In range before any conversion: a double beyond int64 does not convert, and
            // an unsigned beyond it would turn negative.
            const bool whole = qty->is_number_integer() || (qty->is_number_float() && std::isfinite(qty->get<double>()) && std::floor(qty->get<double>()) == qty->get<double>());
            const double value = !whole                       ? 0
                                 : qty->is_number_unsigned() ? static_cast<double>(qty->get<std::uint64_t>())
                                                             : qty->get<double>();
            if (!whole || !(value >= 1)) c.fail(at + ".qty", tr("must be a whole number greater than 0"));
            else if (value > static_cast<double>(input::max_quantity))
                c.fail(at + ".qty", fmt::format(fmt::runtime(tr("must be at most {}")), input::max_quantity));
            else item.qty = static_cast<std::int64_t>(value);
            r.items.push_back(item);
        }
    }
    return r;
}

}  // namespace

std::string SiteRequest::where() const { return index < 0 ? std::string() : fmt::format("[{}]", index); }

int line_of_byte(std::string_view text, std::size_t byte) {
    int line = 1;
    size_t end = std::min(text.size(), byte > 0 ? byte - 1 : 0);
    for (size_t i = 0; i < end; ++i)
        if (text[i] == '\n') ++line;
    return line;
}

std::vector<SiteRequest> parse_site_requests(std::string_view text, const std::string& file) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        // nlohmann's message is "[json.exception.parse_error.101] parse error at line 3, column 5: …":
        // keep what follows the position, the line is ours.
        std::string what = e.what();
        size_t colon = what.find(": ", what.find("parse error"));
        std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("invalid JSON: {}")), reason), file, line_of_byte(text, e.byte));
    } catch (const json::out_of_range& e) {
        // A number too large for a double (1e999): "[json.exception.out_of_range.406] number
        // overflow parsing '1e999'", without a position.
        std::string what = e.what();
        size_t bracket = what.find("] ");
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("invalid JSON: {}")), bracket == std::string::npos ? what : what.substr(bracket + 2)),
                    file);
    }
    std::vector<SiteRequest> out;
    if (doc.is_array()) {
        if (doc.empty()) throw Error(Errc::data, tr("an empty array: no applications"), file);
        for (size_t i = 0; i < doc.size(); ++i) out.push_back(parse_one(doc[i], static_cast<int>(i), file));
    } else if (doc.is_object()) {
        out.push_back(parse_one(doc, -1, file));
    } else {
        throw Error(Errc::data, tr("expected a JSON object or an array of objects"), file);
    }
    std::set<std::string> ids;
    for (const auto& r : out)
        if (!ids.insert(r.id).second)
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("{}.id: '{}' occurs twice in this file")), r.where(), r.id), file);
    return out;
}

}  // namespace gefest
