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
BIN=$1
SRC=$2
SEEDS=${3:-8}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail=0
for tmpl in 2019 2021; do
  for variant in plain mangle ambiguous; do
    flags=()
    [ "$variant" = mangle ] && flags=(--mangle)
    [ "$variant" = ambiguous ] && flags=(--ambiguous)
    for seed in $(seq 1 "$SEEDS"); do
      doc="$TMP/$tmpl-$variant-$seed.txt"
      exp="$TMP/$tmpl-$variant-$seed.json"
      if ! "$BIN" synth --format glued --template "$tmpl" --seed "$seed" "${flags[@]}" \
           -o "$doc" --expected "$exp" 2>"$TMP/err"; then
        echo "FAIL synth $tmpl $variant seed $seed: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      # --strict still writes the record; it exits 6 when values are in doubt
      "$BIN" convert --strict "$doc" >"$TMP/$tmpl-$variant-$seed.got" 2>"$TMP/err"
      strict=$?
      if [ $strict -ne 0 ] && [ $strict -ne 6 ]; then
        echo "FAIL convert $tmpl $variant seed $seed exit $strict: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      echo "$exp $TMP/$tmpl-$variant-$seed.got $tmpl-$variant-$seed $strict" >>"$TMP/list"
    done
  done
done
[ -f "$TMP/list" ] || { echo "FAIL: no document converted"; exit 1; }
# the tables only: exact, or left out and flagged (never wrong, never invented);
# a record with values left out must have failed --strict
python3 "$SRC/tests/recordcmp.py" --label "glued round trip" --tables-only --flagged-ok \
    --list "$TMP/list" || fail=1
exit $fail
