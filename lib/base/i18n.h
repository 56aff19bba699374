// Messages are written in English in the code and translated through GNU gettext
// (text domain "gefest"); the Russian catalog is po/ru.po.
#pragma once

namespace gefest {

/// The translation of `msgid` for the user's locale, or `msgid` itself.
const char* tr(const char* msgid);

/// True when messages come out translated (a Russian locale with the catalog found): then
/// what the data holds in both forms (a role's code and its Russian name) shows the Russian.
bool messages_translated();

/// Points gettext at the catalogs next to the binary (or the install prefix) and
/// selects the user's locale; called once by the front end.
void init_translations(const char* argv0);

}  // namespace gefest
