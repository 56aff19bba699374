// The reports as Documents: which columns, in which order, with which Russian titles and
// labels; the rows of form 02-006-01 are made as they are written.
#include "render/report_render.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "base/csv.h"
#include "render/writer.h"

namespace gefest {

namespace {

// Whether the `n` bytes (below 16) at `a` and at `b` are the same: two loads of up to
// eight bytes each (overlapping), where a call of memcmp cost more than the comparing.
bool same_short(const char* a, const char* b, std::size_t n) {
    auto load = [](const char* p, auto word) {
        std::memcpy(&word, p, sizeof word);
        return word;
    };
    if (n >= 8) return load(a, std::uint64_t{}) == load(b, std::uint64_t{}) && load(a + n - 8, std::uint64_t{}) == load(b + n - 8, std::uint64_t{});
    if (n >= 4) return load(a, std::uint32_t{}) == load(b, std::uint32_t{}) && load(a + n - 4, std::uint32_t{}) == load(b + n - 4, std::uint32_t{});
    for (std::size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// The Russian label of a code; nullptr for a code without one. Looked up for four cells of
// each of a million rows: the codes it may be found by its first byte and its size (one
// at most but for "cancelled"/"confirmed"), then compared.
const std::string_view* known_label(std::string_view code) {
    static constexpr std::pair<std::string_view, std::string_view> labels[] = {
        {"new", "звонок, новый клиент"}, {"existing", "звонок"}, {"visit", "визит в офис"}, {"email", "e-mail"},
        {"request", "заявка"}, {"site", "заявка с сайта"}, {"cash", "заказ, наличный"}, {"noncash", "заказ, безналичный"},
        {"transferred", "передан менеджеру"}, {"received", "принято"}, {"application", "заявка"},
        {"confirmed", "подтвержден"}, {"paid", "оплачен"}, {"shipped", "отгружен"}, {"cancelled", "отменен"},
        {"inquiries", "обращения"}, {"orders", "заказы"}, {"inquiry", "обращение"}, {"order", "заказ"}};
    struct Index {
        std::array<std::uint32_t, 256> first{};  // first byte → the labels' bits
        std::array<std::uint32_t, 16> size{};    // size → the labels' bits
    };
    static constexpr Index index = [] {
        Index x;
        for (std::size_t i = 0; i < std::size(labels); ++i) {
            x.first[static_cast<unsigned char>(labels[i].first.front())] |= 1u << i;
            x.size[labels[i].first.size()] |= 1u << i;
        }
        return x;
    }();
    if (code.empty() || code.size() >= index.size.size()) return nullptr;
    for (std::uint32_t m = index.first[static_cast<unsigned char>(code.front())] & index.size[code.size()]; m != 0; m &= m - 1) {
        const auto& [c, l] = labels[std::countr_zero(m)];
        if (same_short(c.data(), code.data(), code.size())) return &l;  // of one size (index.size)
    }
    return nullptr;
}
// The label of a code, the code itself when it has none.
std::string_view label(std::string_view code) {
    const std::string_view* l = known_label(code);
    return l ? *l : code;
}
std::string_view status_label(std::string_view code) { return code == "new" ? "новый" : label(code); }

// `c` made text_cell(text, code) or another cell `v`, keeping the memory of its strings:
// a million rows are made into one vector of cells.
void set_text(Cell& c, std::string_view text, std::string_view code = {}) {
    c.kind = CellKind::text;
    c.text.assign(text);
    c.code.assign(code);
    c.number = 0;
    c.date = {};
    c.empty = false;
}
void set_value(Cell& c, const Cell& v) {
    c.kind = v.kind;
    c.text.clear();
    c.code.clear();
    c.number = v.number;
    c.date = v.date;
    c.empty = v.empty;
}

// The cells of a row of form 02-006-01, into `cells` (of the columns' width).
void fill_cells(const RequestRowView& row, std::vector<Cell>& cells) {
    cells.resize(14);
    set_value(cells[0], date_cell(DateTime::from_seconds(row.time).date));
    set_text(cells[1], label(row.kind), row.kind);
    set_text(cells[2], row.id);
    set_text(cells[3], label(row.channel), row.channel);
    set_value(cells[4], row.client ? int_cell(row.client) : empty_cell(CellKind::integer));
    set_text(cells[5], row.client_name);
    set_value(cells[6], bool_cell(row.new_client));
    set_text(cells[7], row.source);
    set_text(cells[8], row.manager);
    set_text(cells[9], row.asked);
    if (row.outcome.empty())
        set_text(cells[10], "");
    else
        set_text(cells[10], label(row.outcome), row.outcome);
    set_text(cells[11], row.order);
    set_value(cells[12], row.order.empty() ? empty_cell(CellKind::money) : money_cell(row.amount));
    if (row.status.empty())
        set_text(cells[13], "");
    else
        set_text(cells[13], status_label(row.status), row.status);
}

// The rows of form 02-006-01 written straight as CSV for Excel, byte for byte what
// csv_document writes of fill_cells' cells: what gefest makes (dates, numbers, yes/no, the
// labels of known codes) needs neither quoting nor neutralising and is appended as it is;
// every text from the journal goes through csv::append_cell as any text cell does.
class RequestsCsv {
public:
    void put(std::string& line, const RequestRowView& row) {
        date(line, row.time);
        code(line, row.kind);
        text(line, row.id);
        code(line, row.channel);
        line += ';';
        if (row.client) integer(line, row.client);
        text(line, row.client_name);
        line += row.new_client ? std::string_view(";да") : std::string_view(";нет");
        text(line, row.source);
        text(line, row.manager);
        text(line, row.asked);
        code(line, row.outcome);
        text(line, row.order);
        line += ';';
        if (!row.order.empty()) line += format_money(row.amount, ',', false);
        if (row.status == "new")
            line += std::string_view(";новый");  // status_label
        else
            code(line, row.status);
        line += std::string_view("\r\n");
    }

private:
    // The first cell: the day (Date::russian), made once a day.
    void date(std::string& line, std::int64_t seconds) {
        const std::int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
        if (day != day_ || day_text_.empty()) {
            day_ = day;
            day_text_ = DateTime::from_seconds(seconds).date.russian();
        }
        line += day_text_;
    }
    // The cell of a code (label): a known code's label (letters, spaces and commas:
    // nothing to quote or neutralise) as it is, any other code ("" too) as text.
    static void code(std::string& line, std::string_view code) {
        if (const std::string_view* known = known_label(code)) {
            line += ';';
            line += *known;
        } else {
            text(line, code);
        }
    }
    // A text cell: as it is when it plainly needs neither an apostrophe (its first byte is
    // none of csv::neutralize_formula's, nor a space) nor quotes (no ';', '"', CR or LF,
    // no space or tab at its end); anything else through csv::append_cell.
    static void text(std::string& line, std::string_view cell) {
        if (plain(cell)) {
            line += ';';
            line += cell;
        } else {
            csv::append_cell(line, cell, false, true);
        }
    }
    static bool plain(std::string_view cell) {
        static constexpr auto first_stops = [] {
            std::array<bool, 256> t{};
            for (unsigned char c : std::string_view("=+-@\t ")) t[c] = true;
            return t;
        }();
        if (cell.empty() || first_stops[static_cast<unsigned char>(cell.front())] || cell.back() == ' ' || cell.back() == '\t') return cell.empty();
        // Eight bytes at a time; the last eight overlapping, or a short cell padded with zeros.
        auto stop_in = [](const char* at, std::size_t n) {
            std::uint64_t w = 0;
            std::memcpy(&w, at, n);
            return has_byte(w, ';') || has_byte(w, '"') || has_byte(w, '\r') || has_byte(w, '\n');
        };
        if (cell.size() < 8) return !stop_in(cell.data(), cell.size());
        std::size_t i = 0;
        for (; i + 8 <= cell.size(); i += 8)
            if (stop_in(cell.data() + i, 8)) return false;
        return i == cell.size() || !stop_in(cell.data() + cell.size() - 8, 8);
    }
    // Whether one of the eight bytes of `w` is `b`.
    static bool has_byte(std::uint64_t w, unsigned char b) {
        constexpr std::uint64_t ones = 0x0101010101010101ull;
        const std::uint64_t x = w ^ (ones * b);
        return ((x - ones) & ~x & (ones << 7)) != 0;
    }
    static void integer(std::string& line, std::int64_t n) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
        line.append(digits, end);
    }

    std::int64_t day_ = 0;
    std::string day_text_;
};

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
    if (r.each_row) {  // streamed: made as they are read from the journal
        t.generated_rows = r.row_count;
        t.produce = [kept](const std::function<void(const std::vector<Cell>&)>& put) {
            std::vector<Cell> cells;
            kept->each_row([&](const RequestRowView& row) {
                fill_cells(row, cells);
                put(cells);
            });
        };
        t.csv_rows = [kept](Out& out) {
            RequestsCsv csv;
            kept->each_row([&](const RequestRowView& row) {
                csv.put(out.buffer(), row);
                out.spill();
            });
        };
    } else {
        t.generated_rows = r.rows.size();
        t.generate = [kept](std::size_t i) {
            std::vector<Cell> cells;
            fill_cells(kept->rows[i].view(), cells);
            return cells;
        };
        t.csv_rows = [kept](Out& out) {
            RequestsCsv csv;
            for (const auto& row : kept->rows) {
                csv.put(out.buffer(), row.view());
                out.spill();
            }
        };
    }
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
                          r.total.inquiries ? hundredths_cell(round_div(s.count * 10000, r.total.inquiries)) : empty_cell(CellKind::hundredths)});
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
        t.rows.push_back({text_cell(r.order), text_cell(r.client_name), text_cell(r.payment == "cash" ? "наличный" : r.payment == "noncash" ? "безналичный" : "", r.payment),
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

}  // namespace gefest
