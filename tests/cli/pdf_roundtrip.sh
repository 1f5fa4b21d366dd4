#!/bin/bash
# pdf_roundtrip.sh — synthetic text PDFs through `nianbao convert`.
#
# For several seeds of both templates (plain and with label noise) a record
# is generated, laid out as a text PDF (ruled tables, rulings drawn as
# filled rectangles, or no rulings; tables running over page breaks; wrapped
# and vertical labels; page numbers) and converted back.  Every table value
# must come back exactly, nothing may be invented, agency and year must
# match, and each text section must be at least 95 % similar.  Every value
# must carry its page and box (--provenance).
#
# Usage: bash pdf_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
BIN=$1
SEEDS=${3:-8}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail=0
for tmpl in 2019 2021; do
  for variant in plain mangle; do
    flags=()
    [ "$variant" = mangle ] && flags=(--mangle)
    for seed in $(seq 1 "$SEEDS"); do
      name="$tmpl-$variant-$seed"
      if ! "$BIN" synth --format pdf --template "$tmpl" --seed "$seed" "${flags[@]}" \
           -o "$TMP/$name.pdf" --expected "$TMP/$name.json" 2>"$TMP/err"; then
        echo "FAIL synth $name: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      if ! "$BIN" convert --provenance "$TMP/$name.pdf" >"$TMP/got.json" 2>"$TMP/err"; then
        echo "FAIL convert $name: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      python3 - "$TMP/$name.json" "$TMP/got.json" "$name" >>"$TMP/results" <<'PY' || fail=1
import difflib, json, sys, unicodedata
exp = json.load(open(sys.argv[1])); got = json.load(open(sys.argv[2])); name = sys.argv[3]
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
def squash(t):
    return "".join(unicodedata.normalize("NFKC", t or "").split())
e = flat({t: exp.get(t, {}) for t in TABLES})
g = flat({t: got.get(t, {}) for t in TABLES})
prov = got.get("provenance", {})
bad = []
for p, v in e.items():
    if p not in g:
        bad.append("%s: missing (want %s)" % (p, v))
    elif abs(g[p] - v) > 1e-6:
        bad.append("%s: got %s, want %s" % (p, g[p], v))
    elif not (prov.get(p, {}).get("page") and prov[p].get("box") and prov[p].get("origin") == "text-layer"):
        bad.append("%s: no page/box provenance" % p)
for p in g:
    if p not in e:
        bad.append("%s: invented value %s" % (p, g[p]))
for k in ("agency", "year", "template"):
    if exp.get(k) != got.get(k):
        bad.append("%s: got %r, want %r" % (k, got.get(k), exp.get(k)))
for k, text in exp.get("sections", {}).items():
    a, b = squash(text), squash(got.get("sections", {}).get(k))
    if difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() < 0.95:
        bad.append("section %s differs" % k)
print("%s %d %d" % (name, len(e) - len(bad), len(bad)))
for b in bad[:5]:
    print("FAIL %s %s" % (name, b), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    done
  done
done
awk '{r+=$2; b+=$3; n++} END {printf "pdf round trip: %d documents, %d values right, %d wrong\n", n, r, b}' "$TMP/results"
exit $fail
