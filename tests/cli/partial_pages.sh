#!/bin/bash
# ctest-labels: roundtrip
# partial_pages.sh — issue 14 class 5 in text PDFs and text: a page holding
# only the tail of section 三 and section 四 (nianbao synth --vary partial)
# gives the record of what is on it, never exit 4.  The template is chosen
# by what the page shows: a 2021 page that prints a row only 2021 has is
# 2021 without a doubt; a page that cannot tell the templates apart is 2021
# (the layout in force) with a warning on `template` (spec).  Every value is
# right or flagged, none silent, and the page's values are there.
#
# Usage: bash partial_pages.sh BINARY SOURCE_DIR [SEEDS]
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-2}

for format in pdf text; do
    for t in 2019 2021; do
        : >"$T/$format$t.list"
        for seed in $(seq 150 $((149 + SEEDS))); do
            name=$format-$t-$seed
            rt_synth "$format" "$name" --template "$t" --seed "$seed" --vary partial || continue
            rt_convert "$T/$name.json" "$RT_DOC" "$name" "$T/$format$t.list" || continue
            python3 - "$T/$name.json" "$T/$name.got" "$name" <<'PY' || fail "$name: template or values"
import json, sys
exp, got, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
warned = any(w["path"] == "template" for w in got.get("warnings", []))
values = sum(len(v) for v in got.get("applications", {}).values())
ok = got.get("template") == exp["template"] or (got.get("template") == "2021" and warned)
if not ok or (got.get("template") != exp["template"] and not warned):
    print(f"FAIL: {name}: template {got.get('template')} (want {exp['template']}, warned {warned})")
    sys.exit(1)
if values < 20 or "reviews_litigation" not in got:
    print(f"FAIL: {name}: {values} values of section 三, section 四 {'reviews_litigation' in got}")
    sys.exit(1)
PY
        done
        out=$(rt_compare "$T/$format$t.list" --score --label "partial $format $t")
        rc=$?
        echo "$out" | tail -1
        [ $rc = 0 ] || fail "partial $format $t: a value silent or missing"
    done
done
finish
