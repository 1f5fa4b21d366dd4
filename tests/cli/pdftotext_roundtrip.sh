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
. "$(dirname "$0")/roundtrip.bash"
command -v pdftotext >/dev/null || { echo "SKIP: no pdftotext"; exit 77; }

for tmpl in 2021 2019; do
    for seed in 1 2 3 4 5 6; do
        n=$tmpl-$seed
        rt_synth pdf "$n" --template "$tmpl" --seed "$seed" || continue
        for mode in layout raw; do
            flag=()
            [ "$mode" = layout ] && flag=(-layout)
            pdftotext "${flag[@]}" "$RT_DOC" "$T/$n-$mode.txt" || { fail "pdftotext $n"; continue; }
            rt_convert "$T/$n.json" "$T/$n-$mode.txt" "$n-$mode" "$T/$mode.list"
        done
    done
done
rt_compare "$T/layout.list" --score --label "pdftotext -layout" --min-right 95 \
    >"$T/layout.out" || fail "layout text: $(cat "$T/layout.out")"
rt_compare "$T/raw.list" --score --label "pdftotext raw" >"$T/raw.out" ||
    fail "raw text: $(cat "$T/raw.out")"
tail -q -n 1 "$T/layout.out" "$T/raw.out"
finish
