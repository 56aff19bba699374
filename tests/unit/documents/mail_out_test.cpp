// mail_out: the outgoing MIME message (sender from gefest.toml, RFC 2047 headers, typed
// attachments, the date from now()), and its two ways out: the share's mail command,
// or an .eml file in the outbox. (A first round trip is in procedure/invoice_test.cpp.)
#include "documents/mail_out.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

#include "base/error.h"
#include "failure.h"
#include "store/fsio.h"
#include "demo_share.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;
using gefest::testing::ScopedEnv;

namespace {

fs::path outbox(const DemoShare& d) { return d.at(d.share.settings().outbox); }

OutgoingMail letter() {
    OutgoingMail m;
    m.to = {"snab@sibstroymontazh.ru"};
    m.subject = "Счет на оплату № 7";
    m.body = "Здравствуйте!\nСчет во вложении.\n";
    return m;
}

std::vector<fs::path> eml_files(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".eml") out.push_back(e.path());
    return out;
}

// The value of header `name` in `raw` (the first line only).
std::string header(const std::string& raw, const std::string& name) {
    auto at = raw.find("\r\n" + name + ": ");
    if (raw.rfind(name + ": ", 0) == 0) at = 0;
    else if (at != std::string::npos) at += 2;
    else return "";
    at += name.size() + 2;
    return raw.substr(at, raw.find("\r\n", at) - at);
}

}  // namespace

TEST_CASE("build_mime: sender, recipients, date, Message-ID and body") {
    DemoShare d;
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:05:00"};
    OutgoingMail m = letter();
    m.to.push_back("buh@sibstroymontazh.ru");
    std::string id;
    const std::string raw = build_mime(d.share, m, &id);

    // The sender is [mail] from with the company's name, encoded as UTF-8 (RFC 2047).
    const std::string from = header(raw, "From");
    CHECK(from.rfind("=?UTF-8?b?", 0) == 0);
    CHECK(from.find("<sales@gefest.example>") != std::string::npos);
    CHECK(header(raw, "To").find("snab@sibstroymontazh.ru") != std::string::npos);
    CHECK(header(raw, "To").find("buh@sibstroymontazh.ru") != std::string::npos);
    CHECK(header(raw, "Subject").rfind("=?UTF-8?", 0) == 0);  // no raw 8-bit bytes in a header
    CHECK(header(raw, "Date").find("27 Nov 2026 10:05:00") != std::string::npos);
    CHECK(header(raw, "Message-Id") == "<" + id + ">");
    CHECK(id.size() > std::string("@gefest.example").size());
    CHECK(id.substr(id.size() - std::string("@gefest.example").size()) == "@gefest.example");  // the sender's domain
    CHECK(raw.find("multipart/mixed") != std::string::npos);
    for (size_t i = raw.find('\n'); i != std::string::npos; i = raw.find('\n', i + 1)) {
        REQUIRE(i > 0);
        CHECK(raw[i - 1] == '\r');  // CRLF throughout
    }

    ParsedMail p = parse_mail(raw, "x.eml");
    CHECK(p.subject == m.subject);
    CHECK(p.to == m.to);
    CHECK(p.text == m.body);
    CHECK(p.attachments.empty());

    // Two messages built at the same second still get different ids.
    std::string id2;
    build_mime(d.share, m, &id2);
    CHECK(id2 != id);
}

TEST_CASE("build_mime: the sender given, else [mail] from, else the company's e-mail; none is Error(config)") {
    DemoShare d;
    OutgoingMail m = letter();
    m.from = "petrov@gefest.example";
    m.from_name = "Petrov";
    std::string raw = build_mime(d.share, m);
    CHECK(header(raw, "From") == "Petrov <petrov@gefest.example>");

    d.edit_settings("email = \"sales@gefest.example\"", "email = \"office@gefest.example\"");  // [company] email
    CHECK(header(build_mime(d.share, letter()), "From").find("<sales@gefest.example>") != std::string::npos);  // [mail] from first
    Share no_mail_from = d.edit_settings("from = \"sales@gefest.example\"", "from = \"\"");
    CHECK(header(build_mime(no_mail_from, letter()), "From").find("<office@gefest.example>") != std::string::npos);

    Share none = d.edit_settings("email = \"office@gefest.example\"", "email = \"\"");
    auto f = failure_of([&] { build_mime(none, letter()); });
    CHECK(f.code == Errc::config);
    CHECK(f.file == none.settings_file().string());
    CHECK(f.message.find("[mail] from") != std::string::npos);

    m = letter();
    m.from = "sales at gefest";
    CHECK(failure_of([&] { build_mime(d.share, m); }).code == Errc::config);
}

TEST_CASE("build_mime: recipients and attachments are checked before anything is built") {
    DemoShare d;
    OutgoingMail m = letter();
    m.to.clear();
    auto f = failure_of([&] { build_mime(d.share, m); });
    CHECK(f.code == Errc::usage);
    CHECK(f.message == "a message needs at least one recipient");

    m.to = {"snab@sibstroymontazh.ru", "Сибстроймонтаж"};
    f = failure_of([&] { build_mime(d.share, m); });
    CHECK(f.code == Errc::usage);
    CHECK(f.message == "'Сибстроймонтаж' is not an e-mail address");

    m = letter();
    m.attachments = {{d.tmp / "Счет № 7.pdf", "", ""}};
    f = failure_of([&] { build_mime(d.share, m); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message.find("Счет № 7.pdf") != std::string::npos);
}

TEST_CASE("build_mime: attachments with their types and names, base64") {
    DemoShare d;
    fsio::write_atomic(d.tmp / "Счет № 7.PDF", std::string("%PDF-1.4\n\0\xff", 11));
    fsio::write_atomic(d.tmp / "rows.csv", "a;b\r\n");
    fsio::write_atomic(d.tmp / "data.bin", "x");
    fsio::write_atomic(d.tmp / "page.html", "<p>x</p>");
    OutgoingMail m = letter();
    m.attachments = {{d.tmp / "Счет № 7.PDF", "", ""},
                     {d.tmp / "rows.csv", "", ""},
                     {d.tmp / "data.bin", "", ""},
                     {d.tmp / "page.html", "Спецификация.html", ""},
                     {d.tmp / "data.bin", "data.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
    const std::string raw = build_mime(d.share, m);
    CHECK(raw.find("Content-Type: application/pdf") != std::string::npos);  // the extension in any case
    CHECK(raw.find("Content-Type: text/csv") != std::string::npos);
    CHECK(raw.find("Content-Type: application/octet-stream") != std::string::npos);
    CHECK(raw.find("Content-Type: text/html") != std::string::npos);
    CHECK(raw.find("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") != std::string::npos);
    CHECK(raw.find("Content-Transfer-Encoding: base64") != std::string::npos);
    CHECK(raw.find("%PDF") == std::string::npos);  // never raw bytes

    ParsedMail p = parse_mail(raw, "x.eml");
    CHECK(p.attachments == std::vector<std::string>{"Счет № 7.PDF", "rows.csv", "data.bin", "Спецификация.html", "data.xlsx"});
    CHECK(p.text == m.body);
}

TEST_CASE("send_mail: without a mail command the message is an .eml in the outbox") {
    DemoShare d;
    ScopedEnv now{"GEFEST_NOW", "2026-11-27T10:05:00"};
    fs::remove_all(outbox(d));  // made when missing
    MailSent a = send_mail(d.share, letter());
    MailSent b = send_mail(d.share, letter());
    CHECK(a.via == "outbox");
    CHECK(a.eml.parent_path() == outbox(d));
    CHECK(a.eml.filename().string().rfind("2026-11-27T10-05-00 ", 0) == 0);  // no ':' for Windows
    CHECK(a.eml != b.eml);  // one second, two messages, two files
    CHECK(eml_files(outbox(d)).size() == 2);
    const std::string raw = fsio::read_file(a.eml);
    CHECK(header(raw, "Message-Id") == "<" + a.message_id + ">");
    CHECK(parse_mail(raw, a.eml.string()).subject == letter().subject);
}

TEST_CASE("send_mail: the mail command gets the message on stdin; a failing one is Error(io) and nothing is left") {
    DemoShare d;
    const fs::path got = d.tmp / "got.eml", args = d.tmp / "args.txt";
    const fs::path sendmail = d.tmp / "sendmail";
    fsio::write_atomic(sendmail, "#!/bin/sh\necho \"$@\" > '" + args.string() + "'\ncat > '" + got.string() + "'\n");
    ::chmod(sendmail.c_str(), 0755);
    Share with_command = d.edit_settings("sendmail = \"\"", "sendmail = \"" + sendmail.string() + " -t  -oi\"");
    MailSent sent = send_mail(with_command, letter());
    CHECK(sent.via == "sendmail");
    CHECK(sent.eml.empty());
    CHECK_FALSE(sent.message_id.empty());
    CHECK(fsio::read_file(args) == "-t -oi\n");  // split on spaces, no shell
    const std::string raw = fsio::read_file(got);
    CHECK(header(raw, "Message-Id") == "<" + sent.message_id + ">");
    CHECK(parse_mail(raw, got.string()).text == letter().body);
    CHECK(eml_files(outbox(d)).empty());

    fsio::write_atomic(sendmail, "#!/bin/sh\ncat > /dev/null\nexit 75\n");
    ::chmod(sendmail.c_str(), 0755);
    auto f = failure_of([&] { send_mail(with_command, letter()); });
    CHECK(f.code == Errc::io);
    CHECK(f.message == "the mail command '" + sendmail.string() + " -t  -oi' failed (exit 75); nothing was sent");
    CHECK(eml_files(outbox(d)).empty());  // not quietly left in the outbox instead

    DemoShare d2;
    Share missing = d2.edit_settings("sendmail = \"\"", "sendmail = \"" + (d.tmp / "no-sendmail").string() + "\"");
    CHECK(failure_of([&] { send_mail(missing, letter()); }).code == Errc::io);
}

TEST_CASE("parse_mail: what is not a message is Error(data) naming the file") {
    auto f = failure_of([] { parse_mail("", "Исходящие/x.eml"); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == "Исходящие/x.eml");
}
