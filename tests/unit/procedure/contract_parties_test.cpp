// contract_parties: who signs for each party (nothing guessed: blanks when not given) and
// the ИНН an organisation client must have before an invoice or a contract (issue 15).
#include "procedure/contract_parties.h"

#include <doctest/doctest.h>

#include "base/error.h"
#include "store/fsio.h"

using namespace gefest;

TEST_CASE("contract_parties: the client's signatory comes from the optional columns of the client base") {
    const std::string bom = "\xEF\xBB\xBF";
    const std::string head = "Код;Наименование;Форма;ИНН;КПП;ОГРН;Телефоны;E-mail;Город;Адрес;Контактное лицо;Менеджер;Источник рекламы;Дата добавления;Примечание";
    ClientBase with = ClientBase::parse(bom + head + ";Подписант: должность;Подписант: ФИО;Подписант: основание\r\n"
                                              "1;ООО «Ромашка»;ООО;7203145879;;;;;;;;;;;;директора;Сидоренко Ивана Павловича;Устава\r\n"
                                              "2;ООО «Лютик»;ООО;;;;;;;;;;;;;;;\r\n",
                                        "База клиентов.csv");
    Signatory s = client_signatory(with, *with.by_id(1));
    CHECK(s.position == "директора");
    CHECK(s.name == "Сидоренко Ивана Павловича");
    CHECK(s.basis == "Устава");
    nlohmann::json j = signatory_data(s);
    CHECK(j["in_person"] == "директора Сидоренко Ивана Павловича");
    CHECK(j["basis_text"] == "Устава");
    CHECK(j["known"] == true);
    // not given: blanks to fill in by hand, never «руководителя …» made up
    nlohmann::json blank = signatory_data(client_signatory(with, *with.by_id(2)));
    CHECK(blank["in_person"] == "________________________________");
    CHECK(blank["basis_text"] == "________________");
    CHECK(blank["known"] == false);
    ClientBase old = ClientBase::parse(bom + head + "\r\n1;ООО «Ромашка»;ООО;7203145879;;;;;;;;;;;\r\n", "База клиентов.csv");
    CHECK(client_signatory(old, *old.by_id(1)).name.empty());  // an older base without the columns reads
}

TEST_CASE("contract_parties: an organisation without an ИНН is refused; a person or an ИП is not") {
    Client c;
    c.id = 7;
    c.name = "ООО «ТоболСтрой»";
    c.legal_form = "ООО";
    CHECK(is_legal_entity(c));
    std::string what;
    try {
        require_legal_entity_inn(c);
    } catch (const Error& e) {
        what = e.what();
        CHECK(e.code() == Errc::data);
    }
    CHECK(what.find("client 7 'ООО «ТоболСтрой»' is an organisation without an ИНН") != std::string::npos);
    c.inn = "7206123457";
    CHECK_NOTHROW(require_legal_entity_inn(c));
    Client person;
    person.name = "Кравченко Павел Андреевич";
    person.legal_form = "физ. лицо";
    CHECK_FALSE(is_legal_entity(person));
    CHECK_NOTHROW(require_legal_entity_inn(person));
    Client ip;
    ip.name = "ИП Захаров Дмитрий Олегович";
    ip.legal_form = "ИП";
    CHECK_FALSE(is_legal_entity(ip));
    Client unnamed_form;
    unnamed_form.name = "АО «Тобольский механический завод»";  // no Форма: the name tells
    CHECK(is_legal_entity(unnamed_form));
    unnamed_form.name = "Общество с ограниченной ответственностью «Север»";
    CHECK(is_legal_entity(unnamed_form));
    unnamed_form.name = "Аовцев Иван";  // starts with «АО» letters, but is a person
    CHECK_FALSE(is_legal_entity(unnamed_form));
}
