// The client base in memory: finding a client by id, phone, e-mail or ИНН, the search of
// `gefest client find`, the duplicates a new or changed client must not make, and adding,
// replacing and removing rows.
#include "procedure/clients.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/text.h"
#include "formats/requisites.h"

namespace gefest {

const Client* ClientBase::by_id(std::int64_t id) const {
    for (const auto& c : clients_)
        if (c.id == id) return &c;
    return nullptr;
}

const Client* ClientBase::by_phone(std::string_view phone) const {
    auto n = requisites::normalize_phone(trim_space(phone));
    if (!n) return nullptr;
    for (const auto& c : clients_)
        if (std::find(c.phones.begin(), c.phones.end(), *n) != c.phones.end()) return &c;
    return nullptr;
}

const Client* ClientBase::by_email(std::string_view email) const {
    auto n = requisites::normalize_email(email);
    if (!n) return nullptr;
    for (const auto& c : clients_) {
        auto all = c.emails();
        if (std::find(all.begin(), all.end(), *n) != all.end()) return &c;
    }
    return nullptr;
}

const Client* ClientBase::by_inn(std::string_view inn) const {
    std::string t(trim_space(inn));
    if (t.empty()) return nullptr;
    for (const auto& c : clients_)
        if (c.inn == t) return &c;
    return nullptr;
}

std::vector<const Client*> ClientBase::find(std::string_view text) const {
    std::vector<const Client*> out;
    for (const auto& c : clients_)
        if (client_matches(c, text)) out.push_back(&c);
    return out;
}

std::optional<Duplicate> ClientBase::find_duplicate(const Client& client) const {
    for (const auto& p : client.phones)
        for (const auto& c : clients_)
            if (c.id != client.id && std::find(c.phones.begin(), c.phones.end(), p) != c.phones.end())
                return Duplicate{&c, tr("phone"), p};
    for (const auto& e : client.emails())
        for (const auto& c : clients_) {
            if (c.id == client.id) continue;
            auto all = c.emails();
            if (std::find(all.begin(), all.end(), e) != all.end()) return Duplicate{&c, tr("e-mail"), e};
        }
    if (!client.inn.empty())
        for (const auto& c : clients_)
            if (c.id != client.id && c.inn == client.inn) return Duplicate{&c, "ИНН", c.inn};
    return std::nullopt;
}

const Client* ClientBase::duplicate_of(const Client& client) const {
    auto d = find_duplicate(client);
    return d ? d->client : nullptr;
}

int ClientBase::count_for(const std::string& login) const {
    return static_cast<int>(std::count_if(clients_.begin(), clients_.end(), [&](const Client& c) { return c.manager == login; }));
}

const Client& ClientBase::add(Client client) {
    if (client.id <= 0) throw Error(Errc::state, fmt::format(fmt::runtime(tr("client number {} is not valid")), client.id));
    if (by_id(client.id)) throw Error(Errc::state, fmt::format(fmt::runtime(tr("client number {} is already taken")), client.id));
    client.extra.resize(extra_.size());
    clients_.push_back(std::move(client));
    return clients_.back();
}

void ClientBase::update(const Client& client) {
    for (auto& c : clients_)
        if (c.id == client.id) {
            int line = c.line;
            c = client;
            c.line = line;
            c.extra.resize(extra_.size());
            return;
        }
    throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client {}")), client.id));
}

void ClientBase::remove(std::int64_t id) {
    auto it = std::find_if(clients_.begin(), clients_.end(), [&](const Client& c) { return c.id == id; });
    if (it == clients_.end()) throw Error(Errc::not_found, fmt::format(fmt::runtime(tr("no client {}")), id));
    clients_.erase(it);
}

}  // namespace gefest
