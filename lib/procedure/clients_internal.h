// What the files of the client base (clients.cpp, client_register.cpp, client_match.cpp,
// client_merge.cpp, client_routing.cpp) share and nobody else uses: spelling rules of
// the register's cells and the record of the register. Not part of the interface.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "procedure/clients.h"
#include "store/store.h"

namespace gefest::clients_detail {

/// Cells of a list: "a, b; c" and line breaks (Alt+Enter in Excel); with `spaces` also at
/// whitespace. Trimmed, empty items dropped.
std::vector<std::string> split_list(std::string_view text, bool spaces);

/// True for a non-empty string of ASCII digits.
bool all_digits(std::string_view s);

/// Each phone normalised (require_phone: Error(data) for one that is not), duplicates dropped.
std::vector<std::string> normalize_phones(const std::vector<std::string>& phones);

/// The addresses in `text` normalised (require_email), duplicates dropped, joined with ", ".
std::string normalize_emails(std::string_view text);

/// Trims every field and normalises phones, e-mails and the date (Error(data) if one cannot be).
void normalize_client(Client& client);

/// The register's header name of field `key`; Error(usage) for an unknown key.
const std::string& column_of(std::string_view key);

/// The member holding text field `key` ("name", "form", … — not "phones"), nullptr for another key.
std::string* text_field(Client& client, std::string_view key);

/// The client base in the store.
inline constexpr Record client_register = Record::clients;

/// The register of a snapshot: its parse, or an empty base when the file does not exist.
ClientBase parse_snapshot(const Snapshot& snap, const std::string& file);

/// Store::change_indexed of the register: `change` returns the base to write (nullopt:
/// nothing), and the index is made from that base, not parsed again. `change` may be
/// called more than once (see RecordChange).
void change_register(Store& store, const std::function<std::optional<ClientBase>(ClientBase& read)>& change);

}  // namespace gefest::clients_detail
