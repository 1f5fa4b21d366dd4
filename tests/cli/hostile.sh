#!/usr/bin/env bash
# tests/cli/hostile.sh BINARY SOURCE_DIR — hostile inputs end in a record or a
# one-line error, in bounded time, never a crash.
#
# Every input is generated here at test time (nothing large is committed):
# empty, random bytes, a truncated PDF, a PDF claiming a million pages, one
# with 600 real pages, an encrypted PDF, a PDF whose broken font makes poppler
# print to stderr,
# 100000 nested <div>/<table>, a PNG claiming 100000x100000 pixels, a
# decompression-bomb PNG, 5 MB of digits, 5 MB of table rows, 24 MB of HTML
# rows under a tiny --timeout, GB18030 with invalid bytes, a
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

fail() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

# check NAME ALLOWED_CODES [EXTRA ARGS...] — converts $tmp/NAME.
check() {
  local name=$1 allowed=$2
  shift 2
  local f=$tmp/$name rc
  timeout 60 "$bin" convert "$@" "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
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
head -c 5000000 /dev/zero | tr '\0' '7' >"$tmp/digits.txt"
# 5 MB of number rows: a million table cells (about 400 MB of grids unbounded)
awk 'BEGIN { for (i = 0; i < 160000; i++) printf "label%d 1 2 3 4 5 6 7 8 9 10\n", i }' >"$tmp/rows.txt"
# 24 MB of table rows: seconds of parsing
awk 'BEGIN { printf "<html><body><table>"; for (i = 0; i < 400000; i++)
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
check page-named.pdf "0 3 4"
check dir.pdf "2"
check fifo.pdf "2"
grep -q 'is a FIFO (named pipe), not a regular file' "$tmp/err" || fail "fifo.pdf: $(cat "$tmp/err")"
check zero.pdf "2"
grep -q 'is a character device, not a regular file' "$tmp/err" || fail "zero.pdf: $(cat "$tmp/err")"
check urandom.txt "2"
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
  for flag in --max-bytes --max-pages --max-cells --max-pixels --timeout; do
    grep -q -- "$flag=" <<<"$help" || fail "nianbao $cmd --help does not list $flag"
  done
done

if [ "$fails" -gt 0 ]; then
  echo "$fails hostile-input failure(s)" >&2
  exit 1
fi
echo "all hostile inputs handled"
