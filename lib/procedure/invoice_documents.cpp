// The documents of an order's invoice (lib/procedure/invoice.h, from "issuing" on): the
// values every template gets, the requisites check, issuing the invoice and making the
// contract (5.2.3.4) into the order's folder, and the e-mail that sends them (5.2.3.5).
#include "procedure/invoice.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "documents/documents.h"
#include "formats/requisites.h"
#include "formats/words.h"
#include "procedure/clients.h"
#include "procedure/contract_parties.h"
#include "procedure/tax.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string vat_label(int percent, bool included) {
    if (percent < 0) return "Без налога (НДС)";
    return included ? fmt::format("В том числе НДС {}%:", percent) : fmt::format("НДС {}%:", percent);
}

std::string vat_text(int percent, bool included, Money amount) {
    if (percent < 0) return "Без налога (НДС).";
    return included ? fmt::format("В том числе НДС {}% — {} руб.", percent, format_money(amount))
                    : fmt::format("Кроме того НДС {}% — {} руб.", percent, format_money(amount));
}

// "г. Тюмень" from "625000, г. Тюмень, ул. …" ("" if the address names no town).
std::string city_of(const std::string& address) {
    size_t p = address.find("г. ");
    if (p == std::string::npos) return "";
    size_t e = address.find(',', p);
    return address.substr(p, e == std::string::npos ? std::string::npos : e - p);
}

// The parts that are not empty, joined with ", ": a line of requisites.
std::string requisites_line(std::vector<std::string> parts) {
    std::erase(parts, std::string());
    return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

json document_data(const Settings& s, const Order& order, const Client& client, const InvoiceAmounts& a, const Invoice* inv,
                   int payment_days) {
    const BankAccount bank = s.accounts.empty() ? BankAccount{} : s.accounts.front();
    json company = {{"name", s.company_name},
                    {"legal_form", s.legal_form},
                    {"inn", s.inn},
                    {"kpp", s.kpp},
                    {"ogrn", s.ogrn},
                    {"address", s.address},
                    {"city", city_of(s.address)},
                    {"phone", s.phone},
                    {"email", s.email},
                    {"director", s.director},
                    {"accountant", s.accountant},
                    {"bank", bank.bank},
                    {"bik", bank.bik},
                    {"corr_account", bank.corr_account},
                    {"account", bank.account}};
    company["requisites"] = requisites_line({s.company_name, s.inn.empty() ? "" : "ИНН " + s.inn, s.kpp.empty() ? "" : "КПП " + s.kpp, s.address,
                                           s.phone.empty() ? "" : "тел.: " + s.phone});
    std::string inn_kpp = requisites_line({client.inn.empty() ? "" : "ИНН " + client.inn, client.kpp.empty() ? "" : "КПП " + client.kpp});
    const std::string phones = fmt::format("{}", fmt::join(client.phones, ", "));
    json cl = {{"name", client.name},       {"inn", client.inn},  {"kpp", client.kpp}, {"inn_kpp", inn_kpp},
               {"address", client.address}, {"phone", phones},    {"email", client.email},
               {"contact", client.contact}, {"requisites", requisites_line({client.name, inn_kpp, client.address})}};
    json invoice = {{"number", ""}, {"date", ""}, {"date_long", ""}, {"due", ""}, {"due_long", ""}};
    if (inv) {
        invoice = {{"number", std::to_string(inv->number)},
                   {"date", Date::parse(inv->date, "date").russian()},
                   {"date_long", russian_long_date(inv->date)},
                   {"due", Date::parse(inv->due, "date").russian()},
                   {"due_long", russian_long_date(inv->due)}};
    }
    json contract = {{"number", order.contract_number}, {"date", ""}, {"date_long", ""}, {"payment_days", std::to_string(payment_days)}};
    if (!order.contract_date.empty()) {
        contract["date"] = Date::parse(order.contract_date, "date").russian();
        contract["date_long"] = russian_long_date(order.contract_date);
    }
    contract["delivery"] = order.promised.empty() ? std::string("по согласованию сторон после оплаты")
                                                  : "до " + Date::parse(order.promised, "date").russian();
    std::string basis = order.contract_number.empty()
                            ? fmt::format("Заказ № {} от {}", order.number, Date::parse(order.date, "date").russian())
                            : fmt::format("Договор № {} от {}", order.contract_number, contract["date"].get<std::string>());
    json lines = json::array();
    for (const auto& l : a.lines)
        lines.push_back({{"n", std::to_string(l.n)},
                         {"sku", l.sku},
                         {"name", l.name},
                         {"qty", std::to_string(l.qty)},
                         {"unit", l.unit},
                         {"price", format_money(l.price)},
                         {"sum", format_money(l.sum)},
                         {"vat_rate", l.vat_percent < 0 ? std::string("без НДС") : std::to_string(l.vat_percent) + "%"},
                         {"vat", l.vat_percent < 0 ? std::string("-") : format_money(l.vat)}});
    json vat_lines = json::array();
    for (const auto& v : a.vat_lines)
        vat_lines.push_back({{"label", vat_label(v.percent, a.vat_included)},
                             {"amount", v.percent < 0 ? std::string("-") : format_money(v.amount)},
                             {"text", vat_text(v.percent, a.vat_included, v.amount)}});
    json totals = {{"sum", format_money(a.sum)},
                   {"vat", format_money(a.vat)},
                   {"total", format_money(a.total)},
                   {"count", std::to_string(a.lines.size())},
                   {"words", amount_in_words(a.total)}};
    json order_j = {{"key", order.key()},
                    {"number", std::to_string(order.number)},
                    {"date", Date::parse(order.date, "date").russian()},
                    {"promised", order.promised.empty() ? "" : Date::parse(order.promised, "date").russian()}};
    // The signatories are the contract's (make_contract fills them in); here blanks.
    return {{"company", company}, {"client", cl},       {"invoice", invoice}, {"basis", basis},         {"contract", contract},
            {"order", order_j},   {"lines", lines},     {"totals", totals},   {"vat_lines", vat_lines},
            {"company_signatory", signatory_data({})},  {"client_signatory", signatory_data({})}};
}

void check_invoice_requisites(const Settings& s, const std::string& settings_file, const Order& order, const std::string& client_inn,
                              const std::string& client_kpp) {
    auto company = [&](const char* field, const std::string& value, const std::string& reason) {
        if (reason.empty()) return;
        throw Error(Errc::config, fmt::format(fmt::runtime(tr("{} '{}': {}")), field, value, reason), settings_file, 0);
    };
    company("[company] inn", s.inn, requisites::check_inn(s.inn));
    if (s.inn.size() == 10) company("[company] kpp", s.kpp, requisites::check_kpp(s.kpp));
    if (s.accounts.empty()) throw Error(Errc::config, tr("no [[bank_account]]: an invoice needs the company's bank account"), settings_file, 0);
    const BankAccount& b = s.accounts.front();
    company("[[bank_account]] bik", b.bik, requisites::check_bik(b.bik));
    company("[[bank_account]] corr_account", b.corr_account, requisites::check_corr_account(b.corr_account, b.bik));
    company("[[bank_account]] account", b.account, requisites::check_account(b.account, b.bik));
    auto client = [&](const char* field, const std::string& value, const std::string& reason) {
        if (reason.empty()) return;
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("client {} '{}': {} '{}': {}")), order.client_id, order.client_name, field, value, reason));
    };
    if (!client_inn.empty()) client("ИНН", client_inn, requisites::check_inn(client_inn));
    if (!client_kpp.empty()) client("КПП", client_kpp, requisites::check_kpp(client_kpp));
}

namespace {

// A document dated before its order or into another VAT period than its siblings
// (document_date_problem) needs a reason, which the caller journals.
void check_document_date(const Settings& s, const Order& order, const std::string& what, const std::string& date,
                         const std::vector<DatedDocument>& siblings, const std::string& reason) {
    const std::string why = document_date_problem(s, date, order.key(), order.date, siblings);
    if (why.empty() || reason.find_first_not_of(" \t") != std::string::npos) return;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("--date: the {} dated {}; if that is right, say why with --reason")), what, why));
}

// The order's documents folder: files people open, print and attach.
fs::path order_dir(const Store& store, int year, std::int64_t number) { return store.documents_folder({Record::order, year, number}); }

Client client_of(Store& store, const Order& order) { return ClientLookup(store).require(order.client_id); }

void check_issuable(const Order& o) {
    if (o.payment != Payment::noncash)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is paid in cash: it gets no invoice (gefest order cash {})")), o.key(), o.number));
    if (o.status == order_status::cancelled) throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is cancelled")), o.key()));
    if (!o.invoice.empty()) throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} already has invoice {}")), o.key(), o.invoice));
    const OrderStep* s = o.step("5.2.3.3");
    if (!s || !s->done())
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is not entered into 1C yet (step 5.2.3.3): gefest order export-1c {}")), o.key(),
                                             o.number));
    const OrderStep* send = o.step("5.2.3.5");
    if (send && send->done()) throw Error(Errc::state, fmt::format(fmt::runtime(tr("step 5.2.3.5 of order {} is already done")), o.key()));
}

// Removes what a failed command wrote (best effort: the error being thrown matters more).
struct Cleanup {
    std::vector<fs::path> files;
    bool armed = true;
    ~Cleanup() {
        if (!armed) return;
        for (const auto& f : files) {
            std::error_code ec;
            fs::remove(f, ec);
        }
    }
};

void write_new(const fs::path& file, const std::string& content, Cleanup& cleanup) {
    if (!fsio::create_exclusive(file, content))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' already exists: move it away or run gefest check")), file.string()));
    cleanup.files.push_back(file);
}

}  // namespace

IssuedInvoice issue_invoice(Session& session, int order_year, std::int64_t order_number, const IssueOptions& opt) {
    const Share& share = session.share();
    Store& store = session.store();
    const Settings& s = share.settings();
    Order order = load_order(store, order_year, order_number);
    session.require_order_step("5.2.3.5", "", order.manager, order.key());
    check_issuable(order);
    Invoice inv;
    inv.date = opt.date.empty() ? now().date.iso() : Date::parse(opt.date, "--date").iso();
    if (opt.due_days < 0 || opt.due_days > 365)
        throw Error(Errc::usage, fmt::format(fmt::runtime(tr("--due-days must be 0 to 365, not {}")), opt.due_days));
    inv.due = Date::parse(inv.date, "date").plus_days(opt.due_days).iso();
    inv.year = Date::parse(inv.date, "date").year;
    inv.order = order.key();
    std::vector<DatedDocument> siblings;
    if (!order.contract_date.empty())
        siblings.push_back({fmt::format(fmt::runtime(tr("contract {}")), order.contract_number), order.contract_date});
    check_document_date(s, order, tr("invoice"), inv.date, siblings, opt.date_reason);
    Client client = client_of(store, order);
    require_legal_entity_inn(client);
    check_invoice_requisites(s, share.settings_file().string(), order, client.inn, client.kpp);
    IssuedInvoice out;
    out.amounts = invoice_amounts(s, order, inv.date);
    inv.client = client.name;
    inv.client_inn = client.inn;
    inv.total = out.amounts.total;
    inv.vat = out.amounts.vat;
    inv.status = invoice_status::issued;
    // The template is checked before a number is taken: a bad one changes nothing.
    inv.number = 0;
    render_share_template(share, template_name::invoice, document_data(s, order, client, out.amounts, &inv, opt.due_days));
    fs::path dir = order_dir(store, order_year, order_number);
    const RecordRef reg{Record::invoices, inv.year};
    const std::string reg_file = store.where(reg);

    // The order's lock decides who issues its invoice: set `invoice` first, and claim the
    // number only then, under that lock, so a second issue of the same order (another PC
    // at the same moment) is refused before it takes a number it would have to give up.
    std::optional<NumberClaim> claim;
    change_order(session, order_year, order_number, [&](Order& o) {
        check_issuable(o);
        if (!claim) claim.emplace(store.claim_number("invoice", inv.year, order.key()));  // once, if the change is retried
        inv.number = claim->number();
        o.invoice = inv.key();
    });
    Cleanup cleanup;
    try {
        order.invoice = inv.key();
        std::string html = render_share_template(share, template_name::invoice, document_data(s, order, client, out.amounts, &inv, opt.due_days));
        const std::string stem = invoice_file_stem(inv.number, inv.date);
        write_new(dir / (stem + ".html"), html, cleanup);
        store.created_document(dir / (stem + ".html"));  // the journal rows come after us
        out.files.push_back(dir / (stem + ".html"));
        fs::path pdf = dir / (stem + ".pdf");
        out.pdf_note = make_pdf(share, dir / (stem + ".html"), pdf);
        if (out.pdf_note.empty()) {
            store.created_document(pdf);
            cleanup.files.push_back(pdf);
            out.files.push_back(pdf);
        }
        std::vector<Invoice> rows;
        auto add = [&](const Snapshot& snap) -> std::optional<std::string> {
            rows = parse_invoice_register(snap.content.value_or(""), reg_file, inv.year);
            if (std::any_of(rows.begin(), rows.end(), [&](const Invoice& i) { return i.number == inv.number; }))
                throw Error(Errc::state, fmt::format(fmt::runtime(tr("invoice {} is already in '{}': run gefest check")), inv.key(), reg_file));
            rows.push_back(inv);
            return format_invoice_register(rows);
        };
        store.change_indexed(reg, add, [&](const IndexEmit& emit) { invoice_index_rows(rows, emit); });
    } catch (...) {
        try {
            change_order(session, order_year, order_number, [&](Order& o) {
                if (o.invoice == inv.key()) o.invoice.clear();
            });
        } catch (...) {
        }
        throw;
    }
    claim->commit();
    cleanup.armed = false;
    out.invoice = inv;
    return out;
}

std::vector<fs::path> invoice_documents(const Store& store, const Invoice& invoice) {
    auto [oy, on] = invoice.order_ref();
    fs::path dir = order_dir(store, oy, on);
    std::vector<fs::path> out;
    const std::string stem = invoice_file_stem(invoice.number, invoice.date);
    std::vector<std::string> stems = {stem};
    Order o = load_order(store, oy, on);
    if (!o.contract_number.empty()) {
        stems.push_back(contract_file_stem(o.contract_number, o.contract_date));
        stems.push_back(specification_file_stem(o.contract_number));
    }
    for (const auto& st : stems)
        for (const char* ext : {".html", ".pdf"})
            if (fsio::exists(dir / (st + ext))) out.push_back(dir / (st + ext));
    return out;
}

// --- contract (5.2.3.4) ----------------------------------------------------------------------

namespace {

// The order's client and the names of the base's columns its signatory may be in, from
// the client base's index (a few kilobytes); from the base itself only while the index is
// one made before it kept the names.
ClientLookup::WithColumns client_with_columns(Store& store, std::int64_t id) {
    if (auto found = ClientLookup(store).require_with_columns(id)) return std::move(*found);
    const ClientBase base = load_clients(store);
    return {require_client(base, id), base.extra_columns()};
}

}  // namespace

ContractMade make_contract(Session& session, int order_year, std::int64_t order_number, const std::string& date, const std::string& login,
                           const std::string& date_reason) {
    const Share& share = session.share();
    Store& store = session.store();
    const Settings& s = share.settings();
    Order order = load_order(store, order_year, order_number);
    if (order.payment != Payment::noncash)
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is paid in cash: it needs no contract")), order.key()));
    order_can_do(order, "5.2.3.4");
    ContractMade out;
    out.date = date.empty() ? now().date.iso() : Date::parse(date, "--date").iso();
    out.number = order.key();
    std::vector<DatedDocument> siblings;
    if (!order.invoice.empty()) {
        auto [iy, in] = parse_invoice_key(order.invoice, order.year);
        siblings.push_back({fmt::format(fmt::runtime(tr("invoice {}")), order.invoice), load_invoice(store, iy, in).date});
    }
    check_document_date(s, order, tr("contract"), out.date, siblings, date_reason);
    const ClientLookup::WithColumns found = client_with_columns(store, order.client_id);
    const Client& client = found.client;
    require_legal_entity_inn(client);
    check_invoice_requisites(s, share.settings_file().string(), order, client.inn, client.kpp);
    order.contract_number = out.number;
    order.contract_date = out.date;
    const int payment_days = 5;
    InvoiceAmounts amounts = invoice_amounts(s, order, out.date);
    json data = document_data(s, order, client, amounts, nullptr, payment_days);
    data["company_signatory"] = signatory_data(company_signatory(share));
    data["client_signatory"] = signatory_data(client_signatory(found.extra_columns, client));
    std::string contract = render_share_template(share, template_name::contract, data);
    std::string spec = render_share_template(share, template_name::specification, data);
    fs::path dir = order_dir(store, order_year, order_number);
    Cleanup cleanup;
    std::vector<std::string> notes;
    for (const auto& [stem, text] : {std::pair{contract_file_stem(out.number, out.date), contract}, std::pair{specification_file_stem(out.number), spec}}) {
        fs::path html = dir / (stem + ".html");
        fsio::write_atomic(html, text);
        cleanup.files.push_back(html);
        out.files.push_back(html);
        fs::path pdf = dir / (stem + ".pdf");
        std::string note = make_pdf(share, html, pdf);
        if (note.empty()) {
            cleanup.files.push_back(pdf);
            out.files.push_back(pdf);
        } else {
            out.pdf_note = note;
        }
    }
    change_order(session, order_year, order_number, [&](Order& o) {
        order_can_do(o, "5.2.3.4");
        o.contract_number = out.number;
        o.contract_date = out.date;
        mark_step_done(o, "5.2.3.4", login, now().iso(), fmt::format("Договор № {} от {}", out.number, Date::parse(out.date, "date").russian()));
    });
    cleanup.armed = false;
    return out;
}

// --- sending ------------------------------------------------------------------------------------

OutgoingMail invoice_mail(Session& session, const Invoice& inv, const std::string& to) {
    Store& store = session.store();
    auto [oy, on] = inv.order_ref();
    Order o = load_order(store, oy, on);
    OutgoingMail m;
    if (!to.empty()) {
        m.to.push_back(to);
    } else {
        Client c = client_of(store, o);
        m.to = c.emails();
        if (m.to.empty())
            throw Error(Errc::usage, fmt::format(fmt::runtime(tr("client {} '{}' has no e-mail: give --to EMAIL")), c.id, c.name));
    }
    const Settings& s = session.settings();
    const std::string stem = invoice_file_stem(inv.number, inv.date);
    m.subject = fmt::format("Счет на оплату № {} от {} — {}", inv.number, Date::parse(inv.date, "date").russian(), s.company_name);
    m.body = fmt::format(
        "Здравствуйте!\n\nНаправляем счет на оплату № {} от {} на сумму {} руб. по заказу № {}.\n"
        "Счет действителен к оплате до {}.{}\n\nС уважением,\n{}\n{}\n",
        inv.number, Date::parse(inv.date, "date").russian(), format_money(inv.total), o.number, Date::parse(inv.due, "date").russian(),
        o.contract_number.empty() ? "" : "\nДоговор и спецификация — во вложении: подпишите, пожалуйста, и верните скан.", s.company_name,
        s.phone);
    for (const auto& f : invoice_documents(store, inv)) m.attachments.push_back({f, "", ""});
    if (m.attachments.empty() || m.attachments.front().file.stem().string() != stem)
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("the document of invoice {} ('{}.html') is missing from the order's folder")), inv.key(), stem));
    return m;
}

void check_can_send(const Store& store, const Invoice& inv) {
    if (inv.status == invoice_status::cancelled) throw Error(Errc::state, fmt::format(fmt::runtime(tr("invoice {} is cancelled")), inv.key()));
    auto [oy, on] = inv.order_ref();
    order_can_do(load_order(store, oy, on), "5.2.3.5");
}

void mark_invoice_sent(Session& session, const Invoice& inv, const std::string& login, const std::string& at, const std::string& note) {
    auto [oy, on] = inv.order_ref();
    change_order(session, oy, on, [&](Order& o) {
        order_can_do(o, "5.2.3.5");
        mark_step_done(o, "5.2.3.5", login, at, note);
    });
    change_invoice(session.store(), inv.year, inv.number, [&](Invoice& i) {
        if (i.status == invoice_status::issued) i.status = invoice_status::sent;
    });
}

}  // namespace gefest
