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
BIN=$1
SRC=$2
SEEDS=${3:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! "$BIN" synth --format html -o "$TMP/probe.html" 2>/dev/null; then
  echo "SKIP: this build has no html synth renderer"
  exit 0
fi

fail=0
cases=0
seed=100
for tmpl in 2019 2021; do
  for enc in UTF-8 GB18030; do
    for variant in plain mangle broken; do
      flags=()
      [ "$variant" = mangle ] && flags=(--mangle)
      [ "$variant" = broken ] && flags=(--break-rule)
      [ "$variant" = broken ] && [ "$enc" != UTF-8 ] && continue
      dir="$TMP/$tmpl-$enc-$variant"
      seed=$((seed + 1000))
      if ! "$BIN" synth --format html --template "$tmpl" --encoding "$enc" "${flags[@]}" \
           --seed "$seed" --count "$SEEDS" --out-dir "$dir" 2>"$TMP/err"; then
        echo "FAIL synth $tmpl $enc $variant: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      for page in "$dir"/*.html; do
        cases=$((cases + 1))
        name="$tmpl-$enc-$variant-$(basename "$page" .html)"
        if [ "$enc" = GB18030 ] && iconv -f UTF-8 -t UTF-8 "$page" >/dev/null 2>&1; then
          echo "FAIL $name: a GB18030 page that is valid UTF-8 tests nothing"
          fail=1
        fi
        if ! "$BIN" convert "$page" >"${page%.html}.got" 2>"$TMP/err"; then
          echo "FAIL convert $name: $(cat "$TMP/err")"
          fail=1
          continue
        fi
        echo "${page%.html}.json ${page%.html}.got $name" >>"$TMP/list"
      done
    done
  done
done
# one comparison run over every page (python starts once): exact values,
# meta and sections, no warning at all, the same checks on the same paths
[ -f "$TMP/list" ] && { python3 "$SRC/tests/recordcmp.py" --label "html round trip" \
    --min-nonzero 40 --exact-warnings --checks paths --list "$TMP/list" || fail=1; }
echo "html round trip: $cases pages"
[ "$cases" -ge 8 ] || { echo "FAIL: too few pages"; fail=1; }
exit $fail
