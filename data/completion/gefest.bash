# bash completion for gefest: commands, options and values from the share (staff
# logins, clients, orders, invoices, SKUs, advertising sources, months). The binary
# answers: `gefest __complete WORD…` prints the candidates for the last word, one a line
# ("__files__": file names). Installed as share/bash-completion/completions/gefest.
_gefest() {
    local cur=${COMP_WORDS[COMP_CWORD]} line
    local -a words=("${COMP_WORDS[@]:1:COMP_CWORD}") found=()
    local out
    out=$("${COMP_WORDS[0]}" __complete "${words[@]}" 2>/dev/null) || return 0
    COMPREPLY=()
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        if [ "$line" = "__files__" ]; then
            compopt -o filenames 2>/dev/null
            mapfile -t found < <(compgen -f -- "$cur")
            COMPREPLY+=("${found[@]}")
            continue
        fi
        # A client's name has spaces and quotes: quoted, it stays one argument.
        case $line in
            *[[:space:]\'\"\\\$\`\;\&\|\<\>\(\)]*) line=$(printf '%q' "$line") ;;
        esac
        COMPREPLY+=("$line")
    done <<<"$out"
    return 0
}
complete -F _gefest gefest
