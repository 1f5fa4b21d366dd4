#!/bin/bash
# ctest-labels: roundtrip
# ofd_roundtrip.sh — synthetic OFD documents (GB/T 33190) through `nianbao convert`.
#
# For seeds of both templates, plain, --mangle and --break-rule, `nianbao
# synth --format ofd` writes an OFD package (a TextObject per line with
# TextCode X/Y, DeltaX in the "g N v" form, some objects scaled by a CTM, a
# PathObject per table cell, tables running over page breaks with or without
# repeated header rows) and the record it states.  Converting it must give
# that record exactly (every value, no invented value, meta, sections, no
# warning, exactly the record's checks), with OFD provenance: page and box in
# millimetres on an A4 page, origin text-layer, and at least one table
# continued over a page break.
#
# Usage: bash ofd_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
BIN=$1
SRC=$2
SEEDS=${3:-6}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail=0
cases=0
seed=700
for tmpl in 2019 2021; do
  for variant in plain mangle broken; do
    flags=()
    [ "$variant" = mangle ] && flags=(--mangle)
    [ "$variant" = broken ] && flags=(--break-rule)
    dir="$TMP/$tmpl-$variant"
    seed=$((seed + 1000))
    if ! "$BIN" synth --format ofd --template "$tmpl" "${flags[@]}" --seed "$seed" \
         --count "$SEEDS" --out-dir "$dir" 2>"$TMP/err"; then
      echo "FAIL synth $tmpl $variant: $(cat "$TMP/err")"
      fail=1
      continue
    fi
    for f in "$dir"/*.ofd; do
      cases=$((cases + 1))
      name="$tmpl-$variant-$(basename "$f" .ofd)"
      if ! "$BIN" convert "$f" >"${f%.ofd}.got" 2>"$TMP/err"; then
        echo "FAIL convert $name: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      echo "${f%.ofd}.json ${f%.ofd}.got $name" >>"$TMP/list"
    done
  done
done
[ -f "$TMP/list" ] && { python3 "$SRC/tests/recordcmp.py" --label "ofd round trip" \
    --min-nonzero 40 --exact-warnings --checks paths --list "$TMP/list" || fail=1; }

one=$(ls "$TMP"/2021-plain/*.ofd | head -1)
"$BIN" convert --provenance "$one" | python3 -c '
import json, sys
p = json.load(sys.stdin)["provenance"]
cells = [v for k, v in p.items() if k.startswith("applications.")]
assert len(cells) > 50, len(cells)
pages = set()
for v in cells:
    assert v["origin"] == "text-layer" and v["page"] >= 1, v
    x0, y0, x1, y1 = v["box"]
    assert 0 <= x0 < x1 <= 210 and 0 <= y0 < y1 <= 297, v   # millimetres on A4
    pages.add(v["page"])
assert len(pages) >= 2, pages   # the applications table runs over a page break
print("provenance ok: %d values on pages %s, boxes in mm" % (len(cells), sorted(pages)))
' || { echo "FAIL: ofd provenance"; fail=1; }
"$BIN" tables --format tsv "$one" | grep -q '^# pages ' || { echo "FAIL: no table stitched over pages"; fail=1; }

echo "ofd round trip: $cases documents"
[ "$cases" -ge 12 ] || { echo "FAIL: too few documents"; fail=1; }
exit $fail
