#!/usr/bin/env bash
# export_records.sh BINARY SOURCE_DIR — `export --records` gives back, for
# every converted document of a batch database, the record `convert` writes
# for that file: source (path, sha256, format), tool (name, version), values,
# sections, checks (rule "text" included) and warnings — equal as JSON.
set -u
. "$(dirname "$0")/lib.bash"
mkdir -p "$T/in"
"$BIN" synth --format text --out-dir "$T/gen" --count 3 --seed 71 2>/dev/null \
    || { echo "SKIP: synth not available"; exit 77; }
cp "$T"/gen/*.txt "$T/in/"
"$BIN" synth --format text --break-rule --seed 5 -o "$T/in/broken rule.txt" 2>/dev/null || fail "synth --break-rule"
"$BIN" synth --format html --vary all --seed 9 -o "$T/in/varied.html" 2>/dev/null || fail "synth html"
printf 'not a report\n' > "$T/in/notes.txt"
"$BIN" batch "$T/in" -o "$T/r.db" -q -j 2
[ $? = 0 ] || fail "batch exit"
"$BIN" export "$T/r.db" --records > "$T/records.ndjson" || fail "export --records exit $?"
for f in "$T"/in/*.txt "$T"/in/*.html; do
    "$BIN" convert "$f" >> "$T/convert.ndjson" 2>/dev/null
done
python3 - "$T/records.ndjson" "$T/convert.ndjson" <<'PY' || fail "records differ from convert's"
import json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
want = {}
for l in open(sys.argv[2], encoding="utf-8").read().replace("}\n{", "}\x00{").split("\x00"):
    r = json.loads(l)
    want[r["source"]["path"]] = r
assert len(got) == len(want) == 5, (len(got), len(want))
assert any(r["checks"] for r in got), "no record with checks"
for r in got:
    w = want[r["source"]["path"]]
    assert list(r)[:3] == ["schema", "source", "tool"], list(r)[:3]
    assert r == w, [k for k in set(r) | set(w) if r.get(k) != w.get(k)]
PY
"$BIN" export "$T/r.db" --records --format csv > /dev/null 2>&1
[ $? = 1 ] || fail "--records --format csv is not refused"
finish
