// Journal rows built by hand for the report tests (report_test, month_facts_test,
// open_work_test): a row of any kind with its data, an inquiry (call.new) and an order.new
// as the reports read them; a demo share at a given time to append them to.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "demo_share.h"
#include "store/journal.h"
#include "store/session.h"
#include "temp_folder.h"

namespace gefest::testing {

/// A row of `kind` about `object` at `time` ("2025-01-10T09:00:00").
inline Event ev(const std::string& time, const std::string& kind, const std::string& object, nlohmann::json data) {
    Event e;
    e.time = DateTime::parse(time, "test");
    e.kind = kind;
    e.object = object;
    e.data = std::move(data);
    return e;
}

/// A call.new of client `client` («Клиент N») asking ПК-50 × 2, transferred to `manager`.
inline Event inquiry(const std::string& time, const std::string& id, std::int64_t client, const std::string& source, bool is_new,
                     const std::string& manager) {
    return ev(time, "call.new", "call:" + id,
              {{"id", id}, {"channel", "new"}, {"client", client}, {"client_name", "Клиент " + std::to_string(client)},
               {"new_client", is_new}, {"source", source}, {"manager", manager}, {"outcome", "transferred"},
               {"products", {{{"sku", "ПК-50"}, {"qty", 2}}}}});
}

/// An order.new of petrov's for client `client`, made from inquiry `call` ("" : none).
inline Event order_new(const std::string& time, const std::string& key, std::int64_t client, const std::string& call,
                       const std::string& total, const std::string& payment = "noncash") {
    return ev(time, "order.new", "order:" + key,
              {{"client", client}, {"client_name", "Клиент " + std::to_string(client)}, {"manager", "petrov"}, {"payment", payment},
               {"call", call}, {"total", total}, {"status", "new"}});
}

/// A copy of the demo share, its clock at `now` ("2025-06-10T09:00:00"), with a session of
/// the one running the tests to append rows to its journal.
struct JournalShare {
    explicit JournalShare(const char* now) : now_env{"GEFEST_NOW", now} {}

    ScopedEnv now_env;
    DemoShare demo;
    Session session{demo.share, demo.me};

    void add(Event e) { session.journal().append(e); }
};

}  // namespace gefest::testing
