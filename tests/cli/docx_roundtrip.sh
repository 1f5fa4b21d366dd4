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
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-6}

rt_exact_sets docx 500
cases=$RT_CASES
one=$RT_ONE

# provenance: Word's paragraph index and table cell, origin docx
rt_provenance "$one" "docx provenance" '
for v in cells:
    assert v["origin"] == "docx" and v["line"] > 0 and len(v["cell"]) == 3, v
    assert v["page"] is None and v["box"] is None, v
print("provenance ok: %d values with paragraph and cell" % len(cells))'

# the content decides, whatever the name says
cp "$one" "$T/misnamed.pdf"
"$BIN" convert "$T/misnamed.pdf" >"$T/m.json" 2>/dev/null || fail "misnamed docx"
grep -q 'the content is docx; read as docx' "$T/m.json" || fail "misnamed docx not read as docx"

echo "docx round trip: $cases documents"
[ "$cases" -ge 12 ] || fail "too few documents"
finish
