#!/bin/bash
# html_roundtrip.sh — synthetic web pages through `nianbao convert`.
#
# For many seeds of both templates, both encodings (UTF-8 and GB18030) and
# with and without --mangle, `nianbao synth --format html` writes a whole CMS
# or Word-exported page with the record's tables (rowspan/colspan headers,
# misaligned colspans, split tables, &nbsp; padding) and the record it
# states.  Converting the page must give that record exactly: every table
# value, no invented value, agency, year, template, the text sections (95 %
# similar, whitespace ignored), info_fees, no warning, and exactly the
# checks the record has (none, or those of the rule --break-rule broke).
#
# Usage: bash html_roundtrip.sh BINARY SOURCE_DIR [SEEDS]
set -u
BIN=$1
SEEDS=${3:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! "$BIN" synth --format html -o "$TMP/probe.html" 2>/dev/null; then
  echo "SKIP: this build has no html synth renderer"
  exit 0
fi

fail=0
cases=0
seed=100
for tmpl in 2019 2021; do
  for enc in UTF-8 GB18030; do
    for variant in plain mangle broken; do
      flags=()
      [ "$variant" = mangle ] && flags=(--mangle)
      [ "$variant" = broken ] && flags=(--break-rule)
      [ "$variant" = broken ] && [ "$enc" != UTF-8 ] && continue
      dir="$TMP/$tmpl-$enc-$variant"
      seed=$((seed + 1000))
      if ! "$BIN" synth --format html --template "$tmpl" --encoding "$enc" "${flags[@]}" \
           --seed "$seed" --count "$SEEDS" --out-dir "$dir" 2>"$TMP/err"; then
        echo "FAIL synth $tmpl $enc $variant: $(cat "$TMP/err")"
        fail=1
        continue
      fi
      for page in "$dir"/*.html; do
        cases=$((cases + 1))
        name="$tmpl-$enc-$variant-$(basename "$page" .html)"
        if [ "$enc" = GB18030 ] && iconv -f UTF-8 -t UTF-8 "$page" >/dev/null 2>&1; then
          echo "FAIL $name: a GB18030 page that is valid UTF-8 tests nothing"
          fail=1
        fi
        if ! "$BIN" convert "$page" >"${page%.html}.got" 2>"$TMP/err"; then
          echo "FAIL convert $name: $(cat "$TMP/err")"
          fail=1
          continue
        fi
        echo "$name ${page%.html}" >>"$TMP/list"
      done
    done
  done
done
# one comparison run over every page (python starts once)
[ -f "$TMP/list" ] && { python3 - "$TMP/list" <<'PY' || fail=1
import difflib, json, sys, unicodedata
ROOTS = ("active_disclosure", "applications", "reviews_litigation", "info_fees")
sq = lambda t: "".join(unicodedata.normalize("NFKC", t or "").split())
def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out
def compare(exp, got):
    e = flat({r: exp[r] for r in ROOTS if r in exp})
    g = flat({r: got[r] for r in ROOTS if r in got})
    bad = []
    if sum(1 for v in e.values() if v != 0) < 40:
        bad.append("the generated record has fewer than 40 non-zero values")
    for p, v in e.items():
        if p not in g:
            bad.append("%s: missing (want %s)" % (p, v))
        elif abs(g[p] - v) > 1e-6:
            bad.append("%s: got %s, want %s" % (p, g[p], v))
    bad += ["%s: invented value %s" % (p, v) for p, v in g.items() if p not in e]
    for k in ("agency", "year", "template"):
        if got.get(k) != exp.get(k):
            bad.append("%s: got %r, want %r" % (k, got.get(k), exp.get(k)))
    for k, v in (exp.get("sections") or {}).items():
        have = (got.get("sections") or {}).get(k)
        if difflib.SequenceMatcher(None, sq(v), sq(have), autojunk=False).ratio() < 0.95:
            bad.append("sections.%s: got %r" % (k, (have or "")[:40]))
    if got.get("warnings"):
        bad.append("warnings %s" % got.get("warnings"))
    rules = lambda r: sorted((c["rule"], sorted(c["paths"])) for c in r.get("checks") or [])
    if rules(got) != rules(exp):
        bad.append("checks %s, want %s" % (rules(got), rules(exp)))
    return bad
failed = 0
for line in open(sys.argv[1]):
    name, base = line.split()
    bad = compare(json.load(open(base + ".json")), json.load(open(base + ".got")))
    if bad:
        failed += 1
        print("FAIL %s:" % name)
        for b in bad[:6]:
            print("   ", b)
sys.exit(1 if failed else 0)
PY
}
echo "html round trip: $cases pages"
[ "$cases" -ge 8 ] || { echo "FAIL: too few pages"; fail=1; }
exit $fail
