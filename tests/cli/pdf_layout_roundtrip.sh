#!/bin/bash
# ctest-labels: roundtrip
# pdf_layout_roundtrip.sh — the PDF table families of issue 14 through
# `nianbao convert` (nianbao synth --format pdf --layout): uneven column and
# table widths, labels wrapped over two or three lines, no rulings at all,
# horizontal rulings only, numbers left-aligned / centred / right-aligned,
# section 三 split by a page break (header repeated or not), the money unit in
# the heading area, column headers one character per line, and random mixes;
# every set with zeros printed as blank cells and header units.  Every field
# must come back right or flagged (no silent error in any set), and most right.
#
# Usage: bash pdf_layout_roundtrip.sh BINARY SOURCE_DIR [SEEDS [START]]
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-2}
START=${4:-300}

# run_set NAME MIN_RIGHT LAYOUT: both templates, SEEDS documents each
run_set() {
    local name=$1 min=$2 layout=$3
    for t in 2019 2021; do
        rt_synth_set pdf "$T/$name/$t" --template "$t" --seed "$START" --count "$SEEDS" \
            --layout "$layout" --vary blanks,units || return
    done
    rt_convert_set "$T/$name.list" $(ls "$T/$name"/*/*.pdf)
    rt_score_set "$T/$name.list" "$name" "$min"
}

run_set widths 95 widths
run_set wrap 95 wrap
run_set norules 88 norules
run_set hrules 88 hrules
run_set align 95 align
run_set split 95 split
run_set headunit 95 headunit
run_set vertical 95 vertical
run_set random 90 random
finish
