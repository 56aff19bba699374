// Writes the input of the import benchmarks (tests/bench/import_bench.sh):
//
//   gen_import cml DIR N
//     DIR/import.xml (CommerceML 2.10 Каталог of N products) and DIR/offers.xml (the
//     ПакетПредложений of the same N offers: a price each and stock on two warehouses),
//     as 1C's exchange with a site writes them.
//   gen_import bank SHARE YEAR INVOICES PAYMENTS STATEMENT [ORDERS]
//     Счета YEAR.csv (INVOICES open invoices of YEAR, in the format of
//     lib/procedure/invoice.cpp: BOM, ';', CRLF) written straight into the share's orders
//     folder, and STATEMENT, a 1CClientBankExchange file of PAYMENTS incoming payment
//     orders of one month credited to the demo share's account: most name their invoice by number,
//     some pay only by the payer's ИНН, some are from payers nobody knows. With ORDERS,
//     invoice i belongs to order YEAR-((i-1) % ORDERS + 1) (orders the caller made),
//     else to order YEAR-i (none exists).
//
// Clients' ИНН are valid (10 digits, check digit as lib/formats/requisites.cpp checks).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

const char* const account = "40702810806710000123";  // the demo share's [[bank_account]]

std::string inn10(std::int64_t n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "72%07lld", static_cast<long long>((n + 1000) % 10000000));
    static const int k[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += k[i] * (buf[i] - '0');
    return std::string(buf) + static_cast<char>('0' + sum % 11 % 10);
}

std::string money(std::int64_t kopecks, char sep) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld%c%02lld", static_cast<long long>(kopecks / 100), sep, static_cast<long long>(kopecks % 100));
    return buf;
}

std::string guid(std::int64_t n) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%08llx-1c00-11e7-80c2-%012llx", static_cast<unsigned long long>(n * 2654435761u % 0xffffffffu),
                  static_cast<unsigned long long>(n));
    return buf;
}

// The invoice's total: a few thousand roubles, different for neighbours.
std::int64_t total_of(std::int64_t n) { return (1000 + n * 7919 % 90000) * 100; }

void cml(const std::filesystem::path& dir, std::int64_t n) {
    std::filesystem::create_directories(dir);
    const char* head = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<КоммерческаяИнформация xmlns=\"urn:1C.ru:commerceml_2\" ВерсияСхемы=\"2.10\" ДатаФормирования=\"2026-01-10T08:00:00\">\n";
    std::ofstream imp(dir / "import.xml", std::ios::binary);
    imp << head << "<Каталог СодержитТолькоИзменения=\"false\">\n<Ид>catalog</Ид>\n<Наименование>Основной каталог</Наименование>\n<Товары>\n";
    for (std::int64_t i = 1; i <= n; ++i)
        imp << "<Товар><Ид>" << guid(i) << "</Ид><Артикул>BN-" << i << "</Артикул><Наименование>Труба стальная " << i
            << " мм</Наименование><БазоваяЕдиница Код=\"796\" НаименованиеПолное=\"Штука\">шт</БазоваяЕдиница>"
               "<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>22</Ставка></СтавкаНалога></СтавкиНалогов></Товар>\n";
    imp << "</Товары>\n</Каталог>\n</КоммерческаяИнформация>\n";
    std::ofstream off(dir / "offers.xml", std::ios::binary);
    off << head << "<ПакетПредложений СодержитТолькоИзменения=\"false\">\n<Ид>catalog#</Ид>\n<Наименование>Пакет предложений</Наименование>\n"
        << "<Склады><Склад><Ид>wh-1</Ид><Наименование>Склад ГП Тюмень</Наименование></Склад>"
           "<Склад><Ид>wh-2</Ид><Наименование>Склад ГП Екатеринбург</Наименование></Склад></Склады>\n<Предложения>\n";
    for (std::int64_t i = 1; i <= n; ++i)
        off << "<Предложение><Ид>" << guid(i) << "</Ид><Артикул>BN-" << i << "</Артикул><Наименование>Труба стальная " << i
            << " мм</Наименование><БазоваяЕдиница Код=\"796\">шт</БазоваяЕдиница><Цены><Цена><ИдТипаЦены>base</ИдТипаЦены>"
               "<ЦенаЗаЕдиницу>"
            << money(total_of(i) / 10, '.') << "</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена></Цены><Склад ИдСклада=\"wh-1\" КоличествоНаСкладе=\""
            << i % 50 << "\"/><Склад ИдСклада=\"wh-2\" КоличествоНаСкладе=\"" << i % 7 << "\"/></Предложение>\n";
    off << "</Предложения>\n</ПакетПредложений>\n</КоммерческаяИнформация>\n";
}

// Invoice n of `year` is client n % clients's, dated within the year's first months.
void bank(const std::filesystem::path& share, int year, std::int64_t invoices, std::int64_t payments, const std::filesystem::path& statement,
          std::int64_t orders) {
    const std::int64_t clients = invoices / 3 + 1;
    auto date_of = [&](std::int64_t n, char* buf, std::size_t size) {
        std::snprintf(buf, size, "%02lld.%02lld.%d", static_cast<long long>(n % 28 + 1), static_cast<long long>(n / 28 % 10 + 1), year);
    };
    const std::filesystem::path dir = share / "Отдел продаж" / "Заказы" / std::to_string(year);
    std::filesystem::create_directories(dir);
    std::ofstream reg(dir / ("Счета " + std::to_string(year) + ".csv"), std::ios::binary);
    reg << "\xEF\xBB\xBF№;Дата;Заказ;Клиент;ИНН;Сумма;НДС;Срок оплаты;Оплачено;Статус\r\n";
    char date[16];
    for (std::int64_t i = 1; i <= invoices; ++i) {
        date_of(i, date, sizeof date);
        const std::int64_t t = total_of(i);
        reg << i << ';' << date << ';' << year << '-' << (orders > 0 ? (i - 1) % orders + 1 : i) << ";ООО «Клиент " << i % clients << "»;" << inn10(i % clients) << ';'
            << money(t, ',') << ';' << money(t * 22 / 122, ',') << ";31.12." << year << ";0,00;отправлен\r\n";
    }
    std::ofstream st(statement, std::ios::binary);
    st << "1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\nОтправитель=Банк\r\nПолучатель=1С:Предприятие\r\n"
       << "ДатаСоздания=01.11." << year << "\r\nДатаНачала=01.01." << year << "\r\nДатаКонца=31.10." << year << "\r\nРасчСчет=" << account
       << "\r\nСекцияРасчСчет\r\nДатаНачала=01.01." << year << "\r\nДатаКонца=31.10." << year << "\r\nРасчСчет=" << account
       << "\r\nКонецРасчСчет\r\n";
    for (std::int64_t p = 1; p <= payments; ++p) {
        // Payment p pays invoice k; every 10th only by ИНН (the client's own invoice of
        // that amount), every 50th comes from a payer nobody knows.
        const std::int64_t k = (p * 7) % invoices + 1;
        const bool stranger = p % 50 == 0, by_inn = p % 10 == 0;
        const std::string inn = stranger ? inn10(5000000 + p) : inn10(k % clients);
        date_of(k, date, sizeof date);
        std::string purpose = by_inn ? "Оплата за трубы, в т.ч. НДС" : "Оплата по счету № " + std::to_string(k) + " от " + date + ", в т.ч. НДС";
        char paid[16];  // a month's statement: paid in October
        std::snprintf(paid, sizeof paid, "%02lld.10.%d", static_cast<long long>(p % 28 + 1), year);
        st << "СекцияДокумент=Платежное поручение\r\nНомер=" << p << "\r\nДата=" << paid << "\r\nСумма=" << money(total_of(k), '.')
           << "\r\nПлательщикСчет=40702810400000" << 100000 + p % 900000 << "\r\nПлательщик=ИНН " << inn << " ООО «Плательщик " << p
           << "»\r\nПлательщикИНН=" << inn << "\r\nПлательщик1=ООО «Плательщик " << p << "»\r\nПолучательСчет=" << account
           << "\r\nДатаПоступило=" << paid << "\r\nПолучательИНН=7203001235\r\nПолучатель1=ООО «Гефест»\r\nВидОплаты=01\r\nНазначениеПлатежа="
           << purpose << "\r\nКонецДокумента\r\n";
    }
    st << "КонецФайла\r\n";
}

}  // namespace

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "";
    if (what == "cml" && argc == 4) {
        cml(argv[2], std::atoll(argv[3]));
        return 0;
    }
    if (what == "bank" && (argc == 7 || argc == 8)) {
        bank(argv[2], std::atoi(argv[3]), std::atoll(argv[4]), std::atoll(argv[5]), argv[6], argc == 8 ? std::atoll(argv[7]) : 0);
        return 0;
    }
    std::fprintf(stderr, "usage: gen_import cml DIR N\n       gen_import bank SHARE YEAR INVOICES PAYMENTS STATEMENT [ORDERS]\n");
    return 2;
}
