#!/bin/bash
# container_errors.sh — ZIP and OLE2 files that are not documents we read get
# one line naming what they are, with exit 3; hostile DOCX packages get a
# clear error (exit 3 or 5), never a crash.  The OLE2 cases are in
# tests/unit/test_container.c (libgsf writes them); these go through the CLI.
#
# Usage: bash container_errors.sh BINARY SOURCE_DIR
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

python3 - "$TMP" <<'PY'
import sys, zipfile
d = sys.argv[1]
W = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
def z(name, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(f"{d}/{name}", "w", method) as f:
        for n, t in parts:
            f.writestr(n, t)
z("book.xlsx", [("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
z("deck.pptx", [("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")])
z("text.odt", [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")])
z("photos.zip", [("a.jpg", "not really")])
z("bomb.docx", [("word/document.xml", W + "<w:p><w:r><w:t>" + "a" * 30_000_000 + "</w:t></w:r></w:p></w:body></w:document>")])
z("entity.docx", [("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + W[21:] + "<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")])
z("broken.docx", [("word/document.xml", W + "<w:p><w:r><w:t>unclosed")])
z("nobody.docx", [("word/document.xml", '<?xml version="1.0"?><x/>')])
O = 'xmlns:ofd="http://www.ofdspec.org/2016"'
z("noroot.ofd", [("OFD.xml", f"<ofd:OFD {O}><ofd:DocBody/></ofd:OFD>")])
z("missing.ofd", [("OFD.xml", f"<ofd:OFD {O}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")])
z("nopages.ofd", [("OFD.xml", f"<ofd:OFD {O}><ofd:DocBody><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"),
                  ("Doc_0/Document.xml", f"<ofd:Document {O}><ofd:Pages/></ofd:Document>")])
z("scan.ofd", [("OFD.xml", f"<ofd:OFD {O}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"),
               ("Doc_0/Document.xml", f"<ofd:Document {O}><ofd:Pages><ofd:Page ID='1' BaseLoc='Pages/Page_0/Content.xml'/></ofd:Pages></ofd:Document>"),
               ("Doc_0/Pages/Page_0/Content.xml", f"<ofd:Page {O}><ofd:Content><ofd:Layer><ofd:ImageObject ResourceID='5' Boundary='0 0 210 297'/></ofd:Layer></ofd:Content></ofd:Page>")])
PY
printf 'PK\003\004garbage' >"$TMP/truncated.docx"

expect() { # FILE EXIT PATTERN [ARGS...]
  local f=$1 want=$2 pat=$3
  shift 3
  "$BIN" convert "$@" "$TMP/$f" >/dev/null 2>"$TMP/err"
  local rc=$?
  if [ "$rc" != "$want" ] || ! grep -q -- "$pat" "$TMP/err" || [ "$(wc -l <"$TMP/err")" != 1 ]; then
    echo "FAIL $f: exit $rc (want $want), stderr: $(cat "$TMP/err")"
    fail=1
  else
    echo "ok $f: $(cat "$TMP/err")"
  fi
}
expect book.xlsx 3 "an Excel workbook: not supported"
expect deck.pptx 3 "a PowerPoint presentation: not supported"
expect text.odt 3 "an OpenDocument file"
expect photos.zip 3 "a ZIP archive"
expect bomb.docx 5 "max-bytes" --max-bytes 1000000
expect entity.docx 3 "declares a DTD"
expect broken.docx 3 "not well-formed XML"
expect nobody.docx 3 "no w:document/w:body"
expect truncated.docx 3 "damaged ZIP"
expect noroot.ofd 3 "names no document"
expect missing.ofd 3 "has no part Doc_0/Document.xml"
expect nopages.ofd 3 "no pages"
expect scan.ofd 3 "scanned pages whose images cannot be read"
exit $fail
