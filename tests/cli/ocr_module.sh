#!/usr/bin/env bash
# tests/cli/ocr_module.sh BINARY SOURCE_DIR — the OCR stack is a module
# (nianbao-ocr.so) opened only when a page needs OCR (extract/ocr.h):
# the binary does not link Tesseract, finds the module beside itself in the
# build tree and under ../lib/nianbao after `cmake --install`, and without it
# reads text PDFs as before while an image fails with one line, exit 3.
source "$(dirname "$0")/lib.bash"
build=$(dirname "$BIN")
page=$SRC/tests/golden/scan-2021-applications-page/input.png
synth_pdf=$T/r.pdf
"$BIN" synth --format pdf --seed 3 -o "$synth_pdf" || fail "synth pdf"

readelf -d "$BIN" | grep -q 'NEEDED.*tesseract' && fail "the binary links Tesseract at start-up"
[ -f "$build/nianbao-ocr.so" ] || fail "no nianbao-ocr.so beside the binary in the build tree"

# installed: the module under ../lib/nianbao relative to the binary
cmake --install "$build" --prefix "$T/inst" > /dev/null || fail "cmake --install"
inst=$T/inst/bin/nianbao
"$inst" convert "$page" > "$T/installed.json" 2> "$T/installed.err" || fail "installed binary cannot OCR: $(cat "$T/installed.err")"
grep -q '"template": "2021"' "$T/installed.json" || fail "installed binary read no template from the scan"
python3 - "$T/installed.json" "$SRC/tests/golden/scan-2021-applications-page/expected.json" <<'PY' || fail "installed OCR differs from the golden record"
import json, sys
got, want = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def values(d, p=""):
    if isinstance(d, dict):
        for k, v in d.items():
            yield from values(v, p + "." + k)
    elif isinstance(d, (int, float)) and not isinstance(d, bool):
        yield p, d
w = dict(values({k: want[k] for k in ("applications",) if k in want}))
g = dict(values({k: got[k] for k in ("applications",) if k in got}))
right = sum(1 for k, v in w.items() if g.get(k) == v)
sys.exit(0 if w and right >= 0.9 * len(w) else 1)
PY

# without the module: text PDFs unchanged, OCR refused in one line
mkdir -p "$T/alone"
cp "$BIN" "$T/alone/nianbao"
"$BIN" convert "$synth_pdf" > "$T/with.json" 2>/dev/null
"$T/alone/nianbao" convert "$synth_pdf" > "$T/without.json" 2>/dev/null || fail "text PDF needs the module"
cmp -s "$T/with.json" "$T/without.json" || fail "text PDF read differently without the module"
"$T/alone/nianbao" convert "$page" > /dev/null 2> "$T/err"
code=$?
[ "$code" = 3 ] || fail "image without the module: exit $code, expected 3"
[ "$(wc -l < "$T/err")" = 1 ] && grep -q 'OCR module not found' "$T/err" ||
    fail "image without the module: expected one line naming the module, got: $(cat "$T/err")"
finish
