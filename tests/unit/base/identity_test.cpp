#include "base/identity.h"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;

TEST_CASE("identity: this process, with GEFEST_LOGIN and GEFEST_HOST overriding") {
    ScopedEnv login("GEFEST_LOGIN", "ivanova");
    ScopedEnv host("GEFEST_HOST", "pc-12");
    Identity me = Identity::current();
    CHECK(me.login == "ivanova");
    CHECK(me.host == "pc-12");
    CHECK(me.pid == ::getpid());
    CHECK(me.pid_start > 0);
    CHECK(me.alive_locally());
    CHECK(me.same_machine(Identity::current()));
    Identity rebooted = me;
    rebooted.boot_id = "another-boot";
    CHECK_FALSE(me.same_machine(rebooted));
}

TEST_CASE("identity: a finished process or a reused pid is not alive") {
    Identity me = Identity::current();
    Identity gone = me;
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    gone.pid = static_cast<int>(child);
    CHECK_FALSE(gone.alive_locally());

    Identity reused = me;  // our pid, but recorded for a process that started at another time
    reused.pid_start = me.pid_start + 12345;
    CHECK_FALSE(reused.alive_locally());

    Identity nobody = me;
    nobody.pid = 0;
    CHECK_FALSE(nobody.alive_locally());
}
