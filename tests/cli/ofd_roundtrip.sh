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
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-6}

rt_exact_sets ofd 700
cases=$RT_CASES
one=$RT_ONE
rt_provenance "$one" "ofd provenance" '
pages = set()
for v in cells:
    assert v["origin"] == "text-layer" and v["page"] >= 1, v
    x0, y0, x1, y1 = v["box"]
    assert 0 <= x0 < x1 <= 210 and 0 <= y0 < y1 <= 297, v   # millimetres on A4
    pages.add(v["page"])
assert len(pages) >= 2, pages   # the applications table runs over a page break
print("provenance ok: %d values on pages %s, boxes in mm" % (len(cells), sorted(pages)))'
"$BIN" tables --format tsv "$one" | grep -q '^# pages ' || fail "no table stitched over pages"

# content variations (--vary all: blank zeros, notes, units, a partial page
# without the first tables, which crashed the renderer): no silent error
for seed in 9400 9401; do
    "$BIN" synth --format ofd --template $((2019 + 2 * (seed % 2))) --seed "$seed" --vary all \
        -o "$T/vary-$seed.ofd" --expected "$T/vary-$seed.exp.json" || fail "synth --vary all seed $seed"
    "$BIN" convert "$T/vary-$seed.ofd" >"$T/vary-$seed.out.json" || fail "convert --vary all seed $seed"
done
python3 "$SRC/tests/recordcmp.py" --score --label "ofd --vary all" --max-silent 0 --min-right 95 \
    "$T"/vary-9400.exp.json "$T"/vary-9400.out.json "$T"/vary-9401.exp.json "$T"/vary-9401.out.json ||
    fail "ofd --vary all"

echo "ofd round trip: $cases documents"
[ "$cases" -ge 12 ] || fail "too few documents"
finish
