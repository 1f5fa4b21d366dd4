#!/bin/bash
# ctest-labels: roundtrip
# doc_roundtrip.sh — Word 97-2003 (.doc) reports through `nianbao convert`.
#
# `nianbao synth --format docx` documents of both templates (plain, --mangle,
# --break-rule) are saved as Word 97 .doc by LibreOffice headless (a test
# dependency, installed by .ci/test-deps; without soffice the test skips with
# exit 77), and also copied under a .wps name.  Converting the .doc must give
# the record's every value exactly (no value invented, none left out, no
# warning, exactly the record's checks), the agency and year, origin doc
# provenance with paragraph and cell, and the text sections: for documents
# whose headings are numbered by a Word list (chineseCounting "%1、"), the
# "一、" comes from the list tables (LST/LFO, extract/doc_lists.c) and the
# sections are found only if they are read; the count of such documents is
# printed and must be at least one.
#
# Usage: bash doc_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
BIN=$1
SRC=$2
SEEDS=${3:-2}
command -v soffice >/dev/null || { echo "SKIP: soffice (LibreOffice) is not installed"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail=0
seed=900
mkdir -p "$TMP/docx" "$TMP/doc"
for tmpl in 2019 2021; do
  for variant in plain mangle broken; do
    flags=()
    [ "$variant" = mangle ] && flags=(--mangle)
    [ "$variant" = broken ] && flags=(--break-rule)
    seed=$((seed + 1000))
    "$BIN" synth --format docx --template "$tmpl" "${flags[@]}" --seed "$seed" --count "$SEEDS" \
      --out-dir "$TMP/s-$tmpl-$variant" 2>/dev/null || { echo "FAIL synth"; fail=1; }
    for f in "$TMP/s-$tmpl-$variant"/*.docx; do
      b="$tmpl-$variant-$(basename "$f" .docx)"
      cp "$f" "$TMP/docx/$b.docx"
      cp "${f%.docx}.json" "$TMP/docx/$b.json"
    done
  done
done
# one LibreOffice start for every document (its own profile: no user state)
timeout 900 soffice --headless "-env:UserInstallation=file://$TMP/profile" --convert-to doc \
  --outdir "$TMP/doc" "$TMP"/docx/*.docx >"$TMP/soffice.log" 2>&1
cases=0
typed=0
for d in "$TMP"/doc/*.doc; do
  [ -f "$d" ] || continue
  b=$(basename "$d" .doc)
  cases=$((cases + 1))
  if [ $((cases % 2)) = 0 ]; then mv "$d" "$TMP/doc/$b.wps"; d="$TMP/doc/$b.wps"; fi
  if ! "$BIN" convert "$d" >"$TMP/doc/$b.got" 2>"$TMP/err"; then
    echo "FAIL convert $b: $(cat "$TMP/err")"
    fail=1
    continue
  fi
  if unzip -p "$TMP/docx/$b.docx" word/document.xml | grep -q numId; then
    echo "$TMP/docx/$b.json $TMP/doc/$b.got $b" >>"$TMP/list-numbered"
  else
    typed=$((typed + 1))
    echo "$TMP/docx/$b.json $TMP/doc/$b.got $b" >>"$TMP/list-typed"
  fi
done
[ -f "$TMP/list-typed" ] && { python3 "$SRC/tests/recordcmp.py" --label "doc round trip (typed headings)" \
    --min-nonzero 40 --exact-warnings --checks paths --list "$TMP/list-typed" || fail=1; }
[ -f "$TMP/list-numbered" ] && { python3 "$SRC/tests/recordcmp.py" \
    --label "doc round trip (list-numbered headings)" \
    --min-nonzero 40 --exact-warnings --checks paths --list "$TMP/list-numbered" || fail=1; }
[ -f "$TMP/list-numbered" ] || { echo "FAIL: no document with list-numbered headings"; fail=1; }
cat "$TMP"/list-* 2>/dev/null | while read -r want got name; do echo "$want $got $name"; done >"$TMP/all"
python3 "$SRC/tests/recordcmp.py" --score --label "doc fields" --list "$TMP/all" | tail -1

one=$(ls "$TMP"/doc/*.doc | head -1)
"$BIN" convert --provenance "$one" | python3 -c '
import json, sys
p = json.load(sys.stdin)["provenance"]
cells = [v for k, v in p.items() if k.startswith("applications.")]
assert len(cells) > 50, len(cells)
for v in cells:
    assert v["origin"] == "doc" and v["line"] > 0 and len(v["cell"]) == 3, v
print("provenance ok: %d values with paragraph and cell" % len(cells))
' || { echo "FAIL: doc provenance"; fail=1; }

echo "doc round trip: $cases documents ($typed with typed headings, $((cases - typed)) list-numbered)"
[ "$cases" -ge 12 ] || { echo "FAIL: too few documents ($(tail -3 "$TMP/soffice.log"))"; fail=1; }
exit $fail
