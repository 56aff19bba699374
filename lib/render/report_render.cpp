#include "render/report_render.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

#include "base/csv.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"

namespace gefest {

namespace {

std::string label(const std::string& code) {
    static const std::map<std::string, std::string> labels = {
        {"new", "звонок, новый клиент"}, {"existing", "звонок"}, {"visit", "визит в офис"}, {"email", "e-mail"},
        {"request", "заявка"}, {"site", "заявка с сайта"}, {"cash", "заказ, наличный"}, {"noncash", "заказ, безналичный"},
        {"transferred", "передан менеджеру"}, {"received", "принято"}, {"application", "заявка"},
        {"confirmed", "подтвержден"}, {"paid", "оплачен"}, {"shipped", "отгружен"}, {"cancelled", "отменен"},
        {"inquiries", "обращения"}, {"orders", "заказы"}, {"inquiry", "обращение"}, {"order", "заказ"}};
    auto it = labels.find(code);
    return it == labels.end() ? code : it->second;
}
std::string status_label(const std::string& code) { return code == "new" ? "новый" : label(code); }
Cell status_cell(const std::string& code) { return code.empty() ? text_cell("") : text_cell(status_label(code), code); }

std::string percent_text(std::int64_t x100) { return format_money(Money{x100}, ',', false); }

size_t width_of(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

bool numeric(CellKind k) { return k == CellKind::integer || k == CellKind::money || k == CellKind::hundredths; }

// What a cell shows to people in text, HTML and (with the decimal comma) CSV.
std::string show(const Cell& c, bool group) {
    if (c.empty) return "";
    switch (c.kind) {
        case CellKind::integer: return std::to_string(c.number);
        case CellKind::money: return format_money(Money{c.number}, ',', group);
        case CellKind::hundredths: return percent_text(c.number);
        case CellKind::date: return c.date.russian();
        case CellKind::boolean: return c.number ? "да" : "нет";
        case CellKind::text: break;
    }
    return c.text;
}

nlohmann::json json_of(const Cell& c) {
    if (c.empty) return nullptr;
    switch (c.kind) {
        case CellKind::integer: return c.number;
        case CellKind::money: return format_plain(Money{c.number});
        case CellKind::hundredths: return format_plain(Money{c.number});
        case CellKind::date: return c.date.iso();
        case CellKind::boolean: return c.number != 0;
        case CellKind::text: break;
    }
    return c.code.empty() ? c.text : c.code;
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

Table source_table(const RequestsReport& r, bool conversion) {
    Table t{"by_source", "Итого по источникам рекламы", {}, {}, {}};
    t.columns = {{"source", "Реклама", CellKind::text, 28}, {"inquiries", "Обращений", CellKind::integer, 11},
                 {"new_clients", "Новых клиентов", CellKind::integer, 15}, {"orders", "Заказов", CellKind::integer, 9}};
    if (conversion) t.columns.push_back({"conversion", "Конверсия, %", CellKind::hundredths, 13});
    t.columns.push_back({"revenue", "Выручка", CellKind::money, 16});
    auto row = [&](const GroupTotals& g, const std::string& name) {
        std::vector<Cell> cells = {text_cell(name), int_cell(g.inquiries), int_cell(g.new_clients), int_cell(g.orders)};
        if (conversion) cells.push_back(hundredths_cell(g.conversion_bp()));
        cells.push_back(money_cell(g.revenue));
        return cells;
    };
    for (const auto& g : r.by_source) t.rows.push_back(row(g, g.name.empty() ? "(не указан)" : g.name));
    t.totals.push_back(row(r.total, "Итого"));
    return t;
}

Chart funnel_chart(const RequestsReport& r) {
    Chart c{"funnel", "Воронка: обращения → заказы → подтверждены → оплачены → отгружены", false, {}};
    for (const auto& s : funnel_of(r)) c.bars.emplace_back(s.stage == "confirmed" ? "подтверждены" : s.stage == "paid" ? "оплачены"
                                                           : s.stage == "shipped" ? "отгружены" : label(s.stage), s.count);
    return c;
}

std::string period_of(const RequestsReport& r) { return r.from.russian() + " — " + r.to.russian(); }

}  // namespace

void Table::for_each_row(const std::function<void(const std::vector<Cell>&, bool)>& visit) const {
    if (generate)
        for (std::size_t i = 0; i < generated_rows; ++i) visit(generate(i), false);
    else
        for (const auto& row : rows) visit(row, false);
    for (const auto& row : totals) visit(row, true);
}

Cell text_cell(std::string text, std::string code) { return Cell{CellKind::text, std::move(text), std::move(code)}; }
Cell int_cell(std::int64_t n) { Cell c{CellKind::integer}; c.number = n; return c; }
Cell money_cell(Money m) { Cell c{CellKind::money}; c.number = m.kopecks; return c; }
Cell hundredths_cell(std::int64_t x100) { Cell c{CellKind::hundredths}; c.number = x100; return c; }
Cell date_cell(const Date& d) { Cell c{CellKind::date}; c.date = d; return c; }
Cell bool_cell(bool b) { Cell c{CellKind::boolean}; c.number = b; return c; }
Cell empty_cell(CellKind kind) { Cell c{kind}; c.empty = true; return c; }

Document requests_document(RequestsReport report) {
    auto kept = std::make_shared<const RequestsReport>(std::move(report));
    const RequestsReport& r = *kept;
    Document d{"requests", "Отчет о заявках и заказах (форма 02-006-01)", period_of(r), {}, {}};
    Table t{"rows", "Заявки и заказы", {}, {}, {}};
    t.columns = {{"date", "Дата", CellKind::date, 11},          {"kind", "Вид", CellKind::text, 10},
                 {"id", "№", CellKind::text, 9},                 {"channel", "Канал", CellKind::text, 20},
                 {"client", "Код", CellKind::integer, 6},        {"client_name", "Клиент", CellKind::text, 32},
                 {"new_client", "Новый", CellKind::boolean, 7},  {"source", "Реклама", CellKind::text, 22},
                 {"manager", "Менеджер", CellKind::text, 11},    {"asked", "Запрошено", CellKind::text, 30},
                 {"outcome", "Результат", CellKind::text, 18},   {"order", "Заказ", CellKind::text, 9},
                 {"amount", "Сумма", CellKind::money, 15},       {"status", "Статус", CellKind::text, 12}};
    t.generated_rows = r.rows.size();
    t.generate = [kept](std::size_t i) {
        const RequestRow& row = kept->rows[i];
        return std::vector<Cell>{date_cell(row.time.date), text_cell(label(row.kind), row.kind), text_cell(row.id),
                                 text_cell(label(row.channel), row.channel), row.client ? int_cell(row.client) : empty_cell(CellKind::integer),
                                 text_cell(row.client_name), bool_cell(row.new_client), text_cell(row.source), text_cell(row.manager),
                                 text_cell(row.asked), row.outcome.empty() ? text_cell("") : text_cell(label(row.outcome), row.outcome),
                                 text_cell(row.order), row.order.empty() ? empty_cell(CellKind::money) : money_cell(row.amount),
                                 status_cell(row.status)};
    };
    d.tables.push_back(std::move(t));
    d.tables.push_back(source_table(r, false));
    Chart by_source{"inquiries_by_source", "Обращения по источникам рекламы", false, {}};
    for (const auto& g : r.by_source)
        if (g.inquiries) by_source.bars.emplace_back(g.name.empty() ? "(не указан)" : g.name, g.inquiries);
    Chart by_manager{"revenue_by_manager", "Выручка по менеджерам", true, {}};
    for (const auto& g : r.by_manager) by_manager.bars.emplace_back(g.name.empty() ? "(не назначен)" : g.name, g.revenue.kopecks);
    d.charts = {by_source, funnel_chart(r), by_manager};
    return d;
}

Document sources_document(const RequestsReport& r) {
    Document d{"sources", "Конверсия и выручка по источникам рекламы", period_of(r), {source_table(r, true)}, {}};
    Chart c{"revenue_by_source", "Выручка по источникам рекламы", true, {}};
    for (const auto& g : r.by_source) c.bars.emplace_back(g.name.empty() ? "(не указан)" : g.name, g.revenue.kopecks);
    d.charts.push_back(c);
    return d;
}

Document managers_document(const RequestsReport& r, const NameOf& name_of) {
    Document d{"managers", "Работа менеджеров", period_of(r), {}, {}};
    Table t{"by_manager", "По менеджерам", {}, {}, {}};
    t.columns = {{"manager", "Менеджер", CellKind::text, 11},         {"name", "ФИО", CellKind::text, 30},
                 {"inquiries", "Обращений", CellKind::integer, 11},   {"orders", "Заказов", CellKind::integer, 9},
                 {"confirmed", "Подтверждено", CellKind::integer, 13}, {"paid", "Оплачено", CellKind::integer, 10},
                 {"shipped", "Отгружено", CellKind::integer, 10},     {"cancelled", "Отменено", CellKind::integer, 10},
                 {"revenue", "Выручка", CellKind::money, 16},         {"avg_days", "Дней от обращения до заказа", CellKind::hundredths, 14},
                 {"days_to_invoice", "Дней до счета", CellKind::hundredths, 8}, {"days_to_payment", "Дней до оплаты", CellKind::hundredths, 8},
                 {"days_to_shipment", "Дней до отгрузки", CellKind::hundredths, 9}, {"surveys", "Оценок", CellKind::integer, 7},
                 {"avg_score", "Средняя оценка", CellKind::hundredths, 8}};
    auto days = [](const Interval& i) { return i.count ? hundredths_cell(i.avg_days_x100()) : empty_cell(CellKind::hundredths); };
    auto row = [&](const GroupTotals& g, const std::string& login, const std::string& name) {
        return std::vector<Cell>{text_cell(login), text_cell(name), int_cell(g.inquiries), int_cell(g.orders), int_cell(g.confirmed),
                                 int_cell(g.paid), int_cell(g.shipped), int_cell(g.cancelled), money_cell(g.revenue),
                                 g.lead_count ? hundredths_cell(g.avg_days_x100()) : empty_cell(CellKind::hundredths),
                                 days(g.to_invoice), days(g.to_payment), days(g.to_shipment), int_cell(g.surveys),
                                 g.surveys ? hundredths_cell(g.avg_score_x100()) : empty_cell(CellKind::hundredths)};
    };
    for (const auto& g : r.by_manager) t.rows.push_back(row(g, g.name, name_of ? name_of(g.name) : ""));
    t.totals.push_back(row(r.total, "Итого", ""));
    d.tables.push_back(std::move(t));
    Table s{"surveys_by_month", "Оценки клиентов по месяцам", {}, {}, {}};
    s.columns = {{"month", "Месяц", CellKind::text, 9}, {"surveys", "Оценок", CellKind::integer, 7},
                 {"avg_score", "Средняя оценка", CellKind::hundredths, 8}};
    auto survey_row = [](const GroupTotals& g, const std::string& name) {
        return std::vector<Cell>{text_cell(name), int_cell(g.surveys), g.surveys ? hundredths_cell(g.avg_score_x100()) : empty_cell(CellKind::hundredths)};
    };
    for (const auto& g : r.surveys_by_month) s.rows.push_back(survey_row(g, g.name));
    s.totals.push_back(survey_row(r.total, "Итого"));
    d.tables.push_back(std::move(s));
    Chart c{"revenue_by_manager", "Выручка по менеджерам", true, {}};
    for (const auto& g : r.by_manager) c.bars.emplace_back(g.name.empty() ? "(не назначен)" : g.name, g.revenue.kopecks);
    d.charts.push_back(c);
    return d;
}

Document funnel_document(const RequestsReport& r) {
    Document d{"funnel", "Воронка продаж", period_of(r), {}, {funnel_chart(r)}};
    Table t{"funnel", "Воронка", {{"stage", "Этап", CellKind::text, 16}, {"count", "Количество", CellKind::integer, 12},
                                  {"percent", "% от обращений", CellKind::hundredths, 15}}, {}, {}};
    const auto stages = funnel_of(r);
    for (size_t i = 0; i < stages.size(); ++i) {
        const auto& s = stages[i];
        t.rows.push_back({text_cell(d.charts[0].bars[i].first, s.stage), int_cell(s.count),
                          r.total.inquiries ? hundredths_cell(s.count * 10000 / r.total.inquiries) : empty_cell(CellKind::hundredths)});
    }
    d.tables.push_back(std::move(t));
    return d;
}

Document control_document(const std::vector<ControlRow>& rows, const DateTime& as_of, const std::string& todo_login) {
    Document d{todo_login.empty() ? "control" : "todo",
               todo_login.empty() ? "Контроль процесса (5.2.9): открытые заказы" : "Мои открытые шаги: " + todo_login,
               "на " + as_of.russian(), {}, {}};
    Table t{"open_steps", "Следующие шаги", {}, {}, {}};
    t.columns = {{"order", "Заказ", CellKind::text, 9},          {"client_name", "Клиент", CellKind::text, 30},
                 {"payment", "Оплата", CellKind::text, 12},     {"step", "Шаг", CellKind::text, 9},
                 {"step_name", "Что сделать", CellKind::text, 40}, {"owed_by", "За кем", CellKind::text, 16},
                 {"since", "С", CellKind::text, 17},            {"waiting_hours", "Ждет, ч", CellKind::integer, 9},
                 {"deadline_hours", "Срок, ч", CellKind::integer, 9}, {"overdue", "Просрочен", CellKind::boolean, 10}};
    std::int64_t overdue = 0;
    for (const auto& r : rows) {
        std::string owed;
        for (const auto& l : r.owed_by) owed += (owed.empty() ? "" : ", ") + l;
        if (owed.empty())
            for (const auto& role : r.roles) owed += (owed.empty() ? "" : ", ") + role;
        overdue += r.overdue();
        t.rows.push_back({text_cell(r.order), text_cell(r.client_name), text_cell(r.payment == "cash" ? "наличный" : "безналичный", r.payment),
                          text_cell(r.step), text_cell(r.step_name), text_cell(owed), text_cell(r.since.russian(), r.since.iso()),
                          int_cell(r.waiting_hours), r.deadline_hours ? int_cell(r.deadline_hours) : empty_cell(CellKind::integer),
                          bool_cell(r.overdue())});
    }
    t.totals.push_back({text_cell("Итого"), text_cell(fmt::format("открытых: {}, просрочено: {}", rows.size(), overdue)), text_cell(""),
                        text_cell(""), text_cell(""), text_cell(""), text_cell(""), empty_cell(CellKind::integer),
                        empty_cell(CellKind::integer), empty_cell(CellKind::boolean)});
    d.tables.push_back(std::move(t));
    return d;
}

const std::vector<std::string>& report_formats() {
    static const std::vector<std::string> f = {"text", "csv", "json", "xlsx", "html"};
    return f;
}

namespace {

// Rendered bytes on their way to a sink, handed over in pieces of about 64 KiB: the
// renderers call spill() after each row, so a long report is never one string.
class Out {
public:
    explicit Out(const ByteSink& sink) : sink_(sink) {}
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;
    template <class T>
    Out& operator+=(const T& text) {
        buf_ += text;
        return *this;
    }
    void spill() {
        if (buf_.size() >= 65536) flush();
    }
    void flush() {
        if (!buf_.empty()) sink_(buf_);
        buf_.clear();
    }

private:
    const ByteSink& sink_;
    std::string buf_;
};

void text_to(const Document& doc, Out& out);
void csv_to(const Document& doc, Out& out);
void json_to(const Document& doc, Out& out);
void html_to(const Document& doc, Out& out);

std::string collect(const Document& doc, void (*to)(const Document&, Out&)) {
    std::string all;
    ByteSink sink = [&](std::string_view piece) { all += piece; };
    Out out(sink);
    to(doc, out);
    out.flush();
    return all;
}

}  // namespace

void render_to(const Document& doc, const std::string& format, const ByteSink& sink) {
    void (*to)(const Document&, Out&) = format == "text" ? text_to : format == "csv" ? csv_to : format == "json" ? json_to : format == "html" ? html_to : nullptr;
    if (format == "xlsx") return sink(render_xlsx(doc));
    if (!to) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("unknown report format '{}': use text, csv, json, xlsx or html")), format));
    Out out(sink);
    to(doc, out);
    out.flush();
}

std::string render(const Document& doc, const std::string& format) {
    std::string all;
    render_to(doc, format, [&](std::string_view piece) { all += piece; });
    return all;
}

std::string render_text(const Document& doc) { return collect(doc, text_to); }
std::string render_csv(const Document& doc) { return collect(doc, csv_to); }
std::string render_json(const Document& doc) { return collect(doc, json_to); }
std::string render_html(const Document& doc) { return collect(doc, html_to); }

namespace {

void text_to(const Document& doc, Out& out) {
    out += doc.title + "\n" + doc.period + "\n";
    for (const auto& t : doc.tables) {
        out += "\n" + t.title + "\n";
        std::vector<size_t> w(t.columns.size());
        for (size_t c = 0; c < t.columns.size(); ++c) w[c] = width_of(t.columns[c].title);
        t.for_each_row([&](const std::vector<Cell>& row, bool) {
            for (size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], width_of(show(row[c], true)));
        });
        auto line = [&](const std::vector<std::string>& cells) {
            std::string s;
            for (size_t c = 0; c < cells.size(); ++c) {
                std::string pad(w[c] - width_of(cells[c]), ' ');
                s += (c ? "  " : "") + (numeric(t.columns[c].kind) ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
            }
            while (!s.empty() && s.back() == ' ') s.pop_back();
            return s + "\n";
        };
        std::vector<std::string> head;
        size_t total_w = 0;
        for (size_t c = 0; c < t.columns.size(); ++c) head.push_back(t.columns[c].title), total_w += w[c] + (c ? 2 : 0);
        out += line(head);
        std::string rule;
        for (size_t i = 0; i < total_w; ++i) rule += "-";
        out += rule + "\n";
        bool in_totals = false;
        if (t.row_count() == 0) out += "(нет)\n";
        t.for_each_row([&](const std::vector<Cell>& row, bool total) {
            if (total && !in_totals) out += rule + "\n";
            in_totals = total;
            std::vector<std::string> cells;
            for (const auto& c : row) cells.push_back(show(c, true));
            out += line(cells);
            out.spill();
        });
    }
}

void csv_to(const Document& doc, Out& out) {
    out += "\xEF\xBB\xBF";
    for (size_t i = 0; i < doc.tables.size(); ++i) {
        const Table& t = doc.tables[i];
        if (i) out += "\r\n";  // a blank line between sections
        std::vector<std::string> head;
        for (const auto& c : t.columns) head.push_back(c.title);
        out += csv::write_row(head);
        t.for_each_row([&](const std::vector<Cell>& row, bool) {
            std::vector<std::string> cells;
            // Numbers stay numbers ("285000,00": no group space, which Excel would
            // read as text); every text cell is neutralised against formulas.
            for (const auto& c : row) cells.push_back(c.kind == CellKind::text ? csv::neutralize_formula(c.text) : show(c, false));
            out += csv::write_row(cells);
            out.spill();
        });
    }
}

// Appends `value` as nlohmann's dump(2) prints it `depth` levels deep in a document.
void append_json(Out& out, const nlohmann::ordered_json& value, int depth) {
    const std::string indent(static_cast<size_t>(2 * depth), ' ');
    for (char ch : value.dump(2)) {
        out += ch;
        if (ch == '\n') out += indent;
    }
}

// The same text as building one ordered_json of the document and dump(2), but the rows
// of a table are written one at a time (a long table is never one JSON tree).
void json_to(const Document& doc, Out& out) {
    out += "{";
    bool first = true;
    auto member = [&](const std::string& key) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        out += nlohmann::ordered_json(key).dump() + ": ";
    };
    auto object_of = [](const Table& t, const std::vector<Cell>& row) {
        nlohmann::ordered_json o;
        for (size_t c = 0; c < row.size(); ++c) o[t.columns[c].key] = json_of(row[c]);
        return o;
    };
    member("report");
    append_json(out, doc.report, 1);
    member("title");
    append_json(out, doc.title, 1);
    member("period");
    append_json(out, doc.period, 1);
    for (const auto& t : doc.tables) {
        member(t.key);
        if (t.row_count() == 0) {
            out += "[]";
        } else {
            out += "[";
            bool first_row = true;
            t.for_each_row([&](const std::vector<Cell>& row, bool total) {
                if (total) return;
                out += first_row ? "\n    " : ",\n    ";
                first_row = false;
                append_json(out, object_of(t, row), 2);
                out.spill();
            });
            out += "\n  ]";
        }
        if (!t.totals.empty()) {
            nlohmann::ordered_json a = nlohmann::ordered_json::array();
            for (const auto& row : t.totals) a.push_back(object_of(t, row));
            member(t.key + "_totals");
            append_json(out, a, 1);
        }
    }
    if (!doc.charts.empty()) {
        nlohmann::ordered_json charts;
        for (const auto& c : doc.charts) {
            nlohmann::ordered_json a = nlohmann::ordered_json::array();
            for (const auto& [name, v] : c.bars)
                a.push_back({{"label", name}, {"value", c.money ? nlohmann::ordered_json(format_plain(Money{v})) : nlohmann::ordered_json(v)}});
            charts[c.key] = a;
        }
        member("charts");
        append_json(out, charts, 1);
    }
    out += "\n}\n";
}

void html_to(const Document& doc, Out& out) {
    out += "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(doc.title) + "</title>\n";
    out += "<style>\nbody{font-family:Arial,Helvetica,sans-serif;margin:24px;color:#222}\nh1{font-size:20px}h2{font-size:16px;margin-top:28px}\n"
           "table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #bbb;padding:3px 6px}th{background:#eef}\n"
           "td.n{text-align:right;white-space:nowrap}tr.total td{font-weight:bold;background:#f4f4f4}\n"
           ".charts{display:flex;flex-wrap:wrap;gap:24px}.bar{fill:#4a7bb7}.chart text{font-size:12px}\n</style>\n</head>\n<body>\n";
    out += "<h1>" + html_escape(doc.title) + "</h1>\n<p>" + html_escape(doc.period) + "</p>\n";
    if (!doc.charts.empty()) out += "<div class=\"charts\">\n";
    for (const auto& c : doc.charts) {
        std::int64_t max = 1;
        for (const auto& b : c.bars) max = std::max(max, b.second);
        const int row_h = 24, label_w = 180, bar_w = 260, h = static_cast<int>(c.bars.size()) * row_h + 10;
        out += fmt::format("<figure class=\"chart\" id=\"{}\">\n<figcaption>{}</figcaption>\n", c.key, html_escape(c.title));
        out += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">\n", label_w + bar_w + 110, h);
        for (size_t i = 0; i < c.bars.size(); ++i) {
            const auto& [name, v] = c.bars[i];
            const int y = static_cast<int>(i) * row_h + 5;
            const auto len = static_cast<int>(std::max<std::int64_t>(0, v) * bar_w / max);
            const std::string value = c.money ? format_money(Money{v}) : std::to_string(v);
            out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 6, y + 15, html_escape(name));
            out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {}</title></rect>", label_w, y,
                               len, row_h - 6, html_escape(name), value);
            out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", label_w + len + 6, y + 15, value);
        }
        out += "</svg>\n</figure>\n";
    }
    if (!doc.charts.empty()) out += "</div>\n";
    for (const auto& t : doc.tables) {
        out += "<h2>" + html_escape(t.title) + "</h2>\n<table>\n<tr>";
        for (const auto& c : t.columns) out += "<th>" + html_escape(c.title) + "</th>";
        out += "</tr>\n";
        t.for_each_row([&](const std::vector<Cell>& row, bool total) {
            out += total ? "<tr class=\"total\">" : "<tr>";
            for (const auto& c : row) out += (numeric(c.kind) ? "<td class=\"n\">" : "<td>") + html_escape(show(c, true)) + "</td>";
            out += "</tr>\n";
            out.spill();
        });
        out += "</table>\n";
    }
    out += "</body>\n</html>\n";
}

}  // namespace

std::string render_xlsx(const Document& doc) {
    namespace fs = std::filesystem;
    const fs::path tmp = fs::temp_directory_path() / ("gefest-report-" + fsio::random_token() + ".xlsx");
    lxw_workbook* wb = workbook_new(tmp.c_str());
    if (!wb) throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to create the workbook '{}'")), tmp.string()));
    lxw_doc_properties props{};
    std::string title = doc.title;
    props.title = title.data();
    props.created = static_cast<time_t>(now().seconds());  // GEFEST_NOW makes the file reproducible
    workbook_set_properties(wb, &props);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Отчет");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDE4F0);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    // Format codes are stored in Excel's neutral syntax; Excel ru-RU shows "#,##0.00"
    // as «285 000,00».
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    lxw_format* money_bold = workbook_add_format(wb);
    format_set_num_format(money_bold, "#,##0.00");
    format_set_bold(money_bold);
    lxw_format* dec = workbook_add_format(wb);
    format_set_num_format(dec, "0.00");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd.mm.yyyy");

    // A sheet holds 1 048 576 rows; libxlsxwriter drops what is past them without
    // failing, and a report must never lose a line silently.
    std::size_t needed = 2;
    for (const auto& t : doc.tables) needed += 3 + t.row_count() + t.totals.size();
    if (needed > LXW_ROW_MAX) {
        workbook_close(wb);
        ::unlink(tmp.c_str());
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("the report needs {} rows, more than an XLSX sheet holds ({}): use --format csv or a shorter period")),
                                             needed, LXW_ROW_MAX));
    }
    lxw_row_t r = 0;
    worksheet_write_string(ws, r++, 0, doc.title.c_str(), bold);
    worksheet_write_string(ws, r++, 0, doc.period.c_str(), nullptr);
    std::vector<int> widths;
    for (const auto& t : doc.tables) {
        ++r;
        worksheet_write_string(ws, r++, 0, t.title.c_str(), bold);
        for (size_t c = 0; c < t.columns.size(); ++c) {
            worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), t.columns[c].title.c_str(), head);
            if (widths.size() <= c) widths.resize(c + 1, 0);
            widths[c] = std::max(widths[c], t.columns[c].width);
        }
        ++r;
        t.for_each_row([&](const std::vector<Cell>& row, bool total) {
            for (size_t c = 0; c < row.size(); ++c) {
                const Cell& x = row[c];
                const auto col = static_cast<lxw_col_t>(c);
                if (x.empty) continue;
                switch (x.kind) {
                    case CellKind::integer: worksheet_write_number(ws, r, col, static_cast<double>(x.number), total ? bold : nullptr); break;
                    case CellKind::money: worksheet_write_number(ws, r, col, static_cast<double>(x.number) / 100.0, total ? money_bold : money); break;
                    case CellKind::hundredths: worksheet_write_number(ws, r, col, static_cast<double>(x.number) / 100.0, dec); break;
                    case CellKind::date: {
                        lxw_datetime dt{x.date.year, x.date.month, x.date.day, 0, 0, 0};
                        worksheet_write_datetime(ws, r, col, &dt, date);
                        break;
                    }
                    case CellKind::boolean: worksheet_write_string(ws, r, col, x.number ? "да" : "нет", nullptr); break;
                    case CellKind::text: worksheet_write_string(ws, r, col, x.text.c_str(), total ? bold : nullptr); break;
                }
            }
            ++r;
        });
    }
    for (size_t c = 0; c < widths.size(); ++c) worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        ::unlink(tmp.c_str());
        throw Error(Errc::io, fmt::format(fmt::runtime(tr("unable to write the workbook: {}")), lxw_strerror(err)));
    }
    std::string bytes = fsio::read_file(tmp);
    ::unlink(tmp.c_str());
    return bytes;
}

}  // namespace gefest
