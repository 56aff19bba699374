// The default document templates that gefest init writes into the share's Шаблоны/
// folder (and that data/demo carries). The company edits its copies; these are only the
// starting point. Placeholders: man/gefest-share.5, DOCUMENT TEMPLATES (invoice, contract,
// specification) and man/gefest-ship.1, TEMPLATES (pick list, packing list, waybill).
#include "documents/documents.h"

namespace gefest {

namespace {

const char* const invoice_text = R"tpl(<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Счет на оплату № {{invoice.number}} от {{invoice.date}}</title>
<style>
  @page { size: A4; margin: 15mm 12mm 15mm 20mm; }
  body { font-family: "Arial", "Liberation Sans", sans-serif; font-size: 10pt; color: #000; max-width: 180mm; margin: 0 auto; }
  table { border-collapse: collapse; width: 100%; }
  td, th { padding: 2px 4px; vertical-align: top; }
  .grid td, .grid th { border: 1px solid #000; }
  .lines th { font-weight: bold; text-align: center; }
  .num { text-align: right; white-space: nowrap; }
  .small { font-size: 8pt; }
  h1 { font-size: 14pt; margin: 12px 0 6px; padding-bottom: 6px; border-bottom: 2px solid #000; }
  h2 { font-size: 11pt; margin: 10px 0 4px; }
  .totals td { border: none; font-weight: bold; }
  .sign td { padding-top: 24px; }
  .line { border-bottom: 1px solid #000; min-width: 40mm; display: inline-block; }
  @media print { body { max-width: none; } }
</style>
</head>
<body>
<table class="grid bank">
  <tr><td colspan="2" rowspan="2">{{company.bank}}<br><span class="small">Банк получателя</span></td><td>БИК</td><td>{{company.bik}}</td></tr>
  <tr><td>Сч. №</td><td>{{company.corr_account}}</td></tr>
  <tr><td>ИНН {{company.inn}}</td><td>КПП {{company.kpp}}</td><td rowspan="2">Сч. №</td><td rowspan="2">{{company.account}}</td></tr>
  <tr><td colspan="2">{{company.name}}<br><span class="small">Получатель</span></td></tr>
</table>

<h1>Счет на оплату № {{invoice.number}} от {{invoice.date_long}}</h1>

<table class="parties">
  <tr><td>Поставщик<br>(Исполнитель):</td><td><b>{{company.requisites}}</b></td></tr>
  <tr><td>Покупатель<br>(Заказчик):</td><td><b>{{client.requisites}}</b></td></tr>
  <tr><td>Основание:</td><td><b>{{basis}}</b></td></tr>
</table>

<table class="grid lines">
  <tr><th>№</th><th>Товары (работы, услуги)</th><th>Кол-во</th><th>Ед.</th><th>Цена</th><th>Сумма</th></tr>
{{#lines}}
  <tr><td class="num">{{n}}</td><td>{{name}}</td><td class="num">{{qty}}</td><td>{{unit}}</td><td class="num">{{price}}</td><td class="num">{{sum}}</td></tr>
{{/lines}}
</table>

<table class="totals">
  <tr><td class="num">Итого:</td><td class="num" style="width:30mm">{{totals.sum}}</td></tr>
{{#vat_lines}}
  <tr><td class="num">{{label}}</td><td class="num">{{amount}}</td></tr>
{{/vat_lines}}
  <tr><td class="num">Всего к оплате:</td><td class="num">{{totals.total}}</td></tr>
</table>

<p>Всего наименований {{totals.count}}, на сумму {{totals.total}} руб.<br>
<b>{{totals.words}}</b></p>

<p>Счет действителен к оплате до {{invoice.due}}. Оплата данного счета означает согласие с условиями поставки товара.
В назначении платежа укажите: «Оплата по счету № {{invoice.number}} от {{invoice.date}}».</p>

<table class="sign">
  <tr><td>Руководитель <span class="line">&nbsp;</span> {{company.director}}</td>
      <td>Бухгалтер <span class="line">&nbsp;</span> {{company.accountant}}</td></tr>
</table>
</body>
</html>
)tpl";

const char* const contract_text = R"tpl(<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Договор поставки № {{contract.number}} от {{contract.date}}</title>
<style>
  @page { size: A4; margin: 15mm 12mm 15mm 20mm; }
  body { font-family: "Arial", "Liberation Sans", sans-serif; font-size: 10pt; color: #000; max-width: 180mm; margin: 0 auto; }
  table { border-collapse: collapse; width: 100%; }
  td, th { padding: 2px 4px; vertical-align: top; }
  .grid td, .grid th { border: 1px solid #000; }
  .lines th { font-weight: bold; text-align: center; }
  .num { text-align: right; white-space: nowrap; }
  .small { font-size: 8pt; }
  h1 { font-size: 14pt; margin: 12px 0 6px; padding-bottom: 6px; border-bottom: 2px solid #000; }
  h2 { font-size: 11pt; margin: 10px 0 4px; }
  .totals td { border: none; font-weight: bold; }
  .sign td { padding-top: 24px; }
  .line { border-bottom: 1px solid #000; min-width: 40mm; display: inline-block; }
  @media print { body { max-width: none; } }
</style>
</head>
<body>
<h1 style="text-align:center; border:none">Договор поставки № {{contract.number}}</h1>
<table><tr><td>{{company.city}}</td><td class="num">{{contract.date_long}}</td></tr></table>

<p>{{company.name}}, именуемое в дальнейшем «Поставщик», в лице руководителя {{company.director}}, действующего на основании Устава,
с одной стороны, и {{client.name}}, именуемое в дальнейшем «Покупатель», с другой стороны, заключили настоящий договор о нижеследующем.</p>

<h2>1. Предмет договора</h2>
<p>1.1. Поставщик обязуется передать в собственность Покупателя, а Покупатель — принять и оплатить товар (продукцию) в ассортименте,
количестве и по ценам, указанным в Спецификации № 1 от {{contract.date}} (приложение № 1), являющейся неотъемлемой частью договора.</p>

<h2>2. Цена и порядок расчетов</h2>
<p>2.1. Общая сумма договора составляет {{totals.total}} руб. ({{totals.words}}).{{#vat_lines}} {{text}}{{/vat_lines}}</p>
<p>2.2. Покупатель оплачивает товар безналичным перечислением на расчетный счет Поставщика в размере 100 % на основании счета
в течение {{contract.payment_days}} календарных дней с даты счета.</p>

<h2>3. Сроки и порядок поставки</h2>
<p>3.1. Срок поставки: {{contract.delivery}}. Товар передается на складе готовой продукции Поставщика или перевозчику, согласованному сторонами.</p>
<p>3.2. Право собственности и риск случайной гибели товара переходят к Покупателю в момент передачи товара.</p>

<h2>4. Ответственность сторон и споры</h2>
<p>4.1. За неисполнение или ненадлежащее исполнение обязательств стороны отвечают в соответствии с законодательством Российской Федерации.</p>
<p>4.2. Споры разрешаются путем переговоров, а при недостижении согласия — в арбитражном суде по месту нахождения Поставщика.</p>

<h2>5. Срок действия договора</h2>
<p>5.1. Договор вступает в силу с даты подписания и действует до полного исполнения сторонами своих обязательств.</p>

<h2>6. Реквизиты и подписи сторон</h2>
<table class="grid">
  <tr><th>Поставщик</th><th>Покупатель</th></tr>
  <tr><td>{{company.name}}<br>ИНН {{company.inn}}, КПП {{company.kpp}}<br>ОГРН {{company.ogrn}}<br>{{company.address}}<br>
          р/с {{company.account}}<br>{{company.bank}}<br>БИК {{company.bik}}, к/с {{company.corr_account}}</td>
      <td>{{client.name}}<br>{{client.inn_kpp}}<br>{{client.address}}<br>{{client.phone}} {{client.email}}</td></tr>
  <tr class="sign"><td>Руководитель <span class="line">&nbsp;</span> {{company.director}}<br>М. П.</td>
      <td><span class="line">&nbsp;</span> {{client.contact}}<br>М. П.</td></tr>
</table>
</body>
</html>
)tpl";

const char* const specification_text = R"tpl(<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Спецификация № 1 к договору № {{contract.number}} от {{contract.date}}</title>
<style>
  @page { size: A4; margin: 15mm 12mm 15mm 20mm; }
  body { font-family: "Arial", "Liberation Sans", sans-serif; font-size: 10pt; color: #000; max-width: 180mm; margin: 0 auto; }
  table { border-collapse: collapse; width: 100%; }
  td, th { padding: 2px 4px; vertical-align: top; }
  .grid td, .grid th { border: 1px solid #000; }
  .lines th { font-weight: bold; text-align: center; }
  .num { text-align: right; white-space: nowrap; }
  .small { font-size: 8pt; }
  h1 { font-size: 14pt; margin: 12px 0 6px; padding-bottom: 6px; border-bottom: 2px solid #000; }
  h2 { font-size: 11pt; margin: 10px 0 4px; }
  .totals td { border: none; font-weight: bold; }
  .sign td { padding-top: 24px; }
  .line { border-bottom: 1px solid #000; min-width: 40mm; display: inline-block; }
  @media print { body { max-width: none; } }
</style>
</head>
<body>
<p class="num">Приложение № 1<br>к договору поставки № {{contract.number}} от {{contract.date}}</p>
<h1 style="text-align:center; border:none">Спецификация № 1</h1>
<table><tr><td>{{company.city}}</td><td class="num">{{contract.date_long}}</td></tr></table>

<p>Поставщик: <b>{{company.requisites}}</b><br>
Покупатель: <b>{{client.requisites}}</b></p>

<table class="grid lines">
  <tr><th>№</th><th>Артикул</th><th>Наименование</th><th>Кол-во</th><th>Ед.</th><th>Цена</th><th>Ставка НДС</th><th>Сумма</th></tr>
{{#lines}}
  <tr><td class="num">{{n}}</td><td>{{sku}}</td><td>{{name}}</td><td class="num">{{qty}}</td><td>{{unit}}</td><td class="num">{{price}}</td><td>{{vat_rate}}</td><td class="num">{{sum}}</td></tr>
{{/lines}}
</table>

<table class="totals">
  <tr><td class="num">Итого:</td><td class="num" style="width:30mm">{{totals.sum}}</td></tr>
{{#vat_lines}}
  <tr><td class="num">{{label}}</td><td class="num">{{amount}}</td></tr>
{{/vat_lines}}
  <tr><td class="num">Всего:</td><td class="num">{{totals.total}}</td></tr>
</table>
<p>Всего наименований {{totals.count}}, на сумму {{totals.total}} руб. ({{totals.words}}).</p>
<p>Срок поставки: {{contract.delivery}}. Условия оплаты: 100 % в течение {{contract.payment_days}} календарных дней с даты счета.</p>

<table class="sign">
  <tr><td>Поставщик:<br><span class="line">&nbsp;</span> {{company.director}}<br>М. П.</td>
      <td>Покупатель:<br><span class="line">&nbsp;</span> {{client.contact}}<br>М. П.</td></tr>
</table>
</body>
</html>
)tpl";

const char* const pick_list_text = R"tpl(<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Лист подбора к заказу № {{order.key}}</title>
<style>
  body { font-family: "Arial", "Liberation Sans", sans-serif; font-size: 11pt; margin: 15mm; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
  th { background: #eee; }
  .n { text-align: right; }
  .plain td { border: none; }
  h1 { font-size: 14pt; }
  .sign { margin-top: 18px; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Лист подбора к заказу № {{order.key}}</h1>
<table class="plain">
  <tr><td>Поставщик:</td><td>{{company.requisites}}</td></tr>
  <tr><td>Клиент:</td><td>{{client.requisites}}</td></tr>
  <tr><td>Приезд клиента:</td><td>{{order.arrival}}</td></tr>
  <tr><td>Оплата:</td><td>{{order.payment}}</td></tr>
  <tr><td>Менеджер:</td><td>{{order.manager}}</td></tr>
</table>
<p></p>
<table>
  <tr><th>№</th><th>Артикул</th><th>Наименование</th><th>Ед.</th><th>Кол-во</th><th>Откуда взять</th><th>Собрано</th></tr>
{{#lines}}
  <tr><td class="n">{{n}}</td><td>{{sku}}</td><td>{{name}}</td><td>{{unit}}</td><td class="n">{{qty}}</td><td>{{from}}</td><td></td></tr>
{{/lines}}
</table>
<p class="sign">Составил: {{order.manager}} ____________ &nbsp; Собрал: ____________ &nbsp; Дата: {{document.date}}</p>
</body>
</html>
)tpl";

const char* const packing_list_text = R"tpl(<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Упаковочный лист к заказу № {{order.key}}</title>
<style>
  body { font-family: "Arial", "Liberation Sans", sans-serif; font-size: 11pt; margin: 15mm; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
  th { background: #eee; }
  .n { text-align: right; }
  .plain td { border: none; }
  h1 { font-size: 14pt; }
  .sign { margin-top: 18px; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Упаковочный лист к заказу № {{order.key}}</h1>
<table class="plain">
  <tr><td>Грузоотправитель:</td><td>{{company.requisites}}</td></tr>
  <tr><td>Грузополучатель:</td><td>{{client.requisites}}</td></tr>
  <tr><td>Перевозчик:</td><td>{{carrier}}</td></tr>
</table>
<p></p>
<table>
  <tr><th>№</th><th>Артикул</th><th>Наименование</th><th>Ед.</th><th>Кол-во</th><th>Мест</th><th>Отметка</th></tr>
{{#lines}}
  <tr><td class="n">{{n}}</td><td>{{sku}}</td><td>{{name}}</td><td>{{unit}}</td><td class="n">{{qty}}</td><td></td><td></td></tr>
{{/lines}}
</table>
<p class="sign">Упаковал: ____________ &nbsp; Проверил: ____________</p>
</body>
</html>
)tpl";

const char* const consignment_note_text = R"tpl(<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Товарная накладная к заказу № {{order.key}} от {{document.date}}</title>
<style>
  body { font-family: "Arial", "Liberation Sans", sans-serif; font-size: 11pt; margin: 15mm; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
  th { background: #eee; }
  .n { text-align: right; }
  .plain td { border: none; }
  h1 { font-size: 14pt; }
  .sign { margin-top: 18px; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<p>Унифицированная форма ТОРГ-12 (образец для подготовки)</p>
<h1>Товарная накладная к заказу № {{order.key}} от {{document.date}}</h1>
<table class="plain">
  <tr><td>Грузоотправитель и поставщик:</td><td>{{company.requisites}}</td></tr>
{{#company.has_bank}}
  <tr><td>Банк:</td><td>р/с {{company.account}} в {{company.bank}}, БИК {{company.bik}}, к/с {{company.corr_account}}</td></tr>
{{/company.has_bank}}
  <tr><td>Грузополучатель и плательщик:</td><td>{{client.requisites}}</td></tr>
  <tr><td>Основание:</td><td>{{basis}}</td></tr>
  <tr><td>Перевозчик:</td><td>{{carrier}}</td></tr>
</table>
<p></p>
<table>
  <tr><th>№</th><th>Товар</th><th>Код</th><th>Ед.</th><th>Кол-во</th><th>Цена</th><th>Сумма без НДС</th><th>НДС, %</th><th>Сумма НДС</th><th>Сумма с НДС</th></tr>
{{#lines}}
  <tr><td class="n">{{n}}</td><td>{{name}}</td><td>{{sku}}</td><td>{{unit}}</td><td class="n">{{qty}}</td><td class="n">{{price}}</td><td class="n">{{net}}</td><td class="n">{{vat_rate}}</td><td class="n">{{vat}}</td><td class="n">{{gross}}</td></tr>
{{/lines}}
  <tr><th colspan="4">Итого</th><th class="n">{{totals.qty}}</th><th></th><th class="n">{{totals.net}}</th><th></th><th class="n">{{totals.vat}}</th><th class="n">{{totals.gross}}</th></tr>
</table>
<p>Всего отпущено на сумму: {{totals.words}}, {{totals.vat_text}}</p>
<p class="sign">Отпуск разрешил: руководитель ____________ {{company.director}} &nbsp; Главный бухгалтер ____________ {{company.accountant}}</p>
<p class="sign">Отпуск груза произвел: ____________ &nbsp; Груз принял: ____________ &nbsp; Груз получил грузополучатель: ____________</p>
</body>
</html>
)tpl";

}  // namespace

const std::vector<std::string>& default_template_names() {
    static const std::vector<std::string> names = {template_name::invoice,   template_name::contract,     template_name::specification,
                                                   template_name::pick_list, template_name::packing_list, template_name::consignment_note};
    return names;
}

std::string default_template(const std::string& name) {
    if (name == template_name::invoice) return invoice_text;
    if (name == template_name::contract) return contract_text;
    if (name == template_name::specification) return specification_text;
    if (name == template_name::pick_list) return pick_list_text;
    if (name == template_name::packing_list) return packing_list_text;
    if (name == template_name::consignment_note) return consignment_note_text;
    return "";
}

}  // namespace gefest
