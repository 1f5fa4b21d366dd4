#!/usr/bin/env bash
# ctest-labels: ocr roundtrip
# ofd_scan.sh BINARY SOURCE_DIR — scanned archives as OFD: pages that hold
# only an image go through the scan path (extract/ofd_scan.c).
# `nianbao synth --format ofd-scan --feeder` puts the feeder scan of a
# synthetic report (synth_scan.c) into an OFD, one JPEG or PNG resource per
# page (DocumentRes.xml, an ImageObject per page); `nianbao convert` reads it
# back.  Asserts: no silent error and at least MIN_RIGHT % of the fields
# right (tests/recordcmp.py --score); source.format "ofd"; every value's
# provenance origin "ocr" with its page and a box in page millimetres (inside
# A4, the table reaching past the middle of the page: not points, not
# pixels).  Without OCR: images that cannot be decoded give exit 3 naming
# the page, an image over --max-pixels exit 5.  OCR costs: one report of
# three pages (about 25 s on a loaded machine).
source "$(dirname "$0")/lib.bash"
MIN_RIGHT=${NB_SCAN_MIN_RIGHT:-95}

"$BIN" synth --format ofd-scan --feeder --template 2021 --seed 12 -o "$T/s.ofd" --expected "$T/exp.json" \
    2>"$T/err" || { echo "FAIL: synth: $(cat "$T/err")"; exit 1; }
"$BIN" convert --provenance "$T/s.ofd" >"$T/out.json" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: convert: exit $rc ($(cat "$T/err"))"; exit 1; }
python3 "$SRC/tests/recordcmp.py" --score --label "ofd scan" --min-right "$MIN_RIGHT" --max-silent 0 \
    "$T/exp.json" "$T/out.json" || fail "ofd scan round trip"

python3 - "$T/out.json" <<'PY' || fail "ofd scan provenance"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["source"]["format"] == "ofd", r["source"]
prov = r["provenance"]
assert len(prov) > 100, len(prov)
xs = []
for path, p in prov.items():
    assert p["origin"] == "ocr", (path, p)
    assert p["page"] >= 1, (path, p)
    if not p["box"]:  # a sentence's value (info_fees) has its page only
        assert not path.startswith(("applications.", "reviews_litigation.")), (path, p)
        continue
    x0, y0, x1, y1 = p["box"]
    assert 0 <= x0 < x1 <= 210 and 0 <= y0 < y1 <= 297, (path, p["box"])
    xs.append(x1)
assert max(xs) > 120, max(xs)
assert any("holds only an image (a scan) and was read by OCR" in w["message"] for w in r["warnings"])
PY

# every image broken: a clear error naming the first page, no OCR run
python3 - "$T/s.ofd" "$T/broken.ofd" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w") as dst:
    for i in src.infolist():
        data = src.read(i)
        if "/Res/" in i.filename:
            data = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
        dst.writestr(i, data)
PY
"$BIN" convert "$T/broken.ofd" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 3 ] && grep -q "scanned pages whose images cannot be read (page 1 holds only an image" "$T/err" &&
    [ "$(wc -l <"$T/err")" = 1 ] || fail "broken images: exit $rc, $(cat "$T/err")"

"$BIN" convert --max-pixels 100000 "$T/s.ofd" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 5 ] && grep -q "over the limit of 100000 (--max-pixels)" "$T/err" ||
    fail "--max-pixels: exit $rc, $(cat "$T/err")"
finish
