#!/bin/bash
# ctest-labels: roundtrip
# glued_roundtrip.sh — synthetic glued crawler text through `nianbao convert`.
#
# For many seeds of both templates (plain, with label noise, and with
# --ambiguous) a record is generated, rendered as glued crawler text (cells
# with no separator, stray spaces, runs into the next item number) and
# converted back.  Every table value of the generated record must come back
# exactly, or be left out AND flagged (a warning or check naming its path):
# a wrong value, an invented value or a silently missing value fails.  A
# record with an undetermined value must make --strict exit non-zero.
#
# Usage: bash glued_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"
SEEDS=${3:-8}

for tmpl in 2019 2021; do
    for variant in plain mangle ambiguous; do
        flags=()
        [ "$variant" = mangle ] && flags=(--mangle)
        [ "$variant" = ambiguous ] && flags=(--ambiguous)
        for seed in $(seq 1 "$SEEDS"); do
            name="$tmpl-$variant-$seed"
            rt_synth glued "$name" --template "$tmpl" --seed "$seed" "${flags[@]}" || continue
            # --strict still writes the record; it exits 6 when values are in doubt
            rt_convert "$T/$name.json" "$RT_DOC" "$name" "$T/list" --strict
        done
    done
done
# the tables only: exact, or left out and flagged (never wrong, never invented);
# a record with values left out must have failed --strict
rt_compare "$T/list" --label "glued round trip" --tables-only --flagged-ok || fail "glued round trip"
finish
