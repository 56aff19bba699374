#include "procedure/share_init.h"

#include <fmt/format.h>

#include "base/csv.h"
#include "documents/documents.h"
#include "base/error.h"
#include "store/fsio.h"
#include "base/i18n.h"
#include "formats/registers.h"
#include "store/share.h"
#include "store/staff.h"
#include "base/toml_util.h"

namespace gefest {

namespace fs = std::filesystem;

const std::string& default_process_toml() {
    static const std::string text = R"toml(# Матрица ответственности процесса 02-006 «Прием и сопровождение заказа».
# О — ответственный (responsible), И — исполнитель (performers). Шаг может выполнить
# сотрудник с любой из перечисленных ролей. deadline_hours — срок шага для контроля
# процесса (5.2.9, «gefest report control»); 0 — без срока.

[roles]
head_of_sales = "Начальник отдела продаж"
office_manager = "Офис-менеджер коммерческого отдела"
sales_manager = "Менеджер ОП"
head_of_planning = "Начальник планового отдела"
warehouse = "Склад ГП"
senior_planner = "Старший менеджер планового отдела"
accountant = "Бухгалтерия"

[[step]]
id = "5.2"
name = "Прием и сопровождение заказа (владелец процесса)"
responsible = ["head_of_sales"]
performers = []

[[step]]
id = "5.2.1.1"
name = "Прием обращений новых клиентов по телефону"
responsible = ["office_manager"]
performers = ["office_manager", "sales_manager"]
deadline_hours = 4

[[step]]
id = "5.2.1.2"
name = "Прием по телефону обращений существующих клиентов"
responsible = ["sales_manager"]
performers = ["sales_manager", "office_manager"]
deadline_hours = 4

[[step]]
id = "5.2.1.3"
name = "Прием обращений клиента в офисе"
responsible = ["head_of_sales"]
performers = ["sales_manager"]
deadline_hours = 4

[[step]]
id = "5.2.1.4"
name = "Прием обращений клиентов по электронной почте"
responsible = ["sales_manager"]
performers = ["sales_manager"]
deadline_hours = 8

[[step]]
id = "5.2.2.1"
name = "Прием заявок от потенциальных клиентов"
responsible = ["sales_manager"]
performers = ["sales_manager"]
deadline_hours = 8

[[step]]
id = "5.2.2.2"
name = "Прием заявок с сайта"
responsible = ["head_of_sales"]
performers = ["head_of_sales", "sales_manager"]
deadline_hours = 8

[[step]]
id = "5.2.3.1"
name = "Безналичный расчет: определение остатков на складах"
responsible = ["sales_manager"]
performers = ["sales_manager"]
deadline_hours = 8

[[step]]
id = "5.2.3.2"
name = "Безналичный расчет: определение сроков исполнения заказа и порядок их уточнения"
responsible = ["sales_manager"]
performers = ["sales_manager", "head_of_planning"]
deadline_hours = 24

[[step]]
id = "5.2.3.3"
name = "Безналичный расчет: набор заказа в 1С:Торговля"
responsible = ["sales_manager"]
performers = ["sales_manager"]
deadline_hours = 8

[[step]]
id = "5.2.3.4"
name = "Безналичный расчет: подготовка договора и спецификации"
responsible = ["sales_manager"]
performers = ["sales_manager"]
deadline_hours = 24

[[step]]
id = "5.2.3.5"
name = "Безналичный расчет: передача счета, договора и спецификации клиенту"
responsible = ["sales_manager"]
performers = ["sales_manager", "office_manager"]
deadline_hours = 8

[[step]]
id = "5.2.3.6"
name = "Наличный расчет: определение остатков на складе"
responsible = ["sales_manager"]
performers = ["sales_manager"]
deadline_hours = 4

[[step]]
id = "5.2.3.7"
name = "Наличный расчет: оформление заказа при наличной оплате"
responsible = ["sales_manager"]
performers = ["sales_manager", "office_manager"]
deadline_hours = 8

[[step]]
id = "5.2.4.1"
name = "Наличный расчет: извещение склада о приезде клиента"
responsible = ["sales_manager"]
performers = ["sales_manager", "office_manager"]
deadline_hours = 24

[[step]]
id = "5.2.4.2"
name = "Наличный расчет: прием накладной об отгрузке в ОП"
responsible = ["warehouse"]
performers = ["warehouse", "head_of_sales"]
deadline_hours = 48

[[step]]
id = "5.2.4.3"
name = "Безналичный расчет: отслеживание данных об оплате"
responsible = ["head_of_sales"]
performers = ["head_of_sales", "accountant"]
deadline_hours = 120

[[step]]
id = "5.2.4.4"
name = "Безналичный расчет: оформление заказа на отгрузку"
responsible = ["sales_manager"]
performers = ["sales_manager", "head_of_sales", "head_of_planning"]
deadline_hours = 24

[[step]]
id = "5.2.4.5"
name = "Безналичный расчет: информирование клиента о рекомендуемой транспортной компании"
responsible = ["sales_manager"]
performers = ["sales_manager", "senior_planner"]
deadline_hours = 24

[[step]]
id = "5.2.4.6"
name = "Безналичный расчет: подготовка сопроводительных документов и передача их на склад ГП"
responsible = ["sales_manager"]
performers = ["sales_manager"]
deadline_hours = 24

[[step]]
id = "5.2.4.7"
name = "Безналичный расчет: информирование клиента об отправке груза"
responsible = ["sales_manager"]
performers = ["sales_manager", "accountant"]
deadline_hours = 24

[[step]]
id = "5.2.4.8"
name = "Безналичный расчет: прием накладной об отгрузке в ОП"
responsible = ["sales_manager"]
performers = ["sales_manager", "office_manager", "accountant"]
deadline_hours = 72

[[step]]
id = "5.2.5"
name = "Хранение документов по заказам"
responsible = ["sales_manager"]
performers = ["sales_manager"]

[[step]]
id = "5.2.6"
name = "Обновление клиентской базы"
responsible = ["sales_manager"]
performers = ["sales_manager", "office_manager"]

[[step]]
id = "5.2.7"
name = "Работа с заказами на нестандартную продукцию"
responsible = ["head_of_sales"]
performers = ["head_of_sales", "sales_manager"]
deadline_hours = 48

[[step]]
id = "5.2.8"
name = "Работа с претензиями клиентов"
responsible = ["head_of_sales"]
performers = ["head_of_sales"]
deadline_hours = 72

[[step]]
id = "5.2.9"
name = "Контроль процесса"
responsible = ["head_of_sales"]
performers = ["head_of_sales"]
)toml";
    return text;
}

namespace {

std::string default_settings(const std::string& company, const std::string& share_id) {
    return fmt::format(R"toml(# Настройки общей папки gefest. Пути — относительно этой папки.

[share]
id = {}
format = 1

[company]
name = {}
legal_form = ""
inn = ""
kpp = ""
ogrn = ""
address = ""
phone = ""
email = ""
director = ""
accountant = ""

# Расчетные счета компании: для счетов и для распознавания входящих платежей.
# [[bank_account]]
# bank = "ПАО Сбербанк"
# bik = "044525225"
# corr_account = "30101810400000000225"
# account = "40702810..."

[vat]
included = true      # цены в каталоге включают НДС
simplified = false   # УСН: в документах «Без налога (НДС)»

[[vat.rate]]
from = "2019-01-01"
percent = 20

[[vat.rate]]
from = "2026-01-01"   # 425-ФЗ
percent = 22

[intake]
sources = ["Интернет-поиск", "Сайт компании", "Рекомендация", "Выставка", "Справочник", "Реклама в СМИ", "E-mail", "Повторное обращение", "Другое"]
routing = "round_robin"   # или "least_loaded": кому передать нового клиента
how_to_order = "Заявку можно прислать на e-mail или оформить у менеджера по телефону; по заявке выставляется счет."
delivery = ["Самовывоз со склада ГП", "Транспортной компанией до терминала", "Транспортной компанией до двери"]

[mail]
sendmail = ""   # например "/usr/sbin/sendmail -t -oi"; пусто — письма кладутся в папку «Исходящие»
from = ""

[locks]
wait_seconds = 15
lease_seconds = 300
)toml",
                       tomlu::quote(share_id), tomlu::quote(company));
}

}  // namespace

void init_share(const fs::path& dir, const std::string& company, const Identity& me) {
    if (fsio::exists(dir / "gefest.toml"))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' is already a gefest share; nothing was changed")), dir.string()));
    fsio::make_dirs(dir);
    const std::string share_id = fsio::random_token();
    Settings s = parse_settings(default_settings(company, share_id), "gefest.toml");

    for (const auto& folder : {s.reports, s.journal, s.orders, s.claims, s.templates, s.outbox, s.planning, s.statements,
                               fs::path(s.catalog).parent_path().string(), fs::path(s.clients).parent_path().string()})
        fsio::make_dirs(dir / folder);
    fsio::make_dirs(dir / ".gefest" / "tmp");

    Process process = parse_process(default_process_toml(), s.process);
    Staff staff;
    StaffMember head;
    head.login = me.login;
    head.name = me.login;
    head.roles = {"head_of_sales"};
    head.act_for_others = true;
    staff.members.push_back(head);

    auto write_new = [&](const std::string& rel, const std::string& content) {
        if (!fsio::exists(dir / rel)) fsio::write_atomic(dir / rel, content);
    };
    write_new(s.process, default_process_toml());
    write_new(s.staff, format_staff(staff, process));
    write_new(s.clients, csv::write(csv::Table{registers::client_columns(), {}}));
    write_new(s.catalog, csv::write(csv::Table{registers::catalog_columns(), {}}));
    write_new(s.stock, csv::write(csv::Table{registers::stock_columns(), {}}));
    // lib/documents/documents.h default_template_names(): Счет, Договор, Спецификация, Лист подбора,
    // Упаковочный лист, Товарная накладная (files that exist are kept).
    write_default_templates(dir / s.templates);

    if (!fsio::create_exclusive(dir / "gefest.toml", default_settings(company, share_id)))
        throw Error(Errc::state, fmt::format(fmt::runtime(tr("'{}' is already a gefest share; nothing was changed")), dir.string()));
}

}  // namespace gefest
