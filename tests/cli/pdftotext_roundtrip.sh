#!/usr/bin/env bash
# ctest-labels: roundtrip
# pdftotext_roundtrip.sh BINARY SOURCE_DIR — text copied out of a PDF.
# Synthetic text PDFs (both templates, ruled and unruled tables, page breaks)
# are turned into plain text by poppler's pdftotext, as people do before
# pasting reports into archives, and converted as text:
#   -layout  rows laid out with spaces, long labels wrapped on lines of their
#            own above the values, page numbers ("-3-") between sections:
#            at least 95 % of the fields right, the rest flagged;
#   raw      reading order, where whole columns of a table may come one after
#            the other: no wrong value may go unflagged.
# Skips (77) without pdftotext.
set -u
. "$(dirname "$0")/lib.bash"
command -v pdftotext >/dev/null || { echo "SKIP: no pdftotext"; exit 77; }

for tmpl in 2021 2019; do
    for seed in 1 2 3 4 5 6; do
        n=$tmpl-$seed
        "$BIN" synth --format pdf --template "$tmpl" --seed "$seed" -o "$T/$n.pdf" \
            --expected "$T/$n.json" || { fail "synth $n"; continue; }
        for mode in layout raw; do
            flag=()
            [ "$mode" = layout ] && flag=(-layout)
            pdftotext "${flag[@]}" "$T/$n.pdf" "$T/$n-$mode.txt" || { fail "pdftotext $n"; continue; }
            "$BIN" convert "$T/$n-$mode.txt" >"$T/$n-$mode.got" 2>"$T/err" ||
                fail "convert $n $mode: $(cat "$T/err")"
            echo "$T/$n.json $T/$n-$mode.got $n-$mode" >>"$T/$mode.list"
        done
    done
done
python3 "$SRC/tests/recordcmp.py" --score --label "pdftotext -layout" --min-right 95 \
    --list "$T/layout.list" >"$T/layout.out" || fail "layout text: $(cat "$T/layout.out")"
python3 "$SRC/tests/recordcmp.py" --score --label "pdftotext raw" --list "$T/raw.list" \
    >"$T/raw.out" || fail "raw text: $(cat "$T/raw.out")"
tail -q -n 1 "$T/layout.out" "$T/raw.out"
finish
