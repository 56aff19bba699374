#!/usr/bin/env bash
# Brings po/ru.po up to date with the messages in the sources, then reports what is
# left to translate (entries with an empty msgstr or marked "#, fuzzy"):
#   bash po/update.sh
# --add-location=file: references name the file, not the line, so moving code does not
# rewrite the catalog. --flag=tr:1:no-c-format: the messages are fmt strings, not printf
# ones; without it xgettext takes "'{}%' is" for a printf directive and msgfmt
# --check-format fails.
set -euo pipefail
cd "$(dirname "$0")/.."
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
xgettext --from-code=UTF-8 --language=C++ -k -ktr --flag=tr:1:no-c-format --no-wrap --add-location=file \
    --package-name=gefest -o "$pot" $(find lib cli -name "*.cpp" -o -name "*.h" | sort) po/runtime_msgids.inc
msgmerge -q -U --no-wrap --add-location=file --backup=none po/ru.po "$pot"
msgfmt --check-format -c --statistics -o /dev/null po/ru.po
