#!/bin/bash
# pdf_cli.sh — the PDF reader through the CLI: refused PDFs get one line and
# the right exit code, limits hold, `tables` names stitched grids, and
# --provenance gives page and box for the corpus PDFs (skipped without
# ../shared/corpus).
#
# Usage: bash pdf_cli.sh BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() { # NAME WANT_EXIT GOT_EXIT STDERR_FILE
  local lines
  lines=$(wc -l <"$4")
  if [ "$3" -ne "$2" ]; then
    echo "FAIL $1: exit $3, want $2: $(cat "$4")"; fail=1
  elif [ "$2" -ne 0 ] && [ "$lines" -ne 1 ]; then
    echo "FAIL $1: want one error line, got $lines"; fail=1
  fi
}

printf '%%PDF-1.4\n1 0 obj garbage\n' >"$TMP/corrupt.pdf"
"$BIN" convert "$TMP/corrupt.pdf" >/dev/null 2>"$TMP/err"; check corrupt 3 $? "$TMP/err"
grep -q "corrupt.pdf" "$TMP/err" || { echo "FAIL corrupt: the error does not name the file"; fail=1; }

"$BIN" synth --format pdf --template 2021 --seed 21 -o "$TMP/r.pdf" --expected "$TMP/r.json" || fail=1
"$BIN" convert --max-pages 1 "$TMP/r.pdf" >/dev/null 2>"$TMP/err"; check max-pages 5 $? "$TMP/err"
grep -q -- "--max-pages" "$TMP/err" || { echo "FAIL max-pages: message"; fail=1; }
"$BIN" convert --max-pixels 5000 "$TMP/r.pdf" >/dev/null 2>"$TMP/err"; check max-pixels 5 $? "$TMP/err"

"$BIN" tables "$TMP/r.pdf" >"$TMP/t.tsv" 2>"$TMP/err"; check tables 0 $? "$TMP/err"
grep -q '^# page' "$TMP/t.tsv" || { echo "FAIL tables: no '# page N table K' names"; fail=1; }

CORPUS=$SRC/../shared/corpus
if [ -d "$CORPUS/huaian-city-2024-pdf" ]; then
  for c in huaian-city-2024-pdf huaian-hongze-2024-pdf; do
    "$BIN" convert --provenance "$CORPUS/$c/source.pdf" >"$TMP/$c.json" 2>"$TMP/err"
    check "$c" 0 $? "$TMP/err"
    python3 - "$TMP/$c.json" "$CORPUS/$c/truth.json" "$c" <<'PY' || fail=1
import json, sys
got = json.load(open(sys.argv[1])); truth = json.load(open(sys.argv[2])); name = sys.argv[3]
bad = []
for table in ("active_disclosure", "applications", "reviews_litigation"):
    for row, cols in truth[table].items():
        for col, want in cols.items():
            path = "%s.%s.%s" % (table, row, col)
            v = got.get(table, {}).get(row, {}).get(col)
            p = got.get("provenance", {}).get(path, {})
            if v != want:
                bad.append("%s: got %s, want %s" % (path, v, want))
            elif not (p.get("page") and len(p.get("box") or []) == 4 and p.get("origin") == "text-layer"):
                bad.append("%s: provenance %s" % (path, p))
for b in bad[:5]:
    print("FAIL %s %s" % (name, b))
sys.exit(1 if bad else 0)
PY
  done
  # the split group label of huaian-city comes back whole
  "$BIN" tables "$CORPUS/huaian-city-2024-pdf/source.pdf" >"$TMP/city.tsv" || fail=1
  grep -q $'（四）无法提供\t2.没有现成信息需要另行制作' "$TMP/city.tsv" ||
    { echo "FAIL huaian-city: '（四）无' + '法提供' not joined"; fail=1; }
else
  echo "pdf_cli: corpus not found, corpus checks skipped"
fi
[ $fail -eq 0 ] && echo "pdf cli: ok"
exit $fail
