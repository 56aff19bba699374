// gefest ship notify|waybill|order|carrier|docs|dispatch|queue (procedure 02-006,
// 5.2.4.1–5.2.4.2 cash, 5.2.4.4–5.2.4.8 non-cash). The rules and the documents' data
// live in lib/procedure/shipping.h and lib/procedure/carriers.h, the documents are the share's templates
// (lib/documents/documents.h) and the dispatch notice goes out like an invoice (lib/documents/mail_out.h);
// this file checks the actor, the order's state and the templates before anything is
// written, writes, journals and prints.
#include <optional>

#include <fmt/format.h>

#include "procedure/carriers.h"
#include "procedure/clients.h"
#include "commands.h"
#include "documents/documents.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "procedure/invoice.h"
#include "documents/mail_out.h"
#include "output.h"
#include "procedure/shipping.h"

namespace gefest::cli {

namespace {

struct ShipOptions {
    std::int64_t number = 0;
    int year = 0;
    std::string arrival, waybill, date, reason, choose, tracking, to;
    std::vector<std::string> items;
    bool override_unpaid = false, dry_run = false, all = false;
};

Order load(Context& ctx, const ShipOptions& o) { return load_order(ctx.share(), ctx.me(), o.year ? o.year : now().date.year, o.number); }

void record(Context& ctx, const std::string& kind, const Order& o, nlohmann::json data) {
    Event e;
    e.kind = kind;
    e.object = "order:" + o.key();
    data["status"] = o.status;
    e.data = std::move(data);
    ctx.record(e);
}

// The step is the actor's and may be done now; an unpaid non-cash order gets a message
// that says who may let it ship anyway.
Order check_step(Context& ctx, const ShipOptions& opt, const std::string& step) {
    ctx.writing();
    ctx.require_step(step);
    Order o = load(ctx, opt);
    const OrderStep* paid = o.step("5.2.4.3");
    if (step == "5.2.4.4" && paid && !paid->done() && o.unpaid_override.empty() && !opt.override_unpaid && o.status != order_status::cancelled) {
        Order copy = o;
        mark_step_done(copy, "5.2.4.3", "-", "-");
        order_can_do(copy, step);  // an earlier step missing is said first
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("order {} is not paid (step 5.2.4.3 is not done); the head of sales may ship it unpaid: "
                                                              "gefest ship order {} --override-unpaid --reason T")),
                                             o.key(), o.number));
    }
    if (!opt.override_unpaid) shipping_can_do(o, step);
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
std::vector<std::string> write_documents(const Share& share, const Order& o, const std::vector<std::pair<std::string, std::string>>& docs) {
    std::vector<std::string> made;
    for (const auto& [name, html] : docs) {
        std::filesystem::path file = write_order_document(share, o, name, html);
        made.push_back(file.filename().string());
        std::filesystem::path pdf = std::filesystem::path(file).replace_extension(".pdf");
        if (make_pdf(share, file, pdf).empty()) made.push_back(pdf.filename().string());
    }
    return made;
}

std::string join(const std::vector<std::string>& v, const char* sep = "; ") {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

void cmd_notify(Context& ctx, const ShipOptions& opt) {
    Order o = check_step(ctx, opt, "5.2.4.1");
    DateTime at;
    if (opt.arrival.size() != 16 || !DateTime::try_parse(opt.arrival, at))
        throw Error(Errc::data, fmt::format(fmt::runtime(tr("arrival '{}' is not \"YYYY-MM-DD HH:MM\"")), opt.arrival));
    const Share& share = ctx.share();
    load_queue(share, ctx.me());  // a broken queue stops us before the first write
    o.arrival = fmt::format("{} {:02}:{:02}", at.date.iso(), at.hour, at.minute);
    const std::string doc = fmt::format("Лист подбора {}.html", o.key());
    std::string html = render_share_template(share, template_name::pick_list, pick_list_data(o, share.settings(), load_reservations(share, ctx.me())));
    auto made = write_documents(share, o, {{doc, html}});
    QueueEntry e = entry_of(o, "выдача", fmt::format("Выдать клиенту (самовывоз, {} расчет)", payment_name(o.payment)), "Склад ГП");
    e.date = at.date.iso();
    e.time = fmt::format("{:02}:{:02}", at.hour, at.minute);
    e.documents = join(made);
    queue_put(share, ctx.me(), e);
    std::string who = ctx.actor().login, now_at = now().iso();
    o = change_order(share, ctx.me(), o.year, o.number, [&](Order& x) {
        mark(x, "5.2.4.1", who, now_at, "приезд " + at.russian());
        x.arrival = o.arrival;
    });
    record(ctx, "order.step", o, {{"step", "5.2.4.1"}, {"arrival", o.arrival}, {"document", doc}, {"documents", made}});
    fmt::print(fmt::runtime(tr("order {}: the warehouse expects the client at {}; pick list '{}'\n")), o.key(), at.russian(), doc);
}

void cmd_waybill(Context& ctx, const ShipOptions& opt) {
    ctx.writing();
    Order o = load(ctx, opt);
    const std::string step = waybill_step(o);
    ctx.require_step(step);
    shipping_can_do(o, step);
    Shipment s{opt.waybill, opt.date, ctx.actor().login, now().iso(), shipment_lines(o, opt.items)};
    Order trial = o;
    record_shipment(trial, s);  // every check before the first write
    bool closed = false;
    o = change_order(ctx.share(), ctx.me(), o.year, o.number, [&](Order& x) {
        shipping_can_do(x, step);
        s.lines = shipment_lines(x, opt.items);
        closed = record_shipment(x, s);
    });
    release_shipped_stock(ctx.share(), ctx.me(), o, s.lines);
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : s.lines) lines.push_back({{"line", l.line}, {"sku", l.sku}, {"qty", l.qty}});
    nlohmann::json data = {{"waybill", s.waybill}, {"date", o.shipments.back().date}, {"lines", lines}};
    if (closed) {
        release_order_stock(ctx.share(), ctx.me(), o.key());
        queue_close_order(ctx.share(), ctx.me(), o.key());
        data["step"] = step;
        record(ctx, "order.step", o, data);
        fmt::print(fmt::runtime(tr("order {}: waybill {} recorded; everything has shipped, the order is closed\n")), o.key(), s.waybill);
    } else {
        record(ctx, "order.shipment", o, data);
        fmt::print(fmt::runtime(tr("order {}: waybill {} recorded; still to ship: {}\n")), o.key(), s.waybill,
                   items_summary(o, remaining_quantities(o)));
    }
}

void cmd_order(Context& ctx, const ShipOptions& opt) {
    if (!opt.override_unpaid && !opt.reason.empty()) throw Error(Errc::usage, tr("--reason goes with --override-unpaid"));
    Order o = check_step(ctx, opt, "5.2.4.4");
    const StaffMember& who = ctx.actor();
    if (opt.override_unpaid) {
        ctx.require_step("5.2.4.4", "override_unpaid");
        if (opt.reason.find_first_not_of(" \t") == std::string::npos) throw Error(Errc::usage, tr("--override-unpaid needs --reason saying why"));
    }
    std::string at = now().iso();
    auto apply = [&](Order& x) {
        const OrderStep* paid = x.step("5.2.4.3");
        if (opt.override_unpaid && paid && !paid->done()) {
            x.unpaid_override = opt.reason;
            x.unpaid_override_by = who.login;
            x.unpaid_override_at = at;
        }
        mark(x, "5.2.4.4", who.login, at, x.unpaid_override.empty() ? "" : "без оплаты: " + x.unpaid_override);
    };
    Order trial = o;
    apply(trial);
    o = change_order(ctx.share(), ctx.me(), o.year, o.number, apply);
    if (!o.unpaid_override.empty() && o.unpaid_override_at == at)
        record(ctx, "order.override_unpaid", o, {{"reason", o.unpaid_override}});
    QueueEntry e = entry_of(o, "отгрузка", "Подготовить к отгрузке (заказ на отгрузку)", "Склад ГП");
    queue_put(ctx.share(), ctx.me(), e);
    record(ctx, "order.step", o, {{"step", "5.2.4.4"}, {"unpaid_override", o.unpaid_override}});
    fmt::print(fmt::runtime(tr("order {}: shipping order made{}; next: 5.2.4.5 gefest ship carrier {}\n")), o.key(),
               o.unpaid_override.empty() ? "" : tr(" (unpaid, by decision of the head of sales)"), o.number);
}

void cmd_carrier(Context& ctx, const ShipOptions& opt) {
    Order o = opt.dry_run ? load(ctx, opt) : check_step(ctx, opt, "5.2.4.5");
    const Share& share = ctx.share();
    auto path = carriers_path(share);
    auto text = fsio::read_file_if_exists(path, true);
    if (!text) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("'{}' is missing: the carriers register")), path.string()));
    Carriers carriers = parse_carriers(*text, path.string());
    ClientBase base = load_clients(share, ctx.me());
    const Client& client = require_client(base, o.client_id);
    Destination to{client.city, client.address, carrier_named_in(carriers, client.notes)};
    auto ranked = rank_carriers(carriers, to);
    const CarrierOption* best = !ranked.empty() && ranked.front().route ? &ranked.front() : nullptr;
    const CarrierOption* chosen = best;
    if (!opt.choose.empty()) {
        const Carrier* c = carriers.find(opt.choose);
        if (!c) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no carrier '{}' in {}")), opt.choose, path.string()));
        for (const auto& r : ranked)
            if (r.carrier == c) chosen = &r;
    }
    if (!chosen)
        throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no carrier in {} serves '{}' ({}); choose one: --choose NAME")), path.string(),
                                                 client.city, client.address));
    std::string told = opt.choose.empty() ? fmt::format("рекомендована ТК «{}»: {}", chosen->carrier->name, join(chosen->reasons))
                                          : fmt::format("выбрана ТК «{}» ({}){}", chosen->carrier->name, join(chosen->reasons),
                                                        best && best != chosen ? fmt::format("; рекомендовали «{}»", best->carrier->name) : "");
    if (ctx.options.format == "text") {
        fmt::print(fmt::runtime(tr("order {}, {} ({}):\n")), o.key(), o.client_name, client.city.empty() ? "?" : client.city);
        for (const auto& r : ranked)
            fmt::print("  {} {} — {}\n", &r == chosen ? "*" : " ", r.carrier->name, join(r.reasons));
    } else {
        Listing l{{"carrier", "chosen", "serves", "days", "terminal", "reasons"},
                  {tr("ТК"), tr("Выбрана"), tr("Доставляет"), tr("Дней"), tr("Терминал"), tr("Почему")}, {}};
        for (const auto& r : ranked)
            l.rows.push_back({r.carrier->name, &r == chosen ? "yes" : "", r.route ? "yes" : "", r.route ? std::to_string(r.route->days) : "",
                              r.route ? r.route->terminal : "", join(r.reasons)});
        print_listing(l, ctx.options.format);
    }
    if (opt.dry_run) return;
    std::string who = ctx.actor().login, at = now().iso(), name = chosen->carrier->name;
    o = change_order(share, ctx.me(), o.year, o.number, [&](Order& x) {
        mark(x, "5.2.4.5", who, at, "ТК " + name);
        x.carrier = name;
        x.carrier_note = told;
    });
    record(ctx, "order.step", o, {{"step", "5.2.4.5"}, {"carrier", name}, {"told", told}});
    if (ctx.options.format == "text") fmt::print(fmt::runtime(tr("told the client: {}\n")), told);
}

void cmd_docs(Context& ctx, const ShipOptions& opt) {
    Order o = check_step(ctx, opt, "5.2.4.6");
    const Share& share = ctx.share();
    load_queue(share, ctx.me());  // a broken queue stops us before the first write
    const std::string date = now().date.iso();
    // The order's invoice decides the VAT rate of the note (lib/procedure/shipping.h
    // consignment_note_data): its figures are the invoice's.
    std::optional<Invoice> invoice;
    if (!o.invoice.empty()) {
        auto [iy, in] = parse_invoice_key(o.invoice, o.year);
        invoice = load_invoice(share, ctx.me(), iy, in);
    }
    const std::string packing = fmt::format("Упаковочный лист {}.html", o.key()), note = fmt::format("Товарная накладная {}.html", o.key());
    std::string packing_html = render_share_template(share, template_name::packing_list, packing_list_data(o, share.settings()));
    std::string note_html = render_share_template(share, template_name::consignment_note,
                                                  consignment_note_data(o, share.settings(), date, invoice ? &*invoice : nullptr));
    auto made = write_documents(share, o, {{packing, packing_html}, {note, note_html}});
    QueueEntry e = entry_of(o, "отгрузка", fmt::format("Отгрузить через ТК «{}», документы приложить к грузу", o.carrier), "Склад ГП");
    e.documents = join(made);
    queue_put(share, ctx.me(), e);
    std::string who = ctx.actor().login, at = now().iso();
    o = change_order(share, ctx.me(), o.year, o.number, [&](Order& x) { mark(x, "5.2.4.6", who, at, e.documents); });
    record(ctx, "order.step", o, {{"step", "5.2.4.6"}, {"documents", made}});
    fmt::print(fmt::runtime(tr("order {}: '{}' and '{}' made and handed to the warehouse queue\n")), o.key(), packing, note);
}

void cmd_dispatch(Context& ctx, const ShipOptions& opt) {
    Order o = check_step(ctx, opt, "5.2.4.7");
    const Share& share = ctx.share();
    ClientBase base = load_clients(share, ctx.me());
    const Client& client = require_client(base, o.client_id);
    load_queue(share, ctx.me());  // a broken queue stops us before the first write
    Order told = o;
    told.tracking = opt.tracking;
    // The notice goes like an invoice (lib/documents/mail_out.h): [mail] sendmail if set, else an
    // .eml in the outbox. It leaves before anything else is written: a message that does
    // not build or a failing mail command changes nothing.
    OutgoingMail m;
    m.to = client.emails();
    std::string to = join(m.to, ", ");
    MailSent sent;
    if (!m.to.empty()) {
        m.subject = fmt::format("Заказ № {}: груз отправлен", o.key());
        m.body = dispatch_notice_text(told, share.settings(), client.contact);
        sent = send_mail(share, m);
    }
    const std::string eml = sent.eml.empty() ? "" : sent.eml.filename().string();
    QueueEntry e = entry_of(o, "бухгалтерия", fmt::format("К сведению: груз отправлен ТК «{}»{}", o.carrier,
                                                          opt.tracking.empty() ? "" : ", № отслеживания " + opt.tracking),
                            "Бухгалтерия");
    queue_put(share, ctx.me(), e);
    std::string who = ctx.actor().login, at = now().iso();
    o = change_order(share, ctx.me(), o.year, o.number, [&](Order& x) {
        mark(x, "5.2.4.7", who, at,
             sent.via.empty() ? "без e-mail: сообщить по телефону"
                              : fmt::format("письмо → {} ({}, {})", to, sent.via, eml.empty() ? "<" + sent.message_id + ">" : eml));
        x.tracking = opt.tracking;
    });
    record(ctx, "order.step", o,
           {{"step", "5.2.4.7"}, {"carrier", o.carrier}, {"tracking", o.tracking}, {"to", to}, {"via", sent.via}, {"message_id", sent.message_id},
            {"eml", eml}, {"accountant", true}});
    if (sent.via.empty()) fmt::print(fmt::runtime(tr("order {}: client {} has no e-mail: tell them by phone; the accountant is informed\n")), o.key(), o.client_name);
    else
        fmt::print(fmt::runtime(tr("order {}: dispatch notice sent to {} ({}{}); the accountant is informed\n")), o.key(), to, sent.via,
                   sent.eml.empty() ? "" : ": " + sent.eml.string());
}

void cmd_queue(Context& ctx, const ShipOptions& opt) {
    std::string day;
    if (!opt.date.empty()) day = Date::parse(opt.date, "--date").iso();
    Listing l{{"date", "time", "order", "client", "items", "task", "to", "documents", "status"},
              {tr("Дата"), tr("Время"), tr("Заказ"), tr("Клиент"), tr("Товары"), tr("Что сделать"), tr("Кому"), tr("Документы"), tr("Статус")}, {}};
    for (const auto& e : load_queue(ctx.share(), ctx.me()))
        if ((opt.all || e.status != queue_status::done) && (day.empty() || e.date == day) && (opt.to.empty() || e.to == opt.to))
            l.rows.push_back({e.date, e.time, e.order, e.client, e.items, e.task, e.to, e.documents, e.status});
    print_listing(l, ctx.options.format);
}

}  // namespace

void setup_ship(CLI::App& app, Context& ctx) {
    CLI::App* ship = app.add_subcommand("ship", tr("shipping: from a paid order to the waybill back in the sales department (5.2.4)"));
    ship->require_subcommand(1);
    auto opt = std::make_shared<ShipOptions>();
    auto with_number = [&](CLI::App* c) {
        c->add_option("N", opt->number, tr("order number"))->required()->check(CLI::PositiveNumber);
        c->add_option("--year", opt->year, tr("year of the order (default: this year)"));
    };
    CLI::App* c = ship->add_subcommand("notify", tr("cash: tell the warehouse the client is coming; pick list (5.2.4.1)"));
    with_number(c);
    c->add_option("--arrival", opt->arrival, tr("when the client comes, \"YYYY-MM-DD HH:MM\""))->required();
    c->callback([opt, &ctx] { cmd_notify(ctx, *opt); });

    c = ship->add_subcommand("waybill", tr("record a shipping waybill; the order closes when everything has shipped (5.2.4.2 / 5.2.4.8)"));
    with_number(c);
    c->add_option("--number", opt->waybill, tr("waybill (накладная) number"))->required();
    c->add_option("--date", opt->date, tr("waybill date YYYY-MM-DD"))->required();
    c->add_option("--items", opt->items, tr("only part of the order: SKU:QTY or LINE:QTY… (default: all that remains)"));
    c->callback([opt, &ctx] { cmd_waybill(ctx, *opt); });

    c = ship->add_subcommand("order", tr("non-cash: shipping order for a paid order (5.2.4.4)"));
    with_number(c);
    c->add_flag("--override-unpaid", opt->override_unpaid, tr("head of sales: ship although not paid (journaled)"));
    c->add_option("--reason", opt->reason, tr("why an unpaid order ships"));
    c->callback([opt, &ctx] { cmd_order(ctx, *opt); });

    c = ship->add_subcommand("carrier", tr("non-cash: recommend a transport company and record what the client was told (5.2.4.5)"));
    with_number(c);
    c->add_option("--choose", opt->choose, tr("the carrier the client chose, if not the recommended one"));
    c->add_flag("--dry-run", opt->dry_run, tr("only show the recommendation"));
    c->callback([opt, &ctx] { cmd_carrier(ctx, *opt); });

    c = ship->add_subcommand("docs", tr("non-cash: packing list and waybill for the warehouse (5.2.4.6)"));
    with_number(c);
    c->callback([opt, &ctx] { cmd_docs(ctx, *opt); });

    c = ship->add_subcommand("dispatch", tr("non-cash: tell the client the cargo has left; inform the accountant (5.2.4.7)"));
    with_number(c);
    c->add_option("--tracking", opt->tracking, tr("the carrier's tracking number"));
    c->callback([opt, &ctx] { cmd_dispatch(ctx, *opt); });

    c = ship->add_subcommand("queue", tr("what the warehouse (and the accountant) must do"));
    c->add_option("--date", opt->date, tr("only this day"));
    c->add_option("--to", opt->to, tr("only for «Склад ГП» or «Бухгалтерия»"));
    c->add_flag("--all", opt->all, tr("done tasks too"));
    c->callback([opt, &ctx] { cmd_queue(ctx, *opt); });
}

}  // namespace gefest::cli
