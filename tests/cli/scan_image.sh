#!/usr/bin/env bash
# ctest-labels: ocr corpus
# scan_image.sh BINARY SOURCE_DIR — the image reader from the command line:
# a scanned page of the corpus gives the values printed on it (each right or
# flagged, with OCR provenance), nothing that is not on the page; a corrupt
# image and a decompression bomb give one-line errors and their exit codes.
# One page of OCR: the corpus page is skipped cleanly when the corpus is absent.
set -u
. "$(dirname "$0")/lib.bash"

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
# every value right or flagged, at least 90 % right, nothing invented
python3 "$SRC/tests/recordcmp.py" --score --label "corpus page" --min-right 90 \
    "$CASE/truth.json" "$T/page.json" > "$T/cmp" || fail "corpus page: $(cat "$T/cmp")"
# what is not on the page is not in the record; a value's OCR provenance
python3 - "$T/page.json" <<'PY' || fail "corpus page: metadata or provenance"
import json, sys
got = json.load(open(sys.argv[1]))
bad = [k for k in ("agency", "year", "active_disclosure") if k in got]
prov = got.get("provenance", {}).get("reviews_litigation.review.total") or {}
if prov.get("origin") != "ocr" or prov.get("page") != 1 or len(prov.get("box") or []) != 4 \
        or not 0 <= (prov.get("confidence") or -1) <= 100:
    bad.append(f"provenance {prov}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
finish
