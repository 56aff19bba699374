#include "base/i18n.h"

#include <libintl.h>

#include <clocale>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace gefest {

const char* tr(const char* msgid) { return dgettext("gefest", msgid); }

bool messages_translated() {
    // gettext hands back the msgid itself when it has no translation for it.
    static const char msgid[] = "messages: English";
    return std::strcmp(tr("messages: English"), msgid) != 0;
}

void init_translations(const char* argv0) {
    std::setlocale(LC_ALL, "");
    // Look for <dir>/locale (the build tree) first, then <prefix>/share/locale.
    std::error_code ec;
    auto exe = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec && argv0) exe = std::filesystem::absolute(argv0, ec);
    for (auto dir : {exe.parent_path() / "locale", exe.parent_path().parent_path() / "share" / "locale"}) {
        if (std::filesystem::exists(dir / "ru" / "LC_MESSAGES" / "gefest.mo", ec)) {
            bindtextdomain("gefest", dir.c_str());
            break;
        }
    }
    bind_textdomain_codeset("gefest", "UTF-8");
}

}  // namespace gefest
