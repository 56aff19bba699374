// Writes a year of journal segments straight into a share's Журнал folder, in the
// format of lib/store/journal.cpp: UTF-8 BOM, the header row, then rows
// time;login;on_behalf;kind;object;data;id;checksum where the checksum is FNV-1a 64
// (16 hex digits) of the row's first seven cells as csv::write_row writes them
// (without the CRLF). Only the data cell needs quoting (it holds '"').
// Usage: gen_journal JOURNAL_DIR YEAR INQUIRIES ORDERS [closed]
// With "closed", the work of all but the last weeks is finished, as in a department that
// keeps up: an inquiry without an order is closed (inquiry.close) an hour after it, an
// order not cancelled ships (status shipped) three days after it; what is left open is
// the last week's inquiries and the last two weeks' orders.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

std::string fnv(const std::string& s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string quote(const std::string& cell) {
    std::string out = "\"";
    for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

struct Row {
    std::int64_t t;  // seconds in the year, for sorting
    std::string login, kind, object, data;
};

std::string iso(int year, std::int64_t s, int& month_out) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    std::int64_t day = s / 86400, rest = s % 86400;
    int m = 0;
    while (day >= days[m]) day -= days[m++];
    month_out = m + 1;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02lldT%02lld:%02lld:%02lld", year, m + 1, static_cast<long long>(day + 1),
                  static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5 && !(argc == 6 && std::string(argv[5]) == "closed")) {
        std::fprintf(stderr, "usage: gen_journal JOURNAL_DIR YEAR INQUIRIES ORDERS [closed]\n");
        return 2;
    }
    const std::filesystem::path root = argv[1];
    const int year = std::atoi(argv[2]);
    const long inquiries = std::atol(argv[3]), orders = std::atol(argv[4]);
    const bool closed = argc == 6;
    const std::vector<std::string> sources = {"Интернет-поиск", "Сайт компании", "Рекомендация", "Выставка", "Справочник",
                                              "Реклама в СМИ", "E-mail", "Повторное обращение"};
    const std::vector<std::string> channels = {"new", "existing", "visit", "email", "request", "site"};
    const std::vector<std::string> managers = {"petrov", "sidorova"};
    const std::vector<std::string> skus = {"ПК-100", "ПК-50", "ГВ-12", "ДЫМ-200", "АВТ-01", "ТЕП-Т1"};
    std::mt19937_64 rng(42);
    const std::int64_t year_seconds = 365LL * 86400;
    std::vector<Row> rows;
    rows.reserve(inquiries * 2 + orders * 3);
    for (long i = 1; i <= inquiries; ++i) {
        std::int64_t t = static_cast<std::int64_t>(static_cast<double>(i) / inquiries * (year_seconds - 3600));
        const std::string& ch = channels[rng() % channels.size()];
        const bool is_new = ch == "new" || rng() % 4 == 0;
        const std::string& mgr = managers[rng() % 2];
        char data[900];
        std::snprintf(data, sizeof data,
                      "{\"channel\":\"%s\",\"client\":%ld,\"client_name\":\"ООО «Клиент %ld»\",\"contact\":\"\",\"email\":\"\","
                      "\"id\":\"%d-%ld\",\"manager\":\"%s\",\"manager_name\":\"\",\"new_client\":%s,\"note\":\"\",\"outcome\":\"transferred\","
                      "\"phone\":\"+7912%07ld\",\"products\":[{\"answer\":\"in_stock\",\"qty\":%d,\"sku\":\"%s\",\"text\":\"в наличии\"}],"
                      "\"received\":\"\",\"ref\":\"\",\"source\":\"%s\",\"subject\":\"\",\"taken_by\":\"ivanova\"}",
                      ch.c_str(), i % 200000 + 1, i % 200000 + 1, year, i, mgr.c_str(), is_new ? "true" : "false", i % 10000000,
                      static_cast<int>(rng() % 5 + 1), skus[rng() % skus.size()].c_str(), sources[rng() % sources.size()].c_str());
        const std::string object = "call:" + std::to_string(year) + "-" + std::to_string(i);
        rows.push_back({t, "ivanova", "call." + ch, object, data});
        const bool has_order = orders > 0 && i % (inquiries / orders) == 0 && i / (inquiries / orders) <= orders;
        if (closed && !has_order && t < year_seconds - 7 * 86400)
            rows.push_back({t + 3600, "ivanova", "inquiry.close", object,
                            "{\"client\":0,\"client_name\":\"\",\"id\":\"" + object.substr(5) + "\",\"note\":\"\",\"outcome\":\"consulted\"}"});
    }
    for (long n = 1; n <= orders; ++n) {
        long call = n * (inquiries / orders);
        std::int64_t t = static_cast<std::int64_t>(static_cast<double>(call) / inquiries * (year_seconds - 3600)) + 600;
        const std::string& mgr = managers[n % 2];
        const bool cash = n % 3 == 0;
        const std::string key = std::to_string(year) + "-" + std::to_string(n);
        char data[600];
        std::snprintf(data, sizeof data,
                      "{\"call\":\"%d-%ld\",\"client\":%ld,\"client_name\":\"ООО «Клиент %ld»\",\"items\":2,\"manager\":\"%s\","
                      "\"payment\":\"%s\",\"status\":\"new\",\"total\":\"%ld.%02ld\"}",
                      year, call, call % 200000 + 1, call % 200000 + 1, mgr.c_str(), cash ? "cash" : "noncash", 10000 + static_cast<long>(rng() % 500000),
                      static_cast<long>(rng() % 100));
        rows.push_back({t, mgr, "order.new", "order:" + key, data});
        const std::string step = cash ? "5.2.3.6" : "5.2.3.1";
        rows.push_back({std::min(t + 1800, year_seconds - 1), mgr, "order.step", "order:" + key,
                        "{\"note\":\"в наличии\",\"status\":\"new\",\"step\":\"" + step + "\"}"});
        if (n % 10 == 0)
            rows.push_back({std::min(t + 3600, year_seconds - 1), mgr, "order.cancel", "order:" + key,
                            "{\"reason\":\"передумал\",\"status\":\"cancelled\"}"});
        else if (closed && t < year_seconds - 14 * 86400)
            rows.push_back({t + 3 * 86400, mgr, "order.step", "order:" + key,
                            "{\"note\":\"\",\"status\":\"shipped\",\"step\":\"" + std::string(cash ? "5.2.4.2" : "5.2.4.8") + "\"}"});
    }
    std::map<std::string, std::ofstream> segments;
    const std::string header = "время;пользователь;от имени;событие;объект;данные;id;контроль\r\n";
    long count = 0;
    for (const auto& r : rows) {
        int month = 0;
        const std::string time = iso(year, r.t, month);
        char dir[16];
        std::snprintf(dir, sizeof dir, "%04d-%02d", year, month);
        const std::string file = (root / dir / (r.login + "@bench.csv")).string();
        auto it = segments.find(file);
        if (it == segments.end()) {
            std::filesystem::create_directories(root / dir);
            it = segments.emplace(file, std::ofstream(file, std::ios::binary)).first;
            it->second << "\xEF\xBB\xBF" << header;
        }
        std::string body = time + ";" + r.login + ";;" + r.kind + ";" + r.object + ";" + quote(r.data) + ";" + time + "-b" + std::to_string(++count);
        it->second << body << ';' << fnv(body) << "\r\n";
    }
    std::printf("%ld rows in %zu segments\n", count, segments.size());
    return 0;
}
