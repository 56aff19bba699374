#!/usr/bin/env bash
# Russian messages (po/ru.po, compiled next to the binary as locale/ru/LC_MESSAGES/gefest.mo):
#  - the catalog is complete: every message the sources pass to tr() has a Russian
#    translation, nothing untranslated or fuzzy;
#  - with LC_ALL=ru_RU.UTF-8 real errors, --help and normal output come out in Russian,
#    with FILE:LINE, placeholders and option names intact;
#  - with LC_ALL=C.UTF-8 the same errors stay English.
# Without the ru_RU.UTF-8 locale (.ci/deps generates it) only the catalog is checked and
# the test reports itself skipped (77).
source "$(dirname "$0")/lib/common.sh"

PO="$GEFEST_SRC/po/ru.po"
RU=ru_RU.UTF-8

# --- (d) the catalog is complete ----------------------------------------------------------
# A developer who adds or changes a tr("...") message without translating it fails here.
# To fix: bash po/update.sh   (xgettext over every source of lib/ and cli/ + msgmerge into
# po/ru.po), then translate every entry with an empty msgstr and check and un-fuzzy
# every "#, fuzzy" one; `bash po/update.sh` must end with "N translated messages."
for tool in xgettext msgfmt msgcmp; do
    command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is not installed (apt-get install gettext; .ci/deps lists it)"; exit 1; }
done
# The same extraction as po/update.sh; runtime_msgids.inc lists the msgids that reach
# tr() through a variable (fsio.cpp's actions, toml_util.cpp's expected types).
extract() {
    (cd "$GEFEST_SRC" && xgettext --from-code=UTF-8 --language=C++ -k -ktr --flag=tr:1:no-c-format --no-wrap \
        -o "$1" $(find lib cli -name "*.cpp" -o -name "*.h" | sort) po/runtime_msgids.inc "${@:2}")
}
expect_ok "xgettext over the sources" extract "$T/gefest.pot"
[ -s "$T/gefest.pot" ] && pass || fail "xgettext found no messages in $GEFEST_SRC"
STATS=$(LC_ALL=C msgfmt --check-format -c --statistics -o /dev/null "$PO" 2>&1)
expect_match "ru.po compiles with --check-format and is fully translated (run: bash po/update.sh)" \
    "^[0-9]+ translated messages?\.$" "$STATS"
# msgcmp: every msgid of the template must be in ru.po, translated and not fuzzy.
if MISSING=$(LC_ALL=C msgcmp "$PO" "$T/gefest.pot" 2>&1); then
    pass
else
    # Name the messages: merge into a copy of ru.po and list what is left untranslated.
    msgmerge -q --no-wrap -o "$T/merged.po" "$PO" "$T/gefest.pot" 2>/dev/null
    LEFT=$( { msgattrib --no-wrap --untranslated "$T/merged.po"; msgattrib --no-wrap --only-fuzzy "$T/merged.po"; } 2>/dev/null |
        grep '^msgid "' | grep -v '^msgid ""$')
    fail "messages in the sources without a Russian translation in po/ru.po; run: bash po/update.sh, then translate:
${LEFT:-$MISSING}"
fi
# ...and the check can fail: a new untranslated message in a source file is caught.
printf 'void f() { gefest::tr("a message nobody has translated yet: {}"); }\n' >"$T/new_message.cpp"
extract "$T/gefest-new.pot" "$T/new_message.cpp" 2>/dev/null
if LC_ALL=C msgcmp "$PO" "$T/gefest-new.pot" >/dev/null 2>&1; then
    fail "msgcmp did not notice an untranslated message"
else pass; fi
# Placeholders survive translation: every entry has as many {…} in msgstr as in msgid.
BAD=$(python3 - "$PO" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
for block in re.split(r'\n\s*\n', text):
    if block.lstrip().startswith('#~'):
        continue
    parts = {}
    cur = None
    for line in block.split('\n'):
        m = re.match(r'(msgid|msgstr) "(.*)"$', line)
        if m: cur = m.group(1); parts[cur] = m.group(2)
        elif line.startswith('"') and cur: parts[cur] += line[1:-1]
    mid, mstr = parts.get('msgid', ''), parts.get('msgstr', '')
    # '{{' and '}}' are literal braces (fmt's escape, or template brackets), not placeholders.
    ph = lambda t: re.findall(r'\{[^{}]*\}', re.sub(r'\{\{|\}\}', '', t))
    if mid and mstr and ph(mid) != ph(mstr):
        print(mid)
EOF
)
expect_eq "every translation keeps the placeholders of its message, in order" "" "$BAD"

if ! locale -a 2>/dev/null | grep -qiE '^ru_RU\.utf-?8$'; then
    echo "SKIP: the ru_RU.UTF-8 locale is missing (locale -a); .ci/deps generates it as root"
    [ "$FAILS" -eq 0 ] || { finish; exit 1; }
    exit 77
fi

# --- shares and a home without a config ----------------------------------------------------
S=$T/share; demo_share "$S"
export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config
mkdir -p "$HOME"
TYPO=$T/typo; demo_share "$TYPO"
sed -i 's/^routing = "round_robin"/routing = "round_robbin"/' "$TYPO/gefest.toml"
ROUTING_LINE=$(grep -n '^routing = "round_robbin"' "$TYPO/gefest.toml" | cut -d: -f1)
QUOTES=$T/quotes; demo_share "$QUOTES"
sed -i 's/^inn = "7203001235"/inn = 7203001235/' "$QUOTES/gefest.toml"
INN_LINE=$(grep -n '^inn = 7203001235' "$QUOTES/gefest.toml" | cut -d: -f1)
[ -n "$ROUTING_LINE" ] && [ -n "$INN_LINE" ] && pass || fail "the demo's gefest.toml changed: routing or inn line not found"

ru() { LC_ALL=$RU "$GEFEST_BIN" "$@"; }
en() { LC_ALL=C.UTF-8 "$GEFEST_BIN" "$@"; }

# --- (a) Russian -----------------------------------------------------------------------------
expect_fail "ru: no share" 9 "^gefest: общая папка не задана: укажите --share ПАПКА, или GEFEST_SHARE, или share = \"ПАПКА\" в ~/.config/gefest/config.toml$" \
    ru client list
expect_fail "ru: a share folder that does not exist" 9 "^gefest: общая папка '$T/nowhere' не существует \(сетевой диск подключен\?\)$" \
    ru --share "$T/nowhere" client list
expect_fail "ru: an unknown login" 5 "^gefest: логина 'nobody' нет в .*Сотрудники\.toml; начальник отдела продаж может его добавить: gefest staff add nobody --name \"…\" --role …$" \
    env GEFEST_LOGIN=nobody LC_ALL=$RU "$GEFEST_BIN" --share "$S" client add --name X
expect_fail "ru: a typo in gefest.toml keeps FILE:LINE" 3 \
    "^gefest: $TYPO/gefest\.toml:$ROUTING_LINE: intake\.routing должно быть \"round_robin\" или \"least_loaded\", а не 'round_robbin'$" \
    ru --share "$TYPO" client list
expect_fail "ru: a number without quotes in gefest.toml (a msgid passed through a variable)" 3 \
    "^gefest: $QUOTES/gefest\.toml:$INN_LINE: 'inn' должно быть строкой в кавычках$" \
    ru --share "$QUOTES" client list
expect_fail "ru: a bad phone" 3 "^gefest: телефон '12-34': не российский номер \(\+7 и 10 цифр\)$" \
    env GEFEST_LOGIN=ivanova LC_ALL=$RU "$GEFEST_BIN" --share "$S" client add --name X --phone 12-34
expect_fail "ru: an unknown client" 4 "^gefest: нет клиента 99 в .*База клиентов\.csv$" ru --share "$S" client show 99
expect_ok "ru: top-level --help" ru --help
expect_match "ru: --help describes the program in Russian" "gefest — работа отдела продаж с заказами \(процедура 02-006\) в общей папке" "$OUT"
expect_match "ru: --help describes --share in Russian" "--share.*общая папка \(иначе GEFEST_SHARE, иначе share = в ~/\.config/gefest/config\.toml\)" "$OUT"
expect_ok "ru: client --help" ru client --help
expect_match "ru: client --help in Russian" "база клиентов, форма 02-006-02 \(шаг 5\.2\.6\)" "$OUT"
expect_match "ru: client --help lists subcommands in Russian" "add +добавить клиента \(отказ, если его телефон, e-mail или ИНН уже есть в базе\)" "$OUT"
expect_ok "ru: client add --help" ru client add --help
expect_match "ru: option descriptions in Russian, option names intact" "--inn.*ИНН: 10 цифр \(организация\) или 12" "$OUT"
expect_ok "ru: normal output" env GEFEST_LOGIN=ivanova LC_ALL=$RU "$GEFEST_BIN" --share "$S" client add --name 'ООО «Тест»' --phone 89120000001
expect_match "ru: client add reports in Russian" "^добавлен клиент [0-9]+: ООО «Тест»$" "$OUT"
expect_match "ru: client add names the manager in Russian" "^менеджер: [a-z]+ \(.*, доб\. [0-9]+\)" "$OUT"
# The ordinary way: LANG alone, as set by the desktop session.
expect_fail "LANG=ru_RU.UTF-8 without LC_ALL" 9 "^gefest: общая папка не задана" env -u LC_ALL LANG=$RU "$GEFEST_BIN" client list

# --- (b) English with C.UTF-8 ------------------------------------------------------------------
expect_fail "en: no share" 9 "^gefest: no share is set: use --share DIR, or GEFEST_SHARE, or share = \"DIR\" in ~/.config/gefest/config.toml$" \
    en client list
expect_fail "en: an unknown login" 5 "^gefest: login 'nobody' is not in .*Сотрудники\.toml; the head of sales can add it: gefest staff add nobody" \
    env GEFEST_LOGIN=nobody LC_ALL=C.UTF-8 "$GEFEST_BIN" --share "$S" client add --name X
expect_fail "en: a typo in gefest.toml keeps FILE:LINE" 3 \
    "^gefest: $TYPO/gefest\.toml:$ROUTING_LINE: intake\.routing must be \"round_robin\" or \"least_loaded\", not 'round_robbin'$" \
    en --share "$TYPO" client list
expect_fail "en: a number without quotes in gefest.toml" 3 "^gefest: $QUOTES/gefest\.toml:$INN_LINE: 'inn' must be a string in quotes$" \
    en --share "$QUOTES" client list
expect_ok "en: client --help" en client --help
expect_match "en: client --help in English" "the client base, form 02-006-02 \(step 5\.2\.6\)" "$OUT"
if grep -q 'база клиентов' <<<"$OUT"; then fail "en: client --help has Russian descriptions"; else pass; fi

finish
