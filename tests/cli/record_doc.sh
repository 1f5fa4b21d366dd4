#!/usr/bin/env bash
# record_doc.sh BINARY SOURCE_DIR — docs/record.md is current: it is what
# `nianbao dictionary --format markdown` writes from the schema files, every
# value key of the templates is in it with its Chinese labels, and the TSV
# form agrees with the batch database's dictionary table.
set -u
. "$(dirname "$0")/lib.bash"
"$BIN" dictionary --format markdown > "$T/record.md" || fail "dictionary --format markdown exit $?"
if ! cmp -s "$T/record.md" "$SRC/docs/record.md"; then
    fail "docs/record.md is not current: run 'build/nianbao dictionary --format markdown > docs/record.md'"
    diff "$SRC/docs/record.md" "$T/record.md" | head -20
fi
"$BIN" dictionary > "$T/dict.tsv" || fail "dictionary exit $?"
python3 - "$SRC/schemas" "$T/dict.tsv" "$T/record.md" <<'PY' || fail "dictionary keys"
import csv, glob, json, sys
keys = set()
for f in glob.glob(sys.argv[1] + "/cn-ogi-*.json"):
    s = json.load(open(f))
    for v in s.get("values", []):
        keys.add(v["key"])
    for t in s["tables"]:
        if t.get("wide"):
            for g in t["groups"]:
                for c in t["columns"]:
                    keys.add(f'{t["key"]}.{g["key"]}.{c["key"]}')
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8"), delimiter="\t"))
have = {r["key"] for r in rows}
assert len(rows) == len(have) > 150, len(rows)
assert keys <= have, sorted(keys - have)[:5]
for r in rows:
    assert r["type"] in ("count", "signed_count", "money"), r
    assert r["row_zh"] or r["group_zh"] or r["column_zh"], r
    assert (r["unit"] != "") == (r["type"] == "money"), r
md = open(sys.argv[3], encoding="utf-8").read()
missing = [k for k in have if f"| `{k}` |" not in md]
assert not missing, missing[:5]
assert "本年新收政府信息公开申请数量" in md and "`sections.overview`" in md
PY
"$BIN" dictionary --format xml > /dev/null 2>&1
[ $? = 1 ] || fail "dictionary --format xml is not refused"
finish
