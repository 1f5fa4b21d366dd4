#!/usr/bin/env bash
# ctest-labels: roundtrip
# Round trips through the text form: for many seeds, both templates, with and
# without label noise (and some in GB18030), `nianbao synth` writes documents
# and the records they state; `nianbao convert` must give exactly those
# records back (tests/recordcmp.py).  Records made with --break-rule
# must come back with the printed, inconsistent numbers and the same failed
# checks, and their expected records must hold a failed rule 2 or 3.
#
# usage: bash text_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
BIN=$1
SRC=$2
SEEDS=${3:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
pairs=()

# a set of documents with their expected records (synth --out-dir)
make_set() {
    local dir=$work/$1
    shift
    if ! "$BIN" synth --format text --out-dir "$dir" "$@" 2>"$work/err"; then
        echo "FAIL nianbao synth $*: $(cat "$work/err")"
        fail=$((fail + 1))
    fi
}

for template in 2019 2021; do
    make_set "plain$template" --template "$template" --seed 1 --count "$SEEDS"
    make_set "mangled$template" --template "$template" --seed 1 --count "$SEEDS" --mangle
    make_set "gb$template" --template "$template" --seed 500 --count 10 --mangle --encoding GB18030
    make_set "broken$template" --template "$template" --seed 900 --count 10 --break-rule
    for expected in "$work/broken$template"/*.json; do
        if ! python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if any(c["rule"] in (2, 3) for c in r["checks"]) else 1)' \
            "$expected"; then
            echo "FAIL --break-rule: $expected has no failed rule 2 or 3"
            fail=$((fail + 1))
        fi
    done
done

# GB18030 documents really are GB18030 (not UTF-8)
if iconv -f UTF-8 -t UTF-8 "$work/gb2021/000.txt" >/dev/null 2>&1; then
    echo "FAIL --encoding GB18030 wrote UTF-8"
    fail=$((fail + 1))
fi

# convert every document (in parallel: each run is independent); a failed
# conversion leaves an empty output, which the comparison reports
export BIN
find "$work" -name '*.txt' -print0 |
    xargs -0 -P 4 -I{} sh -c 'doc={}; "$BIN" convert "$doc" >"${doc%.txt}.out" 2>"${doc%.txt}.err" ||
        echo "FAIL convert $doc: $(cat "${doc%.txt}.err")"' >"$work/convert.log"
if [ -s "$work/convert.log" ]; then
    cat "$work/convert.log"
    fail=$((fail + 1))
fi
for doc in "$work"/*/*.txt; do
    pairs+=("${doc%.txt}.json" "${doc%.txt}.out")
done
# exact: sections equal once whitespace is removed, the same checks with
# the same numbers, and no warning about any value
python3 "$SRC/tests/recordcmp.py" --label "text round trip" --sections 1 --checks exact \
    --no-value-warnings "${pairs[@]}" || fail=$((fail + 1))
[ "$fail" -eq 0 ]
