// documents: rendering the share's templates (every value HTML-escaped, every name
// checked against the data, mistakes at the template's line), reading them from the
// share, writing the defaults, dates in words, and running the PDF converter.
// (The first escaping and placeholder cases are in tests/unit/procedure/invoice_test.cpp.)
#include "documents/documents.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "base/error.h"
#include "failure.h"
#include "store/fsio.h"
#include "demo_share.h"

using namespace gefest;
namespace fs = std::filesystem;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;
using json = nlohmann::json;

namespace {

const std::string tpl = "Шаблоны/Счет.html.mustache";

std::string render(const std::string& text, const json& data) { return render_template(text, data, tpl); }

fs::path templates(const DemoShare& d) { return d.at(d.share.settings().templates); }

// The share again, its gefest.toml the demo's with `[documents]` and `lines` at the end.
Share with_documents(const DemoShare& d, const std::string& lines) {
    fsio::write_atomic(d.share.settings_file(), fsio::read_file(GEFEST_DATA "/demo/gefest.toml") + "\n[documents]\n" + lines + "\n");
    return Share::open(d.root);
}

// An executable shell script `name` in `dir`: a stand-in for a PDF converter.
fs::path script(const fs::path& dir, const std::string& name, const std::string& body) {
    fs::path p = dir / name;
    fsio::write_atomic(p, "#!/bin/sh\n" + body + "\n");
    ::chmod(p.c_str(), 0755);
    return p;
}

}  // namespace

TEST_CASE("render_template: every kind of value is HTML-escaped text") {
    const json data = {{"s", "a&b <c> \"d\" 'e'"}, {"n", 5}, {"x", 1.5}, {"yes", true}, {"no", false}, {"nothing", nullptr}};
    CHECK(render("{{s}}", data) == "a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;");
    CHECK(render("{{n}}|{{x}}", data) == "5|1.5");
    CHECK(render("{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}}", data) == "Y");
    CHECK(render("{{#no}}Y{{/no}}{{^no}}N{{/no}}", data) == "N");
    CHECK(render("{{#nothing}}Y{{/nothing}}{{^nothing}}N{{/nothing}}", data) == "N");  // null is false
    CHECK(render("без тегов\n", data) == "без тегов\n");
}

TEST_CASE("render_template: sections over objects and lists see their own and the outer names") {
    const json data = {{"company", {{"name", "ООО «Гефест»"}, {"bank", {{"bik", "047102651"}}}}},
                       {"lines", {{{"n", "1"}, {"name", "Котел"}}, {{"n", "2"}, {"name", "Дымоход"}}}},
                       {"names", {"а", "б"}},
                       {"flag", "да"}};
    CHECK(render("{{#company}}{{name}}, {{bank.bik}}{{/company}}", data) == "ООО «Гефест», 047102651");
    CHECK(render("{{company.bank.bik}}", data) == "047102651");
    CHECK(render("{{#lines}}{{n}}. {{name}} ({{company.name}}); {{/lines}}", data) == "1. Котел (ООО «Гефест»); 2. Дымоход (ООО «Гефест»); ");
    CHECK(render("{{#names}}[{{.}}]{{/names}}", data) == "[а][б]");
    CHECK(render("{{#flag}}{{company.name}}{{/flag}}", data) == "ООО «Гефест»");  // a string section keeps the context
    CHECK(render("{{ company.name }}", data) == "ООО «Гефест»");                   // spaces inside the tag

    // A name of an element is not visible outside its section, nor a deeper name half-way.
    auto f = failure_of([&] { render("{{#lines}}{{n}}{{/lines}}\n{{name}}", data); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 2);
    CHECK(f.message == "unknown placeholder 'name'");
    f = failure_of([&] { render("{{company.bank.swift}}", data); });
    CHECK(f.message == "unknown placeholder 'company.bank.swift'");
    f = failure_of([&] { render("\n\n{{^lines}}{{none}}{{/lines}}", data); });  // an inverted section checks its names too
    CHECK(f.line == 3);
    CHECK(f.message == "unknown placeholder 'none'");
}

TEST_CASE("render_template: malformed templates are Error(data) naming the template and the line") {
    const json data = {{"a", "1"}, {"list", json::array({{{"b", "2"}}})}};
    struct Case {
        std::string text;
        int line;
        std::string message_start;
    };
    const std::vector<Case> cases = {
        {"<p>\n{{{a}}}</p>", 2, "unescaped placeholder '{{{a}}}'"},
        {"<p>\n\n{{& a}}</p>", 3, "unescaped placeholder '{{& a}}'"},
        {"{{> header}}", 1, "partial 'header' is not supported"},
        {"x\n{{=<% %>=}}", 2, "changing the delimiters"},
        {"{{#list}}\n{{/a}}", 2, "'{{/a}}' closes a section that is not open"},
        {"{{/list}}", 1, "'{{/list}}' closes a section that is not open"},
        {"x\n{{}}", 2, "empty tag '{{}}'"},
        {"x\ny\n{{a", 3, "'{{' without a closing '}}'"},
        {"{{#list}}{{b}}", 0, "section '{{#list}}' is not closed"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto f = failure_of([&] { render(c.text, data); });
        CHECK(f.code == Errc::data);
        CHECK(f.file == tpl);
        CHECK(f.line == c.line);
        CHECK(f.message.rfind(c.message_start, 0) == 0);
    }
    // A comment may name what the data lacks.
    CHECK(render("{{! client.name }}ok", data) == "ok");
}

TEST_CASE("render_share_template: reads the share's template folder; a missing template is Error(not_found)") {
    DemoShare d;
    fsio::write_atomic(templates(d) / "Письмо.html.mustache", "<p>{{client.name}}</p>\n");
    CHECK(render_share_template(d.share, "Письмо.html.mustache", {{"client", {{"name", "ООО «Ромашка» & К"}}}}) ==
          "<p>ООО «Ромашка» &amp; К</p>\n");

    // An error in the share's template names the file on the share.
    fsio::write_atomic(templates(d) / "Письмо.html.mustache", "<p>\n{{client.nmae}}</p>\n");
    auto f = failure_of([&] { render_share_template(d.share, "Письмо.html.mustache", {{"client", {{"name", "x"}}}}); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == (templates(d) / "Письмо.html.mustache").string());
    CHECK(f.line == 2);

    fs::remove(templates(d) / template_name::invoice);
    f = failure_of([&] { render_share_template(d.share, template_name::invoice, json::object()); });
    CHECK(f.code == Errc::not_found);
    CHECK(f.message.find((templates(d) / template_name::invoice).string()) != std::string::npos);
    CHECK(f.message.find("gefest init") != std::string::npos);
}

TEST_CASE("write_default_templates: writes every default into a new folder and keeps edited ones") {
    testing::TempFolder tmp;
    const fs::path dir = tmp / "Отдел продаж" / "Шаблоны";
    write_default_templates(dir);
    const auto& names = default_template_names();
    REQUIRE(names.size() == 7);  // with the УПД (issue 15)
    CHECK(names[0] == template_name::invoice);
    for (const auto& n : names) {
        CAPTURE(n);
        CHECK(fsio::read_file(dir / n) == default_template(n));
    }
    fsio::write_atomic(dir / template_name::invoice, "<p>наш счет</p>");
    fs::remove(dir / template_name::contract);
    write_default_templates(dir);
    CHECK(fsio::read_file(dir / template_name::invoice) == "<p>наш счет</p>");  // the company's edit stays
    CHECK(fsio::read_file(dir / template_name::contract) == default_template(template_name::contract));
    CHECK(default_template("Нет такого.html.mustache").empty());
}

TEST_CASE("russian_long_date: the day, the month in the genitive, the year") {
    CHECK(russian_long_date("2026-11-27") == "27 ноября 2026 г.");
    CHECK(russian_long_date("2026-12-01") == "1 декабря 2026 г.");
    CHECK(russian_long_date("2027-01-09") == "9 января 2027 г.");
    CHECK(russian_long_date("2026-05-31") == "31 мая 2026 г.");
    CHECK(russian_long_date("27.11.2026") == "27 ноября 2026 г.");  // Date::parse takes the Russian spelling too
    CHECK(failure_of([] { russian_long_date("вчера"); }).code == Errc::data);
    CHECK(failure_of([] { russian_long_date("2026-02-30"); }).code == Errc::data);
}

TEST_CASE("run_program: the exit code, stdin fed, no shell, -1 when it cannot run") {
    testing::TempFolder tmp;
    CHECK(run_program({"sh", "-c", "exit 3"}, nullptr) == 3);
    CHECK(run_program({"true"}, nullptr) == 0);
    const std::string input = "строка 1\nстрока 2\n";
    const fs::path out = tmp / "out.txt";
    CHECK(run_program({"sh", "-c", "cat > \"$0\"", out.string()}, &input) == 0);
    CHECK(fsio::read_file(out) == input);
    CHECK(run_program({"sh", "-c", "read x; test -z \"$x\""}, nullptr) == 0);  // no input: /dev/null
    CHECK(run_program({"echo $HOME; exit 0"}, nullptr) == -1);                   // not a shell line
    CHECK(run_program({(tmp / "no such program").string()}, nullptr) == -1);
    CHECK(run_program({"sh", "-c", "kill -9 $$"}, nullptr) == -1);               // died by a signal
    CHECK(run_program({}, nullptr) == -1);
}

TEST_CASE("pdf_setting and make_pdf: off, a command line, a failing converter") {
    DemoShare d;
    CHECK(pdf_setting(d.share) == "auto");  // no [documents]
    // No shell: a space in a path stays inside one argument.
    const fs::path html = d.tmp / "Счет № 1.html", pdf = d.tmp / "Счет № 1.pdf";
    fsio::write_atomic(html, "<html>счет</html>");

    Share off = with_documents(d, "pdf = \"off\"");
    CHECK(pdf_setting(off) == "off");
    CHECK(make_pdf(off, html, pdf) == "pdf = off");
    CHECK_FALSE(fs::exists(pdf));
    CHECK(pdf_setting(with_documents(d, "pdf = \"\"")) == "auto");

    // A command line gets the HTML and the PDF paths appended.
    const fs::path good = script(d.tmp.path(), "to-pdf", "test \"$1\" = \"--a4\" && cp \"$2\" \"$3\"");
    Share cmd = with_documents(d, "pdf = \"" + good.string() + " --a4\"");
    CHECK(pdf_setting(cmd) == good.string() + " --a4");
    CHECK(make_pdf(cmd, html, pdf) == "");
    CHECK(fsio::read_file(pdf) == "<html>счет</html>");

    // A converter that fails, or makes an empty file, leaves no PDF (not even an old one) and says why.
    const fs::path bad = script(d.tmp.path(), "bad-pdf", ": > \"$2\"; exit 2");
    CHECK(make_pdf(with_documents(d, "pdf = \"" + bad.string() + "\""), html, pdf) ==
          "the PDF converter '" + bad.string() + "' failed (exit 2)");
    CHECK_FALSE(fs::exists(pdf));
    const fs::path empty = script(d.tmp.path(), "empty-pdf", ": > \"$2\"");
    CHECK(make_pdf(with_documents(d, "pdf = \"" + empty.string() + "\""), html, pdf) ==
          "the PDF converter '" + empty.string() + "' failed (exit 0)");
    CHECK_FALSE(fs::exists(pdf));

    Share wrong = with_documents(d, "\npdf = false");
    auto f = failure_of([&] { pdf_setting(wrong); });
    CHECK(f.code == Errc::data);
    CHECK(f.file == wrong.settings_file().string());
    const std::string text = fsio::read_file(wrong.settings_file());
    CHECK(f.line == std::count(text.begin(), text.end(), '\n'));  // the last line
    CHECK(f.message == "'pdf' must be a string in quotes");
}
