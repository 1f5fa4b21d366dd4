#!/usr/bin/env bash
# scan_image.sh BINARY SOURCE_DIR — the image reader from the command line:
# a scanned page of the corpus gives the values printed on it (each right or
# flagged, with OCR provenance), nothing that is not on the page; a corrupt
# image and a decompression bomb give one-line errors and their exit codes.
# One page of OCR: the corpus page is skipped cleanly when the corpus is absent.
set -u
BIN=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# --- bad images: one line on stderr, the right exit code, no record --------
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR garbage' > "$T/corrupt.png"
"$BIN" convert "$T/corrupt.png" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" -eq 3 ] || fail "corrupt PNG: exit $rc, want 3"
[ -s "$T/out" ] && fail "corrupt PNG: a record was written"
grep -q "corrupt.png" "$T/err" || fail "corrupt PNG: error does not name the file"

# a valid 1x1 PNG whose header is patched to claim 70000 x 70000 pixels
python3 - "$T/bomb.png" <<'PY'
import struct, sys, zlib
ihdr = struct.pack(">IIBBBBB", 70000, 70000, 8, 0, 0, 0, 0)
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
"$BIN" convert "$T/bomb.png" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" -eq 5 ] || fail "bomb PNG: exit $rc, want 5 (limit)"
[ "$(wc -l < "$T/err")" -eq 1 ] || fail "bomb PNG: want one line on stderr, got: $(cat "$T/err")"

# --- a real scanned page ------------------------------------------------------
CASE="$SRC/../shared/corpus/huaian-city-2024-p5-png"
if [ ! -f "$CASE/source.png" ]; then
    echo "SKIP: corpus page image not available"
    [ "$fails" -eq 0 ] && exit 0 || exit 1
fi
"$BIN" convert --provenance "$CASE/source.png" > "$T/page.json" 2> "$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "corpus page: exit $rc ($(cat "$T/err"))"
python3 - "$T/page.json" "$CASE/truth.json" <<'PY' || fails=$((fails + 1))
import json, sys
got, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def leaves(d, p=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from leaves(v, p + k + ".")
        else:
            yield p + k, v
def get(d, path):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d
flagged = {w["path"] for w in got.get("warnings", []) if w["path"]}
for c in got.get("checks", []):
    flagged.update(c["paths"])
is_flagged = lambda p: any(p == f or p.startswith(f + ".") for f in flagged)
nums = [(p, v) for p, v in leaves(truth) if p.split(".")[0] in ("applications", "reviews_litigation")]
right = [p for p, v in nums if get(got, p) == v]
silent = [p for p, v in nums if get(got, p) != v and not is_flagged(p)]
bad = []
if silent:
    bad.append(f"silent errors: {silent}")
if len(right) < 0.9 * len(nums):
    bad.append(f"only {len(right)}/{len(nums)} values right")
if "agency" in got or "year" in got:
    bad.append("agency/year reported although not on the page")
if "active_disclosure" in got:
    bad.append("active_disclosure reported although not on the page")
prov = got.get("provenance", {}).get("reviews_litigation.review.total")
if not prov or prov.get("origin") != "ocr" or prov.get("page") != 1 or len(prov.get("box") or []) != 4 \
        or not (0 <= (prov.get("confidence") or -1) <= 100):
    bad.append(f"provenance of reviews_litigation.review.total: {prov}")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
[ "$fails" -eq 0 ] && echo "ok" && exit 0
exit 1
