# Sourced by the benchmarks (clients_bench.sh, daily_bench.sh): what makes a copy of the demo
# share as big as a company's after years of work, written straight into its files as
# gefest would have written them.

BENCH_BASE="Отдел продаж/ОФИС-МЕНЕДЖЕР/База клиентов.csv"

# claim_up_to SHARE KIND SCOPE LAST: numbers 1..LAST of KIND (client, order, invoice…) in
# SCOPE (0 for clients, else the year) taken, as gefest would have claimed them: the claim
# of the last one and the hint of the next.
claim_up_to() {
    local c="$1/.gefest/numbers/$2/$3"
    mkdir -p "$c"
    printf 'login=boss\nhost=bench\npid=1\ntime=2026-01-15T09:00:00\nnote=bench\n' >"$c/$4"
    echo "$(($4 + 1))" >"$c/next"
}

# add_clients SHARE N: N clients after the demo's 5, every other one an organisation with a
# valid 10-digit ИНН, a unique mobile phone and e-mail, notes of some length (a real base's
# ~480 bytes a row), their numbers claimed.
add_clients() {
    mawk -v n="$2" 'BEGIN {
        split("2 4 10 3 5 9 4 6 8", w, " ");
        for (i = 1; i <= n; i++) {
            id = i + 5;
            inn = "";
            if (i % 2 == 0) {
                body = sprintf("72%07d", i); s = 0;
                for (k = 1; k <= 9; k++) s += substr(body, k, 1) * w[k];
                inn = body (s % 11 % 10);
            }
            printf "%d;ООО «Клиент %d»;%s;%s;;;+79%09d;client%d@example.ru;Тюмень;625000, г. Тюмень, ул. Республики, д. %d;Иванов Иван Иванович, снабжение;%s;Выставка;2026-01-15;Клиент из выгрузки старой базы: звонить до обеда, счета на почту, доставка своим транспортом, оплата по факту поставки в течение 10 дней;;;\r\n",
                id, id, (inn == "" ? "ИП" : "ООО"), inn, i, id, i % 200, (i % 2 ? "petrov" : "sidorova")
        }
    }' >>"$1/$BENCH_BASE"
    claim_up_to "$1" client 0 $(($2 + 5))
}

# add_orders SHARE YEAR N: the year's index of orders (Заказы YEAR.csv) with N shipped
# orders of the generated clients, their numbers claimed. Their folders are not made: a
# command about one order opens that order's folder only.
add_orders() {
    local dir="$1/Отдел продаж/Заказы/$2"
    mkdir -p "$dir"
    {
        printf '\xef\xbb\xbf№;Дата;Код клиента;Клиент;Менеджер;Оплата;Статус;Сумма;Следующий шаг;Папка\r\n'
        mawk -v n="$3" -v y="$2" 'BEGIN {
            for (i = 1; i <= n; i++) {
                c = i % 200000 + 6;
                printf "%d;%02d.%02d.%d;%d;ООО «Клиент %d»;%s;безналичный;отгружен;%d,00;;%d ООО «Клиент %d»\r\n",
                    i, i % 28 + 1, (i * 12 / n) % 12 + 1, y, c, c, (i % 2 ? "petrov" : "sidorova"), 10000 + i % 900000, i, c
            }
        }'
    } >"$dir/Заказы $2.csv"
    claim_up_to "$1" order "$2" "$3"
}
