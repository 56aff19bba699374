// The responsibility matrix as the one place that answers "may this person do this":
// actions inside a step, the process owner, the roles clients are assigned to, a matrix
// from before a step or an action existed, and the refusal the session gives.
#include "store/process.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "demo_share.h"
#include "failure.h"
#include "store/defaults.h"
#include "store/session.h"

using namespace gefest;
using gefest::testing::DemoShare;
using gefest::testing::failure_of;

namespace {

const std::string roles =
    "[roles]\n"
    "head_of_sales = \"НОП\"\n"
    "sales_manager = \"Менеджер ОП\"\n"
    "head_of_planning = \"Плановый отдел\"\n";

}  // namespace

TEST_CASE("process: an action of a step belongs to its own roles; a step without actions to all of its roles") {
    const Process p = parse_process(roles +
                                        "[[step]]\nid = \"5.2.3.2\"\nresponsible = [\"sales_manager\"]\n"
                                        "performers = [\"sales_manager\", \"head_of_planning\"]\n"
                                        "actions = { ask = [\"sales_manager\"], answer = [\"head_of_planning\"] }\n",
                                    "P");
    const Step& s = *p.find("5.2.3.2");
    CHECK(p.may(s, "answer", {"head_of_planning"}));
    CHECK_FALSE(p.may(s, "answer", {"sales_manager"}));
    CHECK(p.may(s, "ask", {"sales_manager"}));
    CHECK_FALSE(p.may(s, "ask", {"head_of_planning"}));
    CHECK(p.may(s, "", {"head_of_planning"}));        // the step as a whole: anyone on it
    CHECK(p.may(s, "unlisted", {"head_of_planning"}));  // an action the step does not split off
    CHECK(p.roles_for(s, "answer") == std::vector<std::string>{"head_of_planning"});
    CHECK(p.roles_for(s) == std::vector<std::string>{"sales_manager", "head_of_planning"});
    CHECK(p.helper_roles(s, "answer") == std::vector<std::string>{"head_of_planning"});
    CHECK(p.helper_roles(s, "ask").empty());

    auto f = failure_of([] { parse_process(roles + "[[step]]\nid = \"x\"\nactions = { a = [\"cook\"] }\n", "P"); });
    CHECK(f.code == Errc::data);
    CHECK(f.line == 5);
    CHECK(f.message == "step 'x' names an unknown role 'cook'");
    f = failure_of([] { parse_process(roles + "[[step]]\nid = \"x\"\nactions = \"all\"\n", "P"); });
    CHECK(f.line == 7);
}

TEST_CASE("process: the owner and the client managers are read from the matrix") {
    const Process p = parse_process(roles +
                                        "[[step]]\nid = \"5.2\"\nresponsible = [\"head_of_planning\"]\n"
                                        "[[step]]\nid = \"5.2.1.2\"\nresponsible = [\"head_of_sales\"]\n",
                                    "P");
    CHECK(p.owner_roles() == std::vector<std::string>{"head_of_planning"});
    CHECK(p.client_manager_roles() == std::vector<std::string>{"head_of_sales"});
    const Process d = default_process();
    CHECK(d.owner_roles() == std::vector<std::string>{"head_of_sales"});
    CHECK(d.client_manager_roles() == std::vector<std::string>{"sales_manager"});
}

TEST_CASE("process: an old matrix is completed from the default one, never overridden") {
    // A share's matrix from before the actions and duties: the steps it has keep its
    // roles, 5.2.3.2 gains the default actions, staff and catalog come from the defaults.
    const std::string old = std::string(default_file("Отдел продаж/ОФИС-МЕНЕДЖЕР/Процесс.toml"));
    std::string text = old.substr(0, old.find("\n[[step]]\nid = \"staff\""));
    auto at = text.find("actions = { ask");
    REQUIRE(at != std::string::npos);
    text.erase(at, text.find('\n', at) - at);
    REQUIRE(text.find("id = \"catalog\"") == std::string::npos);
    const Process p = parse_process(text, "P");
    REQUIRE(p.find("catalog") != nullptr);
    CHECK(p.may(*p.find("catalog"), {"warehouse"}));
    CHECK(p.roles_for(*p.find("5.2.3.2"), "answer") == std::vector<std::string>{"head_of_planning"});

    // A company that wrote its own actions keeps them as written.
    const Process own = parse_process(roles + "[[step]]\nid = \"5.2.3.2\"\nresponsible = [\"sales_manager\"]\n"
                                              "actions = { answer = [\"sales_manager\"] }\n",
                                      "P");
    CHECK(own.roles_for(*own.find("5.2.3.2"), "answer") == std::vector<std::string>{"sales_manager"});
    CHECK(own.roles_for(*own.find("5.2.3.2"), "ask").size() == 1);  // no default added beside
}

TEST_CASE("session: require_step refuses naming the step, the action and who may") {
    DemoShare demo;
    Identity petrov = demo.me;
    petrov.login = "petrov";  // a sales manager of the demo share
    Session s(demo.share, petrov);
    CHECK_NOTHROW(s.require_step("5.2.3.2", "ask"));
    auto f = failure_of([&] { s.require_step("5.2.3.2", "answer"); });
    CHECK(f.code == Errc::refused);
    CHECK(f.message.find("'answer' of step 5.2.3.2") == 0);
    CHECK(f.message.find("may be done by: head_of_planning; 'petrov' is sales_manager") != std::string::npos);
    f = failure_of([&] { s.require_step(step_id::staff); });
    CHECK(f.message.find("step staff «") == 0);
    CHECK(f.code == Errc::refused);
    f = failure_of([&] { s.require_step("9.9"); });
    CHECK(f.code == Errc::config);
    CHECK_FALSE(s.actor_is_owner());

    // Acting for someone needs act_for_others; the demo's boss has it.
    Identity boss = demo.me;
    boss.login = "boss";
    Session as_petrov(demo.share, boss, "petrov");
    CHECK(as_petrov.actor().login == "petrov");
    Session refused(demo.share, petrov, "boss");
    CHECK(failure_of([&] { refused.actor(); }).code == Errc::refused);
}
