#!/usr/bin/env bash
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
    python3 - "$dir/truth.json" "$dir/provenance.json" "$work/$name.json" "$name" <<'PY' || fail=$((fail + 1))
import difflib, json, re, sys, unicodedata
truth, prov, out = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
name = sys.argv[4]

def leaves(d, prefix=""):
    if isinstance(d, dict):
        for k, v in d.items():
            yield from leaves(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix, d

def get(d, path):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d

def squash(t):
    return "".join(unicodedata.normalize("NFKC", t or "").split())

def flagged(path):
    def pre(p):
        return isinstance(p, str) and (path == p or path.startswith(p + "."))
    return any(pre(w.get("path")) for w in out.get("warnings", []))

undetermined = set(prov.get("undetermined", []))
bad = []
for path, v in leaves(truth):
    got = get(out, path)
    if path in undetermined and got is None and flagged(path):
        continue
    if path.startswith("sections."):
        ratio = difflib.SequenceMatcher(None, squash(v), squash(got if isinstance(got, str) else ""),
                                        autojunk=False).ratio()
        if ratio < 0.95:
            bad.append(f"{path}: {ratio:.0%} similar")
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        if not isinstance(got, (int, float)) or abs(got - v) > 1e-6:
            bad.append(f"{path}: want {v}, got {got}")
    elif got != v:
        bad.append(f"{path}: want {v!r}, got {got!r}")
rules = [c["rule"] for c in out.get("checks", [])]
for brk in prov.get("known_breaks", []):
    # "rule 3 natural_person: …" (or an object with a "rule" number)
    m = re.match(r"\s*rule\s*(\d+)", brk) if isinstance(brk, str) else None
    rule = int(m.group(1)) if m else brk.get("rule") if isinstance(brk, dict) else None
    if rule not in rules:
        bad.append(f"known break not reported: {str(brk)[:60]}")
for b in bad[:20]:
    print(f"FAIL {name}: {b}")
sys.exit(1 if bad else 0)
PY
done
echo "corpus text cases: $((cases - fail))/$cases match their truth"
[ "$cases" -gt 0 ] && [ "$fail" -eq 0 ]
