#!/usr/bin/env bash
# ctest-labels: roundtrip
# cellines_roundtrip.sh BINARY SOURCE_DIR — tables flattened to one cell per
# line with no separator at all (tags stripped by a scraper).  Synthetic
# reports in the flattened "cell |" form (with and without --mangle's label
# noise; its blank markers become truly empty cells) are rewritten three ways:
#   plain   one cell per line, an empty cell an empty line;
#   double  the same, double-spaced (a blank line after every line);
#   lost    empty cells dropped without a trace;
# and converted.  plain and double must give the record exactly; lost must
# give every value right or left out and flagged, never a wrong one.
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/roundtrip.bash"

flatten() { # flatten VARIANT IN OUT
    python3 - "$@" <<'PY'
import sys
variant, src, dst = sys.argv[1:]
out = []
def emit(text):
    if text in ("—", "-", "/", "无"):
        text = ""                     # a blank marker becomes a truly empty cell
    if variant == "lost" and text == "":
        return
    out.append(text)
    if variant == "double":
        out.append("")
for line in open(src, encoding="utf-8").read().split("\n"):
    t = line.strip()
    if t == "|":
        continue                      # a row starts: no trace in the flattened text
    if t and set(t) == {"|"}:
        for _ in t:
            emit("")                  # empty cells
        continue
    if t.endswith("|"):
        body = t.rstrip("|")
        bars = len(t) - len(body)
        emit(body.strip())
        for _ in range(bars - 1):
            emit("")
        continue
    out.append(line)
open(dst, "w", encoding="utf-8").write("\n".join(out))
PY
}

n=0
for tmpl in 2021 2019 2021m 2019m; do
    for seed in $(seq 1 8); do
        mangle=()
        [ "${tmpl%m}" != "$tmpl" ] && mangle=(--mangle)
        rt_synth text "$tmpl-$seed" --template "${tmpl%m}" "${mangle[@]}" --seed "$seed" || continue
        grep -qx '|' "$RT_DOC" || continue # another table layout
        n=$((n + 1))
        for v in plain double lost; do
            flatten "$v" "$RT_DOC" "$T/$tmpl-$seed-$v.txt"
            rt_convert "$T/$tmpl-$seed.json" "$T/$tmpl-$seed-$v.txt" "$tmpl-$seed-$v" "$T/$v.list"
        done
    done
done
[ "$n" -ge 10 ] || fail "only $n documents in the flattened layout"
rt_compare "$T/plain.list" --label "one cell per line" || fail "plain"
rt_compare "$T/double.list" --label "double-spaced" || fail "double"
rt_compare "$T/lost.list" --label "empty cells lost" --flagged-ok >"$T/lost.out" ||
    fail "lost: $(cat "$T/lost.out")"
cat "$T/lost.out"
# the lost cells must have cost something (else the variant tests nothing)
grep -q "compared ([0-9]* exact), [0-9]* values right, [1-9][0-9]* left out" "$T/lost.out" ||
    fail "no value was left out with empty cells lost"
finish
