#!/usr/bin/env bash
# tests/cli/hostile.sh BINARY SOURCE_DIR — hostile inputs end in a record or a
# one-line error, in bounded time, never a crash.
#
# Every input is generated here at test time (nothing large is committed):
# empty, random bytes, a truncated PDF, a PDF claiming a million pages, one
# with 600 real pages, an encrypted PDF, a PDF whose broken font makes poppler
# print to stderr,
# 100000 nested <div>/<table>, a PNG claiming 100000x100000 pixels, a
# decompression-bomb PNG, a PNG failing its CRC, 5 MB of digits, 5 MB of table rows, 3.4 MB of HTML
# rows under a tiny --timeout, GB18030 with invalid bytes, a page mixing GBK
# and UTF-8, UTF-8 under a gb2312 declaration, a
# misnamed file, a directory, a FIFO, a socket, symlinks to devices, stdin
# that never ends or never writes.  For each, `nianbao convert` must, within
# `timeout 60`, either exit 0 with a JSON record on stdout or exit with one of
# the documented error codes (2-5) and exactly one stderr line naming the file.
# Where the outcome is determined by the input alone, the exact code is
# asserted too.
set -uo pipefail
bin=${1:?usage: hostile.sh BINARY SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
# AddressSanitizer cannot run under an address-space limit (its shadow is
# terabytes): there the allocator's own limits bound memory (cmd/main.c)
asan=0
# (grep without -q reads all of ldd's output: under pipefail, grep -q's early
# exit can kill ldd with SIGPIPE and fail the pipeline, hiding the match)
ldd "$bin" 2>/dev/null | grep libasan >/dev/null && asan=1

fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

# check NAME ALLOWED_CODES [EXTRA ARGS...] — converts $tmp/NAME.
check() {
  local name=$1 allowed=$2
  shift 2
  local f=$tmp/$name rc
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %M' -o "$tmp/time" timeout 60 "$bin" convert "$@" "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    # figures for the measuring script (tests/hostile_figures.sh), not a timed test
    [ -n "${NB_HOSTILE_FIGURES:-}" ] &&
      echo "$name $* $rc $(tail -1 "$tmp/time")" >>"$NB_HOSTILE_FIGURES"
  else
    timeout 60 "$bin" convert "$@" "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
  fi
  case " $allowed " in
    *" $rc "*) ;;
    *) fail "$name: exit $rc, expected one of: $allowed ($(head -c 300 "$tmp/err"))"; return ;;
  esac
  if [ "$rc" -eq 0 ]; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null ||
      fail "$name: exit 0 without a JSON record on stdout"
    return
  fi
  local lines
  lines=$(wc -l <"$tmp/err")
  [ "$lines" -eq 1 ] || fail "$name: $lines stderr lines, expected 1: $(head -c 300 "$tmp/err")"
  grep -q "^nianbao: $f: ." "$tmp/err" || fail "$name: error does not name the file: $(cat "$tmp/err")"
  [ -s "$tmp/out" ] && fail "$name: error exit $rc but something on stdout"
  echo "ok: $name → $rc: $(cat "$tmp/err")"
}

# -- generated inputs -----------------------------------------------------

: >"$tmp/empty.txt"
printf '  \n\t\n' >"$tmp/blank.txt"
head -c 1000000 /dev/urandom >"$tmp/random.bin"
printf '%%PDF-1.7\n' >"$tmp/truncated.pdf"
head -c 5000 /dev/urandom >>"$tmp/truncated.pdf"
# a well-formed but empty page tree that claims a million pages
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1000000>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R/Size 4>>\n%%%%EOF\n' \
  >"$tmp/million-pages.pdf"
python3 - "$tmp" <<'EOF'
import os, struct, sys, zlib
d = sys.argv[1]
# a GBK page with UTF-8 table labels pasted in: no one charset reads it
head = "<html><head><meta charset=gb2312><title>某县2023年政府信息公开工作年度报告</title></head><body><p>某县2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本机关全年主动公开政府信息。</p>"
rows = "<table><tr><td>收到和处理政府信息公开申请情况</td><td>12</td></tr><tr><td>本年新收政府信息公开申请数量</td><td>3</td></tr></table>"
with open(os.path.join(d, "mixed-gbk-utf8.html"), "wb") as f:
    f.write(head.encode("gb18030") + rows.encode("utf-8") + b"</body></html>")
# UTF-8 bytes under a gb2312 declaration: read as UTF-8, with a warning
with open(os.path.join(d, "declared-gb2312.html"), "wb") as f:
    f.write((head + rows + "</body></html>").encode("utf-8"))
# 100000 nested <div> and <table> (a parser that recurses per level overflows)
with open(os.path.join(d, "nested-div.html"), "w") as f:
    f.write("<html><body>" + "<div>" * 100000 + "x" + "</div>" * 100000 + "</body></html>")
with open(os.path.join(d, "nested-table.html"), "w") as f:
    f.write("<html><body>" + "<table><tr><td>" * 100000 + "1" + "</td></tr></table>" * 100000 + "</body></html>")
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
def png(w, h, idat):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)  # 8-bit gray
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
# a header claiming 100000 x 100000 pixels and almost no data
with open(os.path.join(d, "huge-header.png"), "wb") as f:
    f.write(png(100000, 100000, zlib.compress(b"\0" * 1000)))
# a PNG whose image data fails its CRC: libpng prints "libpng error: IDAT:
# CRC error" on stderr itself; it must come out inside our one line
raw = b"".join(b"\0" + b"\xff" * 200 for _ in range(100))
idat = zlib.compress(raw)
with open(os.path.join(d, "bad-crc.png"), "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 200, 100, 8, 0, 0, 0, 0)) +
            struct.pack(">I", len(idat)) + b"IDAT" + idat + b"\0\0\0\0" + chunk(b"IEND", b""))
# a decompression bomb: 20000 x 20000 gray (400 Mpx) of zeros in ~400 KB
row = b"\0" * 20001
comp = zlib.compressobj(9)
data = b"".join(comp.compress(row) for _ in range(20000)) + comp.flush()
with open(os.path.join(d, "bomb.png"), "wb") as f:
    f.write(png(20000, 20000, data))
# an encrypted PDF (standard handler, revision 2) whose user password is not
# empty: the /U entry matches no password, so it cannot be opened
objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>",
        b"<</Filter/Standard/V 1/R 2/O <" + b"11" * 32 + b">/U <" + b"22" * 32 + b">/P -4>>"]
pdf, offsets = bytearray(b"%PDF-1.4\n"), []
for i, o in enumerate(objs, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
fid = b"<00112233445566778899aabbccddeeff>"
pdf += b"trailer\n<</Size %d/Root 1 0 R/Encrypt 4 0 R/ID[%s%s]>>\nstartxref\n%d\n%%%%EOF\n" % (
    len(objs) + 1, fid, fid, xref)
with open(os.path.join(d, "encrypted.pdf"), "wb") as f:
    f.write(pdf)
# GB18030 text with invalid byte sequences in the middle
text = "政府信息公开工作年度报告\n一、总体情况\n".encode("gb18030")
with open(os.path.join(d, "gb18030-invalid.txt"), "wb") as f:
    f.write(text + b"\x81\x20\xff\xfe\x80" + text + b"\x84\x31\xa4")
def pdf_file(objs):
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)
def stream(data, extra=b""):
    return b"<</Length %d%s>>stream\n" % (len(data), extra) + data + b"\nendstream"
# a real page tree of 600 pages (over the default --max-pages of 500)
n = 600
objs = [b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[" + b" ".join(b"%d 0 R" % (3 + i) for i in range(n)) + b"]/Count %d>>" % n]
objs += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"] * n
open(os.path.join(d, "600-pages.pdf"), "wb").write(pdf_file(objs))
# a page of number columns drawn with a TrueType font whose embedded file is
# garbage: poppler's cairo font engine prints "some font thing failed" on
# stderr when the page is rendered (for its rulings), its core logs errors
rows = b"".join(b"BT /F1 10 Tf 40 %d Td (Row%d) Tj 120 0 Td (%d) Tj 60 0 Td (%d) Tj 60 0 Td (%d) Tj ET\n"
                % (700 - 20 * i, i, i, i + 1, i + 2) for i in range(12))
objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        stream(rows),
        b"<</Type/Font/Subtype/TrueType/BaseFont/Broken/FirstChar 32/LastChar 126/Widths[" +
        b" 500" * 95 + b"]/Encoding/WinAnsiEncoding/FontDescriptor 6 0 R>>",
        b"<</Type/FontDescriptor/FontName/Broken/Flags 32/FontBBox[0 0 1000 1000]/ItalicAngle 0"
        b"/Ascent 800/Descent -200/CapHeight 700/StemV 80/FontFile2 7 0 R>>",
        stream(b"\x00\x01\x00\x00" + b"garbage!" * 64)]
open(os.path.join(d, "broken-font.pdf"), "wb").write(pdf_file(objs))
EOF
# -- PDFs that ask the renderer for gigabytes or endless recursion --------
python3 - "$tmp" <<'EOF'
import os, struct, sys, zlib
d = sys.argv[1]
def pdf_file(objs):
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)
def stream(data, extra=b""):
    return b"<</Length %d%s>>stream\n" % (len(data), extra) + data + b"\nendstream"
def zeros_flate(n, level=1):
    c = zlib.compressobj(level)
    chunk = b"\0" * (1 << 20)
    out = [c.compress(chunk) for _ in range(n >> 20)]
    out.append(c.compress(b"\0" * (n & ((1 << 20) - 1))))
    out.append(c.flush())
    return b"".join(out)
def page_pdf(content, resources=b"", extra_objs=()):
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<<" + resources + b">>>>",
            stream(content)] + list(extra_objs)
    return pdf_file(objs)
def write(name, data):
    open(os.path.join(d, name), "wb").write(data)
def image_page(dict_extra, data, w, h):
    # object 5: the image, drawn over the whole page
    img = stream(data, b"/Type/XObject/Subtype/Image/Width %d/Height %d" % (w, h) + dict_extra)
    return page_pdf(b"q 612 0 0 792 0 0 cm /Im1 Do Q", b"/XObject<</Im1 5 0 R>>", [img])
# a Type 3 font whose glyph draws itself: endless recursion in the renderer
t3 = (b"<</Type/Font/Subtype/Type3/FontBBox[0 0 1000 1000]/FontMatrix[0.001 0 0 0.001 0 0]"
      b"/CharProcs<</a 6 0 R>>/Encoding<</Type/Encoding/Differences[97/a]>>/FirstChar 97"
      b"/LastChar 97/Widths[1000]/Resources<</Font<</F1 5 0 R>>>>>>")
write("type3-self.pdf", page_pdf(b"BT /F1 12 Tf 100 100 Td (a) Tj ET", b"/Font<</F1 5 0 R>>",
                                 [t3, stream(b"1000 0 d0 BT /F1 1000 Tf (a) Tj ET")]))
# 3 million nested q (a graphics state each)
nq = zlib.compress(b"q " * 3000000, 9)
write("nested-q.pdf", page_pdf(nq).replace(b"<</Length %d>>" % len(nq), b"<</Length %d/Filter/FlateDecode>>" % len(nq)))
# a 30000 x 30000 1-bit image (Flate; its first MB of zeros is enough):
# 3.6 GB as a cairo surface
write("image-flate-30000.pdf", image_page(b"/ColorSpace/DeviceGray/BitsPerComponent 1/Filter/FlateDecode",
                                          zeros_flate(1 << 20), 30000, 30000))
# the same as CCITT G4: every row "V0" (one bit) on an all-white reference
write("image-ccitt-30000.pdf", image_page(b"/ColorSpace/DeviceGray/BitsPerComponent 1/Filter/CCITTFaxDecode"
                                          b"/DecodeParms<</K -1/Columns 30000/Rows 30000>>",
                                          b"\xff" * 3750, 30000, 30000))
# the same size given by indirect objects (/Width 6 0 R), and as an inline
# image (BI /W 30000 /H 30000 … ID … EI) inside the content stream
img = stream(zeros_flate(1 << 20), b"/Type/XObject/Subtype/Image/Width 6 0 R/Height 7 0 R"
             b"/ColorSpace/DeviceGray/BitsPerComponent 1/Filter/FlateDecode")
write("image-indirect-30000.pdf", page_pdf(b"q 612 0 0 792 0 0 cm /Im1 Do Q", b"/XObject<</Im1 5 0 R>>",
                                           [img, b"30000", b"30000"]))
write("image-inline-30000.pdf", page_pdf(b"q 612 0 0 792 0 0 cm BI /W 30000 /H 30000 /BPC 1 /CS /G /F /Fl ID\n"
                                         + zeros_flate(1 << 20) + b"\nEI Q"))
# the same size given by objects 6 and 7 packed in a Flate object stream
# (PDF 1.5, found through a cross-reference stream), not as plain text
def objstm_pdf():
    head, body = b"6 0 7 6 ", b"30000 30000"
    ostm = zlib.compress(head + body)
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
            b"/Resources<</XObject<</Im1 5 0 R>>>>>>",
            stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q"), img, None, None,
            stream(ostm, b"/Type/ObjStm/N 2/First %d/Filter/FlateDecode" % len(head))]
    out, offs = bytearray(b"%PDF-1.5\n"), {}
    for i, o in enumerate(objs, 1):
        if o is not None:
            offs[i] = len(out); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    offs[9] = len(out)
    rows = [b"\0" + struct.pack(">IH", 0, 65535)]
    for n in range(1, 10):
        rows.append(b"\2" + struct.pack(">IH", 8, n - 6) if n in (6, 7)
                    else b"\1" + struct.pack(">IH", offs[n], 0))
    xs = zlib.compress(b"".join(rows))
    out += b"9 0 obj\n" + stream(xs, b"/Type/XRef/Size 10/W[1 4 2]/Root 1 0 R/Filter/FlateDecode") + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offs[9]
    return bytes(out)
write("image-objstm-30000.pdf", objstm_pdf())
# a JBIG2 page of 100000 x 100000: the page information segment alone
seg = struct.pack(">IBBBI", 0, 48, 0, 1, 19) + struct.pack(">IIIIBH", 100000, 100000, 0, 0, 0, 0)
seg += struct.pack(">IBBBI", 1, 49, 0, 1, 0)
write("image-jbig2-100000.pdf", image_page(b"/ColorSpace/DeviceGray/BitsPerComponent 1/Filter/JBIG2Decode",
                                           seg, 100000, 100000))
# a JPEG 2000 codestream declaring one 60000 x 60000 tile
siz = struct.pack(">HHHIIIIIIIIHBBB", 0xFF51, 41, 0, 60000, 60000, 0, 0, 60000, 60000, 0, 0, 1, 7, 1, 1)
cod = struct.pack(">HHBBHBBBBBB", 0xFF52, 12, 0, 0, 1, 0, 5, 4, 4, 0, 1)
qcd = struct.pack(">HHB", 0xFF5C, 19, 0x40) + bytes([0x48] * 16)
sot = struct.pack(">HHHIBB", 0xFF90, 10, 0, 0, 0, 1)
j2k = b"\xff\x4f" + siz + cod + qcd + sot + b"\xff\x93" + b"\x00" * 64 + b"\xff\xd9"
write("image-jpx-60000.pdf", image_page(b"/Filter/JPXDecode", j2k, 60000, 60000))
# embedded TrueType fonts of zeros: 129 MB (130 KB compressed; over the
# reader's bound for a font) and 60 MB (within it, but over a small --max-memory)
def font_pdf(size):
    rows = b"BT /F1 10 Tf 40 700 Td (Report 1 2 3) Tj ET"
    return page_pdf(rows, b"/Font<</F1 5 0 R>>", [
        b"<</Type/Font/Subtype/TrueType/BaseFont/Big/FirstChar 32/LastChar 126/Widths[" + b" 500" * 95 +
        b"]/Encoding/WinAnsiEncoding/FontDescriptor 6 0 R>>",
        b"<</Type/FontDescriptor/FontName/Big/Flags 32/FontBBox[0 0 1000 1000]/ItalicAngle 0"
        b"/Ascent 800/Descent -200/CapHeight 700/StemV 80/FontFile2 7 0 R>>",
        stream(zeros_flate(size), b"/Filter/FlateDecode/Length1 %d" % size)])
write("font-129mb.pdf", font_pdf(129 << 20))
write("font-60mb.pdf", font_pdf(60 << 20))
EOF
head -c 5000000 /dev/zero | tr '\0' '7' >"$tmp/digits.txt"
# 5 MB of number rows: a million table cells (about 400 MB of grids unbounded)
awk 'BEGIN { for (i = 0; i < 160000; i++) printf "label%d 1 2 3 4 5 6 7 8 9 10\n", i }' >"$tmp/rows.txt"
# 3.4 MB of table rows: over a second of parsing, while what comes before
# the parser (reading, the charset, the copy) stays far under the 2 s of the
# process's backstop alarm even under ASan on a loaded machine (24 MB took
# more than that there, and the alarm's "gave up" line came first)
awk 'BEGIN { printf "<html><body><table>"; for (i = 0; i < 60000; i++)
  printf "<tr><td>label %d</td><td>%d</td><td>%d</td></tr>\n", i, i, i + 1
  print "</table></body></html>" }' >"$tmp/big.html"
printf '<html><head><title>x</title></head><body><p>hello</p></body></html>\n' >"$tmp/page-named.pdf"
mkdir "$tmp/dir.pdf"
# special files: none may be opened for reading (a FIFO without a writer
# blocks the open, a device never ends, whatever --max-bytes says)
mkfifo "$tmp/fifo.pdf"
ln -s /dev/zero "$tmp/zero.pdf"
ln -s /dev/urandom "$tmp/urandom.txt"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$tmp/socket.html"
cp "$bin" "$tmp/program.txt" 2>/dev/null || head -c 4096 /dev/urandom >"$tmp/program.txt"

# -- expectations ---------------------------------------------------------

check empty.txt "2"
check blank.txt "2"
check random.bin "3"
check truncated.pdf "3"
# poppler rejects a /Count larger than the file's number of objects and
# reports no pages; the declared count is still held against --max-pages
check million-pages.pdf "5"
grep -q 'declares 1000000 pages, over the limit of 500 (--max-pages)' "$tmp/err" ||
  fail "million-pages.pdf: not the --max-pages error: $(cat "$tmp/err")"
check million-pages.pdf "3" --max-pages 2000000
grep -q 'page tree declares 1000000 pages but the file has only' "$tmp/err" ||
  fail "million-pages.pdf --max-pages 2000000: not the inconsistent-count error: $(cat "$tmp/err")"
check 600-pages.pdf "5"
grep -q 'PDF has 600 pages, over the limit of 500 (--max-pages)' "$tmp/err" ||
  fail "600-pages.pdf: not the --max-pages error: $(cat "$tmp/err")"
check encrypted.pdf "3"
check nested-div.html "0 3 4 5"
check nested-table.html "0 3 4 5"
check huge-header.png "3 5"
check bomb.png "3 5"
check bad-crc.png "3"
grep -q 'cannot be decoded (libpng error: IDAT: CRC error)' "$tmp/err" || fail "bad-crc.png: $(cat "$tmp/err")"
check digits.txt "4"
check digits.txt "5" --max-bytes 1000000
check rows.txt "5"
grep -q 'more than 200000 cells, over the limit (--max-cells' "$tmp/err" ||
  fail "rows.txt: not the --max-cells error: $(cat "$tmp/err")"
check rows.txt "5" --max-cells 1000
# the time limit is checked while the page is parsed, not only after
check big.html "5" --timeout 0.05
grep -q 'exceeded while parsing the page (--timeout)' "$tmp/err" ||
  fail "big.html: not the timeout-while-parsing error: $(cat "$tmp/err")"
check gb18030-invalid.txt "0 3 4"
check mixed-gbk-utf8.html "3"
grep -q 'mixed encodings (UTF-8 and GBK)' "$tmp/err" || fail "mixed-gbk-utf8.html: $(cat "$tmp/err")"
timeout 60 "$bin" convert "$tmp/declared-gb2312.html" >"$tmp/out" 2>"$tmp/err"
grep -q 'page declares charset gb2312, its bytes are UTF-8: read as UTF-8' "$tmp/out" ||
  fail "declared-gb2312.html: no warning on the contradicted charset ($(head -c 300 "$tmp/err"))"
check page-named.pdf "0 3 4"
check dir.pdf "2"
check fifo.pdf "2"
grep -q 'is a FIFO (named pipe), not a regular file' "$tmp/err" || fail "fifo.pdf: $(cat "$tmp/err")"
check zero.pdf "2"
grep -q 'is a character device, not a regular file' "$tmp/err" || fail "zero.pdf: $(cat "$tmp/err")"
check urandom.txt "2"
# --corrections: the source is hashed from the bytes its reader reads, after
# the file-kind and size checks — never read whole just to be hashed
printf '{"source_sha256": "%064d", "values": {}}\n' 0 >"$tmp/corr.json"
check zero.pdf "2" --corrections "$tmp/corr.json"
grep -q 'is a character device, not a regular file' "$tmp/err" || fail "zero.pdf --corrections: $(cat "$tmp/err")"
check fifo.pdf "2" --corrections "$tmp/corr.json"
check digits.txt "5" --max-bytes 1000000 --corrections "$tmp/corr.json"
grep -q 'over the limit of 1000000' "$tmp/err" || fail "digits.txt --corrections: $(cat "$tmp/err")"
check digits.txt "1" --corrections "$tmp/corr.json"
grep -q 'corrections for another file' "$tmp/err" || fail "digits.txt --corrections: $(cat "$tmp/err")"
check socket.html "2"
grep -q 'is a socket, not a regular file' "$tmp/err" || fail "socket.html: $(cat "$tmp/err")"

# "-" (stdin) is read whatever it is, but capped by --max-bytes and under
# --timeout: a device that never ends, a pipe whose writer never writes.
# check_stdin NAME CODE PATTERN COMMAND... — COMMAND's output feeds convert -.
check_stdin() {
  local name=$1 code=$2 pattern=$3 rc
  shift 3
  "$@" 2>/dev/null | timeout 60 "$bin" convert "${stdin_args[@]}" - >"$tmp/out" 2>"$tmp/err"
  rc=${PIPESTATUS[1]}
  [ "$rc" -eq "$code" ] || { fail "$name: exit $rc, expected $code ($(head -c 300 "$tmp/err"))"; return; }
  [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^nianbao: -: .*$pattern" "$tmp/err" ||
    fail "$name: not one line with '$pattern': $(head -c 300 "$tmp/err")"
  echo "ok: $name → $rc: $(cat "$tmp/err")"
}
stdin_args=(--max-bytes 1000000)
check_stdin "stdin /dev/zero" 5 'over the limit of 1000000 bytes (--max-bytes)' cat /dev/zero
stdin_args=(--timeout 1)
check_stdin "stdin from a silent writer" 5 'timeout' sleep 30
check program.txt "3"
check does-not-exist.txt "2"

# the 100 Mpx default must also hold with a smaller explicit limit
check huge-header.png "3 5" --max-pixels 1000

# PDFs that would take gigabytes or recurse without end: refused from
# their declarations before poppler decodes them (pdf_precheck.c), or ended
# by the memory bound and the stack guard (cmd/driver/guard.c)
check type3-self.pdf "3"
grep -q 'recurses without end (stack overflow' "$tmp/err" || fail "type3-self.pdf: $(cat "$tmp/err")"
check nested-q.pdf "3"
grep -q 'graphics states nested 3000000 deep' "$tmp/err" || fail "nested-q.pdf: $(cat "$tmp/err")"
for f in image-flate-30000 image-ccitt-30000 image-jbig2-100000 image-jpx-60000 image-indirect-30000 \
  image-objstm-30000 image-inline-30000; do
  check $f.pdf "5"
  grep -q 'the PDF has an \(inline \)\?image of [0-9]* x [0-9]* pixels, over the limit' "$tmp/err" ||
    fail "$f.pdf: $(cat "$tmp/err")"
  # without the pixel check, the memory bound holds: cairo and the decoders
  # fail their allocations and poppler goes on (or the guard ends the run)
  # (not under ASan, whose allocator prints a warning of its own for the
  # allocation it refuses)
  [ "$asan" = 0 ] && check $f.pdf "0 3 4 5" --max-pixels 0 --max-memory 512
done
check font-129mb.pdf "5"
grep -q 'embeds a font of more than 128 MB' "$tmp/err" || fail "font-129mb.pdf: $(cat "$tmp/err")"
# poppler reads the font whole: under a small --max-memory it aborts with
# "Out of memory", which the guard turns into exit 5 and one line
if [ "$asan" = 0 ]; then
  check font-60mb.pdf "5" --max-memory 175
  grep -q 'out of memory (--max-memory 175 MB)' "$tmp/err" || fail "font-60mb.pdf: $(cat "$tmp/err")"
  # a page surface that does not fit is a limit too, not a corrupt file
  check font-60mb.pdf "5" --max-memory 100
  grep -q 'out of memory' "$tmp/err" || fail "font-60mb.pdf: $(cat "$tmp/err")"
fi

# batch: the parent never reads an input (its worker reads and fingerprints
# it once, under the worker's limits), special files are failures of class io, a runaway PDF
# costs its own file with the documented class
mkdir "$tmp/batch"
cp "$tmp/type3-self.pdf" "$tmp/nested-q.pdf" "$tmp/batch/"
[ "$asan" = 0 ] && cp "$tmp/font-60mb.pdf" "$tmp/batch/"
timeout 120 "$bin" batch "$tmp/batch" "$tmp/fifo.pdf" "$tmp/zero.pdf" -o "$tmp/batch.db" -q \
  --max-memory 175 --timeout 30 -j 2
rc=$?
[ "$rc" = 7 ] || fail "batch of hostile files: exit $rc, expected 7"
batch_class() { # FILE CLASS
  local got
  got=$(python3 -c 'import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute("SELECT error_class FROM documents WHERE path = ?", (sys.argv[2],)).fetchone()
print(r[0] if r else "(no row)")' "$tmp/batch.db" "$1")
  [ "$got" = "$2" ] && echo "ok: batch $1 → $got" || fail "batch $1: class '$got', expected '$2'"
}
batch_class "$tmp/fifo.pdf" io
batch_class "$tmp/zero.pdf" io
batch_class "$tmp/batch/type3-self.pdf" format
batch_class "$tmp/batch/nested-q.pdf" format
[ "$asan" = 0 ] && batch_class "$tmp/batch/font-60mb.pdf" memory

# poppler's own messages (its cairo font engine prints "some font thing
# failed" per glyph; G_MESSAGES_DEBUG would show its core's g_log messages)
# never reach stderr: a file gets one line at most.
G_MESSAGES_DEBUG=all timeout 60 "$bin" convert "$tmp/broken-font.pdf" >"$tmp/out" 2>"$tmp/err"
rc=$?
case $rc in 0 | 4) ;; *) fail "broken-font.pdf: exit $rc ($(head -c 300 "$tmp/err"))" ;; esac
[ "$(wc -l <"$tmp/err")" -le 1 ] && ! grep -q 'font thing\|Poppler' "$tmp/err" ||
  fail "broken-font.pdf: poppler's messages reached stderr: $(head -c 300 "$tmp/err")"

# A misnamed file is read by its content, and the record says so.
timeout 60 "$bin" convert "$tmp/page-named.pdf" >"$tmp/out" 2>/dev/null
if [ -s "$tmp/out" ]; then
  grep -q 'the file name says pdf but the content is html' "$tmp/out" ||
    fail "page-named.pdf: record without the extension warning"
fi
# Same for a text report saved as .pdf: always readable, so always checked.
printf '2023年度政府信息公开工作年度报告\n一、总体情况\n本机关依法公开政府信息。\n' >"$tmp/report-named.pdf"
if timeout 60 "$bin" convert "$tmp/report-named.pdf" >"$tmp/out" 2>"$tmp/err"; then
  grep -q 'the file name says pdf but the content is text' "$tmp/out" ||
    fail "report-named.pdf: record without the extension warning"
else
  fail "report-named.pdf: exit $? ($(cat "$tmp/err"))"
fi

# Every limit has a flag, listed by plain --help of each reading command.
for cmd in convert tables batch; do
  help=$("$bin" "$cmd" --help 2>&1)
  for flag in --max-bytes --max-pages --max-cells --max-pixels --timeout --max-memory; do
    grep -q -- "$flag=" <<<"$help" || fail "nianbao $cmd --help does not list $flag"
  done
done

if [ "$fails" -gt 0 ]; then
  echo "$fails hostile-input failure(s)" >&2
  exit 1
fi
echo "all hostile inputs handled"
