#include "render/render.h"

#include <doctest/doctest.h>

using namespace gefest;

TEST_CASE("HTML: one page; text escaped; numbers right-aligned; totals marked; a bar per chart value") {
    Table t{"rows", "Строки <1>", {{"a", "Имя & co", CellKind::text, 9}, {"m", "Сумма", CellKind::money, 9}}, {}, {}};
    t.rows.push_back({text_cell("<b>\"x\"</b>"), money_cell(Money{28500000})});
    t.totals.push_back({text_cell("Итого"), money_cell(Money{28500000})});
    const std::string html = render_html(Document{"t", "Отчет", "период", {t}, {{"c", "Выручка", true, {{"ООО", 150}, {"ИП", 0}}}}});
    CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"));
    CHECK(html.ends_with("</body>\n</html>\n"));
    CHECK(html.find("<h2>Строки &lt;1&gt;</h2>") != std::string::npos);
    CHECK(html.find("<th>Имя &amp; co</th>") != std::string::npos);
    CHECK(html.find("<tr><td>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</td><td class=\"n\">285 000,00</td></tr>") != std::string::npos);
    CHECK(html.find("<tr class=\"total\"><td>Итого</td>") != std::string::npos);
    CHECK(html.find("width=\"260\" height=\"18\"><title>ООО: 1,50</title>") != std::string::npos);
    CHECK(html.find("width=\"0\" height=\"18\"><title>ИП: 0,00</title>") != std::string::npos);
}
