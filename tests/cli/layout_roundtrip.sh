#!/usr/bin/env bash
# Round trips through the layout variations of issue 14 (nianbao synth
# --layout, --format markdown): text laid out with spaces (pdftotext
# -layout: blank cells as spaces, values placed by position), the same
# printed from a browser (header and footer on every page, form feeds),
# Markdown from PDF-to-Markdown converters, and random mixes with wrapped
# labels and headers and vertical headers.  Every field must come back
# right or flagged: no silent error in any set; the sets the reader handles
# fully must also be nearly all right.
#
# usage: bash layout_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
BIN=$1
SRC=$2
SEEDS=${3:-12}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# run_set NAME MIN_RIGHT SYNTH-ARGS...: both templates, SEEDS documents each;
# fails on any silent value, or when under MIN_RIGHT percent are right
run_set() {
    local name=$1 min=$2
    shift 2
    local dir=$work/$name
    for t in 2019 2021; do
        if ! "$BIN" synth --template "$t" --seed 1 --count "$SEEDS" --out-dir "$dir/$t" "$@" \
            2>"$work/err"; then
            echo "FAIL nianbao synth $*: $(cat "$work/err")"
            fail=$((fail + 1))
            return
        fi
    done
    : >"$dir/list"
    for exp in "$dir"/*/*.json; do
        local doc
        doc=$(ls "${exp%.json}".* | grep -v '\.json$' | head -1)
        "$BIN" convert "$doc" >"${exp%.json}.out" 2>/dev/null
        echo "$exp ${exp%.json}.out" >>"$dir/list"
    done
    local line
    line=$(python3 "$SRC/tests/recordcmp.py" --score --list "$dir/list" --label "$name" \
        --max-silent 100000 | tail -1)
    echo "$line"
    local silent right
    silent=$(echo "$line" | sed -n 's/.* silent \([0-9]*\) .*/\1/p')
    right=$(echo "$line" | sed -n 's/.*(\([0-9.]*\) %).*/\1/p')
    if [ "${silent:-1}" != 0 ]; then
        echo "FAIL $name: $silent silent errors"
        fail=$((fail + 1))
    fi
    if ! python3 -c "import sys; sys.exit(0 if float('${right:-0}') >= $min else 1)"; then
        echo "FAIL $name: $right % right, under $min %"
        fail=$((fail + 1))
    fi
}

run_set spaces 99 --format text --layout spaces
run_set spaces-mangled 94 --format text --layout spaces --mangle
run_set webprint 99 --format text --layout spaces,webprint
run_set markdown 99.5 --format markdown
run_set random 60 --format text --layout spaces,random

# a bad --layout name is refused with one line
if "$BIN" synth --layout nosuch -o - >/dev/null 2>"$work/err" ||
    [ "$(wc -l <"$work/err")" != 1 ]; then
    echo "FAIL synth --layout nosuch was not refused with one line"
    fail=$((fail + 1))
fi
[ "$fail" = 0 ] && echo "layout round trips: ok"
exit $((fail > 0))
