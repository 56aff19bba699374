// The documents of an order (5.2.5): its folder's files and the files its journal rows
// name. See procedure/order_documents.h.
#include "procedure/order_documents.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "procedure/events/orders.h"
#include "procedure/inquiry_follow_up.h"
#include "store/fsio.h"

namespace gefest {

namespace fs = std::filesystem;

namespace {

bool starts(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

// The step a row is about: its "step" field, else what its kind implies.
std::string step_of(const Event& e) {
    if (e.data.is_object() && e.data.contains("step") && e.data["step"].is_string()) return e.data["step"].get<std::string>();
    if (starts(e.kind, "invoice.")) return "5.2.3.5";
    if (starts(e.kind, "call.")) return inquiry_step(e.kind.substr(5));
    return "";
}

// The files a row's data names (top level and in arrays), with the key each came from:
// a string that is the name of a file of the folder (`in_folder`), or any path under a
// key that holds files (a message sent, a 1C file written) — never a note that happens
// to contain a dot.
std::vector<std::pair<std::string, std::string>> named_files(const Event& e, const std::set<std::string>& in_folder) {
    static const std::set<std::string> file_keys = {"eml", "document", "documents", "file", "files", "attachment", "attachments"};
    std::vector<std::pair<std::string, std::string>> out;
    if (!e.data.is_object()) return out;
    for (const auto& item : e.data.items()) {
        const std::string& key = item.key();
        const nlohmann::json& value = item.value();
        auto take = [&](const nlohmann::json& v) {
            if (!v.is_string() || v.get<std::string>().empty()) return;
            const std::string path = v.get<std::string>();
            if (in_folder.count(fs::path(path).filename().string()) || file_keys.count(key)) out.emplace_back(key, path);
        };
        if (value.is_array())
            for (const auto& v : value) take(v);
        else take(value);
    }
    return out;
}

std::string local_time(std::int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace

DocumentGuess guess_document(const std::string& file, Payment payment) {
    static const std::vector<std::tuple<std::string_view, const char*, const char*>> made = {
        {"Счет № ", "invoice", "5.2.3.5"},          {"Договор № ", "contract", "5.2.3.4"},
        {"Спецификация № ", "specification", "5.2.3.4"}, {"Лист подбора ", "pick_list", "5.2.4.1"},
        {"Упаковочный лист ", "packing_list", "5.2.4.6"}, {"Товарная накладная ", "waybill", "5.2.4.6"},
        {"УПД № ", "waybill", "5.2.4.6"}};
    for (const auto& [prefix, kind, step] : made)
        if (starts(file, prefix)) {
            const bool cash_waybill = std::string_view(kind) == "waybill" && payment == Payment::cash;
            return {"made", kind, cash_waybill ? "5.2.4.2" : step};
        }
    if (fs::path(file).extension() == ".eml") return {"received", "message", ""};
    return {"received", "other", ""};
}

std::vector<OrderDocument> order_documents(Session& session, const Order& order) {
    Store& store = session.store();
    const fs::path folder = store.documents_folder({Record::order, order.year, order.number});
    std::set<std::string> files;
    for (const auto& name : fsio::list_dir(folder))
        if (name != "заказ.toml" && !starts(name, ".") && !starts(name, "~gefest-") && fs::is_regular_file(folder / name)) files.insert(name);
    // What the journal says of each file it names: the first row naming it made or sent it.
    std::map<std::string, OrderDocument> named;  // file name → document
    JournalFilter about;
    about.kinds = {events::order_kind_prefix, "invoice."};
    const std::string order_object = events::order_object_prefix + order.key();
    const std::string invoice_object = order.invoice.empty() ? "" : "invoice:" + order.invoice;
    Date from;
    if (!Date::try_parse(order.date, from)) from = now().date;
    store.for_each_event(
        from.month_key(), now().date.month_key(),
        [&](const Event& e) {
            if (e.object != order_object && (invoice_object.empty() || e.object != invoice_object)) return;
            for (const auto& [key, path] : named_files(e, files)) {
                const std::string name = file_name(path);
                if (named.count(name)) continue;
                OrderDocument d;
                d.file = name;
                d.where = path;
                d.step = step_of(e);
                d.time = e.time.iso();
                d.by = e.on_behalf.empty() ? e.login : e.on_behalf;
                const DocumentGuess g = guess_document(name, order.payment);
                d.kind = key == "eml" ? "message" : key == "file" && e.kind == events::OrderExport1c::kind ? "export_1c" : g.kind;
                d.direction = key == "eml" ? "sent" : d.kind == "other" || d.kind == "message" ? "received" : "made";
                if (d.kind == "export_1c") d.direction = "made";
                if (d.step.empty()) d.step = g.step;
                named[name] = std::move(d);
            }
        },
        about);
    std::vector<OrderDocument> out;
    for (const auto& name : files) {
        OrderDocument d;
        if (auto it = named.find(name); it != named.end()) {
            d = it->second;
            named.erase(it);
        } else {
            const DocumentGuess g = guess_document(name, order.payment);
            d.file = name;
            d.direction = g.direction;
            d.kind = g.kind;
            d.step = g.step;
            if (auto m = fsio::mtime_of(folder / name)) d.time = local_time(*m);
        }
        d.where = store.name({Record::order, order.year, order.number});
        d.where = (fs::path(d.where).parent_path() / name).string();
        out.push_back(std::move(d));
    }
    // Files the journal names outside the folder (messages in the outbox, 1C files), as
    // it wrote them.
    for (auto& [name, d] : named) {
        d.in_folder = false;
        out.push_back(std::move(d));
    }
    for (auto& d : out)
        if (const Step* s = session.process().find(d.step)) d.step_name = s->name;
    std::stable_sort(out.begin(), out.end(), [](const OrderDocument& a, const OrderDocument& b) {
        return a.time != b.time ? a.time < b.time : a.file < b.file;
    });
    return out;
}

}  // namespace gefest
