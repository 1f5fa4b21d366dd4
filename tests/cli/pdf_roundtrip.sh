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
BIN=$1
SRC=$2
SEEDS=${3:-8}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail=0
for tmpl in 2019 2021; do
  for variant in plain mangle; do
    flags=()
    [ "$variant" = mangle ] && flags=(--mangle)
    for seed in $(seq 1 "$SEEDS"); do
      name="$tmpl-$variant-$seed"
      if ! "$BIN" synth --format pdf --template "$tmpl" --seed "$seed" "${flags[@]}" \
           -o "$TMP/$name.pdf" --expected "$TMP/$name.json" 2>"$TMP/err"; then
        echo "FAIL synth $name: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      if ! "$BIN" convert --provenance "$TMP/$name.pdf" >"$TMP/$name.got" 2>"$TMP/err"; then
        echo "FAIL convert $name: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      echo "$TMP/$name.json $TMP/$name.got $name" >>"$TMP/list"
    done
  done
done
[ -f "$TMP/list" ] || { echo "FAIL: no document converted"; exit 1; }
python3 "$SRC/tests/recordcmp.py" --label "pdf round trip" --origin text-layer \
    --list "$TMP/list" || fail=1
exit $fail
