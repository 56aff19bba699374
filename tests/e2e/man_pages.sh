#!/usr/bin/env bash
# Every man page stays honest about the binary it documents:
#  - every subcommand that `gefest --help` lists, and the hidden `debug`, has
#    man/gefest-<cmd>.1, and gefest.1 names it (gefest-<cmd>(1));
#  - every page in man/ renders without a groff warning;
#  - every long option that `gefest [<cmd> [<sub>…]] --help` prints appears in the page,
#    walking sub-subcommands (staff add, client edit…), and every sub-subcommand is
#    shown as "<cmd> <sub>";
#  - every page is mandoc -Tlint clean (warnings and errors; mandoc's STYLE notes about
#    long source lines aside), its .TH date is one format (YYYY-MM-DD), it has an
#    EXAMPLES section, and gefest(7) names every step of the default matrix;
#  - every option a SYNOPSIS line shows after "gefest CMD [SUB]" is one the parser takes
#    there: the subcommand's own, a parent's, or a global one — and a global one shown
#    after the subcommand is really parsed there (an invalid --format after it is
#    refused as a bad value, not as an unexpected argument);
#  - and the check itself can fail: a copy of a page with one option taken out must be
#    caught, and so must a page without EXAMPLES, a second date format, a SYNOPSIS
#    showing an option the parser does not take there.
# The binary is the source of truth: a new option without documentation fails here.
source "$(dirname "$0")/lib/common.sh"

MAN="$GEFEST_SRC/man"

if ! command -v mandoc >/dev/null 2>&1; then
    echo "FAIL: mandoc is not installed (apt-get install mandoc; .ci/deps lists it)"
    exit 1
fi
if ! command -v groff >/dev/null 2>&1; then
    # .ci/deps installs groff-base; without it nothing here can be checked honestly.
    echo "FAIL: groff is not installed (apt-get install groff-base; .ci/deps lists it)"
    exit 1
fi

# The pages are UTF-8 with Russian text: -K utf8 runs preconv, without which groff 1.22
# warns about every Cyrillic byte.
warnings_of() { groff -K utf8 -man -Tutf8 -ww -z "$1" 2>&1; }

# The page as plain text on very long lines, without hyphenation, so an option is never
# split; groff's Unicode hyphen and minus become '-'.
render() {
    groff -K utf8 -man -Tutf8 -P-cbou -rLL=5000n -rHY=0 "$1" 2>/dev/null |
        sed -e 's/\xe2\x80\x90/-/g' -e 's/\xe2\x88\x92/-/g' -e 's/\xe2\x80\x91/-/g' | tr -s ' \t' '  '
}

# Help text of `gefest ARGS… --help` (empty if that command does not exist).
help_of() { "$GEFEST_BIN" "$@" --help 2>/dev/null; }

# Names in the "Subcommands:" section of a help text.
subcommands_in() {
    awk '/^Subcommands:/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' <<<"$1"
}

# Long options of a help text: the first column of option lines ("  -h,--help",
# "  --role TEXT=[] ..."), never words of a description.
long_options_in() {
    awk '/^  -/ { n = split($1, names, ","); for (i = 1; i <= n; i++) if (names[i] ~ /^--[a-z0-9]/) { sub(/[=:].*/, "", names[i]); print names[i] } }' <<<"$1" | sort -u
}

# Subcommands a command hides from --help (debug's probes): its usage line says
# SUBCOMMAND but lists none, so their names are taken from cli/<cmd>.cpp and each must
# answer --help.
hidden_subcommands_of() {
    local cmd=$1 src="$GEFEST_SRC/cli/$1.cpp"
    [ -f "$src" ] || return 0
    grep -o 'add_subcommand("[a-z0-9-]*"' "$src" | sed 's/add_subcommand("\(.*\)"/\1/' | grep -vx "$cmd"
}

# mentions TEXT WORDS: TEXT contains WORDS as whole words (an option, "staff add"…).
mentions() {
    local re
    re=$(sed -e 's/[].[\*^$()+?{}|]/\\&/g' -e 's/ /[[:space:]]+/g' <<<"$2")
    grep -qE -- "(^|[^[:alnum:]_-])${re}([^[:alnum:]_-]|$)" <<<"$1"
}

# walk MANDIR PAGE_TEXT PAGE_NAME ARGS…: the options and sub-subcommands of `gefest ARGS…`
# against the rendered page; prints one "FAIL:" line per finding.
walk() {
    local mandir=$1 text=$2 page=$3; shift 3
    local help opt sub subs
    help=$(help_of "$@")
    if [ -z "$help" ]; then echo "FAIL: gefest $* --help printed nothing"; return; fi
    for opt in $(long_options_in "$help"); do
        [ "$opt" = "--help" ] && continue
        if mentions "$text" "$opt"; then echo "OK"; else echo "FAIL: $page does not mention $opt of 'gefest $*'"; fi
    done
    subs=$(subcommands_in "$help")
    if [ -z "$subs" ] && head -3 <<<"$help" | grep -q 'SUBCOMMAND'; then
        subs=$(hidden_subcommands_of "$1")
        [ -n "$subs" ] || echo "FAIL: 'gefest $*' takes a subcommand but neither --help nor cli/$1.cpp names one"
    fi
    for sub in $subs; do
        if mentions "$text" "${*: -1} $sub"; then echo "OK"; else echo "FAIL: $page does not show '${*: -1} $sub' (gefest $* $sub)"; fi
        walk "$mandir" "$text" "$page" "$@" "$sub"
    done
}

# The SYNOPSIS of a rendered page, one line per synopsis line.
synopsis_of() { awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on && /^ +gefest/' <<<"$1"; }

# The long options a subcommand path takes: its own and its parents' (global ones too).
options_taken() {
    local path=("$@") i
    for ((i = 0; i <= ${#path[@]}; i++)); do long_options_in "$(help_of "${path[@]:0:i}")"; done | sort -u
}

# check_synopsis PAGE TEXT: each SYNOPSIS line's options against the parser at that place.
check_synopsis() {
    local page=$1 text=$2 line word path opts opt globals err
    globals=$(long_options_in "$(help_of)")
    while IFS= read -r line; do
        path=()
        for word in $(tr -d '[](),|' <<<"${line#*gefest}"); do
            [[ $word == -* ]] && continue
            if subcommands_in "$(help_of "${path[@]}")" | grep -qx -- "$word" ||
               { [ ${#path[@]} -gt 0 ] && hidden_subcommands_of "${path[0]}" | grep -qx -- "$word"; }; then
                path+=("$word")
            else
                [ ${#path[@]} -gt 0 ] && break
            fi
        done
        [ ${#path[@]} -gt 0 ] || continue
        opts=$(options_taken "${path[@]}")
        for opt in $(grep -oE -- '--[a-z0-9][a-z0-9-]*' <<<"${line#*gefest ${path[*]}}" | sort -u); do
            if grep -qx -- "$opt" <<<"$opts"; then echo "OK"; else echo "FAIL: $page SYNOPSIS shows $opt after 'gefest ${path[*]}', which the parser does not take there"; fi
            if [ "$opt" = "--format" ] && grep -qx -- --format <<<"$globals" && ! long_options_in "$(help_of "${path[@]}")" | grep -qx -- --format; then
                err=$("$GEFEST_BIN" "${path[@]}" --format bogus 2>&1 >/dev/null)
                if grep -q 'bogus' <<<"$err" && ! grep -qi 'not expected' <<<"$err"; then echo "OK"; else echo "FAIL: 'gefest ${path[*]} --format' ($page SYNOPSIS) is not parsed after the subcommand: $err"; fi
            fi
        done
    done < <(synopsis_of "$text")
}

# check_quality MANDIR: mandoc -Tlint, one .TH date format, EXAMPLES, gefest(7)'s steps.
check_quality() {
    local mandir=$1 f date step
    for f in "$mandir"/*.[1-8]; do
        w=$(mandoc -Tlint -W warning "$f" 2>&1)
        [ -z "$w" ] || echo "FAIL: $(basename "$f"): mandoc -Tlint: $(head -3 <<<"$w" | tr '\n' ' ')"
        date=$(sed -n '1s/^\.TH [^ ]* [0-9] "\([^"]*\)".*/\1/p' "$f")
        [[ $date =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || echo "FAIL: $(basename "$f"): .TH date '$date' is not YYYY-MM-DD"
        grep -q '^\.SH EXAMPLES' "$f" || echo "FAIL: $(basename "$f") has no EXAMPLES section"
    done
    if [ -f "$mandir/gefest.7" ]; then
        for step in $(grep -h '^id = ' "$GEFEST_SRC"/data/defaults/*/*/Процесс.toml | sed 's/id = "\(.*\)"/\1/'); do
            grep -qx "\.B $step" "$mandir/gefest.7" || echo "FAIL: gefest.7 does not walk step $step"
        done
    else
        echo "FAIL: man/gefest.7 is missing"
    fi
}

# check_pages MANDIR: every finding as a "FAIL: …" line (none: all honest), and an
# "OK" line for each option and subcommand found documented.
check_pages() {
    local mandir=$1 top cmds cmd page text main opt f w
    top=$(help_of)
    cmds=$(subcommands_in "$top")
    if ! grep -qx init <<<"$cmds"; then echo "FAIL: could not read the subcommands of 'gefest --help'"; return; fi
    if help_of debug | grep -q '^Usage:'; then cmds="$cmds debug"; else echo "FAIL: the hidden 'gefest debug' is gone (update this test and gefest-debug.1)"; fi

    for f in "$mandir"/*.[1-8]; do
        w=$(warnings_of "$f")
        [ -z "$w" ] || echo "FAIL: $(basename "$f") renders with warnings: $(head -3 <<<"$w" | tr '\n' ' ')"
    done
    [ -f "$mandir/gefest-share.5" ] || echo "FAIL: man/gefest-share.5 is missing"

    main="$mandir/gefest.1"
    if [ -f "$main" ]; then
        text=$(render "$main")
        for opt in $(long_options_in "$top"); do
            mentions "$text" "$opt" || echo "FAIL: gefest.1 does not mention the global option $opt"
        done
        for cmd in $cmds; do
            mentions "$text" "gefest-$cmd(1)" || echo "FAIL: gefest.1 does not name gefest-$cmd(1)"
        done
    else
        echo "FAIL: man/gefest.1 is missing"
    fi

    for cmd in $cmds; do
        page="$mandir/gefest-$cmd.1"
        if [ ! -f "$page" ]; then echo "FAIL: man/gefest-$cmd.1 is missing (gefest $cmd)"; continue; fi
        grep -q "^\.TH GEFEST-${cmd^^} 1 " "$page" || echo "FAIL: gefest-$cmd.1 does not start with .TH GEFEST-${cmd^^} 1"
        text=$(render "$page")
        walk "$mandir" "$text" "gefest-$cmd.1" "$cmd"
        check_synopsis "gefest-$cmd.1" "$text"
    done
    check_quality "$mandir"
}

findings=$(check_pages "$MAN")
while IFS= read -r line; do
    case $line in
        OK) pass ;;
        FAIL:*) fail "${line#FAIL: }" ;;
    esac
done <<<"$findings"

# The check must be able to fail: gefest-staff.1 without --phone-ext is caught, and so is
# a missing page and a page with a groff warning.
cp -r "$MAN" "$T/man"
sed -i 's/\\-\\-phone\\-ext/\\-\\-phone/g' "$T/man/gefest-staff.1"
rm -f "$T/man/gefest-check.1"
printf '.BADMACRO x\n' >>"$T/man/gefest-init.1"
sed -i '/^\.SH EXAMPLES/,/^\.SH/{/^\.SH EXAMPLES/d}' "$T/man/gefest-survey.1"
sed -i '1s/"2026-[0-9-]*"/"November 2026"/' "$T/man/gefest-claim.1"
sed -i 's/^\.B gefest staff list$/.B gefest staff list \\-\\-bogus\\-opt/' "$T/man/gefest-staff.1"
bad=$(check_pages "$T/man" | grep -v '^OK$')
expect_match "a page without EXAMPLES is caught" 'gefest-survey.1 has no EXAMPLES section' "$bad"
expect_match "a second .TH date format is caught" "gefest-claim.1: .TH date 'November 2026' is not YYYY-MM-DD" "$bad"
expect_match "a SYNOPSIS option the parser does not take is caught" "gefest-staff.1 SYNOPSIS shows --bogus-opt after 'gefest staff list'" "$bad"
expect_match "a page without --phone-ext is caught" 'gefest-staff.1 does not mention --phone-ext' "$bad"
expect_match "a missing page is caught" 'gefest-check.1 is missing' "$bad"
expect_match "a groff warning is caught" 'gefest-init.1 renders with warnings' "$bad"

finish
