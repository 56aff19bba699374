#include "formats/registers.h"

namespace gefest::registers {

const std::vector<std::string>& client_columns() {
    static const std::vector<std::string> c = {
        "Код", "Наименование", "Форма", "ИНН", "КПП", "ОГРН", "Телефоны", "E-mail", "Город", "Адрес",
        "Контактное лицо", "Менеджер", "Источник рекламы", "Дата добавления", "Примечание"};
    return c;
}

const std::vector<std::string>& catalog_columns() {
    static const std::vector<std::string> c = {"Артикул", "Наименование", "Ед. изм.", "Цена", "Ставка НДС", "Срок изготовления, дней"};
    return c;
}

const std::vector<std::string>& stock_columns() {
    static const std::vector<std::string> c = {"Артикул", "Склад", "Количество"};
    return c;
}

}  // namespace gefest::registers
