#include "formats/mail_import.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/error.h"
#include "formats/requisites.h"
#include "store/fsio.h"

using namespace gefest;

namespace {

const std::filesystem::path mail_dir = std::filesystem::path(GEFEST_FIXTURES) / "mail";

MailMessage fixture(const char* name) { return read_mail_file(mail_dir / name); }

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::string data_error(std::string_view raw) {
    try {
        parse_mail(raw, "x.eml");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(e.file() == "x.eml");
        return e.what();
    }
    FAIL("no gefest::Error thrown");
    return {};
}

}  // namespace

TEST_CASE("utf-8 base64 body, RFC 2047 B-encoded name and subject") {
    MailMessage m = fixture("utf8-base64.eml");
    CHECK(m.from_email == "smirnov@teplo-kurgan.ru");
    CHECK(m.from_name == "Алексей Смирнов");
    CHECK(m.subject == "Запрос: котел ПК-50");
    CHECK(m.message_id == "20261125091500.4f1a@teplo-kurgan.ru");
    CHECK(m.key == m.message_id);
    CHECK(m.text.rfind("Здравствуйте!\nНужен котел ПК-50, 2 шт.", 0) == 0);
    CHECK(contains(m.text, "Выставка «Уралстройэкспо»"));
    CHECK(!contains(m.text, "\r"));
    CHECK(m.date.size() == 19);
}

TEST_CASE("windows-1251 quoted-printable body, Q-encoded subject, address lower-cased") {
    MailMessage m = fixture("cp1251-qp.eml");
    CHECK(m.from_email == "o.volkova@stroyteplo.ru");
    CHECK(m.from_name == "Ольга Волкова");
    CHECK(m.subject == "Заявка на горелку ГВ-12");
    // a soft line break (=\n) in the middle of «горелку» is joined again
    CHECK(contains(m.text, "Просим выставить счет на горелку ГВ-12 - 3 шт."));
    CHECK(contains(m.text, "ООО «СтройТепло», ИНН 7204000012."));
}

TEST_CASE("koi8-r 8bit body and koi8-r encoded words") {
    MailMessage m = fixture("koi8r.eml");
    CHECK(m.from_name == "Игорь Петренко");
    CHECK(m.subject == "Дымоход в наличии?");
    CHECK(contains(m.text, "Есть ли в наличии дымоход 200 мм, 30 метров?"));
    CHECK(contains(m.text, "Справочник 2ГИС"));
}

TEST_CASE("multipart/alternative with only HTML: tags, style and entities removed") {
    MailMessage m = fixture("html-only.eml");
    CHECK(m.from_name == "Мария Кузьмина");
    CHECK(m.subject == "Автоматика АВТ-01");
    CHECK(m.text == "Добрый день!\nИнтересует блок автоматики АВТ-01 — 4 шт.\nНашли вас через Интернет-поиск.\nМария Кузьмина & Ко");
}

TEST_CASE("multipart/mixed: the plain alternative wins, the attachment is ignored") {
    MailMessage m = fixture("mixed-attachment.eml");
    CHECK(m.from_email == "snab@zavod-sever.example");
    CHECK(m.from_name == "Zavod Sever");
    CHECK(m.text == "Прошу прислать КП на ПК-100.\nТеплообменник Т1 тоже интересует.");
}

TEST_CASE("malformed messages are refused with a reason") {
    try {
        fixture("malformed-no-from.eml");
        FAIL("accepted a message without From");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::data);
        CHECK(contains(e.file(), "malformed-no-from.eml"));
        CHECK(contains(e.what(), "no From header"));
    }
    CHECK(contains(data_error(""), "empty file"));
    CHECK(contains(data_error("\r\n\r\n"), "empty file"));
    CHECK(contains(data_error("From: Nobody\r\nSubject: x\r\n\r\nhi\r\n"), "no valid address"));
    CHECK(contains(data_error("From: a@b.ru\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nтекст\r\n"), "x-no-such-charset"));
}

TEST_CASE("no Message-ID: the key is a checksum of the bytes") {
    std::string raw = "From: ivan@example.ru\r\nSubject: hi\r\n\r\nЕсть котлы?\r\n";
    MailMessage m = parse_mail(raw, "a.eml");
    CHECK(m.message_id.empty());
    CHECK(m.key == "sha:" + fsio::checksum(raw));
    CHECK(m.text == "Есть котлы?");  // undeclared 8-bit text taken as UTF-8
    CHECK(m.date.empty());
    // the same text in windows-1251 without a charset
    std::string cp = "From: ivan@example.ru\r\n\r\n\xc5\xf1\xf2\xfc\r\n";
    CHECK(parse_mail(cp, "b.eml").text == "Есть");
}

TEST_CASE("html_to_text") {
    CHECK(html_to_text("<p>a</p><p>b</p>") == "a\nb");
    CHECK(html_to_text("x&lt;y &amp;&amp; &#1046;&#x416;") == "x<y && ЖЖ");
    // A number no code point has is kept as it is, like an unknown entity (a long one threw
    // std::out_of_range: an internal error).
    CHECK(html_to_text("a&#99999999999999999999;b&#x110000;c&#xD800;d") == "a&#99999999999999999999;b&#x110000;c&#xD800;d");
    CHECK(html_to_text("<script>var a = '<p>';</script>text<!-- <b>c</b> -->") == "text");
    CHECK(html_to_text("  many   \n spaces ") == "many spaces");
    CHECK(html_to_text("<table><tr><td>1</td><td>2</td></tr></table>") == "1 2");
}

TEST_CASE("find_source_in_text: earliest named source, case-insensitive, ignoring some") {
    std::vector<std::string> sources = {"Интернет-поиск", "Выставка", "Рекомендация", "E-mail", "Другое"};
    CHECK(find_source_in_text("были на ВЫСТАВКА-2026, нашли в интернет-поиск", sources) == "Выставка");
    CHECK(find_source_in_text("нашли в интернет-поиск, потом были на выставка-2026", sources) == "Интернет-поиск");
    CHECK(find_source_in_text("Другое дело", sources, {"Другое"}) == "");
    CHECK(find_source_in_text("пишу на e-mail", sources, {"E-mail"}) == "");
    CHECK(find_source_in_text("рекомендация коллег", sources) == "Рекомендация");
    CHECK(lower_utf8("ЁЖИК Abc") == "ёжик abc");
}

TEST_CASE("maildir_files: new/ and cur/, dot files skipped, sorted; not a Maildir is an error") {
    auto dir = std::filesystem::temp_directory_path() / ("gefest-maildir-" + fsio::random_token());
    std::filesystem::create_directories(dir / "new");
    std::filesystem::create_directories(dir / "cur");
    std::filesystem::create_directories(dir / "tmp");
    std::ofstream(dir / "new" / "2.host") << "x";
    std::ofstream(dir / "cur" / "1.host:2,S") << "x";
    std::ofstream(dir / "cur" / ".hidden") << "x";
    std::ofstream(dir / "tmp" / "3.host") << "x";
    auto files = maildir_files(dir);
    REQUIRE(files.size() == 2);
    CHECK(files[0].filename() == "1.host:2,S");
    CHECK(files[1].filename() == "2.host");
    CHECK_THROWS_AS(maildir_files(dir / "new"), Error);
    std::filesystem::remove_all(dir);
}

// Issue 14: a Subject folded over three encoded words lost all but the first: GMime joins
// the base64 of adjacent words before decoding, and the first ended in padding.
TEST_CASE("decode_header_text: encoded words decoded each, their bytes joined per charset") {
    // "Запрос цены на котлы ПК-50" cut inside a character, the first word padded.
    CHECK(decode_header_text(" =?UTF-8?B?0JfQsNC/0YDQvtGBINGG0LXQvdE=?=\r\n =?UTF-8?B?iyDQvdCwINC60L7RgtC70Ysg0J/Q?=\r\n =?UTF-8?B?mi01MA==?=") ==
          " Запрос цены на котлы ПК-50");
    CHECK(decode_header_text("=?windows-1251?Q?=C7=E0=EA=E0=E7_?= =?koi8-r?B?y8/Uxcw=?=") == "Заказ котел");  // two charsets
    CHECK(decode_header_text("Re: =?UTF-8?B?0KHRh9C10YI=?= N 5") == "Re: Счет N 5");  // text around words is kept
    CHECK(decode_header_text("plain subject") == "plain subject");
    CHECK(decode_header_text("=?utf-8*ru?q?=D0=9F=D0=9A?=") == "ПК");                 // RFC 2231 language
    CHECK(decode_header_text("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=");                // not an encoded word
    CHECK(decode_header_text("=?UTF-8?B?/w==?=").size() > 0);                          // bad bytes: kept, not lost
}

TEST_CASE("quantity_near: «2 шт», «5 штук», «3 шт.», «10 pcs», × and before the code") {
    auto qty = [](const std::string& text, const std::string& sku) {
        const auto at = text.find(sku);
        return quantity_near(text, at, at + sku.size());
    };
    CHECK(qty("Нужно ПК-50 2 шт и дымоход", "ПК-50") == 2);
    CHECK(qty("ДЫМ-200 — 5 штук", "ДЫМ-200") == 5);
    CHECK(qty("ГВ-12: 3 шт.", "ГВ-12") == 3);
    CHECK(qty("АВТ-01 x 10 pcs", "АВТ-01") == 10);
    CHECK(qty("ПК-50 × 2", "ПК-50") == 2);
    CHECK(qty("ПК-50 х2", "ПК-50") == 2);  // Cyrillic х
    CHECK(qty("прошу 2 шт ТЕП-Т1", "ТЕП-Т1") == 2);
    CHECK(qty("10 pcs ПК-50", "ПК-50") == 10);
    CHECK(qty("ПК-50 2", "ПК-50") == 0);              // a number alone may be anything
    CHECK(qty("ПК-50 2026 года", "ПК-50") == 0);
    CHECK(qty("ПК-50 0 шт", "ПК-50") == 0);
    CHECK(qty("ПК-50 99999999 шт", "ПК-50") == 0);    // beyond reason
    CHECK(qty("ПК-50, ДЫМ-200 5 штук", "ПК-50") == 0);
    CHECK(qty("ПК-50", "ПК-50") == 0);
}

TEST_CASE("phones_in_text and inns_in_text: a signature's phone, the requisites' ИНН") {
    CHECK(phones_in_text("Гусев, тел. +7 (3452) 68-41-20, моб. 8 912 921-44-07") ==
          std::vector<std::string>{*requisites::normalize_phone("+73452684120"), *requisites::normalize_phone("89129214407")});
    CHECK(phones_in_text("счет 123 от 27.11.2026 на 285000,00").empty());
    CHECK(phones_in_text("a12 (3452) 68-41-20").empty());  // glued to a word: not a phone
    CHECK(inns_in_text("ИНН 7206021134, КПП 720601001") == std::vector<std::string>{"7206021134"});
    CHECK(inns_in_text("ИНН/КПП 7203145879/720301001; ИНН: 720501234548") == std::vector<std::string>{"7203145879", "720501234548"});
    CHECK(inns_in_text("ИНН 7206021135").empty());  // a wrong check digit
    CHECK(inns_in_text("7206021134").empty());      // no «ИНН» before it
}
