#!/bin/bash
# ctest-labels: roundtrip
# docx_roundtrip.sh — synthetic Word documents (.docx) through `nianbao convert`.
#
# For seeds of both templates, plain, --mangle and --break-rule, `nianbao
# synth --format docx` writes a Word document (list-numbered or typed
# headings, gridSpan/vMerge tables, the applications table split into two
# w:tbl over a page with repeated header rows or a vertical label cut by the
# split, page breaks inside rows, vertical labels) and the record it states.
# Converting it must give that record exactly: every value, no invented
# value, agency, year, sections, no warning, exactly the record's checks; and
# the provenance is Word's (origin docx, a paragraph index, a table cell).
#
# Usage: bash docx_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
BIN=$1
SRC=$2
SEEDS=${3:-6}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail=0
cases=0
seed=500
for tmpl in 2019 2021; do
  for variant in plain mangle broken; do
    flags=()
    [ "$variant" = mangle ] && flags=(--mangle)
    [ "$variant" = broken ] && flags=(--break-rule)
    dir="$TMP/$tmpl-$variant"
    seed=$((seed + 1000))
    if ! "$BIN" synth --format docx --template "$tmpl" "${flags[@]}" --seed "$seed" \
         --count "$SEEDS" --out-dir "$dir" 2>"$TMP/err"; then
      echo "FAIL synth $tmpl $variant: $(cat "$TMP/err")"
      fail=1
      continue
    fi
    for f in "$dir"/*.docx; do
      cases=$((cases + 1))
      name="$tmpl-$variant-$(basename "$f" .docx)"
      if ! "$BIN" convert "$f" >"${f%.docx}.got" 2>"$TMP/err"; then
        echo "FAIL convert $name: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      echo "${f%.docx}.json ${f%.docx}.got $name" >>"$TMP/list"
    done
  done
done
[ -f "$TMP/list" ] && { python3 "$SRC/tests/recordcmp.py" --label "docx round trip" \
    --min-nonzero 40 --exact-warnings --checks paths --list "$TMP/list" || fail=1; }

# provenance: Word's paragraph index and table cell, origin docx
one=$(ls "$TMP"/2021-plain/*.docx | head -1)
"$BIN" convert --provenance "$one" | python3 -c '
import json, sys
p = json.load(sys.stdin)["provenance"]
cells = [v for k, v in p.items() if k.startswith("applications.")]
assert len(cells) > 50, len(cells)
for v in cells:
    assert v["origin"] == "docx" and v["line"] > 0 and len(v["cell"]) == 3, v
    assert v["page"] is None and v["box"] is None, v
print("provenance ok: %d values with paragraph and cell" % len(cells))
' || { echo "FAIL: docx provenance"; fail=1; }

# the content decides, whatever the name says
cp "$one" "$TMP/misnamed.pdf"
"$BIN" convert "$TMP/misnamed.pdf" >"$TMP/m.json" 2>/dev/null || { echo "FAIL: misnamed docx"; fail=1; }
grep -q 'the content is docx; read as docx' "$TMP/m.json" || { echo "FAIL: misnamed docx not read as docx"; fail=1; }

echo "docx round trip: $cases documents"
[ "$cases" -ge 12 ] || { echo "FAIL: too few documents"; fail=1; }
exit $fail
