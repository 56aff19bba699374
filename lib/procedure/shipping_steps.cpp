// The steps of shipping on a session (shipping_steps.h).
#include "procedure/shipping_steps.h"

#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/error.h"
#include "base/i18n.h"
#include "documents/documents.h"
#include "procedure/cash_order.h"
#include "procedure/clients.h"
#include "procedure/events/orders.h"
#include "procedure/invoice.h"
#include "procedure/payment_steps.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

Order load(Session& session, std::int64_t number, int year) {
    return load_order(session.store(), year ? year : now().date.year, number);
}

// A journal row of the order's step or shipment; every one carries the status after it.
template <typename Row>
void record(Session& session, const Order& o, Row row) {
    row.status = o.status;
    session.record(events::make_event(row, "order:" + o.key()));
}

// The step is the actor's and may be done now (check_shipping_step).
Order check_step(Session& session, std::int64_t number, int year, const std::string& step, bool override_unpaid = false) {
    session.writing();
    session.require_step(step);
    Order o = load(session, number, year);
    session.require_order_step(step, "", o.manager, o.key());
    check_shipping_step(o, step, override_unpaid);
    return o;
}

void mark(Order& x, const std::string& step, const std::string& who, const std::string& at, const std::string& note) {
    shipping_can_do(x, step);
    mark_step_done(x, step, who, at, note);
}

QueueEntry entry_of(const Order& o, const std::string& code, const std::string& task, const std::string& to) {
    QueueEntry e;
    e.date = now().date.iso();
    e.order = o.key();
    e.client = o.client_name;
    e.items = items_summary(o, remaining_quantities(o));
    e.task = task;
    e.to = to;
    e.key = o.key() + "/" + code;
    return e;
}

// Writes documents already rendered ({file name, HTML}: render every template first, so
// a missing or broken one changes nothing) into the order's folder; each HTML gets a PDF
// beside it when the converter ([documents] pdf in gefest.toml) makes one. Returns the
// file names written, for the queue.
std::vector<std::string> write_documents(Session& session, const Order& o, const std::vector<std::pair<std::string, std::string>>& docs) {
    std::vector<std::string> made;
    for (const auto& [name, html] : docs) {
        fs::path file = write_order_document(session.store(), o, name, html);
        made.push_back(file.filename().string());
        fs::path pdf = fs::path(file).replace_extension(".pdf");
        if (make_pdf(session.share(), file, pdf).empty()) made.push_back(pdf.filename().string());
    }
    return made;
}

// The shipping document's template text: the share's own, or (a share made before the
// УПД existed) the built-in default, so an old share ships with the УПД without init.
std::string shipping_template(const Share& share, const std::string& name, const nlohmann::json& data) {
    const fs::path file = share.at(share.settings().templates) / name;
    if (name == template_name::upd && !fsio::exists(file)) return render_template(default_template(name), data, file.string());
    return render_share_template(share, name, data);
}

// The documents that go with the goods (ship docs, and ship notify for a cash order): the
// packing list and the shipping document gefest.toml chooses (УПД or ТОРГ-12) dated
// `date`, with the figures of the order's invoice when it has one. The shipping document's
// number is claimed here; the caller names it on the order and then commits the claim.
struct ShippingPapers {
    std::vector<std::pair<std::string, std::string>> docs;  ///< packing list, then the shipping document
    NumberClaim claim;
    std::string number;  ///< "YEAR-N"
    bool upd = true;
};

ShippingPapers shipping_papers(Session& session, const Order& o, const std::string& date) {
    const Share& share = session.share();
    Store& store = session.store();
    ShippingForm form{shipping_document(share), 0, date};
    const bool upd = form.kind == ShippingDocument::upd;
    const std::string kind = upd ? "upd" : "torg12", tmpl = upd ? template_name::upd : template_name::consignment_note;
    // The order's invoice decides the VAT rate of the document (shipping.h consignment_note_data):
    // its figures are the invoice's.
    std::optional<Invoice> invoice;
    if (!o.invoice.empty()) {
        auto [iy, in] = parse_invoice_key(o.invoice, o.year);
        invoice = load_invoice(store, iy, in);
    }
    const Client client = ClientLookup(store).require(o.client_id);
    const Invoice* inv = invoice ? &*invoice : nullptr;
    // Both documents render before a number is claimed: a bad template changes nothing.
    std::string packing_html = render_share_template(share, template_name::packing_list, packing_list_data(o, share.settings()));
    shipping_template(share, tmpl, shipping_form_data(o, share.settings(), client, form, inv));
    const int year = Date::parse(date, "date").year;
    NumberClaim claim = store.claim_number(kind, year, o.key());
    form.number = claim.number();
    const std::string day = Date::parse(date, "date").russian();
    const std::string packing = fmt::format("Упаковочный лист {}.html", o.key());
    const std::string note = fmt::format("{} № {} от {}.html", upd ? "УПД" : "Товарная накладная", form.number, day);
    std::string note_html = shipping_template(share, tmpl, shipping_form_data(o, share.settings(), client, form, inv));
    return {{{packing, packing_html}, {note, note_html}}, std::move(claim), fmt::format("{}-{}", year, form.number), upd};
}

}  // namespace

void check_shipping_step(const Order& o, const std::string& step, bool override_unpaid) {
    const OrderStep* paid = o.step("5.2.4.3");
    if (step == "5.2.4.4" && paid && !paid->done() && o.unpaid_override.empty() && !override_unpaid && o.status != order_status::cancelled) {
        Order copy = o;
        mark_step_done(copy, "5.2.4.3", "-", "-");
        order_can_do(copy, step);  // an earlier step missing is said first
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is not paid (step 5.2.4.3 is not done); the head of sales may ship it unpaid: "
                                                              "gefest ship order {} --override-unpaid --reason T")),
                                             o.key(), o.number));
    }
    if (!override_unpaid) shipping_can_do(o, step);
}

ShipNotifyResult ship_notify(Session& session, const ShipNotifyOptions& opt) {
    Order o = check_step(session, opt.order, opt.year, "5.2.4.1");
    DateTime at;
    if (opt.arrival.size() != 16 || !DateTime::try_parse(opt.arrival, at))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("arrival '{}' is not \"YYYY-MM-DD HH:MM\"")), opt.arrival));
    const Share& share = session.share();
    load_queue(session.store());  // a broken queue stops us before the first write
    o.arrival = fmt::format("{} {:02}:{:02}", at.date.iso(), at.hour, at.minute);
    const std::string doc = fmt::format("Лист подбора {}.html", o.key());
    std::string html = render_share_template(share, template_name::pick_list, pick_list_data(o, share.settings(), load_reservations(session.store())));
    // The client who comes gets the shipping documents of the non-cash path (ship docs):
    // the packing list and the consignment note, dated the day they come.
    ShippingPapers papers = shipping_papers(session, o, at.date.iso());
    auto docs = papers.docs;
    docs.insert(docs.begin(), std::pair{doc, html});
    auto made = write_documents(session, o, docs);
    QueueEntry e = entry_of(o, "выдача", fmt::format("Выдать клиенту (самовывоз, {} расчет)", payment_name(o.payment)), "Склад ГП");
    e.date = at.date.iso();
    e.time = fmt::format("{:02}:{:02}", at.hour, at.minute);
    e.documents = fmt::format("{}", fmt::join(made, "; "));
    queue_put(session.store(), e);
    const std::string who = session.actor().login, now_at = now().iso(), arrival = o.arrival;
    o = change_order(session, o.year, o.number, [&](Order& x) {
        mark(x, "5.2.4.1", who, now_at, "приезд " + at.russian());
        x.arrival = arrival;
        (papers.upd ? x.upd : x.torg12) = papers.number;
    });
    papers.claim.commit();  // the order names it now
    events::OrderStep row;
    row.step = "5.2.4.1";
    row.arrival = o.arrival;
    row.document = doc;
    row.documents = made;
    record(session, o, row);
    return {o, at, doc};
}

ShipWaybillResult ship_waybill(Session& session, const ShipWaybillOptions& opt) {
    session.writing();
    Order o = load(session, opt.order, opt.year);
    const std::string step = waybill_step(o);
    session.require_step(step);
    session.require_order_step(step, "", o.manager, o.key());
    shipping_can_do(o, step);
    Shipment s{opt.waybill, opt.date, session.actor().login, now().iso(), shipment_lines(o, opt.items)};
    Order trial = o;
    record_shipment(trial, s);  // every check before the first write
    require_cash_received(o);   // a cash order is paid before its goods leave
    bool closed = false;
    o = change_order(session, o.year, o.number, [&](Order& x) {
        shipping_can_do(x, step);
        s.lines = shipment_lines(x, opt.items);
        closed = record_shipment(x, s);
    });
    std::vector<events::StockLine> stock;
    for (const auto& t : release_shipped_stock(session.store(), o, s.lines)) stock.push_back({t.sku, t.warehouse, t.qty});
    std::vector<events::ShippedLine> lines;
    for (const auto& l : s.lines) lines.push_back({l.line, l.sku, l.qty});
    ShipWaybillResult out{o, s.waybill, closed, ""};
    if (closed) {
        release_order_stock(session.store(), o.key());
        queue_close_order(session.store(), o.key());
        events::OrderStep row;
        row.step = step;
        row.waybill = s.waybill;
        row.date = o.shipments.back().date;
        row.lines = lines;
        row.stock = stock;
        record(session, o, row);
    } else {
        record(session, o, events::OrderShipment{s.waybill, o.shipments.back().date, lines, "", stock});
        out.still_to_ship = items_summary(o, remaining_quantities(o));
    }
    return out;
}

ShipOrderResult ship_order(Session& session, const ShipOrderOptions& opt) {
    if (!opt.override_unpaid && !opt.reason.empty()) throw Error(Errc::usage, tr("--reason goes with --override-unpaid"));
    {
        // A paid invoice is a fact whatever came first: an order whose payment came
        // before an earlier step (and was left unmarked) is paid, not stuck.
        session.writing();
        session.require_step("5.2.4.4");
        Order found = load(session, opt.order, opt.year);
        session.require_order_step("5.2.4.4", "", found.manager, found.key());
        mark_paid_if_found(session, found);
    }
    Order o = check_step(session, opt.order, opt.year, "5.2.4.4", opt.override_unpaid);
    if (opt.override_unpaid) {
        session.require_order_step("5.2.4.4", "override_unpaid", o.manager, o.key());
        if (opt.reason.find_first_not_of(" \t") == std::string::npos) throw Error(Errc::usage, tr("--override-unpaid needs --reason saying why"));
    }
    const std::string who = session.actor().login, at = now().iso();
    auto apply = [&](Order& x) {
        const OrderStep* paid = x.step("5.2.4.3");
        if (opt.override_unpaid && paid && !paid->done()) {
            x.unpaid_override = opt.reason;
            x.unpaid_override_by = who;
            x.unpaid_override_at = at;
        }
        mark(x, "5.2.4.4", who, at, x.unpaid_override.empty() ? "" : "без оплаты: " + x.unpaid_override);
    };
    Order trial = o;
    apply(trial);
    o = change_order(session, o.year, o.number, apply);
    if (!o.unpaid_override.empty() && o.unpaid_override_at == at) record(session, o, events::OrderOverrideUnpaid{o.unpaid_override, ""});
    queue_put(session.store(), entry_of(o, "отгрузка", "Подготовить к отгрузке (заказ на отгрузку)", "Склад ГП"));
    events::OrderStep row;
    row.step = "5.2.4.4";
    row.unpaid_override = o.unpaid_override;
    record(session, o, row);
    return {o, !o.unpaid_override.empty()};
}

ShipCarrierResult ship_carrier(Session& session, const ShipCarrierOptions& opt) {
    Order o = opt.dry_run ? load(session, opt.order, opt.year) : check_step(session, opt.order, opt.year, "5.2.4.5");
    Carriers carriers = load_carriers(session.store());
    const Client client = ClientLookup(session.store()).require(o.client_id);
    Destination to{client.city, client.address, carrier_named_in(carriers, client.notes)};
    ShipCarrierResult out{o, client.city, choose_carrier(carriers, to, opt.choose, session.store().where({Record::carriers})), false};
    if (opt.dry_run) return out;
    const std::string who = session.actor().login, at = now().iso(), name = out.choice.chosen, told = out.choice.told;
    out.order = change_order(session, o.year, o.number, [&](Order& x) {
        mark(x, "5.2.4.5", who, at, "ТК " + name);
        x.carrier = name;
        x.carrier_note = told;
    });
    events::OrderStep row;
    row.step = "5.2.4.5";
    row.carrier = name;
    row.told = told;
    record(session, out.order, row);
    out.recorded = true;
    return out;
}

ShipDocsResult ship_docs(Session& session, const ShipDocsOptions& opt) {
    Order o = check_step(session, opt.order, opt.year, "5.2.4.6");
    Store& store = session.store();
    load_queue(store);  // a broken queue stops us before the first write
    ShippingPapers papers = shipping_papers(session, o, now().date.iso());
    const std::string packing = papers.docs[0].first, note = papers.docs[1].first;
    auto made = write_documents(session, o, papers.docs);
    QueueEntry e = entry_of(o, "отгрузка", fmt::format("Отгрузить через ТК «{}», документы приложить к грузу", o.carrier), "Склад ГП");
    e.documents = fmt::format("{}", fmt::join(made, "; "));
    queue_put(store, e);
    const std::string who = session.actor().login, at = now().iso();
    o = change_order(session, o.year, o.number, [&](Order& x) {
        mark(x, "5.2.4.6", who, at, e.documents);
        (papers.upd ? x.upd : x.torg12) = papers.number;
    });
    papers.claim.commit();  // the order names it now
    events::OrderStep row;
    row.step = "5.2.4.6";
    row.documents = made;
    record(session, o, row);
    return {o, packing, note};
}

ShipDispatchResult ship_dispatch(Session& session, const ShipDispatchOptions& opt) {
    Order o = check_step(session, opt.order, opt.year, "5.2.4.7");
    const Share& share = session.share();
    const Client client = ClientLookup(session.store()).require(o.client_id);
    load_queue(session.store());  // a broken queue stops us before the first write
    Order told = o;
    told.tracking = opt.tracking;
    // The notice goes like an invoice (documents/mail_out.h): [mail] sendmail if set, else
    // an .eml in the outbox. It leaves before anything else is written: a message that
    // does not build or a failing mail command changes nothing.
    OutgoingMail m;
    m.to = client.emails();
    ShipDispatchResult out{o, fmt::format("{}", fmt::join(m.to, ", ")), {}};
    if (!m.to.empty()) {
        m.subject = fmt::format("Заказ № {}: груз отправлен", o.key());
        m.body = dispatch_notice_text(told, share.settings(), client.contact);
        out.sent = send_mail(share, m);
    }
    const MailSent& sent = out.sent;
    const std::string eml = sent.eml.empty() ? "" : sent.eml.filename().string();
    queue_put(session.store(),
              entry_of(o, "бухгалтерия",
                       fmt::format("К сведению: груз отправлен ТК «{}»{}", o.carrier, opt.tracking.empty() ? "" : ", № отслеживания " + opt.tracking),
                       "Бухгалтерия"));
    const std::string who = session.actor().login, at = now().iso();
    const std::string note = sent.via.empty() ? "без e-mail: сообщить по телефону"
                                              : fmt::format("письмо → {} ({}, {})", out.to, sent.via, eml.empty() ? "<" + sent.message_id + ">" : eml);
    out.order = change_order(session, o.year, o.number, [&](Order& x) {
        mark(x, "5.2.4.7", who, at, note);
        x.tracking = opt.tracking;
    });
    events::OrderStep row;
    row.step = "5.2.4.7";
    row.carrier = out.order.carrier;
    row.tracking = out.order.tracking;
    row.to = out.to;
    row.via = sent.via;
    row.message_id = sent.message_id;
    row.eml = eml;
    row.accountant = true;
    record(session, out.order, row);
    return out;
}

std::vector<QueueEntry> ship_queue(Session& session, const ShipQueueOptions& opt) {
    std::string day;
    if (!opt.date.empty()) day = Date::parse(opt.date, "--date").iso();
    std::vector<QueueEntry> out;
    for (auto& e : load_queue(session.store()))
        if ((opt.all || e.status != queue_status::done) && (day.empty() || e.date == day) && (opt.to.empty() || e.to == opt.to))
            out.push_back(std::move(e));
    return out;
}

}  // namespace gefest
