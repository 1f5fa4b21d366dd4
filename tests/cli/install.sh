#!/usr/bin/env bash
# install.sh BINARY SOURCE_DIR — `cmake --install BUILD --prefix P` puts the
# program in P/bin, the man page (written from the help texts: every command
# and its exit codes) in P/share/man/man1, the bash completion (commands and
# each command's options from --help) and the guides; the installed program
# runs from there.
set -u
. "$(dirname "$0")/lib.bash"
build=$(dirname "$(realpath "$BIN")")
P="$T/prefix with space"
cmake --install "$build" --prefix "$P" > "$T/log" 2>&1 || { fail "cmake --install: $(tail -3 "$T/log")"; finish; }
"$P/bin/nianbao" -V | grep -q '^nianbao [0-9]' || fail "installed nianbao -V"
man="$P/share/man/man1/nianbao.1"
[ -s "$man" ] || fail "no man page at share/man/man1/nianbao.1"
head -1 "$man" | grep -q '^\.TH NIANBAO 1 ' || fail "man page has no .TH line"
commands=$("$BIN" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' | grep -v -x -e help -e version)
[ "$(echo "$commands" | wc -w)" -ge 8 ] || fail "too few commands in --help: $commands"
for c in $commands; do
    grep -q "^\.SS $c\$" "$man" || fail "man page lacks command $c"
    "$BIN" "$c" --help | grep -q "^Exit codes" || fail "$c --help lists no exit codes"
    "$BIN" "$c" --help | sed -n 2p | grep -q "^  nianbao $c " || fail "$c --help: usage line without the program name"
done
[ "$(grep -c '^Exit codes' "$man")" -ge "$(echo "$commands" | wc -w)" ] || fail "man page: exit codes missing"
if command -v groff > /dev/null; then
    groff -k -man -Tutf8 -ww "$man" > "$T/man.txt" 2> "$T/groff.err" || fail "groff failed"
    [ ! -s "$T/groff.err" ] || fail "groff warnings: $(head -3 "$T/groff.err")"
fi
comp="$P/share/bash-completion/completions/nianbao"
[ -s "$comp" ] || fail "no bash completion"
[ -s "$P/share/doc/nianbao/docs/record.md" ] || fail "docs/record.md not installed"
got=$(PATH="$P/bin:$PATH" bash -c '
    . "$1"
    COMP_WORDS=(nianbao con); COMP_CWORD=1; _nianbao; echo "${COMPREPLY[*]}"
    COMP_WORDS=(nianbao tables --pa); COMP_CWORD=2; _nianbao; echo "${COMPREPLY[*]}"
    COMP_WORDS=(nianbao help ba); COMP_CWORD=2; _nianbao; echo "${COMPREPLY[*]}"' _ "$comp")
[ "$got" = "$(printf 'convert\n--pages\nbatch')" ] || fail "completion gave: $got"
[ -n "$(ls "$P"/lib*/nianbao/nianbao-ocr* 2>/dev/null)" ] || fail "OCR module not installed"
finish
