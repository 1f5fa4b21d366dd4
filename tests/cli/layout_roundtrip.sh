#!/bin/bash
# ctest-labels: roundtrip
# layout_roundtrip.sh — the layout variations of issue 14 through `nianbao
# convert` (nianbao synth --layout, --format markdown): text laid out with
# spaces (pdftotext -layout: blank cells as spaces, values placed by their
# position), the same from a web page printed to PDF (browser header and
# footer on every page, form feeds), Markdown from PDF-to-Markdown
# converters, and random mixes with wrapped labels and headers and vertical
# headers.  Every field must come back right or flagged: no silent error in
# any set; the sets the reader handles fully must also be nearly all right.
#
# Usage: bash layout_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-12}

# run_set NAME MIN_RIGHT SYNTH-ARGS...: both templates, SEEDS documents each;
# fails on any silent value, or when under MIN_RIGHT percent are right
run_set() {
    local name=$1 min=$2
    shift 2
    for t in 2019 2021; do
        rt_synth_set "${*: -1}" "$T/$name/$t" --template "$t" --seed 1 --count "$SEEDS" "${@:1:$#-1}" ||
            return
    done
    rt_convert_set "$T/$name.list" $(ls "$T/$name"/*/* | grep -v '\.json$')
    rt_score_set "$T/$name.list" "$name" "$min"
}

run_set spaces 99 --layout spaces text
run_set spaces-mangled 94 --layout spaces --mangle text
run_set webprint 99 --layout spaces,webprint text
run_set markdown 99.5 --layout none markdown
run_set wrap 99 --layout spaces,wrap text
run_set vertical 99 --layout spaces,vertical text
run_set random 98 --layout spaces,random text

# a bad --layout name is refused with one line
if "$BIN" synth --layout nosuch -o - >/dev/null 2>"$T/err" || [ "$(wc -l <"$T/err")" != 1 ]; then
    fail "synth --layout nosuch was not refused with one line"
fi
# a format that draws no layouts refuses --layout rather than ignore it
if "$BIN" synth --format docx --layout wrap -o "$T/x.docx" 2>"$T/err" || [ -e "$T/x.docx" ] ||
    ! grep -q "draws no --layout" "$T/err"; then
    fail "synth --format docx --layout wrap was not refused: $(cat "$T/err")"
fi
"$BIN" synth --format docx --layout none -o "$T/y.docx" || fail "--layout none refused for docx"
finish
