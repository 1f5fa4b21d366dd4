#!/usr/bin/env bash
# ctest-labels: corpus
# Every case of the shared corpus whose format is `text` (provenance.json)
# converts to a record that matches its truth.json as the spec defines it:
# every truth key present with the same value (text sections at least 95 %
# similar, whitespace ignored), and each known break reported in `checks`.
# Skips (exit 0) when ../shared/corpus is absent.
#
# usage: bash corpus_text.sh BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
CORPUS=${NB_CORPUS:-$SRC/../shared/corpus}
if [ ! -d "$CORPUS" ]; then
    echo "SKIP: no corpus at $CORPUS"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
cases=0
for dir in "$CORPUS"/*/; do
    dir=${dir%/}
    [ -f "$dir/provenance.json" ] && [ -f "$dir/truth.json" ] || continue
    format=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["format"])' "$dir/provenance.json")
    [ "$format" = text ] || continue
    cases=$((cases + 1))
    name=$(basename "$dir")
    src=$(ls "$dir"/source.* | head -1)
    if ! "$BIN" convert "$src" >"$work/$name.json" 2>"$work/$name.err"; then
        echo "FAIL $name: exit $?: $(cat "$work/$name.err")"
        fail=$((fail + 1))
        continue
    fi
    python3 "$SRC/tests/recordcmp.py" --label "$name" --truth-provenance "$dir/provenance.json" \
        "$dir/truth.json" "$work/$name.json" || fail=$((fail + 1))
done
echo "corpus text cases: $((cases - fail))/$cases match their truth"
[ "$cases" -gt 0 ] && [ "$fail" -eq 0 ]
