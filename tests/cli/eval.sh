#!/usr/bin/env bash
# ctest-labels: corpus
# eval.sh BINARY SOURCE_DIR — `nianbao eval` scores like the project's score.py:
# on the corpus text and HTML cases both give the same per-case and total
# figures (times aside); on made-up cases a wrong truth value, an undetermined
# path and a case that cannot be converted count as the spec says.
set -u
. "$(dirname "$0")/lib.bash"

corpus="$SRC/../shared/corpus"
score="$SRC/../shared/tools/score.py"
if [ -d "$corpus" ] && [ -f "$score" ]; then
    fm=text,text-glued,html
    "$BIN" eval "$corpus" --formats $fm > "$T/eval.txt" || fail "eval on the corpus failed"
    python3 "$score" "$BIN" "$corpus" --formats=$fm > "$T/score.txt" || fail "score.py failed"
    # case lines and the total line, without the seconds
    strip() { grep -v '^format ' "$1" | sed -E 's/ +[0-9]+\.[0-9]+s / /; s/ secs [0-9.]+$//'; }
    strip "$T/eval.txt" > "$T/a"
    strip "$T/score.txt" > "$T/b"
    [ "$(wc -l < "$T/a")" -ge 3 ] || fail "too few corpus cases scored"
    cmp -s "$T/a" "$T/b" || fail "eval and score.py disagree: $(diff "$T/a" "$T/b" | head -6)"
    grep -q '^format html ' "$T/eval.txt" || fail "no per-format line"
else
    echo "note: corpus or score.py absent, comparison with score.py skipped"
fi

# made-up cases from the generator: its expected record is the truth
if "$BIN" synth --template 2021 --format text --seed 9 -o "$T/c1.txt" --expected "$T/c1.json" 2>/dev/null; then
    mkdir -p "$T/cases/good" "$T/cases/wrong" "$T/cases/broken"
    cp "$T/c1.txt" "$T/cases/good/source.txt"
    cp "$T/c1.json" "$T/cases/good/truth.json"
    cp "$T/c1.txt" "$T/cases/wrong/source.txt"
    # one number of the truth changed: the record is now wrong there, and silently so
    python3 - "$T/c1.json" "$T/cases/wrong/truth.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["applications"]["granted"]["total"] += 1
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)
PY
    : > "$T/cases/broken/source.txt"
    cp "$T/c1.json" "$T/cases/broken/truth.json"
    "$BIN" eval "$T/cases" -v > "$T/mine.txt"
    [ $? = 0 ] || fail "eval on made-up cases: want exit 0"
    n=$(python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))
def leaves(d):
    return sum(leaves(v) for v in d.values()) if isinstance(d, dict) else 1
roots = ('active_disclosure', 'applications', 'reviews_litigation', 'info_fees')
print(sum(leaves(t[r]) for r in roots if r in t) + sum(1 for m in ('agency', 'year', 'template') if m in t)
      + len(t.get('sections', {})))" "$T/c1.json")
    nums=$(python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))
def leaves(d):
    return sum(leaves(v) for v in d.values()) if isinstance(d, dict) else 1
print(sum(leaves(t[r]) for r in ('active_disclosure', 'applications', 'reviews_litigation', 'info_fees') if r in t))" "$T/c1.json")
    grep -Eq "^good +\S+ +$n/ *$n silent +0 " "$T/mine.txt" || fail "good case: $(grep '^good' "$T/mine.txt")"
    grep -Eq "^wrong +\S+ +$((n - 1))/ *$n silent +1 " "$T/mine.txt" || fail "wrong case: $(grep '^wrong' "$T/mine.txt")"
    grep -q "applications.granted.total: want" "$T/mine.txt" || fail "-v does not list the wrong field"
    grep -Eq "^broken +\S+ +0/ *$n silent +$nums .*io: " "$T/mine.txt" || fail "broken case: $(grep '^broken' "$T/mine.txt")"
    grep -Eq "^fields $((2 * n - 1))/$((3 * n)) .* silent $((nums + 1)) .*cases 3 " "$T/mine.txt" \
        || fail "total line: $(tail -1 "$T/mine.txt")"
fi

mkdir -p "$T/none"
"$BIN" eval "$T/none" > /dev/null 2>&1
[ $? = 2 ] || fail "no case: want exit 2"
"$BIN" eval > /dev/null 2>&1
[ $? = 1 ] || fail "no argument: want exit 1"

finish
