#!/usr/bin/env bash
# `nianbao convert` on inputs it must refuse: each gives exactly one stderr
# line naming the file, nothing on stdout and the documented exit code
# (cmd/exitcodes.h).  Also: --strict exits 6 on a record with a broken rule,
# and a truncated report still gives the record of what is there (exit 0)
# with a warning naming the missing table.
#
# usage: bash cli_errors.sh BINARY SOURCE_DIR
set -u
BIN=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# expect_error FILE CODE [OPTIONS...]: one line naming FILE, no stdout, CODE
expect_error() {
    local file=$1 code=$2
    shift 2
    "$BIN" convert "$@" "$file" >"$work/out" 2>"$work/err"
    local rc=$?
    local lines
    lines=$(wc -l <"$work/err")
    if [ "$rc" -ne "$code" ] || [ -s "$work/out" ] || [ "$lines" -ne 1 ] ||
        ! grep -qF -- "$file" "$work/err"; then
        echo "FAIL $file $*: exit $rc (want $code), stdout $(wc -c <"$work/out") bytes," \
            "stderr $lines lines: $(head -3 "$work/err")"
        fail=$((fail + 1))
    fi
}

: >"$work/empty.txt"
expect_error "$work/empty.txt" 2

# binary data of no supported kind (fixed bytes, NULs included)
for i in $(seq 1 300); do printf '\000\234\377\020\200\001\376\003'; done >"$work/blob.dat"
expect_error "$work/blob.dat" 3

printf 'Shopping list\nmilk 2\neggs 12\nThe weather is fine today.\n' >"$work/list.txt"
expect_error "$work/list.txt" 4

# bytes that are neither UTF-8 nor GB18030
printf '\377\376\375\200\201 abc \303\050 \240\241\376\377\351\200\n\201\060\377' >"$work/bad.txt"
expect_error "$work/bad.txt" 3

expect_error "$work/no-such-file.txt" 2
mkdir "$work/a-directory"
expect_error "$work/a-directory" 2

"$BIN" synth --template 2021 --seed 11 -o "$work/report.txt" --expected "$work/report.json"
expect_error "$work/report.txt" 5 --max-bytes 100

# the same report converts (exit 0): the limit, not the file, refused it
if ! "$BIN" convert "$work/report.txt" >/dev/null 2>&1; then
    echo "FAIL a generated report does not convert"
    fail=$((fail + 1))
fi

# --strict: a broken rule is exit 6, with the record still written
"$BIN" synth --template 2019 --seed 21 --break-rule -o "$work/broken.txt"
"$BIN" convert --strict "$work/broken.txt" >"$work/out" 2>/dev/null
rc=$?
if [ "$rc" -ne 6 ] || ! grep -q '"rule": [23]' "$work/out"; then
    echo "FAIL --strict on a broken rule: exit $rc (want 6) or no rule 2/3 check"
    fail=$((fail + 1))
fi
"$BIN" convert --strict "$work/report.txt" >/dev/null 2>&1 || {
    echo "FAIL --strict on a consistent report: exit $?"
    fail=$((fail + 1))
}

# truncated: the document ends with the heading of section 三, its table cut
# off; the record holds section 二 and warns about the missing tables
sed '/^三、/q' "$work/report.txt" >"$work/truncated.txt"
"$BIN" convert "$work/truncated.txt" >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "FAIL truncated report: exit $rc: $(cat "$work/err")"
    fail=$((fail + 1))
else
    python3 - "$work/report.json" "$work/out" <<'PY' || fail=$((fail + 1))
import json, sys
want, got = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
bad = []
for row, cols in want["active_disclosure"].items():
    for col, v in cols.items():
        g = got.get("active_disclosure", {}).get(row, {}).get(col)
        if g != v:
            bad.append(f"active_disclosure.{row}.{col}: want {v}, got {g}")
if "applications" in got:
    bad.append("applications values invented for a table that was cut off")
paths = {w.get("path") for w in got.get("warnings", [])}
for table in ("applications", "reviews_litigation"):
    if table not in paths:
        bad.append(f"no warning naming the missing table {table}")
if got.get("agency") != want["agency"] or got.get("year") != want["year"]:
    bad.append("agency/year lost")
for b in bad:
    print("FAIL truncated report: " + b)
sys.exit(1 if bad else 0)
PY
fi

[ "$fail" -eq 0 ] && echo "cli errors: all as documented"
[ "$fail" -eq 0 ]
