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
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-60}

for template in 2019 2021; do
    rt_synth_set text "$T/plain$template" --template "$template" --seed 1 --count "$SEEDS"
    rt_synth_set text "$T/mangled$template" --template "$template" --seed 1 --count "$SEEDS" --mangle
    rt_synth_set text "$T/gb$template" --template "$template" --seed 500 --count 10 --mangle \
        --encoding GB18030
    rt_synth_set text "$T/broken$template" --template "$template" --seed 900 --count 10 --break-rule
    for expected in "$T/broken$template"/*.json; do
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if any(c["rule"] in (2, 3) for c in r["checks"]) else 1)' \
            "$expected" || fail "--break-rule: $expected has no failed rule 2 or 3"
    done
done

# GB18030 documents really are GB18030 (not UTF-8)
iconv -f UTF-8 -t UTF-8 "$T/gb2021/000.txt" >/dev/null 2>&1 && fail "--encoding GB18030 wrote UTF-8"

rt_convert_set "$T/list" "$T"/*/*.txt
# exact: sections equal once whitespace is removed, the same checks with
# the same numbers, and no warning about any value
rt_compare "$T/list" --label "text round trip" --sections 1 --checks exact --no-value-warnings ||
    fail "text round trip"
finish
