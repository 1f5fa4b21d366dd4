#!/bin/bash
# ctest-labels: roundtrip
# pdf_roundtrip.sh — synthetic text PDFs through `nianbao convert`.
#
# For several seeds of both templates (plain and with label noise) a record
# is generated, laid out as a text PDF (ruled tables, rulings drawn as
# filled rectangles, or no rulings; tables running over page breaks; wrapped
# and vertical labels; page numbers) and converted back.  Every table value
# must come back exactly, nothing may be invented, agency and year must
# match, and each text section must be at least 95 % similar.  Every value
# must carry its page and box (--provenance).
#
# Usage: bash pdf_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-8}

for tmpl in 2019 2021; do
    for variant in plain mangle; do
        flags=()
        [ "$variant" = mangle ] && flags=(--mangle)
        for seed in $(seq 1 "$SEEDS"); do
            name="$tmpl-$variant-$seed"
            rt_synth pdf "$name" --template "$tmpl" --seed "$seed" "${flags[@]}" || continue
            rt_convert "$T/$name.json" "$RT_DOC" "$name" "$T/list" --provenance
        done
    done
done
rt_compare "$T/list" --label "pdf round trip" --origin text-layer || fail "pdf round trip"
finish
