// Who signs a contract for each party, and the ИНН a company client must have
// (lib/procedure/contract_parties.h).
#include "procedure/contract_parties.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/toml_util.h"
#include "store/fsio.h"

namespace gefest {

Signatory company_signatory(const Share& share) {
    const std::string file = share.settings_file().string();
    toml::table t = tomlu::parse(fsio::read_file(share.settings_file()), file);
    const toml::table* c = t["company"].as_table();
    Signatory s;
    if (!c) return s;
    s.position = std::string(trim_space(tomlu::opt_string(*c, "signatory_position", file).value_or("")));
    s.name = std::string(trim_space(tomlu::opt_string(*c, "signatory_name", file).value_or("")));
    s.basis = std::string(trim_space(tomlu::opt_string(*c, "signatory_basis", file).value_or("")));
    return s;
}

Signatory client_signatory(const ClientBase& base, const Client& client) { return client_signatory(base.extra_columns(), client); }

Signatory client_signatory(const std::vector<std::string>& cols, const Client& client) {
    Signatory s;
    std::string* parts[3] = {&s.position, &s.name, &s.basis};
    for (std::size_t i = 0; i < cols.size() && i < client.extra.size(); ++i)
        for (std::size_t k = 0; k < 3; ++k)
            if (cols[i] == signatory_columns[k]) *parts[k] = std::string(trim_space(client.extra[i]));
    return s;
}

nlohmann::json signatory_data(const Signatory& s) {
    const bool person = !s.position.empty() && !s.name.empty();
    return {{"position", s.position},
            {"name", s.name},
            {"basis", s.basis},
            {"known", person && !s.basis.empty()},
            {"in_person", person ? s.position + " " + s.name : std::string("________________________________")},
            {"basis_text", s.basis.empty() ? std::string("________________") : s.basis}};
}

bool is_legal_entity(const Client& client) {
    static const std::array<std::string_view, 16> forms = {"ООО", "АО",  "ПАО", "ЗАО", "ОАО", "НАО", "АНО", "ГУП",
                                                           "МУП", "ФГУП", "ГБУ", "МБУ", "ГКУ", "МКУ", "ТСЖ", "СНТ"};
    auto organisation = [&](std::string_view text) {
        text = trim_space(text);
        for (auto f : forms)
            if (text == f || (text.starts_with(f) && text.size() > f.size() &&
                              (text[f.size()] == ' ' || text.substr(f.size()).starts_with("«") || text[f.size()] == '"')))
                return true;
        return text.starts_with("Общество") || text.starts_with("Акционерное");
    };
    if (!trim_space(client.legal_form).empty()) return organisation(client.legal_form);
    return organisation(client.name);
}

void require_legal_entity_inn(const Client& client) {
    if (!trim_space(client.inn).empty() || !is_legal_entity(client)) return;
    throw Error(Errc::data, fmt::format(fmt::runtime(tr("client {} '{}' is an organisation without an ИНН: an invoice must name it; "
                                                        "gefest client edit {} --inn NNNNNNNNNN")),
                                        client.id, client.name, client.id));
}

}  // namespace gefest
