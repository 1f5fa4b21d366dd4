#!/usr/bin/env bash
# ctest-labels: ocr
# The review pages in a real browser: headless Chromium (a test dependency,
# installed by .ci/test-deps; the test skips when it is absent) loads each page
# from disk and tests/cli/review_cdp.py checks the DOM as loaded (every value
# has an element with its data-path, flagged values and only they have class
# flagged, page views carry data-page, boxes inside their page image, no
# script from the document), takes a screenshot, and types a correction whose
# saved file round-trips through convert --corrections.
source "$(dirname "$0")/lib.bash"
CHROMIUM=${NB_CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
[ -n "$CHROMIUM" ] || { echo "skipped: no chromium (install with .ci/test-deps)"; exit 77; }
CDP=$SRC/tests/cli/review_cdp.py
shots=${NB_REVIEW_SHOTS:-$T}

probe() { # NAME SOURCE [review_cdp.py options...]
    local name=$1 src=$2; shift 2
    "$BIN" review "$src" -o "$T/$name.html" || { fail "$name: review exit $?"; return; }
    "$BIN" convert --provenance "$src" >"$T/$name.json"
    timeout 180 python3 "$CDP" "$CHROMIUM" "$T/$name.html" "$T/$name.json" \
        --screenshot "$shots/$name.png" "$@" || fail "$name: DOM checks"
    [ -s "$shots/$name.png" ] || fail "$name: no screenshot"
    echo "$name: page $(stat -c %s "$T/$name.html") bytes"
}

# a text PDF with one broken rule (flagged values), screenshot on a flagged box
"$BIN" synth --format pdf --break-rule --seed 5 -o "$T/p.pdf" || fail "synth pdf"
"$BIN" convert "$T/p.pdf" >"$T/p0.json"
key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checks"][0]["paths"][0])' "$T/p0.json") ||
    fail "the broken rule gave no check"
probe pdf "$T/p.pdf" --scroll-to "$key" --correct "$key=4242" --corrections-out "$T/p.corr.json"

# the correction a person typed, saved by the page, applied by convert
"$BIN" convert --provenance --corrections "$T/p.corr.json" "$T/p.pdf" >"$T/p2.json" ||
    fail "convert --corrections with the page's file: exit $?"
python3 - "$T/p2.json" "$key" "$T/p.pdf" "$T/p.corr.json" <<'PY' || fail "correction round trip"
import hashlib, json, sys
d, key = json.load(open(sys.argv[1])), sys.argv[2]
c = json.load(open(sys.argv[4]))
assert c["source_sha256"] == hashlib.sha256(open(sys.argv[3], "rb").read()).hexdigest(), c
assert c["values"] == {key: 4242}, c
v = d
for part in key.split("."):
    v = v[part]
assert v == 4242, v
p = d["provenance"][key]
assert p["origin"] == "correction" and p["original"]["value"] != 4242, p
assert not [w for w in d["warnings"] if w["path"] == key]
PY

# HTML input carrying markup in its text, the bundled text sample, a scan
"$BIN" synth --format html --seed 11 -o "$T/h.html" || fail "synth html"
sed -i 's|本年度无其他需要报告的事项|\&lt;script\&gt;alert(1)\&lt;/script\&gt; \&lt;img src=x onerror=alert(2)\&gt;&|' "$T/h.html"
probe html "$T/h.html"
probe text "$SRC/samples/report-2021.txt" --scroll-to applications.granted.total
# (not under ASan: OCR there costs minutes; the release build's run covers it)
if ldd "$BIN" 2>/dev/null | grep -q libasan; then
    echo "scan: skipped under ASan"
else
    "$BIN" synth --format scan --seed 3 -o "$T/scan.tif" || fail "synth scan"
    probe scan "$T/scan.tif" --scroll-to applications.granted.total
fi
finish
