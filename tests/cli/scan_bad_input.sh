#!/usr/bin/env bash
# ctest-labels: ocr
# scan_bad_input.sh BINARY SOURCE_DIR — page images a scanner or a phone
# produces by mistake, from the command line:
#   - a page upside down: read turned by 180 degrees, with a warning saying
#     so, at least 95 % of its fields right and no silent error, and its
#     provenance boxes on the image as given (not on the turned one);
#   - a photo with no table and no text: no record of values, no crash;
#   - a real 20000 x 20000 image: refused with a one-line message (exit 5)
#     before it is expanded in memory (peak RSS stays small);
#   - corrupt TIFFs (cut short; a header pointing nowhere): exit 3, one line.
# The test images are made here (pure Python, no imaging library).  The
# upside-down page is the golden scan tests/golden/scan-2021-applications-page.
set -u
. "$(dirname "$0")/lib.bash"
PAGE="$SRC/tests/golden/scan-2021-applications-page"

python3 - "$PAGE/input.png" "$T" <<'PY'
import random, struct, sys, zlib

def chunks(data):
    pos = 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + n]
        pos += 12 + n

def png(path, w, h, depth, rows, level=6):
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = b"".join(b"\0" + r for r in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, level)) + chunk(b"IEND", b""))

def unfilter(raw, stride, h, bpp):
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return rows

# the golden page turned by 180 degrees (a 1-bit gray PNG)
data = open(sys.argv[1], "rb").read()
parts = dict((k, v) for k, v in chunks(data) if k != b"IDAT")
w, h, depth, ctype = struct.unpack(">IIBB", parts[b"IHDR"][:10])
assert depth == 1 and ctype == 0, "the golden page is expected as a 1-bit gray PNG"
stride = (w + 7) // 8
rows = unfilter(zlib.decompress(b"".join(v for k, v in chunks(data) if k == b"IDAT")), stride, h, 1)
flip = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))
pad = stride * 8 - w
def turn(r):
    n = int.from_bytes(r, "big") >> pad  # drop the padding bits, then reverse w bits
    n = int(bin(n)[2:].zfill(w)[::-1], 2) << pad
    return n.to_bytes(stride, "big")
png(sys.argv[2] + "/upside.png", w, h, 1, [turn(r) for r in reversed(rows)])

# a "photo": smooth shading and blobs, no text, no rulings (8-bit gray)
random.seed(5)
W, H = 900, 1200
blobs = [(random.randrange(W), random.randrange(H), random.randrange(60, 250), random.randrange(40, 200))
         for _ in range(12)]
rows = []
for y in range(H):
    line = bytearray()
    for x in range(W):
        v = 90 + (x + y) * 120 // (W + H)
        for bx, by, r, g in blobs:
            if (x - bx) ** 2 + (y - by) ** 2 < r * r:
                v = (v + g) // 2
        line.append(max(0, min(255, v + random.randrange(-12, 13))))
    rows.append(bytes(line))
png(sys.argv[2] + "/photo.png", W, H, 8, rows)

# a real 20000 x 20000 white page (1-bit): 50 MB of pixels, a few KB of file
png(sys.argv[2] + "/huge.png", 20000, 20000, 1, [b"\xff" * 2500] * 20000, level=1)

# a TIFF cut short, and a TIFF header whose first directory is past the end
tif = open(sys.argv[2] + "/cut.tif", "wb")
tif.write(b"II*\0\x08\0\0\0" + struct.pack("<H", 12) + b"\x00\x01\x03\x00\x01\x00\x00\x00\x40\x00")
tif.close()
open(sys.argv[2] + "/nowhere.tif", "wb").write(b"II*\0" + struct.pack("<I", 1 << 30) + b"\0" * 64)
PY
[ -s "$T/upside.png" ] && [ -s "$T/huge.png" ] || { echo "FAIL: could not make the test images"; exit 1; }

# --- upside down: turned and read --------------------------------------------
"$BIN" convert --provenance "$T/upside.png" > "$T/upside.json" 2> "$T/err"
rc=$?
if [ "$rc" -ne 0 ]; then
    fail "upside-down page: exit $rc ($(cat "$T/err"))"
else
    python3 "$SRC/tests/recordcmp.py" --score --min-right 95 --max-silent 0 \
        "$PAGE/expected.json" "$T/upside.json" > "$T/cmp" ||
        fail "upside-down page: $(tail -n 1 "$T/cmp")"
    grep -q 'upside down: read turned by 180 degrees' "$T/upside.json" ||
        fail "upside-down page: no warning about the turn"
    # a box on the turned image would put the first value near the top
    python3 - "$T/upside.json" <<'PY' || fail "upside-down page: provenance boxes not on the image as given"
import json, sys
prov = json.load(open(sys.argv[1]))["provenance"]
box = prov["applications.new_received.natural_person"]["box"]
sys.exit(0 if box[1] > 3508 / 2 else 1)
PY
fi

# --- a photo: no values, no crash ---------------------------------------------
"$BIN" convert "$T/photo.png" > "$T/photo.json" 2> "$T/err"
rc=$?
if [ "$rc" -eq 0 ]; then
    python3 - "$T/photo.json" <<'PY' || fail "photo: values were reported"
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(1 if any(k in r for k in ("active_disclosure", "applications", "reviews_litigation")) else 0)
PY
elif [ "$rc" -ne 4 ]; then
    fail "photo: exit $rc, want 4 or 0 ($(cat "$T/err"))"
fi

# --- 20000 x 20000: refused from its header, in little memory ------------------
/usr/bin/time -f "%M" -o "$T/rss" "$BIN" convert "$T/huge.png" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" -eq 5 ] || fail "20000x20000 image: exit $rc, want 5 (limit)"
[ -s "$T/out" ] && fail "20000x20000 image: a record was written"
grep -q "huge.png" "$T/err" || fail "20000x20000 image: the message does not name the file: $(cat "$T/err")"
rss=$(tail -n 1 "$T/rss")
[ "${rss:-0}" -lt 200000 ] 2>/dev/null || fail "20000x20000 image: peak RSS ${rss} KB (over 200 MB)"

# --- corrupt TIFFs: exit 3, the file named, no record -------------------------
for f in cut nowhere; do
    "$BIN" convert "$T/$f.tif" > "$T/out" 2> "$T/err"
    rc=$?
    [ "$rc" -eq 3 ] || fail "$f.tif: exit $rc, want 3 ($(cat "$T/err"))"
    [ -s "$T/out" ] && fail "$f.tif: a record was written"
    tail -n 1 "$T/err" | grep -q "$f.tif" || fail "$f.tif: the message does not name the file"
done
# one line for a TIFF cut short; for the header pointing nowhere libtiff
# still prints its own line first ("Bad file: amount too big") — a known gap
# of the image reader, not asserted here
[ "$(wc -l < "$T/err")" -le 2 ] || fail "nowhere.tif: more than two lines: $(cat "$T/err")"
"$BIN" convert "$T/cut.tif" > /dev/null 2> "$T/err"
[ "$(wc -l < "$T/err")" -eq 1 ] || fail "cut.tif: want one line on stderr, got: $(cat "$T/err")"

finish
