// Realistic journal rows of every kind declared in lib/procedure/events/*.h, each built
// member by member from its struct (with the values the procedure would write), so that
// a member renamed or retyped there stops these tests compiling. Shared by
// events_replay_test.cpp (what each row does to the reports) and
// events_old_rows_test.cpp (a row as an older gefest wrote it reads to the same values).
//
// The story they tell, on the demo share: inquiry 2026-1 of a new client 6 (ООО «Альфа»,
// petrov, «Выставка») becomes non-cash order 2026-1; client 2 (АО «Тобольский
// механический завод», sidorova) makes cash order 2026-2.
#pragma once

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "base/money.h"
#include "procedure/calls.h"
#include "procedure/events/after_sales.h"
#include "procedure/events/calls.h"
#include "procedure/events/clients.h"
#include "procedure/events/invoices.h"
#include "procedure/events/orders.h"
#include "procedure/events/staff.h"
#include "store/fsio.h"

namespace gefest::testing::rows {

/// Every kind the headers of lib/procedure/events/ declare, read from their text: the
/// literals of their `static constexpr const char* kind… = …` members, and a kind_prefix
/// ("call.") with each of inquiry_channels(). The tests check their own list of kinds
/// against it, so a kind added or renamed there fails them until it is covered.
inline std::set<std::string> declared_kinds() {
    const std::filesystem::path folder = std::filesystem::path(GEFEST_FIXTURES).parent_path().parent_path() / "lib/procedure/events";
    const std::regex member(R"(static\s+constexpr\s+const\s+char\s*\*\s*(?:const\s+)?(\w+)(\[\])?\s*=\s*([^;]*);)");
    const std::regex literal("\"([^\"]*)\"");
    std::set<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() != ".h") continue;
        const std::string text = fsio::read_file(entry.path());
        for (std::sregex_iterator m(text.begin(), text.end(), member), end; m != end; ++m) {
            const std::string name = (*m)[1], value = (*m)[3];
            for (std::sregex_iterator l(value.begin(), value.end(), literal); l != end; ++l) {
                if (name == "kind_prefix")
                    for (const auto& channel : inquiry_channels()) out.insert((*l)[1].str() + channel);
                else
                    out.insert((*l)[1]);
            }
        }
    }
    return out;
}

// --- call.* (events/calls.h) -------------------------------------------------------------

/// An inquiry of `channel` from client 7 (ООО «Вектор», sidorova's, «Рекомендация»): with
/// products asked on a call or an application, a note for a visit, a subject for an
/// e-mail; a new client but on an existing client's call and on a manager's application.
inline events::CallInquiry inquiry(const std::string& id, const std::string& channel) {
    events::CallInquiry q;
    q.id = id;
    q.channel = channel;
    q.client = 7;
    q.client_name = "ООО «Вектор»";
    q.new_client = channel != "existing" && channel != "request";
    q.phone = "+73452000007";
    q.email = "zakaz@vector.example";
    q.contact = "Орлова Анна Викторовна";
    q.source = "Рекомендация";
    q.manager = "sidorova";
    q.manager_name = "Сидорова Елена Андреевна";
    if (channel == "new" || channel == "existing")
        q.products = {{"ПК-50", 2, "in_stock", "в наличии 9 шт: Склад ГП Тюмень — 9"}};
    if (channel == "request" || channel == "site") q.products = {{"ПК-50", 2, "", ""}, {"ДЫМ-200", 0, "", ""}};
    q.outcome = channel == "new" || channel == "existing" ? "transferred" : channel == "visit" || channel == "email" ? "received" : "application";
    q.taken_by = channel == "request" ? "sidorova" : "ivanova";
    if (channel == "visit") q.note = "приезжал в офис, смотрел ПК-50\nперезвонить после обеда";
    if (channel == "email" || channel == "site") q.received = "2026-11-20T11:55:00";
    q.ref = channel == "email" ? "<a1b2c3@vector.example>" : channel == "site" ? "site-1042" : channel == "request" ? "2026-1" : "";
    if (channel == "email") q.subject = "Запрос КП на ПК-50";
    return q;
}

/// Inquiry 2026-1: the new client 6 calls and is transferred to petrov.
inline events::CallInquiry first_inquiry() {
    events::CallInquiry q = inquiry("2026-1", "new");
    q.client = 6;
    q.client_name = "ООО «Альфа»";
    q.phone = "+79120000001";
    q.email = "";
    q.contact = "Орлов Иван";
    q.source = "Выставка";
    q.manager = "petrov";
    q.manager_name = "Петров Сергей Иванович";
    q.products = {{"ПК-100", 2, "in_stock", "в наличии 5 шт: Склад ГП Тюмень — 5"}};
    return q;
}

// --- order.*, catalog.import_1c (events/orders.h) ----------------------------------------

/// Order 2026-1: petrov's non-cash order made from inquiry 2026-1.
inline events::OrderNew order_new_noncash() {
    events::OrderNew row;
    row.client = 6;
    row.client_name = "ООО «Альфа»";
    row.manager = "petrov";
    row.payment = "noncash";
    row.call = "call:2026-1";
    row.total = parse_money("1000.00");
    row.items = 1;
    row.status = "new";
    return row;
}

/// Order 2026-2: sidorova's cash order for client 2, not from an inquiry.
inline events::OrderNew order_new_cash() {
    events::OrderNew row;
    row.client = 2;
    row.client_name = "АО «Тобольский механический завод»";
    row.manager = "sidorova";
    row.payment = "cash";
    row.total = parse_money("500.00");
    row.items = 1;
    row.status = "new";
    return row;
}

/// An order.step row of step `id` with the fields that step writes, the order's status
/// after it being `status` ("" where the step's writer does not give it).
inline events::OrderStep step(const std::string& id, const std::string& status) {
    events::OrderStep row;
    row.step = id;
    row.status = status;
    if (id == "5.2.3.1" || id == "5.2.3.6") row.note = "в наличии";
    if (id == "5.2.3.4") {
        row.contract = "2026-1";
        row.contract_date = "2026-11-12";
    }
    if (id == "5.2.3.5") row.note = "счет № 1 → orlov@alfa.example (outbox)";
    if (id == "5.2.4.3") row.note = "оплачен счет 2026-1";
    if (id == "5.2.4.1") {
        row.arrival = "2026-11-21T10:00:00";
        row.document = "Лист подбора 2026-2.html";
        row.documents = {"Заказы/2026/2026-2/Лист подбора 2026-2.html"};
    }
    if (id == "5.2.4.4") row.unpaid_override = "";
    if (id == "5.2.4.5" || id == "5.2.4.7") row.carrier = "ПЭК";
    if (id == "5.2.4.5") row.told = "ТК ПЭК: до терминала в Тобольске 2 дня, 1 850 ₽";
    if (id == "5.2.4.6") row.documents = {"Заказы/2026/2026-1/Упаковочный лист 2026-1.html", "Заказы/2026/2026-1/Товарная накладная 2026-1.html"};
    if (id == "5.2.4.7") {
        row.tracking = "ПЭК-123456";
        row.to = "orlov@alfa.example";
        row.via = "outbox";
        row.message_id = "20261119100000.a1b2@gefest.example";
        row.eml = "2026-11-19 10-00-00 Заказ 2026-1.eml";
        row.accountant = true;
    }
    if (id == "5.2.4.2" || id == "5.2.4.8") {
        row.waybill = id == "5.2.4.2" ? "413" : "412";
        row.date = "2026-11-20";
        row.lines = {{1, id == "5.2.4.2" ? "ГВ-12" : "ПК-100", id == "5.2.4.2" ? 1 : 2}};
    }
    return row;
}

/// A part of order 2026-1 shipped under waybill 410; the order stays confirmed.
inline events::OrderShipment shipment() {
    events::OrderShipment row;
    row.waybill = "410";
    row.date = "2026-11-18";
    row.lines = {{1, "ПК-100", 1}};
    row.status = "confirmed";
    return row;
}

/// An entry of the lead-time dialogue: "ask", "answer" (10 days) or "accept".
inline events::OrderLeadTime lead_time(const std::string& kind_of) {
    events::OrderLeadTime row;
    row.kind_of = kind_of;
    if (kind_of == "ask") row.note = "ПК-100 под заказ: срок?";
    if (kind_of == "answer") {
        row.days = 10;
        row.note = "из следующей партии";
    }
    if (kind_of == "accept") row.promised = "2026-12-10";
    row.status = "new";
    return row;
}

/// Line 2 of order 2026-1, a non-standard product, priced 350.00.
inline events::OrderPrice price() {
    events::OrderPrice row;
    row.line = 2;
    row.price = parse_money("350.00");
    row.status = "new";
    return row;
}

inline events::OrderCancel cancel() {
    events::OrderCancel row;
    row.reason = "клиент передумал";
    row.status = "cancelled";
    return row;
}

/// Order 2026-1 changed: ПК-100 from 2 to 3 pieces after its invoice 2026-1 was sent,
/// which is replaced by invoice 2026-2; 5.2.3.5 is to be done again.
inline events::OrderChange order_change() {
    events::OrderChange row;
    row.changes = {"ПК-100 ×2→3"};
    row.reason = "клиент добавил позицию";
    row.total = parse_money("1500.00");
    row.invoice_cancelled = "2026-1";
    row.invoice = "2026-2";
    row.reopened = {"5.2.3.5"};
    row.status = "confirmed";
    return row;
}

/// Order 2026-1 given from petrov to sidorova.
inline events::OrderReassign order_reassign() {
    events::OrderReassign row;
    row.from = "petrov";
    row.manager = "sidorova";
    row.reason = "petrov в отпуске";
    row.status = "new";
    return row;
}

/// The cash of order 2026-2 received.
inline events::OrderCash order_cash() {
    events::OrderCash row;
    row.amount = parse_money("500.00");
    row.receipt = "ПКО-17";
    row.date = "2026-11-20";
    row.status = "confirmed";
    return row;
}

inline events::OrderExport1c export_1c() {
    events::OrderExport1c row;
    row.step = "5.2.3.3";
    row.file = "Обмен с 1С/Заказы 2026-1.xml";
    row.status = "confirmed";
    return row;
}

inline events::OrderInvoice order_invoice() {
    events::OrderInvoice row;
    row.invoice = "2026-1";
    row.total = parse_money("1000.00");
    return row;
}

inline events::OrderOverrideUnpaid override_unpaid() {
    events::OrderOverrideUnpaid row;
    row.reason = "постоянный клиент, оплатит по факту";
    row.status = "confirmed";
    return row;
}

inline events::CatalogImport1c catalog_import() {
    events::CatalogImport1c row;
    row.files = {"import.xml", "offers.xml"};
    row.added = 3;
    row.updated = 1;
    row.prices = 4;
    row.stock_rows = 12;
    row.skipped = 2;
    return row;
}

// --- invoice.*, payment.* (events/invoices.h) --------------------------------------------

inline events::InvoiceIssue invoice_issue() {
    events::InvoiceIssue row;
    row.order = "2026-1";
    row.number = 1;
    row.date = "2026-11-12";
    row.due = "2026-11-17";
    row.client = "ООО «Альфа»";
    row.inn = "7203145879";
    row.total = parse_money("1000.00");
    row.vat = parse_money("180.33");
    row.status = "issued";
    return row;
}

/// Invoice 2026-1 made void by the change of its order, replaced by 2026-2.
inline events::InvoiceCancel invoice_cancel() {
    events::InvoiceCancel row;
    row.order = "2026-1";
    row.reason = "клиент добавил позицию";
    row.replaced_by = "2026-2";
    row.status = "cancelled";
    return row;
}

inline events::InvoiceSend invoice_send() {
    events::InvoiceSend row;
    row.order = "2026-1";
    row.to = "orlov@alfa.example";
    row.via = "outbox";
    row.message_id = "20261113100000.c3d4@gefest.example";
    row.eml = "Исходящие/2026-11-13 10-00-00 Счет 2026-1.eml";
    row.status = "sent";
    return row;
}

inline events::InvoicePaid invoice_paid() {
    events::InvoicePaid row;
    row.order = "2026-1";
    row.total = parse_money("1000.00");
    row.manager = "petrov";
    row.order_step = "5.2.4.3";
    return row;
}

/// Invoice 2026-1 paid in part: 400.00 of its 1000.00.
inline events::InvoiceBalance invoice_balance() {
    events::InvoiceBalance row;
    row.order = "2026-1";
    row.paid = parse_money("400.00");
    row.status = "partial";
    return row;
}

inline events::InvoiceRemind invoice_remind() {
    events::InvoiceRemind row;
    row.level = events::remind_level::owner;
    row.to = {"sokolov@gefest.example"};
    row.days_overdue = 5;
    row.balance = parse_money("1000.00");
    return row;
}

/// An incoming payment of 1000.00 from ООО «Альфа», all of it to invoice 2026-1.
inline events::PaymentRecorded payment() {
    events::PaymentRecorded row;
    row.amount = parse_money("1000.00");
    row.payer_inn = "7203145879";
    row.client_inn = "7203145879";
    row.allocations = {{"2026-1", parse_money("1000.00")}};
    row.status = "matched";
    row.reason = "";
    row.source = "Бухгалтерия/Выписки/kl_to_1c.txt";
    return row;
}

inline events::AdvanceApplied advance_applied() {
    events::AdvanceApplied row;
    row.paid = parse_money("1000.00");
    return row;
}

// --- survey.score, claim.* (events/after_sales.h) ----------------------------------------

/// The client's score of cash order 2026-2 (sidorova's).
inline events::SurveyScore survey(std::int64_t score, bool replace) {
    events::SurveyScore row;
    row.order = "2026-2";
    row.client = "АО «Тобольский механический завод»";
    row.client_id = 2;
    row.manager = "sidorova";
    row.score = score;
    row.comment = replace ? "быстро, но упаковка слабая" : "быстро";
    row.replace = replace;
    return row;
}

/// Claim 2026-1 on cash order 2026-2.
inline events::ClaimNew claim_new() {
    events::ClaimNew row;
    row.order = "2026-2";
    row.client = "АО «Тобольский механический завод»";
    row.client_id = 2;
    row.manager = "sidorova";
    row.text = "повреждена упаковка, 1 шт";
    return row;
}

inline events::ClaimResolve claim_resolve() {
    events::ClaimResolve row;
    row.order = "2026-2";
    row.client = "АО «Тобольский механический завод»";
    row.decision = "замена за наш счет";
    return row;
}

// --- client.* (events/clients.h) ---------------------------------------------------------

/// Client 6 added by inquiry 2026-1 (routed to petrov).
inline events::ClientAdd client_add() {
    events::ClientAdd row;
    row.name = "ООО «Альфа»";
    row.form = "ООО";
    row.inn = "7203145879";
    row.kpp = "720301001";
    row.ogrn = "1107203004127";
    row.phones = "+79120000001";
    row.email = "orlov@alfa.example";
    row.city = "Тюмень";
    row.address = "625000, г. Тюмень, ул. Ленина, д. 1";
    row.contact = "Орлов Иван";
    row.manager = "petrov";
    row.source = "Выставка";
    row.added = "2026-11-02";
    row.notes = "Обращение №2026-1 (new)";
    row.routing = "round_robin";
    row.force = true;
    row.call = "2026-1";
    return row;
}

inline events::ClientEdit client_edit() {
    events::ClientEdit row;
    row.name = "ООО «Альфа»";
    row.changed = {{"city", {"Тюмень", "Тобольск"}}, {"kpp", {"", "720601001"}}};
    return row;
}

inline events::ClientAssign client_assign() {
    events::ClientAssign row;
    row.name = "ООО «Альфа»";
    row.changed = {{"manager", {"", "petrov"}}};
    row.manager = "petrov";
    row.routing = "least_loaded";
    row.call = "2026-1";
    return row;
}

/// Client 8 merged into client 6.
inline events::ClientMerge client_merge() {
    events::ClientMerge row;
    row.name = "ООО «Альфа»";
    row.kept = 6;
    row.gone = 8;
    row.gone_name = "Альфа ООО";
    row.changed = {{"phones", {"+79120000001", "+79120000001, +73452000008"}}};
    return row;
}

/// Client 6's ИНН and КПП as Excel left them in a hand edit (their leading zero lost),
/// restored when the register was written.
inline events::ClientRepair client_repair() {
    events::ClientRepair row;
    row.name = "ООО «Альфа»";
    row.changed = {{"inn", {"105012349", "0105012349"}}, {"kpp", {"10501001", "010501001"}}};
    row.file = "Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv";
    row.line = 7;
    return row;
}

// --- inquiry.close (events/calls.h) ------------------------------------------------------------

/// sidorova's inquiry 2026-2 of ООО «Вектор» ended: the client bought elsewhere.
inline events::InquiryClose inquiry_close() {
    events::InquiryClose row;
    row.id = "2026-2";
    row.outcome = "refused";
    row.note = "купили у конкурентов";
    row.client = 7;
    row.client_name = "ООО «Вектор»";
    row.manager = "sidorova";
    return row;
}

// --- staff.*, step.refused, debug.stress (events/staff.h) ----------------------------------------------

inline events::StaffAdd staff_add() {
    events::StaffAdd row;
    row.name = "Новикова Дарья Сергеевна";
    row.roles = {"sales_manager"};
    row.email = "novikova@gefest.example";
    return row;
}

/// sidorova, a sales manager, tried to issue the invoice of petrov's order 2026-1.
inline events::StepRefused step_refused() {
    events::StepRefused row;
    row.step = "5.2.3.5";
    row.roles = {"sales_manager"};
    row.command = "invoice issue";
    return row;
}

inline events::DebugStress debug_stress() {
    events::DebugStress row;
    row.tag = "smb-1";
    row.i = 3;
    return row;
}

}  // namespace gefest::testing::rows
