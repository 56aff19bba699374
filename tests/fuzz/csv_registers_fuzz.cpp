// libFuzzer harness: the CSV registers people open and save in Excel — the generic
// reader (csv::parse, csv::parse_line), «База клиентов» with its checks (ClientBase),
// Каталог, Остатки, Резервы, the invoices, payments, claims and orders registers, the
// shipping queue — and the payment matching rules (a text file of regexes). Every input
// goes to every parser. A register that parses is written back and must read again to
// the same text (gefest must be able to read what it writes).
#include "fuzz.h"

#include "base/csv.h"
#include "procedure/catalog.h"
#include "procedure/claims.h"
#include "procedure/clients.h"
#include "procedure/invoice.h"
#include "procedure/order.h"
#include "procedure/payments.h"
#include "procedure/shipping.h"

using namespace gefest;
using gefest::fuzz::refused_or_ok;
using gefest::fuzz::require;

namespace {

// parse(text) → format → parse → format must not throw and give the same text twice.
template <class Parse, class Format>
void round_trip(const std::string& text, const char* what, Parse parse, Format format) {
    refused_or_ok([&] {
        std::string written;
        if (!refused_or_ok([&] { written = format(parse(text)); })) return;  // formatting may refuse
        std::string again;
        require(refused_or_ok([&] { again = format(parse(written)); }), std::string(what) + ": wrote what it refuses");
        require(again == written, std::string(what) + ": written text does not read back the same");
    });
}

void client_checks(const ClientBase& base) {
    for (const Client& c : base.clients()) {
        base.find_duplicate(c);
        base.by_id(c.id);
        for (const auto& phone : c.phones) base.by_phone(phone);
        base.find(c.name);
        base.find(c.inn);
        resolve_client(base, c.id);
        merged_ids(c);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text_of(data, size);
    refused_or_ok([&] { csv::parse(text, "f.csv"); });
    refused_or_ok([&] { csv::parse_line(text, ';', "journal.csv", 1); });
    refused_or_ok([&] {
        const ClientBase base = ClientBase::parse(text, "База клиентов.csv");
        client_checks(base);
        const std::string written = base.to_csv();
        std::string again;
        require(refused_or_ok([&] { again = ClientBase::parse(written, "written").to_csv(); }),
                "ClientBase::to_csv wrote what ClientBase::parse refuses");
        require(again == written, "ClientBase: written text does not read back the same");
    });
    round_trip(text, "catalog", [](const std::string& t) { return parse_catalog(t, "Каталог.csv"); },
               [](const Catalog& c) { return format_catalog(c); });
    round_trip(text, "stock", [](const std::string& t) { return parse_stock(t, "Остатки.csv"); },
               [](const Stock& s) { return format_stock(s); });
    round_trip(text, "reservations", [](const std::string& t) { return parse_reservations(t, "Резервы.csv"); },
               [](const Reservations& r) { return format_reservations(r); });
    round_trip(text, "invoices", [](const std::string& t) { return parse_invoice_register(t, "Счета 2026.csv", 2026); },
               [](const std::vector<Invoice>& v) { return format_invoice_register(v); });
    round_trip(text, "payments", [](const std::string& t) { return parse_payments(t, "Платежи.csv"); },
               [](const std::vector<IncomingPayment>& v) { return format_payments(v); });
    round_trip(text, "claims", [](const std::string& t) { return parse_claims(t, "Претензии 2026.csv", 2026); },
               [](const std::vector<Claim>& v) { return format_claims(v); });
    round_trip(text, "queue", [](const std::string& t) { return parse_queue(t, "Очередь.csv"); },
               [](const std::vector<QueueEntry>& v) { return format_queue(v); });
    refused_or_ok([&] { parse_order_index(text, "Заказы 2026.csv"); });
    refused_or_ok([&] { parse_payment_rules(text, "Правила сопоставления.txt"); });
    return 0;
}
