# bash completion for nianbao — installed as
# share/bash-completion/completions/nianbao by `cmake --install`.
# The commands and each command's options are read from the program's own
# --help at completion time, so they are never out of date; anything else
# completes as a file name.
_nianbao_commands() {
    "$1" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'
}
_nianbao() {
    local cur=${COMP_WORDS[COMP_CWORD]} bin=${COMP_WORDS[0]} words
    if [ "$COMP_CWORD" -eq 1 ]; then
        words="$(_nianbao_commands "$bin") --help --version"
    elif [ "$COMP_CWORD" -eq 2 ] && [ "${COMP_WORDS[1]}" = help ]; then
        words=$(_nianbao_commands "$bin")
    elif [[ $cur == -* ]]; then
        words=$("$bin" "${COMP_WORDS[1]}" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
    else
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _nianbao nianbao
