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
# Then the layout variations of issue 14 (nianbao synth --format html
# --layout, with --vary random content): header rows in other shapes,
# nested tables, split tables, <br>/<p> in cells, vertical headers,
# several containers and custom tags, a table outside the article, two
# <title>s, a bare fragment, and random mixes, in both encodings.  Every
# field must come back right or flagged (no silent error), and nearly all
# right (LAYOUT_MIN_RIGHT %: the flagged ones are partial pages whose
# template the page cannot tell, which the spec wants flagged).
#
# Usage: bash html_roundtrip.sh BINARY SOURCE_DIR [SEEDS [LAYOUT_SEEDS]]
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-5}
LAYOUT_SEEDS=${4:-3}   # documents per template, encoding and layout
LAYOUT_MIN_RIGHT=99
if nm "$BIN" 2>/dev/null | grep -q __asan_init; then
    LAYOUT_SEEDS=1 # a sanitizer build: one page per set, random layouts only below
fi

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

# the layout variations: seeds from 20000 (tuned on 100-199, reported on 9100-9119)
layouts=(headers nested split wrap vertical containers outside titles fragment random)
[ "$LAYOUT_SEEDS" = 1 ] && layouts=(random)
seed=20000
for lay in "${layouts[@]}"; do
    for tmpl in 2019 2021; do
        for enc in UTF-8 GB18030; do
            seed=$((seed + 100))
            rt_synth_set html "$T/layout/$lay-$tmpl-$enc" --template "$tmpl" --encoding "$enc" \
                --layout "$lay" --vary random --seed "$seed" --count "$LAYOUT_SEEDS" || continue
        done
    done
done
lpages=("$T"/layout/*/*.html)
rt_convert_set "$T/layout.list" "${lpages[@]}"
rt_score_set "$T/layout.list" "html layouts" "$LAYOUT_MIN_RIGHT"
[ "${#lpages[@]}" -ge 4 ] || fail "too few layout pages"
# the variations are in the pages: a fragment has no <html>, two <title>s
# are there, a custom container, a vertical header
[ "$LAYOUT_SEEDS" = 1 ] || {
    grep -L -i "<html" "$T"/layout/fragment-*/*.html | grep -q . || fail "no bare fragment"
    grep -c "<title>" "$T"/layout/titles-*/*.html | grep -q ":2$" || fail "no page with two titles"
    grep -l -E "<wzcontent>|<ucapcontent>|<founder-content>|TRS_UEDITOR" \
        "$T"/layout/containers-*/*.html | grep -q . || fail "no custom container"
}
finish
