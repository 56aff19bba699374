// Who signs a contract for each party, as the contract says it: «в лице генерального
// директора Карповича Виктора Петровича, действующего на основании Устава». The company's
// signatory is in gefest.toml ([company] signatory_position, signatory_name,
// signatory_basis), the client's in optional columns of the client base («Подписант:
// должность», «Подписант: ФИО», «Подписант: основание»), all written in the genitive as
// they follow «в лице» and «на основании». Nothing is guessed: what is not given is a
// blank line to fill in by hand. Also the rule that a company client needs an ИНН.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "procedure/clients.h"
#include "store/share.h"

namespace gefest {

/// One party's signatory, each part in the genitive ("" : not given).
struct Signatory {
    std::string position;  ///< «генерального директора»
    std::string name;      ///< «Карповича Виктора Петровича»
    std::string basis;     ///< «Устава», «доверенности № 12 от 01.02.2026»
};

/// The client base's optional columns of the client's signatory.
inline const char* const signatory_columns[3] = {"Подписант: должность", "Подписант: ФИО", "Подписант: основание"};

/// [company] signatory_position, signatory_name, signatory_basis of gefest.toml.
/// Error(data) FILE:LINE for a value that is not a string.
Signatory company_signatory(const Share& share);

/// The client's signatory from the optional columns (signatory_columns) of `base`; a
/// base without them gives an empty Signatory.
Signatory client_signatory(const ClientBase& base, const Client& client);
/// The same, from the names of the base's columns gefest does not know (what
/// `client.extra`'s cells are of).
Signatory client_signatory(const std::vector<std::string>& extra_columns, const Client& client);

/// The template data of a signatory: position name basis (as given), known (all three
/// given), in_person («генерального директора Карповича Виктора Петровича», or a blank
/// «________________________________» when position or name is missing) and basis_text
/// (the basis, or a blank «________________»).
nlohmann::json signatory_data(const Signatory& signatory);

/// True for a client whose legal form (or the first word of its name) is that of an
/// organisation: ООО, АО, ПАО, ЗАО, ОАО, НАО, АНО, ГУП, МУП, ФГУП, ГБУ, МБУ, ГКУ, МКУ,
/// ТСЖ, СНТ, «Общество…», «Акционерное…». An ИП or a person is not.
bool is_legal_entity(const Client& client);

/// Error(data) naming the client when it is a legal entity without an ИНН: an invoice
/// (or contract) to an organisation must name its ИНН (Налоговый кодекс, ст. 169).
void require_legal_entity_inn(const Client& client);

}  // namespace gefest
