#!/usr/bin/env bash
# tables_out.sh BINARY SOURCE_DIR — `tables --pages LIST` keeps the tables
# read from those pages; `tables -o DIR` writes one rectangular CSV per table
# with one header row (the header rows' texts joined), readable by Python's
# csv module and pandas-like readers alike; bad page lists are refused.
set -u
. "$(dirname "$0")/lib.bash"
"$BIN" synth --format pdf --template 2021 --seed 21 -o "$T/r.pdf" 2>/dev/null \
    || { echo "SKIP: synth pdf not available"; exit 77; }

# all tables, with their pages (JSON provenance), as the reference
"$BIN" tables "$T/r.pdf" --format json -p > "$T/all.json" || fail "tables json exit $?"
read -r n_all pages <<<"$(python3 - "$T/all.json" <<'PY'
import json, sys
ts = json.load(open(sys.argv[1]))
pages = sorted({c["provenance"]["page"] for t in ts for row in t["cells"] for c in row})
print(len(ts), ",".join(map(str, pages)))
PY
)"
[ "$n_all" -ge 3 ] || fail "only $n_all tables in the synthetic PDF"
last=${pages##*,}
[ "$last" -ge 2 ] || fail "tables on one page only ($pages): --pages cannot be tested"

# --pages: every table kept has a cell on a page listed, every table dropped has none
for spec in "$last" "1-$last" "1,$last"; do
    "$BIN" tables "$T/r.pdf" --format json -p --pages "$spec" > "$T/p.json" || fail "--pages $spec exit $?"
    python3 - "$T/all.json" "$T/p.json" "$spec" <<'PY' || fail "--pages $spec selects wrongly"
import json, sys
def pages(spec):
    out = set()
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out
want = pages(sys.argv[3])
on = lambda t: {c["provenance"]["page"] for row in t["cells"] for c in row}
alls = [t for t in json.load(open(sys.argv[1])) if on(t) & want]
got = json.load(open(sys.argv[2]))
assert got and got == alls, (len(got), len(alls))
PY
done
"$BIN" tables "$T/r.pdf" --pages 999 > /dev/null 2> "$T/err"
rc=$?
[ "$rc" = 4 ] || fail "--pages with no table there: exit $rc, want 4"
grep -q "no table on the pages given" "$T/err" || fail "no message for an empty page selection"
for bad in 0 -1 3-2 x 2- ,; do
    "$BIN" tables "$T/r.pdf" --pages "$bad" > /dev/null 2> "$T/err"
    rc=$?
    [ "$rc" = 1 ] || fail "--pages '$bad': exit $rc, want 1"
    [ "$(wc -l < "$T/err")" = 1 ] || fail "--pages '$bad': not one stderr line"
done

# -o DIR: one CSV per table, rectangular, one header row, values as in the grid
"$BIN" tables "$T/r.pdf" -o "$T/csv/sub" || fail "-o DIR exit $?"
n_files=$(ls "$T/csv/sub" | grep -c '\.csv$')
[ "$n_files" = "$n_all" ] || fail "-o DIR wrote $n_files files for $n_all tables"
python3 - "$T/all.json" "$T/csv/sub" <<'PY' || fail "-o DIR CSV files"
import csv, json, os, sys
tables = json.load(open(sys.argv[1]))
files = sorted(os.listdir(sys.argv[2]))
assert files[0].startswith("01-"), files
headed = 0
for t, name in zip(tables, files):
    rows = list(csv.reader(open(os.path.join(sys.argv[2], name), newline="", encoding="utf-8")))
    assert len({len(r) for r in rows}) == 1 and len(rows[0]) == t["cols"], (name, {len(r) for r in rows})
    header = rows[0]
    assert all(h for h in header), (name, header)
    # the data rows are the grid's last rows, spans repeated: the anchors' texts are found there
    grid = [[""] * t["cols"] for _ in range(t["rows"])]
    for r, row in enumerate(t["cells"]):
        for c in row:
            for dr in range(c.get("rowspan", 1)):
                for dc in range(c.get("colspan", 1)):
                    grid[r + dr][c["col"] + dc] = c["text"]
    assert rows[1:] == grid[t["rows"] - (len(rows) - 1):], name
    nhead = t["rows"] - (len(rows) - 1)
    if nhead >= 1:
        headed += 1
        for col in range(t["cols"]):
            for r in range(nhead):
                if grid[r][col]:
                    assert grid[r][col] in header[col], (name, col, grid[r][col], header[col])
assert headed >= 1, "no table had header rows"
PY
echo x > "$T/file"
"$BIN" tables "$T/r.pdf" -o "$T/file/d" 2> "$T/err"
rc=$?
[ "$rc" = 2 ] || fail "-o into a file: exit $rc, want 2"
"$BIN" tables "$T/r.pdf" -o "$T/j" --format json 2> /dev/null
[ $? = 1 ] || fail "-o DIR with --format json is not refused"
finish
