// Debts and payment reminders (payment_reminders.h).
#include "procedure/payment_reminders.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/encoding.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/toml_util.h"
#include "procedure/events/invoices.h"
#include "procedure/order.h"
#include "procedure/payments.h"
#include "store/fsio.h"

namespace gefest {

namespace remind_level = events::remind_level;

PaymentSettings load_payment_settings(const Share& share) {
    PaymentSettings ps;
    auto file = share.settings_file().string();
    auto t = tomlu::parse(fsio::read_file(share.settings_file()), file);
    const toml::table* p = t["payments"].as_table();
    if (!p) return ps;
    if (auto v = tomlu::opt_int(*p, "remind_after_days", file)) ps.remind_after_days = static_cast<int>(*v);
    if (auto v = tomlu::opt_int(*p, "escalate_after_days", file)) ps.escalate_after_days = static_cast<int>(*v);
    if (auto v = tomlu::opt_string(*p, "client_template", file)) ps.client_template = *v;
    if (ps.remind_after_days < 0 || ps.escalate_after_days < ps.remind_after_days)
        throw Error(Errc::config,
                    fmt::format(fmt::runtime(tr("[payments] escalate_after_days ({}) must not be below remind_after_days ({}), neither below 0")),
                                ps.escalate_after_days, ps.remind_after_days),
                    file, tomlu::line_of(*p));
    return ps;
}

std::vector<DebtRow> invoice_debts(const Store& store, const Settings& share_settings, Date today, bool overdue_only, int year) {
    std::vector<int> years = year ? std::vector<int>{year} : std::vector<int>{today.year - 1, today.year};
    auto invoices = load_invoices_of(store, years);
    apply_register(invoices, load_payments(store));
    std::map<std::string, OrderIndexRow> orders;
    for (int y : std::set<int>{years.front() - 1, years.front(), today.year})  // an order may be older than its invoice
        for (auto& r : load_order_index(store, share_settings, y)) orders[fmt::format("{}-{}", y, r.number)] = r;
    std::vector<DebtRow> out;
    for (auto& inv : invoices) {
        if (inv.status == invoice_status::cancelled || invoice_balance(inv) == Money{}) continue;
        DebtRow d;
        d.balance = invoice_balance(inv);
        Date due;
        if (Date::try_parse(inv.due, due) && due < today) d.days_overdue = static_cast<int>(today.days() - due.days());
        if (overdue_only && d.days_overdue == 0) continue;
        if (auto it = orders.find(inv.order); it != orders.end()) {
            d.manager = it->second.manager;
            d.next_step = it->second.next_step;
            const std::string& id = it->second.client_id;
            std::int64_t n = 0;
            if (std::from_chars(id.data(), id.data() + id.size(), n).ec == std::errc{}) d.client_id = n;
        }
        d.invoice = std::move(inv);
        out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const DebtRow& a, const DebtRow& b) {
        if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
        return std::make_pair(a.invoice.year, a.invoice.number) < std::make_pair(b.invoice.year, b.invoice.number);
    });
    return out;
}

std::vector<Reminder> due_reminders(const Store& store, const std::vector<DebtRow>& debts, const PaymentSettings& s, int min_days) {
    std::vector<Reminder> out;
    int first = std::max({min_days, s.remind_after_days, 1});
    for (const auto& d : debts) {
        std::vector<std::string> levels;
        if (d.days_overdue >= first) {
            levels.push_back(remind_level::manager);
            if (!s.client_template.empty()) levels.push_back(remind_level::client);
        }
        if (d.days_overdue >= std::max(first, s.escalate_after_days)) levels.push_back(remind_level::owner);
        for (const auto& level : levels) {
            Reminder r{d, level, d.invoice.key() + "|" + level};
            bool sent = store.has_key("reminder", r.key) ||
                        (level == remind_level::owner && store.has_key("reminder", d.invoice.key() + "|" + remind_level::owner_before));
            if (!sent) out.push_back(std::move(r));
        }
    }
    return out;
}

bool claim_reminder(Store& store, const Reminder& r, const std::string& note) { return store.keep_key("reminder", r.key, r.key + " " + note); }

void release_reminder(Store& store, const Reminder& r) { store.forget_key("reminder", r.key); }

std::string client_reminder_text(const Share& share, const PaymentSettings& s, const DebtRow& d, Date today) {
    auto path = share.at(s.client_template);
    std::string text = encoding::decode_text(fsio::read_file(path));
    Date date, due;
    Date::try_parse(d.invoice.date, date);
    Date::try_parse(d.invoice.due, due);
    const std::vector<std::pair<std::string, std::string>> subst = {
        {"{invoice}", std::to_string(d.invoice.number)}, {"{date}", date.russian()},           {"{total}", format_money(d.invoice.total)},
        {"{balance}", format_money(d.balance)},           {"{due}", due.russian()},             {"{days}", std::to_string(d.days_overdue)},
        {"{client}", d.invoice.client},                   {"{company}", share.settings().company_name}, {"{today}", today.russian()}};
    for (const auto& [k, v] : subst)
        for (size_t pos = text.find(k); pos != std::string::npos; pos = text.find(k, pos + v.size())) text.replace(pos, k.size(), v);
    return text;
}

OutgoingMail reminder_mail(const Share& share, const PaymentSettings& settings, const Reminder& r, Date today, std::vector<std::string> to) {
    const DebtRow& d = r.debt;
    OutgoingMail m;
    m.to = std::move(to);
    if (r.level == remind_level::client) {
        m.subject = fmt::format("Напоминание об оплате счета № {}", d.invoice.number);
        m.body = client_reminder_text(share, settings, d, today);
        return m;
    }
    m.subject = fmt::format("Просрочена оплата счета {} ({}): {} дн.", d.invoice.key(), d.invoice.client, d.days_overdue);
    m.body = fmt::format("Счет № {} от {}, {}: к оплате {} руб., оплачено {}, остаток {}.\nСрок оплаты {}, просрочка {} дн.\n"
                         "Заказ {}, менеджер {}.\n",
                         d.invoice.number, Date::parse(d.invoice.date, "date").russian(), d.invoice.client, format_money(d.invoice.total),
                         format_money(d.invoice.paid), format_money(d.balance), Date::parse(d.invoice.due, "date").russian(), d.days_overdue,
                         d.invoice.order, d.manager);
    return m;
}

}  // namespace gefest
