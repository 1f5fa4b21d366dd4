#!/bin/bash
# ctest-labels: roundtrip
# html_roundtrip.sh — synthetic web pages through `nianbao convert`.
#
# For many seeds of both templates, both encodings (UTF-8 and GB18030) and
# with and without --mangle, `nianbao synth --format html` writes a whole CMS
# or Word-exported page with the record's tables (rowspan/colspan headers,
# misaligned colspans, split tables, &nbsp; padding) and the record it
# states.  Converting the page must give that record exactly: every table
# value, no invented value, agency, year, template, the text sections (95 %
# similar, whitespace ignored), info_fees, no warning, and exactly the
# checks the record has (none, or those of the rule --break-rule broke).
#
# Usage: bash html_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-5}

seed=100
for tmpl in 2019 2021; do
    for enc in UTF-8 GB18030; do
        for variant in plain mangle broken; do
            flags=()
            [ "$variant" = mangle ] && flags=(--mangle)
            [ "$variant" = broken ] && flags=(--break-rule)
            [ "$variant" = broken ] && [ "$enc" != UTF-8 ] && continue
            seed=$((seed + 1000))
            rt_synth_set html "$T/$tmpl-$enc-$variant" --template "$tmpl" --encoding "$enc" \
                "${flags[@]}" --seed "$seed" --count "$SEEDS" || continue
        done
    done
done
pages=("$T"/*/*.html)
for page in "$T"/*-GB18030-*/*.html; do
    iconv -f UTF-8 -t UTF-8 "$page" >/dev/null 2>&1 &&
        fail "$page: a GB18030 page that is valid UTF-8 tests nothing"
done
rt_convert_set "$T/list" "${pages[@]}"
# one comparison run over every page (python starts once): exact values,
# meta and sections, no warning at all, the same checks on the same paths
rt_compare "$T/list" --label "html round trip" --min-nonzero 40 --exact-warnings --checks paths ||
    fail "html round trip"
echo "html round trip: ${#pages[@]} pages"
[ "${#pages[@]}" -ge 8 ] || fail "too few pages"
finish
