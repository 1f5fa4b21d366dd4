#!/bin/bash
# html_cli.sh — the HTML reader through the command line: provenance of
# values read from <td> cells, the same grids for a UTF-8 and a GBK copy of
# one page, and one-line errors with the documented exit codes for pages
# that are not reports, bytes in no encoding and spent limits.
#
# Usage: bash html_cli.sh BINARY SOURCE_DIR
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# a small report page: one section 二 table, values on known source lines
cat >"$TMP/page.html" <<'HTML'
<html><head><meta charset="utf-8"><title>某县2023年政府信息公开工作年度报告_某县人民政府</title></head>
<body><div class="nav"><a href="/">首页</a></div><div class="article">
<p>一、总体情况</p><p>2023年，某县持续深化政务公开。</p>
<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>3</td><td>1</td><td>14</td></tr>
<tr><td>行政规范性文件</td>
<td>27</td><td>5</td><td>230</td></tr>
<tr><td>行政许可</td><td colspan="3">4,529</td></tr>
</table></div></body></html>
HTML

out=$("$BIN" convert --provenance "$TMP/page.html" 2>"$TMP/err") || bad "convert exit $?: $(cat "$TMP/err")"
python3 - "$out" <<'PY' || fail=1
import json, sys
d = json.loads(sys.argv[1])
ad = d["active_disclosure"]
want = {"regulations": {"issued": 3, "repealed": 1, "in_force": 14},
        "normative_documents": {"issued": 27, "repealed": 5, "in_force": 230},
        "licensing": {"decisions": 4529}}
errs = []
for row, cols in want.items():
    for col, v in cols.items():
        if ad.get(row, {}).get(col) != v:
            errs.append("%s.%s: %r, want %r" % (row, col, ad.get(row, {}).get(col), v))
p = d["provenance"]
lines = {"active_disclosure.regulations.in_force": 7, "active_disclosure.normative_documents.issued": 9,
         "active_disclosure.licensing.decisions": 10}
for path, line in lines.items():
    if p.get(path, {}).get("origin") != "html" or p.get(path, {}).get("line") != line:
        errs.append("provenance %s: %r, want html line %d" % (path, p.get(path), line))
if p.get("active_disclosure.licensing.decisions", {}).get("raw") != "4,529":
    errs.append("raw of licensing.decisions: %r" % p.get("active_disclosure.licensing.decisions"))
if d.get("agency") != "某县" or d.get("year") != 2023:
    errs.append("agency/year: %r %r" % (d.get("agency"), d.get("year")))
for e in errs:
    print("FAIL:", e)
sys.exit(1 if errs else 0)
PY

# the same page in GBK (declared gb2312) gives the same grids
sed 's/charset="utf-8"/charset="gb2312"/' "$TMP/page.html" | iconv -f UTF-8 -t GB18030 >"$TMP/page-gbk.html"
"$BIN" tables "$TMP/page.html" >"$TMP/utf8.tsv" 2>&1 || bad "tables (UTF-8) exit $?"
"$BIN" tables "$TMP/page-gbk.html" >"$TMP/gbk.tsv" 2>&1 || bad "tables (GBK) exit $?"
cmp -s "$TMP/utf8.tsv" "$TMP/gbk.tsv" || bad "GBK grids differ: $(diff "$TMP/utf8.tsv" "$TMP/gbk.tsv" | head -4)"
grep -q "行政规范性文件	27	5	230" "$TMP/gbk.tsv" || bad "GBK grid row missing: $(cat "$TMP/gbk.tsv")"

# expect_error CODE FILE [ARGS...]: exit CODE, one line on stderr naming FILE
expect_error() {
  local code=$1 file=$2
  shift 2
  "$BIN" convert "$@" "$file" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  [ "$got" -eq "$code" ] || bad "$(basename "$file"): exit $got, want $code ($(cat "$TMP/err"))"
  [ "$(wc -l <"$TMP/err")" -eq 1 ] || bad "$(basename "$file"): stderr is not one line: $(cat "$TMP/err")"
  grep -q "$(basename "$file")" "$TMP/err" || bad "$(basename "$file"): error does not name the file"
  [ ! -s "$TMP/out" ] || bad "$(basename "$file"): wrote a record"
}

printf '<html><body><h1>通知</h1><p>各单位：请于本周五前报送材料。</p></body></html>' >"$TMP/notice.html"
expect_error 4 "$TMP/notice.html"
printf '<html><head><script>var a=1;</script></head><body></body></html>' >"$TMP/empty-body.html"
expect_error 4 "$TMP/empty-body.html"
{ printf '<html><body><p>'; head -c 400 /dev/zero | tr '\0' '\377'; printf '</p></body></html>'; } >"$TMP/bad-bytes.html"
expect_error 3 "$TMP/bad-bytes.html"
expect_error 5 "$TMP/page.html" --max-bytes 100

exit $fail
