// light_json reads what nlohmann reads, to the same values, and refuses the rest: hostile
// strings (escapes, \u surrogates, UTF-8, control characters), values it must skip
// (nested objects and arrays), and random damage to a journal row's data.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/light_json.h"

using namespace gefest;

namespace {

bool nlohmann_accepts(const std::string& text) { return nlohmann::json::accept(text); }

// Every member light_json passes reads as nlohmann's: strings decoded alike, integers and
// flags read alike, a repeated key's last value nlohmann's. Only for text it accepts.
void same_members(const std::string& text) {
    INFO(text);
    REQUIRE(light_json::valid(text));
    REQUIRE(nlohmann_accepts(text));
    const nlohmann::json tree = nlohmann::json::parse(text);
    REQUIRE(tree.is_object());
    nlohmann::json light = nlohmann::json::object();
    const bool ok = light_json::for_each_member(text, [&](std::string_view key, std::string_view value) {
        std::string s;
        std::int64_t i = 0;
        bool b = false;
        nlohmann::json& got = light[std::string(key)];
        if (light_json::read_string(value, s)) got = s;
        else if (light_json::read_int(value, i)) got = i;
        else if (light_json::read_bool(value, b)) got = b;
        else got = nlohmann::json::parse(value);  // skipped: an object, array, null or fraction
        return true;
    });
    if (!ok) {  // refused: only for an escaped key, which nlohmann then reads
        CHECK(text.find('\\') != std::string::npos);
        return;
    }
    CHECK(light == tree);
}

const char* const sample =
    R"({"channel":"new","client":17,"client_name":"ООО «Клиент 17»","new_client":true,"products":[{"answer":"in_stock","qty":2,"sku":"ПК-50","text":"в наличии"}],"source":"Выставка","total":"1234.50"})";

}  // namespace

TEST_CASE("light_json: hostile strings read as nlohmann reads them") {
    for (const std::string& text : std::vector<std::string>{
             std::string(sample),
             std::string(R"({"a":"quote \" backslash \\ slash \/ \b\f\n\r\t end"})"),
             std::string(R"({"a":"\u0041\u00e9\u0416\u20ac\uD83D\uDE00 \ud83d\ude00 \u0000 nul"})"),
             std::string(R"({"a":"ё €😀 raw UTF-8"})"),
             std::string(R"(  {  "a" : "x" , "b" : -12 , "c" : false , "d":null } )"),
             std::string(R"({"nested":{"a":[1,{"b":"}]\""}],"c":{}},"list":[[],[[]],{"x":[1.5,-0.25,0]}],"id":"2026-1"})"),
             std::string(R"({"a":"x","a":"y"})"),
             std::string(R"({"big":9223372036854775807,"small":-9223372036854775808,"zero":-0})"),
             std::string(R"({})"),
         })
        same_members(text);
    std::int64_t i = 0;
    CHECK_FALSE(light_json::read_int("9223372036854775808", i));  // nlohmann: unsigned; left to it
    CHECK_FALSE(light_json::read_int("1.0", i));
}

TEST_CASE("light_json: what nlohmann refuses, or what it is unsure of, is refused") {
    for (const std::string& text : std::vector<std::string>{
             std::string(R"({"a":"\ud83d"})"),         // a high surrogate alone
             std::string(R"({"a":"\ude00"})"),         // a low one alone
             std::string(R"({"a":"\ud83d\u0041"})"),   // a high one with no low one after it
             std::string(R"({"a":"\x"})"),
             std::string(R"({"a":"\u12"})"),
             std::string("{\"a\":\"tab\there\"}"),     // a raw control character
             std::string("{\"a\":\"\xC3\"}"),           // a cut UTF-8 sequence
             std::string("{\"a\":\"\xC0\xAF\"}"),       // an overlong one
             std::string("{\"a\":\"\xED\xA0\x80\"}"),   // a surrogate as UTF-8
             std::string("{\"a\":\"\xF4\x90\x80\x80\"}"),  // beyond U+10FFFF
             std::string(R"({"a":1,})"),
             std::string(R"({"a":01})"),
             std::string(R"({"a":1e5})"),              // valid JSON, left to nlohmann
             std::string(R"({"a":1} x)"),
             std::string(R"({"a":[1,2})"),
             std::string("\xEF\xBB\xBF{}"),            // a BOM: left to nlohmann
             std::string(""),
             std::string(R"({"a":tru})"),
         }) {
        INFO(text);
        CHECK_FALSE(light_json::valid(text));
        // Never read outside the text, whatever it makes of it.
        (void)light_json::for_each_member(text, [](std::string_view, std::string_view) { return true; });
    }
    // An escaped key is valid JSON, but its members are left to nlohmann.
    CHECK(light_json::valid(R"({"\u0061":1})"));
    CHECK_FALSE(light_json::for_each_member(R"({"\u0061":1})", [](std::string_view, std::string_view) { return true; }));
    std::string deep = R"({"a":)" + std::string(40, '[') + std::string(40, ']') + "}";
    CHECK(nlohmann_accepts(deep));
    CHECK_FALSE(light_json::valid(deep));  // deeper than it goes: left to nlohmann
}

TEST_CASE("light_json: random damage to a row's data is never accepted unless nlohmann accepts it, and reads alike") {
    std::mt19937 rng(16);
    const std::string base = sample;
    const std::string specials = "\"\\{}[],:u0123456789abcdefDE \t\r\n\x01\xC3\xA9\xED\xF0\x80-.e";
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < edits; ++k) {
            const size_t at = rng() % text.size();
            const char c = specials[rng() % specials.size()];
            switch (rng() % 3) {
                case 0: text[at] = c; break;
                case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
                default: text.erase(at, 1);
            }
        }
        if (!light_json::valid(text)) continue;
        ++accepted;
        INFO(text);
        REQUIRE(nlohmann_accepts(text));
        if (nlohmann::json::parse(text).is_object()) same_members(text);
    }
    CHECK(accepted > 100);
}
