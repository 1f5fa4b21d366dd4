#!/bin/bash
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
      "$BIN" convert --strict "$doc" >"$TMP/got.json" 2>"$TMP/err"
      strict=$?
      if [ $strict -ne 0 ] && [ $strict -ne 6 ]; then
        echo "FAIL convert $tmpl $variant seed $seed exit $strict: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      python3 - "$exp" "$TMP/got.json" "$strict" "$tmpl-$variant-$seed" >>"$TMP/results" <<'PY' || fail=1
import json, sys
exp = json.load(open(sys.argv[1])); got = json.load(open(sys.argv[2]))
strict = int(sys.argv[3]); name = sys.argv[4]
TABLES = ("active_disclosure", "applications", "reviews_litigation")
def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        p = prefix + k
        if isinstance(v, dict):
            out.update(flat(v, p + "."))
        else:
            out[p] = v
    return out
e = {k: v for k, v in flat({t: exp.get(t, {}) for t in TABLES}).items()}
g = {k: v for k, v in flat({t: got.get(t, {}) for t in TABLES}).items()}
flags = [w["path"] for w in got.get("warnings", []) if w.get("path")]
for c in got.get("checks", []):
    flags += c.get("paths", [])
def flagged(p):
    return any(p == f or p.startswith(f + ".") for f in flags)
exact = undet = 0; bad = []
for p, v in e.items():
    if p in g:
        if abs(g[p] - v) < 1e-6:
            exact += 1
        else:
            bad.append("%s: got %s, want %s%s" % (p, g[p], v, " (flagged)" if flagged(p) else ""))
    elif flagged(p):
        undet += 1
    else:
        bad.append("%s: missing and not flagged (want %s)" % (p, v))
for p in g:
    if p not in e:
        bad.append("%s: invented value %s" % (p, g[p]))
if undet and strict == 0:
    bad.append("--strict exited 0 with %d undetermined values" % undet)
print("%s %d %d %d" % (name, exact, undet, len(bad)))
for b in bad[:5]:
    print("FAIL %s %s" % (name, b), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    done
  done
done
awk '{e+=$2; u+=$3; b+=$4; n++} END {printf "glued round trip: %d documents, %d values exact, %d undetermined and flagged, %d wrong\n", n, e, u, b}' "$TMP/results"
exit $fail
