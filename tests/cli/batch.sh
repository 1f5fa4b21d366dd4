#!/usr/bin/env bash
# batch.sh BINARY SOURCE_DIR — `nianbao batch` over generated reports mixed with
# bad files: the good ones are converted exactly as `convert` converts them,
# each bad one is recorded with its error, the exit code is 7, a rerun skips
# everything, --retry-failed redoes the failures, and export writes the rows.
set -u
. "$(dirname "$0")/lib.bash"
q() { sqlite3 "$T/out.db" "$1"; }

# --- inputs: generated reports (or the corpus text cases), plus bad files ----
mkdir -p "$T/in/sub" "$T/gen"
if "$BIN" synth --format text --out-dir "$T/gen" --count 6 --seed 11 2>/dev/null; then
    for f in "$T"/gen/*.txt; do cp "$f" "$T/in/sub/synth-$(basename "$f")"; done
else
    for f in "$SRC"/../shared/corpus/*/source.txt; do
        [ -f "$f" ] && cp "$f" "$T/in/sub/$(basename "$(dirname "$f")").txt"
    done
fi
good=$(find "$T/in" -type f | wc -l)
if [ "$good" -lt 3 ]; then echo "SKIP: neither synth nor corpus text cases available"; exit 0; fi
sample=$(find "$T/in/sub" -type f | sort | head -1)
: > "$T/in/empty.txt"
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n' > "$T/in/corrupt.pdf"
printf '\x00\x01\x02\x03\xff\xfe\x00\x00binary\x00\x10\x11' > "$T/in/blob.bin"
cp "$sample" "$T/in/hang-me.txt"
cp "$sample" "$T/in/crash-me.txt"
cp "$sample" "$T/in/.hidden.txt"   # hidden files are not inputs
hog=0
# AddressSanitizer cannot run under an address-space limit: no memory test there
if ! ldd "$BIN" 2>/dev/null | grep -q libasan; then
    cp "$sample" "$T/in/hog-me.txt"
    hog=1
fi
bad=$((5 + hog))

# --- the run -----------------------------------------------------------------
NB_BATCH_TEST_HANG=hang-me NB_BATCH_TEST_CRASH=crash-me NB_BATCH_TEST_HOG=hog-me \
    "$BIN" batch "$T/in" -o "$T/out.db" -j 3 --timeout 2 --max-memory 400 2>"$T/err1"
rc=$?
[ "$rc" = 7 ] || fail "exit $rc, want 7 (some failed)"
[ "$(q "SELECT count(*) FROM documents WHERE status='ok'")" = "$good" ] || fail "ok rows != $good"
[ "$(q "SELECT count(*) FROM documents WHERE status='failed'")" = "$bad" ] || fail "failed rows != $bad"
[ "$(q "SELECT count(*) FROM documents WHERE path LIKE '%hidden%'")" = 0 ] || fail "hidden file taken"
expect_error() { # FILE CLASS
    got=$(q "SELECT error_class FROM documents WHERE path = '$T/in/$1'")
    [ "$got" = "$2" ] || fail "$1: error_class '$got', want '$2'"
    msg=$(q "SELECT error FROM documents WHERE path = '$T/in/$1'")
    [ -n "$msg" ] || fail "$1: no error message"
    grep -qF "$T/in/$1: " "$T/err1" || fail "$1: no error line on stderr"
}
expect_error empty.txt io
expect_error corrupt.pdf format
expect_error blob.bin format
expect_error hang-me.txt timeout
expect_error crash-me.txt crash
[ "$hog" = 0 ] || expect_error hog-me.txt memory
[ "$(q "SELECT format FROM documents WHERE path = '$T/in/corrupt.pdf'")" = pdf ] || fail "sniffed format not recorded"
[ "$(q "SELECT sha256 FROM documents WHERE path = '$sample'")" = "$(sha256sum "$sample" | cut -d' ' -f1)" ] \
    || fail "sha256 column differs from sha256sum"
[ "$(q "SELECT relpath FROM documents WHERE path = '$sample'")" = "sub/$(basename "$sample")" ] || fail "relpath"
grep -q "converted, $bad failed" "$T/err1" || fail "no summary line: $(tail -3 "$T/err1")"

# --- the database holds what `convert --provenance` says ---------------------
"$BIN" convert --provenance "$sample" > "$T/one.json" || fail "convert of the sample failed"
q "SELECT f.key, CASE WHEN f.value = CAST(f.value AS INTEGER) THEN CAST(f.value AS INTEGER) ELSE f.value END, ifnull(f.raw, ''), ifnull(f.page, ''), ifnull(f.line, ''), f.flagged
   FROM fields f JOIN documents d ON d.id = f.document_id WHERE d.path = '$sample' ORDER BY f.key" > "$T/db.tsv"
python3 - "$T/one.json" > "$T/cv.tsv" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
flag = {w["path"] for w in r["warnings"] if w.get("path")} | {p for c in r["checks"] for p in c["paths"]}
def get(path):
    d = r
    for k in path.split("."): d = d[k]
    return d
def flagged(k):
    return int(any(k == f or k.startswith(f + ".") for f in flag))
def num(v):
    return str(int(v)) if float(v).is_integer() else repr(float(v))
for k in sorted(x for x in r["provenance"] if x not in ("agency", "year")):
    p = r["provenance"][k]
    print("|".join([k, num(get(k)), p.get("raw") or "", str(p["page"] or ""), str(p["line"] or ""), str(flagged(k))]))
EOF
[ -s "$T/cv.tsv" ] || fail "convert gave no values"
diff "$T/cv.tsv" "$T/db.tsv" > "$T/diff" || fail "fields of $sample differ from convert: $(head -5 "$T/diff")"
[ "$(q "SELECT n_values FROM documents WHERE path = '$sample'")" = "$(wc -l < "$T/cv.tsv")" ] || fail "n_values"

# --- rerun: everything is skipped, nothing changes ---------------------------
dump() { sqlite3 "$1" "SELECT path, sha256, status, error_class, n_values FROM documents ORDER BY path;
    SELECT d.path, f.key, f.value, f.raw FROM fields f JOIN documents d ON d.id = f.document_id ORDER BY 1, 2;"; }
dump "$T/out.db" > "$T/dump1"
"$BIN" batch "$T/in" -o "$T/out.db" -j 2 --timeout 2 2>"$T/err2"
rc=$?
[ "$rc" = 7 ] || fail "rerun exit $rc, want 7 (earlier failures remain)"
grep -q "0 converted, 0 failed, 0 skipped as not reports, $((good + bad)) already done" "$T/err2" || fail "rerun did not skip: $(cat "$T/err2")"
dump "$T/out.db" > "$T/dump2"
cmp -s "$T/dump1" "$T/dump2" || fail "rerun changed the database"

# --- --retry-failed: without the test hooks the hook files convert ------------
"$BIN" batch "$T/in" -o "$T/out.db" -j 2 --retry-failed 2>"$T/err3"
rc=$?
[ "$rc" = 7 ] || fail "retry exit $rc, want 7 (empty, corrupt and binary still fail)"
[ "$(q "SELECT count(*) FROM documents WHERE status='failed'")" = 3 ] || fail "retry left $(q "SELECT count(*) FROM documents WHERE status='failed'") failures, want 3"
[ "$(q "SELECT status FROM documents WHERE path = '$T/in/hang-me.txt'")" = ok ] || fail "hang-me not redone"

# --- export -------------------------------------------------------------------
docs=$(q "SELECT count(*) FROM documents")
nfields=$(q "SELECT count(*) FROM fields")
[ "$nfields" -gt 0 ] || fail "no fields"
"$BIN" export "$T/out.db" --format csv > "$T/wide.csv" || fail "export csv failed"
python3 - "$T/wide.csv" "$docs" "$sample" "$T/one.json" <<'EOF' || fail "wide CSV content"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert len(rows) == int(sys.argv[2]), (len(rows), sys.argv[2])
row = next(r for r in rows if r["path"] == sys.argv[3])
rec = json.load(open(sys.argv[4]))
t = rec["applications"]["new_received"]["total"]
assert float(row["applications.new_received.total"]) == t, (row["applications.new_received.total"], t)
assert row["agency"] == rec.get("agency", ""), row["agency"]
assert "applications.granted.natural_person" in row and "sections.overview" in row
EOF
[ "$("$BIN" export "$T/out.db" --long --format ndjson | wc -l)" = "$nfields" ] || fail "long ndjson rows != fields"
"$BIN" export "$T/out.db" --table failures --format ndjson > "$T/failures.ndjson"
[ "$(wc -l < "$T/failures.ndjson")" = 3 ] || fail "failures view"
"$BIN" export "$T/out.db" --table no_such_table > /dev/null 2>&1
[ $? = 1 ] || fail "unknown table not a usage error"
"$BIN" export "$T/missing.db" > /dev/null 2>&1
[ $? = 2 ] || fail "missing database not exit 2"
[ ! -e "$T/missing.db" ] || fail "export created a database"

# --- exit codes ----------------------------------------------------------------
mkdir "$T/none"
"$BIN" batch "$T/none" -o "$T/none.db" 2>/dev/null
[ $? = 2 ] || fail "no input: want exit 2"
"$BIN" batch "$T/in" 2>/dev/null
[ $? = 1 ] || fail "missing -o: want exit 1"
"$BIN" batch "$T/in" -o "$T/x.db" --shard 4/3 2>/dev/null
[ $? = 1 ] || fail "bad --shard: want exit 1"
"$BIN" batch --help | grep -q "Examples" || fail "--help without examples"

sqlite3 "$T/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (42);"
"$BIN" batch "$T/in/sub" -o "$T/foreign.db" 2>/dev/null
[ $? = 2 ] || fail "a foreign SQLite database as -o: want exit 2"
[ "$(sqlite3 "$T/foreign.db" "SELECT count(*) FROM sqlite_master")" = 1 ] || fail "foreign database changed"

# --- a list file: paths as given, the good ones only -> exit 0 -------------------
find "$T/in/sub" -type f | sort > "$T/list"
"$BIN" batch "$T/list" -o "$T/list.db" -q 2>"$T/err4"
rc=$?
[ "$rc" = 0 ] || fail "list run exit $rc, want 0: $(cat "$T/err4")"
[ ! -s "$T/err4" ] || fail "-q printed: $(cat "$T/err4")"
[ "$(sqlite3 "$T/list.db" "SELECT count(*) FROM documents WHERE status='ok'")" = "$good" ] || fail "list run"

# --- documents named directly (a shell glob) are converted, not read as lists ----
"$BIN" batch "$sample" "$T/in/corrupt.pdf" -o "$T/named.db" -q
rc=$?
[ "$rc" = 7 ] || fail "named files: exit $rc, want 7"
[ "$(sqlite3 "$T/named.db" "SELECT group_concat(status, ',') FROM (SELECT status FROM documents ORDER BY path)")" \
    = "failed,ok" ] || fail "named files: $(sqlite3 "$T/named.db" "SELECT path, status FROM documents")"

finish
