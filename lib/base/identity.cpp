#include "base/identity.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/i18n.h"
#include "base/input.h"

namespace gefest {

namespace {

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string read_boot_id() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

long long start_time_of(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    std::getline(in, stat);
    // Field 22 (starttime) follows the command name, which may contain spaces: count
    // from the closing parenthesis.
    auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i)
        if (i == 22) return std::atoll(field.c_str());
    return 0;
}

}  // namespace

Identity Identity::current() {
    Identity id;
    id.login = env_or_empty("GEFEST_LOGIN");
    if (id.login.empty()) {
        if (passwd* pw = ::getpwuid(::getuid())) id.login = pw->pw_name;
    }
    if (id.login.empty()) id.login = env_or_empty("LOGNAME");
    if (id.login.empty()) id.login = env_or_empty("USER");
    if (id.login.empty()) id.login = "uid" + std::to_string(::getuid());
    id.host = env_or_empty("GEFEST_HOST");
    if (id.host.empty()) {
        char buf[256] = {};
        ::gethostname(buf, sizeof buf - 1);
        id.host = buf;
    }
    id.pid = static_cast<int>(::getpid());
    id.boot_id = read_boot_id();
    id.pid_start = start_time_of(id.pid);
    return id;
}

void Identity::require_usable() const {
    input::require_login(login, env_or_empty("GEFEST_LOGIN").empty() ? tr("your login (GEFEST_LOGIN overrides it)") : "GEFEST_LOGIN");
    input::require_host(host, env_or_empty("GEFEST_HOST").empty() ? tr("this computer's name (GEFEST_HOST overrides it)") : "GEFEST_HOST");
}

bool Identity::alive_locally() const {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
    // The pid exists; it is the same process only if it started when the record says.
    return pid_start == 0 || start_time_of(pid) == pid_start;
}

}  // namespace gefest
