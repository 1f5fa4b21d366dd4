#!/usr/bin/env bash
# ctest-labels: ocr roundtrip
# scan_synth.sh BINARY SOURCE_DIR — synthetic degraded scans end to end:
# `nianbao synth --format scan --feeder` renders reports with known numbers as
# feeder scans (rotated, warped, blurred, noisy; gray JPEG for even seeds,
# bilevel for odd ones; the office print and marks — seals over tables,
# binding shadow — are measured by bench/scan_eval.sh, docs/scans.md), `nianbao convert` reads them back, and
# tests/recordcmp.py --score grades every field against the synthetic record.
# Asserts: no silent error (every wrong or lost table value is flagged by a
# warning or a failed check) and at least MIN_RIGHT % of the fields right.
#
# The seeds are fixed and all draw ruled tables (style "lines" or "fills" in
# cmd/synth/synth_pdf.c); tables without rulings have their own tests.  OCR costs
# a few seconds per page: six reports, about a minute and a half of CPU; a
# sanitizer build reads two.  Measured accuracy over 50 such reports is in
# docs/scans.md ("Tests"); MIN_RIGHT sits below it with a margin for the
# variation between seeds.
set -u
BIN=$1
SRC=$2
MIN_RIGHT=${NB_SCAN_MIN_RIGHT:-95}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# template:seed — 2021 gray and bilevel, ruled lines and shaded fills; one 2019
# (signed changes, five blocks in section 二)
cases="2021:2 2021:7 2021:9 2021:12 2021:15 2019:5"
if nm "$BIN" 2>/dev/null | grep -q __asan_init; then
    cases="2021:12 2019:5"
fi
pairs=()
for c in $cases; do
    tpl=${c%%:*} seed=${c##*:}
    if ! "$BIN" synth --format scan --feeder --template "$tpl" --seed "$seed" -o "$T/$tpl-$seed.tif" \
        --expected "$T/$tpl-$seed.exp.json" 2> "$T/err"; then
        echo "FAIL: synth $tpl seed $seed: $(cat "$T/err")"
        exit 1
    fi
    "$BIN" convert "$T/$tpl-$seed.tif" > "$T/$tpl-$seed.out.json" 2> "$T/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: convert $tpl seed $seed: exit $rc ($(cat "$T/err"))"
        exit 1
    fi
    pairs+=("$T/$tpl-$seed.exp.json" "$T/$tpl-$seed.out.json")
done
python3 "$SRC/tests/recordcmp.py" --score --label "synthetic scans" --min-right "$MIN_RIGHT" \
    --max-silent 0 "${pairs[@]}"
