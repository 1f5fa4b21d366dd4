#!/usr/bin/env bash
# nianbao review without a browser (tests/cli/review_browser.sh loads the pages
# in Chromium): exit codes, one element per value, text from the document
# escaped (an HTML input cannot inject script), page images embedded and
# small, the batch index with one page per converted document.
source "$(dirname "$0")/lib.bash"
src=$SRC/samples/report-2021.txt

# text input: one page view, every value of the record has elements
"$BIN" review "$src" -o "$T/s.html" || fail "review text: exit $?"
"$BIN" convert "$src" >"$T/s.json"
python3 - "$T/s.html" "$T/s.json" <<'PY' || fail "text page"
import json, re, sys
page, rec = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
def paths(o, pre=""):
    for k, v in o.items():
        if isinstance(v, dict):
            yield from paths(v, pre + k + ".")
        elif isinstance(v, (int, float)) and pre:
            yield pre + k
vals = [p for p in paths({k: v for k, v in rec.items() if k not in ("checks", "warnings")})]
assert len(vals) > 150, len(vals)
have = set(re.findall(r'data-path="([^"]+)"', page))
missing = [p for p in vals if p not in have]
assert not missing, missing[:5]
# the table cell of a value and its row: at least two elements for most values
cells = re.findall(r'<td[^>]* data-path="([^"]+)"', page)
assert len(set(cells)) > 150, len(set(cells))
assert page.count('data-page="1"') == 1 and page.count("<script>") == 1
assert "http://" not in page and "https://" not in page
PY

# an HTML input whose text carries markup: escaped, never markup of the page
"$BIN" synth --format html --seed 11 -o "$T/h.html" || fail "synth html"
# (in a body-text paragraph: the reader keeps only the report's container)
sed -i 's|本年度无其他需要报告的事项|\&lt;script\&gt;alert(1)\&lt;/script\&gt; \&lt;img src=x onerror=alert(2)\&gt;&|' "$T/h.html"
grep -q '&lt;script&gt;' "$T/h.html" || fail "the hostile paragraph was not inserted"
"$BIN" review "$T/h.html" -o "$T/h-review.html" || fail "review html: exit $?"
[ "$(grep -o '<script' "$T/h-review.html" | wc -l)" = 1 ] || fail "a script element came from the document"
grep -q '<img src=x' "$T/h-review.html" && fail "an img element came from the document"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/h-review.html" || fail "the document's text is not shown escaped"

# PDF: pages embedded as JPEG, a box per value, small
"$BIN" synth --format pdf --break-rule --seed 5 -o "$T/p.pdf" || fail "synth pdf"
"$BIN" review "$T/p.pdf" -o "$T/p.html" || fail "review pdf: exit $?"
imgs=$(grep -o 'src="data:image/jpeg;base64,' "$T/p.html" | wc -l)
pages=$(pdfinfo "$T/p.pdf" | awk '/^Pages:/ {print $2}')
[ "$imgs" = "$pages" ] && [ "$imgs" -gt 0 ] || fail "pdf: $imgs images for $pages pages"
boxes=$(grep -o '<rect id="b-[^"]*" data-path=' "$T/p.html" | wc -l)
[ "$boxes" -gt 150 ] || fail "pdf: only $boxes value boxes"
flagged=$(grep -o '<rect id="b-[^"]*" data-path="[^"]*" class="box flagged"' "$T/p.html" | wc -l)
[ "$flagged" -gt 0 ] || fail "pdf with a broken rule: no flagged box"
size=$(stat -c %s "$T/p.html")
[ "$size" -lt $((pages * 400000)) ] || fail "pdf page is $size bytes for $pages pages"

# Word and OFD: the text view, each value's cell of the rebuilt table marked
# (matched by paragraph line, or by box for OFD, whose pages are not drawn)
for kind in docx ofd; do
    "$BIN" synth --format $kind --seed 4 -o "$T/w.$kind" || fail "synth $kind"
    "$BIN" review "$T/w.$kind" -o "$T/w-$kind.html" || fail "review $kind: exit $?"
    marked=$(grep -o '<td[^>]* data-path="[^"]*"' "$T/w-$kind.html" | wc -l)
    [ "$marked" -gt 150 ] || fail "$kind: only $marked value cells marked"
done

# errors: one line, the documented exit code, no page left behind
check_exit() { # WANT ARGS...
    local want=$1; shift
    "$BIN" review "$@" 2>"$T/err" >/dev/null
    local rc=$?
    [ "$rc" = "$want" ] || fail "review $*: exit $rc, expected $want"
    [ "$(wc -l <"$T/err")" = 1 ] || fail "review $*: stderr is not one line: $(cat "$T/err")"
}
check_exit 1 "$src"
check_exit 2 "$T/none.txt" -o "$T/none.html"
printf 'just some words\n' >"$T/words.txt"
check_exit 4 "$T/words.txt" -o "$T/words.html"
[ -e "$T/words.html" ] && fail "a page was written for a file that is not a report"
check_exit 2 "$src" -o "$T/no/such/dir/x.html"
sha=$(sha256sum "$SRC/samples/report-2019.txt" | cut -d' ' -f1)
printf '{"source_sha256": "%s", "values": {}}\n' "$sha" >"$T/c.json"
check_exit 1 --corrections "$T/c.json" "$src" -o "$T/c.html"

# with corrections: the corrected value shown and its input filled in
sha=$(sha256sum "$src" | cut -d' ' -f1)
printf '{"source_sha256": "%s", "values": {"applications.granted.total": 119}}\n' "$sha" >"$T/c.json"
"$BIN" review --corrections "$T/c.json" "$src" -o "$T/c.html" || fail "review --corrections: exit $?"
grep -q 'data-key="applications.granted.total" value="119"' "$T/c.html" || fail "corrected input not filled in"

# a batch database: index plus one page per converted document
mkdir -p "$T/in"
cp "$src" "$T/p.pdf" "$T/h.html" "$T/words.txt" "$T/in/"
"$BIN" batch -q -j 1 "$T/in" -o "$T/b.db"
"$BIN" review "$T/b.db" -o "$T/site" 2>"$T/err" || fail "review DB: exit $? $(cat "$T/err")"
n=$(ls "$T/site"/doc-*.html 2>/dev/null | wc -l)
[ "$n" = 3 ] || fail "review DB: $n document pages, expected 3"
rows=$(grep -c '<tr class="\(ok\|failed\)"' "$T/site/index.html")
[ "$rows" = 4 ] || fail "index: $rows rows, expected 4"
for href in $(grep -o 'href="doc-[^"]*"' "$T/site/index.html" | cut -d'"' -f2); do
    [ -s "$T/site/$href" ] || fail "index links to missing $href"
    grep -q 'href="index.html"' "$T/site/$href" || fail "$href has no link back"
done
grep -q 'data:image/jpeg' "$T/site/"doc-*.html || fail "no page image in the database's pages"
check_exit 1 --corrections "$T/c.json" "$T/b.db" -o "$T/site2"
finish
