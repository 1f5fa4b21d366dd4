#!/usr/bin/env bash
# convert --corrections and batch --corrections (docs/corrections.md): the
# value replaced, provenance origin "correction" with the reading kept, its
# warnings gone, the checks evaluated on it; corrections for another file or
# with a key the template lacks refused with one line and exit 1.
source "$(dirname "$0")/lib.bash"
src=$SRC/samples/report-2021.txt
sha=$(sha256sum "$src" | cut -d' ' -f1)
printf '{"source_sha256": "%s", "values": {"applications.granted.total": 119}}\n' "$sha" >"$T/c.json"

"$BIN" convert --provenance --corrections "$T/c.json" "$src" >"$T/r.json" 2>"$T/err" ||
    fail "convert --corrections exited $?: $(cat "$T/err")"
python3 - "$T/r.json" <<'PY' || fail "corrected record"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["provenance"]["applications.granted.total"]
assert d["applications"]["granted"]["total"] == 119, d["applications"]["granted"]
assert p["origin"] == "correction" and p["raw"] == "157", p
assert p["original"] == {"value": 157, "confidence": None, "origin": "text"}, p
# the sample is consistent: 157 was right, so 119 breaks its row and column
broken = [c for c in d["checks"] if "applications.granted.total" in c["paths"]]
assert len(broken) == 2 and {c["rule"] for c in broken} == {2, 3}, d["checks"]
assert not [w for w in d["warnings"] if w["path"] == "applications.granted.total"]
PY

# a value that could not be read: the correction fills it (no original), its
# warning goes and the checks hold again
sed '107s/157/15?7/' "$src" >"$T/m.txt"
"$BIN" convert "$T/m.txt" | grep -q "cannot read '15?7'" || fail "the unreadable cell gave no warning"
msha=$(sha256sum "$T/m.txt" | cut -d' ' -f1)
printf '{"source_sha256": "%s", "values": {"applications.granted.total": 157}}\n' "$msha" >"$T/m-c.json"
"$BIN" convert --provenance --corrections "$T/m-c.json" "$T/m.txt" >"$T/m2.json" || fail "unreadable: exit $?"
python3 - "$T/m2.json" <<'PY' || fail "unreadable value corrected"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["applications"]["granted"]["total"] == 157
assert d["warnings"] == [] and d["checks"] == [], (d["warnings"], d["checks"])
p = d["provenance"]["applications.granted.total"]
assert p["origin"] == "correction" and p["original"] is None, p
PY

# refusals: another file, a key no template has, a key this template lacks
check_refused() { # NAME JSON FILE
    printf '%s\n' "$2" >"$T/bad.json"
    "$BIN" convert --corrections "$T/bad.json" "$3" >"$T/out" 2>"$T/err"
    local rc=$?
    [ "$rc" = 1 ] || fail "$1: exit $rc, expected 1"
    [ "$(wc -l <"$T/err")" = 1 ] || fail "$1: stderr is not one line: $(cat "$T/err")"
    [ -s "$T/out" ] && fail "$1: a record was written"
}
check_refused "another file" "$(cat "$T/c.json")" "$SRC/samples/report-2019.txt"
check_refused "unknown key" "{\"source_sha256\": \"$sha\", \"values\": {\"applications.granted.bogus\": 1}}" "$src"
check_refused "key of 2019 only" "{\"source_sha256\": \"$sha\", \"values\": {\"active_disclosure.procurement.items\": 1}}" "$src"
check_refused "not a number" "{\"source_sha256\": \"$sha\", \"values\": {\"applications.granted.total\": \"x\"}}" "$src"
check_refused "no hash" '{"values": {}}' "$src"

# batch: matched by SHA-256 under another name; rerun skips; new corrections reconvert
mkdir -p "$T/in" "$T/corr"
cp "$src" "$T/in/renamed.txt"
cp "$SRC/samples/report-2019.txt" "$T/in/"
cp "$T/c.json" "$T/corr/one.json"
"$BIN" batch -q -j 1 "$T/in" -o "$T/b.db" --corrections "$T/corr" || fail "batch exit $?"
got=$(sqlite3 "$T/b.db" "SELECT d.relpath || ' ' || f.value || ' ' || f.raw || ' ' || f.origin FROM fields f
      JOIN documents d ON d.id = f.document_id WHERE f.key = 'applications.granted.total' ORDER BY 1")
[ "$got" = "renamed.txt 119 157 correction
report-2019.txt 153 153 text" ] || fail "batch fields: $got"
printf '{"source_sha256": "%s", "values": {"applications.granted.total": 120}}\n' "$sha" >"$T/corr/one.json"
"$BIN" batch -q -j 1 "$T/in" -o "$T/b.db" --corrections "$T/corr" || fail "batch rerun exit $?"
got=$(sqlite3 "$T/b.db" "SELECT f.value FROM fields f JOIN documents d ON d.id = f.document_id
      WHERE f.key = 'applications.granted.total' AND d.relpath = 'renamed.txt'")
[ "$got" = "120" ] || fail "changed corrections not applied on rerun: $got"
cp "$T/c.json" "$T/corr/two.json"
"$BIN" batch -q "$T/in" -o "$T/b2.db" --corrections "$T/corr" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] || fail "two files for one source: exit $rc, $(cat "$T/err")"
finish
