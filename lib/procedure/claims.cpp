// The claims register and the claim steps (claims.h).
#include "procedure/claims.h"

#include <algorithm>
#include <fmt/format.h>

#include "base/csv.h"
#include "base/error.h"
#include "base/i18n.h"
#include "formats/excel_cells.h"
#include "base/text.h"
#include "procedure/events/after_sales.h"
#include "procedure/order.h"

namespace gefest {

namespace {

bool claim_digits(const std::string& s) {
    return !s.empty() && s.size() <= 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const std::vector<std::string>& claims_columns() {
    static const std::vector<std::string> c = {"№", "Дата", "Заказ", "Клиент", "Текст", "Статус", "Решение", "Дата решения", "Кто решил"};
    return c;
}

std::string Claim::key() const { return fmt::format("{}-{}", year, number); }

void parse_claim_id(const std::string& id, int& year, std::int64_t& number) {
    auto dash = id.find('-');
    std::string y = dash == std::string::npos ? "" : id.substr(0, dash);
    std::string n = dash == std::string::npos ? "" : id.substr(dash + 1);
    if (y.size() != 4 || !claim_digits(y) || !claim_digits(n) || std::stoll(n) < 1)
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("claim id '{}' is not YEAR-NUMBER, e.g. 2026-3")), id));
    year = std::stoi(y);
    number = std::stoll(n);
}

std::vector<Claim> parse_claims(const std::string& text, const std::string& file, int year) {
    std::vector<Claim> out;
    if (text.empty()) return out;
    csv::Table t = csv::parse_guarded(text, file);
    std::vector<int> c;
    for (const auto& n : claims_columns()) {
        int i = t.column(n);
        if (i < 0) throw Error(Errc::data, fmt::format(fmt::runtime(tr("missing column '{}'")), n), file, 1);
        c.push_back(i);
    }
    for (const auto& row : t.rows) {
        Claim x;
        x.year = year;
        x.line = row.line;
        const std::string& n = row.cells[c[0]];
        if (!claim_digits(n))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("claim number '{}' is not a whole number")), n), file, row.line);
        x.number = std::stoll(n);
        if (std::any_of(out.begin(), out.end(), [&](const Claim& o) { return o.number == x.number; }))
            throw Error(Errc::data, fmt::format(fmt::runtime(tr("claim number {} occurs twice")), x.number), file, row.line);
        x.date = excel::iso_if_date(row.cells[c[1]]);
        x.order = excel::read_key(t.header[c[2]], row.cells[c[2]], file, row.line);
        x.client = row.cells[c[3]];
        x.text = row.cells[c[4]];
        x.status = row.cells[c[5]];
        if (x.status != claim_status::open && x.status != claim_status::resolved)
            throw Error(Errc::data,
                        fmt::format(fmt::runtime(tr("claim status '{}' is neither '{}' nor '{}'")), x.status, claim_status::open, claim_status::resolved),
                        file, row.line);
        x.decision = row.cells[c[6]];
        x.decided_at = row.cells[c[7]];
        x.decided_by = row.cells[c[8]];
        out.push_back(std::move(x));
    }
    return out;
}

std::string format_claims(const std::vector<Claim>& claims) {
    csv::Table t{claims_columns(), {}};
    for (const auto& x : claims)
        t.rows.push_back({{std::to_string(x.number), x.date, x.order, x.client, x.text,
                           x.status, x.decision, x.decided_at, x.decided_by},
                          0});
    return csv::write_guarded(t);
}

std::vector<Claim> load_claims(const Store& store, int year) {
    const RecordRef claims{Record::claims, year};
    return parse_claims(store.read(claims).content.value_or(""), store.where(claims), year);
}

std::string require_text(const std::string& text, const std::string& what) {
    std::string t = trimmed(text);
    if (t.empty()) throw Error(Errc::usage, fmt::format(fmt::runtime(tr("the {} is empty")), what));
    return t;
}

Claim create_claim(Store& store, Claim claim) {
    const RecordRef reg{Record::claims, claim.year};
    const std::string file = store.where(reg);
    // Read and check the register before claiming a number: a broken register is an
    // Error(data) with FILE:LINE and nothing is claimed.
    (void)load_claims(store, claim.year);
    NumberClaim num = store.claim_number("claim", claim.year, store.name(reg));
    claim.number = num.number();
    store.change(reg, [&](const Snapshot& s) -> std::optional<std::string> {
        auto claims = parse_claims(s.content.value_or(""), file, claim.year);
        if (std::any_of(claims.begin(), claims.end(), [&](const Claim& o) { return o.number == claim.number; }))
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("claim {} is already in '{}': run gefest check")), claim.key(), file));
        claims.push_back(claim);
        std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) { return a.number < b.number; });
        return format_claims(claims);
    });
    num.commit();
    return claim;
}

Claim resolve_claim(Store& store, int year, std::int64_t number, const std::string& decision, const std::string& login,
                    const std::string& at) {
    const RecordRef reg{Record::claims, year};
    const std::string file = store.where(reg);
    Claim result;
    store.change(reg, [&](const Snapshot& s) -> std::optional<std::string> {
        auto claims = parse_claims(s.content.value_or(""), file, year);
        auto it = std::find_if(claims.begin(), claims.end(), [&](const Claim& o) { return o.number == number; });
        if (it == claims.end()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no claim {}-{}")), year, number));
        if (!it->is_open())
            throw Error(Errc::state, fmt::format(fmt::runtime(tr("claim {} is already resolved by '{}' on {}")), it->key(), it->decided_by, it->decided_at));
        it->status = claim_status::resolved;
        it->decision = decision;
        it->decided_at = at;
        it->decided_by = login;
        result = *it;
        return format_claims(claims);
    });
    return result;
}

// --- the steps ------------------------------------------------------------------------------

Claim register_claim(Session& session, const ClaimNewOptions& opt) {
    session.writing();
    std::string text = require_text(opt.text, tr("claim text"));
    Order order = load_order(session.store(), opt.year ? opt.year : now().date.year, opt.order);
    DateTime t = now();
    Claim c;
    c.year = t.date.year;
    c.date = t.date.iso();
    c.order = order.key();
    c.client = order.client_name;
    c.text = text;
    c = create_claim(session.store(), c);
    session.record(events::make_event(events::ClaimNew{c.order, c.client, order.client_id, order.manager, c.text}, "claim:" + c.key()));
    return c;
}

std::vector<Claim> list_claims(Session& session, const ClaimListOptions& opt) {
    std::vector<Claim> out;
    for (auto& c : load_claims(session.store(), opt.year ? opt.year : now().date.year))
        if (!opt.open_only || c.is_open()) out.push_back(std::move(c));
    return out;
}

Claim decide_claim(Session& session, const ClaimResolveOptions& opt) {
    session.writing();
    int year = 0;
    std::int64_t number = 0;
    parse_claim_id(opt.id, year, number);
    std::string decision = require_text(opt.decision, tr("decision"));
    session.require_step("5.2.8");
    Claim c = resolve_claim(session.store(), year, number, decision, session.actor().login, now().iso());
    session.record(events::make_event(events::ClaimResolve{c.order, c.client, c.decision}, "claim:" + c.key()));
    return c;
}

}  // namespace gefest
