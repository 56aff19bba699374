// i18n: without a catalog a message is its English msgid; init_translations finds the
// catalog built next to the binary (build/locale) and the user's locale selects it.
#include "base/i18n.h"

#include <doctest/doctest.h>

#include <clocale>
#include <filesystem>
#include <string>

#include "temp_folder.h"

using namespace gefest;
using gefest::testing::ScopedEnv;

TEST_CASE("i18n: tr returns the msgid itself when nothing translates it") {
    const char* id = "no catalog has this message {}";
    CHECK(tr(id) == id);  // the very pointer: safe to keep like a literal
    CHECK(std::string(tr("'{}' is missing")) == "'{}' is missing");  // the tests run in the C locale
}

TEST_CASE("i18n: init_translations finds the catalog next to the binary") {
    const auto mo = std::filesystem::canonical("/proc/self/exe").parent_path() / "locale/ru/LC_MESSAGES/gefest.mo";
    const bool have_locale = std::setlocale(LC_ALL, "ru_RU.UTF-8") != nullptr;
    std::setlocale(LC_ALL, "C");
    if (!have_locale || !std::filesystem::exists(mo)) {
        MESSAGE("skipped: no ru_RU.UTF-8 locale or no " << mo.string());
        return;
    }
    {
        ScopedEnv lc_all{"LC_ALL", "ru_RU.UTF-8"};
        ScopedEnv language{"LANGUAGE", std::nullopt};
        init_translations(nullptr);
        CHECK(std::string(tr("'{}' is missing")) == "нет '{}'");
        const char* id = "no catalog has this message {}";
        CHECK(tr(id) == id);
    }
    std::setlocale(LC_ALL, "C");  // the other tests compare English messages
    CHECK(std::string(tr("'{}' is missing")) == "'{}' is missing");
}
