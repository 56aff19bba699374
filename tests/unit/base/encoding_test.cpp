#include "base/encoding.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "base/error.h"

using namespace gefest;
using namespace gefest::encoding;

namespace {

const std::string invoice = "Счет на оплату № 5";

/// The message of the Error that `f` throws with Errc::data ("" if it does not throw).
template <class F>
std::string data_error(F f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        return e.what();
    }
    FAIL("no gefest::Error thrown");
    return {};
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("is_valid_utf8 accepts well-formed text") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ASCII; 1,50"));
    CHECK(is_valid_utf8(invoice));
    CHECK(is_valid_utf8("€ 𝄞 \xEF\xBB\xBF"));  // 3- and 4-byte sequences, a BOM
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST_CASE("is_valid_utf8 rejects malformed text") {
    CHECK_FALSE(is_valid_utf8("\xD1\xF7\xE5\xF2"));           // "Счет" in windows-1251
    CHECK_FALSE(is_valid_utf8("\x80"));                       // lone continuation byte
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));                   // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));               // overlong, 3 bytes
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));               // UTF-16 surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));           // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));           // invalid lead byte
    CHECK_FALSE(is_valid_utf8(std::string_view("\xD0", 1)));  // truncated at the end
    CHECK_FALSE(is_valid_utf8("\xE2\x82 "));                  // truncated in the middle
}

TEST_CASE("BOM detection and stripping") {
    CHECK(has_utf8_bom("\xEF\xBB\xBFid;name"));
    CHECK_FALSE(has_utf8_bom("id;name"));
    CHECK_FALSE(has_utf8_bom("\xEF\xBB"));
    CHECK(strip_utf8_bom("\xEF\xBB\xBFid") == "id");
    CHECK(strip_utf8_bom("id") == "id");
    CHECK(strip_utf8_bom("\xEF\xBB\xBF") == "");
    CHECK(strip_utf8_bom("") == "");
}

TEST_CASE("cp1251, cp866 and koi8-r round trips") {
    const std::string cp1251 = from_utf8(invoice, "windows-1251");
    CHECK(cp1251 == "\xD1\xF7\xE5\xF2 \xED\xE0 \xEE\xEF\xEB\xE0\xF2\xF3 \xB9 5");
    CHECK(to_utf8(cp1251, "windows-1251") == invoice);
    CHECK(to_utf8(cp1251, "cp1251") == invoice);
    CHECK(to_utf8(cp1251, "CP1251") == invoice);

    const std::string cp866 = from_utf8(invoice, "cp866");
    CHECK(cp866 == "\x91\xE7\xA5\xE2 \xAD\xA0 \xAE\xAF\xAB\xA0\xE2\xE3 \xFC 5");
    CHECK(to_utf8(cp866, "cp866") == invoice);

    // KOI8-R has no '№': the rest round-trips, and '№' is refused rather than replaced.
    const std::string no_sign = "Счет на оплату 5";
    const std::string koi8 = from_utf8(no_sign, "koi8-r");
    CHECK(koi8 == "\xF3\xDE\xC5\xD4 \xCE\xC1 \xCF\xD0\xCC\xC1\xD4\xD5 5");
    CHECK(to_utf8(koi8, "KOI8-R") == no_sign);
    auto msg = data_error([&] { from_utf8(invoice, "koi8-r"); });
    CHECK(contains(msg, "'№' (U+2116)"));
    CHECK(contains(msg, "'koi8-r'"));
}

TEST_CASE("utf-8 as a charset is checked, not converted") {
    CHECK(to_utf8(invoice, "utf-8") == invoice);
    CHECK(to_utf8(invoice, "UTF8") == invoice);
    CHECK(from_utf8(invoice, "UTF-8") == invoice);
    CHECK(to_utf8("", "cp1251") == "");
    CHECK(from_utf8("", "cp1251") == "");
    auto msg = data_error([] { to_utf8("ok \xD1\xF7", "utf-8"); });
    CHECK(msg == "invalid 'utf-8' text: byte 0xD1 at offset 3");
}

TEST_CASE("invalid input and unknown charsets name the charset") {
    // 0x98 is the one byte windows-1251 leaves undefined.
    CHECK(data_error([] { to_utf8("ab\x98", "windows-1251"); }) ==
          "invalid 'windows-1251' text: byte 0x98 at offset 2");
    CHECK(data_error([] { to_utf8("x", "windows-9999"); }) == "unknown charset 'windows-9999'");
    CHECK(data_error([] { to_utf8("x", ""); }) == "unknown charset ''");
    // iconv's "//IGNORE" would drop text silently: not accepted from a file's header.
    CHECK(data_error([] { to_utf8("x", "cp1251//IGNORE"); }) == "unknown charset 'cp1251//IGNORE'");
    CHECK(data_error([] { from_utf8("x", "no-such-charset"); }) == "unknown charset 'no-such-charset'");
    // from_utf8 wants UTF-8 in the first place.
    CHECK(contains(data_error([] { from_utf8("\xFF", "cp1251"); }), "'utf-8'"));
    CHECK(to_utf8(from_utf8(invoice, "cp1251"), " cp1251 ") == invoice);  // as read from a header
}

TEST_CASE("from_utf8 names a character the charset lacks") {
    auto msg = data_error([] { from_utf8("сумма 5 ₽", "windows-1251"); });
    CHECK(msg == "'₽' (U+20BD) cannot be written in 'windows-1251'");
}

TEST_CASE("decode_text: BOM, then valid UTF-8, then declared, then windows-1251") {
    const std::string cp1251 = from_utf8(invoice, "cp1251");
    const std::string cp866 = from_utf8(invoice, "cp866");

    SUBCASE("a BOM means UTF-8 and is removed") {
        CHECK(decode_text("\xEF\xBB\xBF" + invoice) == invoice);
        CHECK(decode_text("\xEF\xBB\xBF" + invoice, "cp866") == invoice);
        CHECK(data_error([&] { decode_text("\xEF\xBB\xBF" + cp1251); }).find("'utf-8'") != std::string::npos);
    }
    SUBCASE("valid UTF-8 wins over a lying declared charset") {
        CHECK(decode_text(invoice) == invoice);
        CHECK(decode_text(invoice, "windows-1251") == invoice);
        CHECK(decode_text(invoice, "koi8-r") == invoice);
    }
    SUBCASE("otherwise the declared charset") {
        CHECK(decode_text(cp866, "cp866") == invoice);
        CHECK(decode_text(cp1251, "windows-1251") == invoice);
    }
    SUBCASE("otherwise windows-1251") {
        CHECK(decode_text(cp1251) == invoice);
        CHECK(decode_text(cp1251, " ") == invoice);
        CHECK(data_error([] { decode_text("\x98"); }) == "invalid 'windows-1251' text: byte 0x98 at offset 0");
    }
    CHECK(decode_text("") == "");
}

TEST_CASE("decode_text on real 1C bank exchange files") {
    auto slurp = [](const std::string& name) {
        std::ifstream in(std::string(GEFEST_FIXTURES) + "/1c-bank-exchange/" + name, std::ios::binary);
        REQUIRE(in);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string cp1251 = slurp("kilylabs_one_day_cp1251.txt");
    const std::string utf8 = slurp("kilylabs_one_day_utf8.txt");
    REQUIRE_FALSE(is_valid_utf8(cp1251));
    CHECK(decode_text(cp1251, "windows-1251") == utf8);
    // The UTF-8 copy still says "Кодировка=Windows" in its header.
    CHECK(decode_text(utf8, "windows-1251") == utf8);
    CHECK(from_utf8(utf8, "windows-1251") == cp1251);
}
