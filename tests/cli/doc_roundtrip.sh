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
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-2}
command -v soffice >/dev/null || { echo "SKIP: soffice (LibreOffice) is not installed"; exit 77; }

# the docx variant sets, flattened into one folder as TEMPLATE-VARIANT-NAME
rt_variant_sets docx 900 "$SEEDS"
mkdir -p "$T/docx" "$T/doc"
for f in "$T"/20[0-9][0-9]-*/*.docx; do
  b="$(basename "$(dirname "$f")")-$(basename "$f" .docx)"
  cp "$f" "$T/docx/$b.docx"
  cp "${f%.docx}.json" "$T/docx/$b.json"
done
# one LibreOffice start for every document (its own profile: no user state)
timeout 900 soffice --headless "-env:UserInstallation=file://$T/profile" --convert-to doc \
  --outdir "$T/doc" "$T"/docx/*.docx >"$T/soffice.log" 2>&1
cases=0
typed=0
for d in "$T"/doc/*.doc; do
  [ -f "$d" ] || continue
  b=$(basename "$d" .doc)
  cases=$((cases + 1))
  if [ $((cases % 2)) = 0 ]; then mv "$d" "$T/doc/$b.wps"; d="$T/doc/$b.wps"; fi
  if ! "$BIN" convert "$d" >"$T/doc/$b.got" 2>"$T/err"; then
    fail "convert $b: $(cat "$T/err")"
    continue
  fi
  if unzip -p "$T/docx/$b.docx" word/document.xml | grep -q numId; then
    echo "$T/docx/$b.json $T/doc/$b.got $b" >>"$T/list-numbered"
  else
    typed=$((typed + 1))
    echo "$T/docx/$b.json $T/doc/$b.got $b" >>"$T/list-typed"
  fi
done
[ -f "$T/list-typed" ] && { rt_compare "$T/list-typed" --label "doc round trip (typed headings)" \
    --min-nonzero 40 --exact-warnings --checks paths || fail "doc round trip (typed headings)"; }
[ -f "$T/list-numbered" ] && { rt_compare "$T/list-numbered" \
    --label "doc round trip (list-numbered headings)" \
    --min-nonzero 40 --exact-warnings --checks paths || fail "doc round trip (list-numbered headings)"; }
[ -f "$T/list-numbered" ] || fail "no document with list-numbered headings"
cat "$T"/list-* >"$T/all" 2>/dev/null
python3 "$SRC/tests/recordcmp.py" --score --label "doc fields" --list "$T/all" | tail -1

one=$(ls "$T"/doc/*.doc | head -1)
rt_provenance "$one" "doc provenance" '
for v in cells:
    assert v["origin"] == "doc" and v["line"] > 0 and len(v["cell"]) == 3, v
print("provenance ok: %d values with paragraph and cell" % len(cells))'

echo "doc round trip: $cases documents ($typed with typed headings, $((cases - typed)) list-numbered)"
[ "$cases" -ge 12 ] || fail "too few documents ($(tail -3 "$T/soffice.log"))"
finish
