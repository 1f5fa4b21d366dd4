#!/usr/bin/env bash
# batch_scenario.sh BINARY SOURCE_DIR — the identity and resume rules of
# `nianbao batch`, as a user meets them: a tree with spaces and Chinese names,
# byte-identical copies and a broken file is converted by a batch interrupted
# three ways (Ctrl-C to the process group, SIGTERM, SIGKILL), then the folder
# is moved and the batch resumed from inside it (`batch .`) and by absolute
# path: every file is in the database exactly once, none failed that is not
# broken.  Also: two batches at once on one database, --reconvert-older, a
# format 1 database migrated.  Prints the scenario as it goes.
set -u
. "$(dirname "$0")/lib.bash"
BIN=$(realpath "$BIN")
pid=
cleanup() { [ -n "$pid" ] && kill -9 -- "-$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
say() { echo "  $*"; }

mkdir -p "$T/gen" "$T/set/年报 2023" "$T/set/sub dir"
"$BIN" synth --format text --out-dir "$T/gen" --count 9 --seed 700 2>/dev/null \
    || { echo "SKIP: synth not available"; exit 77; }
i=0
for f in "$T"/gen/*.txt; do
    i=$((i + 1))
    case $((i % 3)) in
    0) cp "$f" "$T/set/年报 2023/h$i 报告.txt" ;;
    1) cp "$f" "$T/set/sub dir/h$i.txt" ;;
    2) cp "$f" "$T/set/h$i.txt" ;;
    esac
done
cp "$T/set/h2.txt" "$T/set/sub dir/copy of h2.txt"     # byte-identical copy
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n' > "$T/set/broken.pdf"
printf '# notes\nnothing to see\n' > "$T/set/README.md"  # not a report: skipped
nfiles=$(find "$T/set" -type f | wc -l)
say "tree: $nfiles files (9 reports, 1 byte-identical copy, 1 broken PDF, 1 README)"
db="$T/r.db"
docs() { sqlite3 "$db" "SELECT count(*) FROM documents"; }

# one interrupted run: hang on the file matching $1, wait until $2 documents
# are in, send signal $3 to the process group (as a terminal sends Ctrl-C),
# check the exit code $4
interrupt() {
    NB_BATCH_TEST_HANG="$1" setsid "$BIN" batch "$T/set" -o "$db" -j 1 --timeout 600 -q &
    pid=$!
    for _ in $(seq 1 600); do
        [ "$(sqlite3 "$db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)" -ge "$2" ] && break
        sleep 0.1
    done
    sleep 0.3
    kill -"$3" -- "-$pid"
    wait "$pid" 2>/dev/null
    rc=$?
    pid=
    say "interrupted by SIG$3 while converting *$1*: exit $rc, $(docs) documents recorded"
    [ "$rc" = "$4" ] || fail "SIG$3: exit $rc, want $4"
    [ "$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE path LIKE '%$1%'")" = 0 ] \
        || fail "SIG$3 recorded the file in progress"
}
interrupt h4 7 INT 130
interrupt h7 8 TERM 143
interrupt h9 11 KILL 137
[ "$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE status = 'failed' AND error_class <> 'format'")" = 0 ] \
    || fail "an interrupt recorded a failure: $(sqlite3 "$db" "SELECT path, error FROM documents WHERE status = 'failed'")"

# move the folder, resume from inside it, then by absolute path
mv "$T/set" "$T/moved"
(cd "$T/moved" && "$BIN" batch . -o "$db" -j 2 2>"$T/err.resume")
rc=$?
say "moved, resumed with 'cd moved && nianbao batch . -o r.db': exit $rc; $(grep 'batch:' "$T/err.resume")"
[ "$rc" = 7 ] || fail "resume: exit $rc, want 7 (broken.pdf)"
"$BIN" batch "$T/moved/" -o "$db" 2>"$T/err.abs"
rc=$?
say "again by absolute path: exit $rc; $(grep 'batch:' "$T/err.abs")"
grep -q " 0 converted, 0 failed, 0 skipped as not reports, $nfiles already done" "$T/err.abs" \
    || fail "the absolute path converted again: $(cat "$T/err.abs")"
[ "$(docs)" = "$nfiles" ] || fail "$(docs) documents for $nfiles files"
[ "$(sqlite3 "$db" "SELECT count(*) FROM (SELECT relpath FROM documents GROUP BY relpath HAVING count(*) > 1)")" = 0 ] \
    || fail "a file recorded twice"
[ "$(sqlite3 "$db" "SELECT group_concat(relpath) FROM documents WHERE status = 'failed'")" = broken.pdf ] \
    || fail "failed: $(sqlite3 "$db" "SELECT relpath, error FROM documents WHERE status = 'failed'")"
[ "$(sqlite3 "$db" "SELECT status || ' ' || error_class FROM documents WHERE relpath = 'README.md'")" = "skipped not_report" ] \
    || fail "README.md not skipped"
[ "$(sqlite3 "$db" "SELECT relpath FROM documents WHERE duplicate_of IS NOT NULL")" = "sub dir/copy of h2.txt" ] \
    || fail "the byte-identical copy is not marked"
[ "$(sqlite3 "$db" "SELECT count(*) FROM reports")" = 9 ] || fail "reports view: $(sqlite3 "$db" "SELECT count(*) FROM reports")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM reports_wide")" = 9 ] || fail "reports_wide view"
[ "$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE path LIKE '$T/moved/%' OR path LIKE './%'")" = "$nfiles" ] \
    || fail "paths not updated to where the files are now"
say "database: $(docs) documents, $(sqlite3 "$db" "SELECT count(*) FROM reports") reports," \
    "$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL") copy," \
    "$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE status = 'failed'") failed (broken.pdf)," \
    "$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE status = 'skipped'") skipped (README.md)"
[ "$(sqlite3 "$db" "SELECT count(*) FROM fields WHERE typeof(value) = 'real' AND value = CAST(value AS INTEGER)
    AND key NOT IN (SELECT key FROM dictionary WHERE type = 'money')")" = 0 ] \
    || fail "whole numbers stored as REAL"
v=$(sqlite3 "$db" "SELECT DISTINCT tool_version FROM documents")
[ -n "$v" ] && [ "$v" = "$("$BIN" --version | sed 's/^nianbao //')" ] || fail "stored version '$v'"

# --reconvert-older: a row from an older version is redone, nothing else
sqlite3 "$db" "UPDATE documents SET tool_version = '0.0.1' WHERE relpath = 'h2.txt'"
"$BIN" batch "$T/moved" -o "$db" 2>"$T/err.old"
grep -q " 0 converted" "$T/err.old" || fail "a rerun redid an older version's file without --reconvert-older"
"$BIN" batch "$T/moved" -o "$db" --reconvert-older 2>"$T/err.old2"
grep -q " 1 converted, 0 failed" "$T/err.old2" || fail "--reconvert-older: $(cat "$T/err.old2")"
[ "$(sqlite3 "$db" "SELECT tool_version FROM documents WHERE relpath = 'h2.txt'")" = "$v" ] || fail "version not updated"
say "--reconvert-older: $(grep -o '[0-9]* converted' "$T/err.old2") (the row an older version wrote)"

# two batches at once on a new database: each file converted once in all
"$BIN" batch "$T/moved" -o "$T/two.db" -j 1 2>"$T/err.a" &
a=$!
"$BIN" batch "$T/moved" -o "$T/two.db" -j 1 2>"$T/err.b"
wait "$a"
ca=$(sed -n 's/.*batch: \([0-9]*\) converted, \([0-9]*\) failed, \([0-9]*\) skipped as not.*/\1+\2+\3/p' "$T/err.a")
cb=$(sed -n 's/.*batch: \([0-9]*\) converted, \([0-9]*\) failed, \([0-9]*\) skipped as not.*/\1+\2+\3/p' "$T/err.b")
say "two batches at once: $ca and $cb files converted (converted+failed+not reports)"
[ $((ca + cb)) = "$nfiles" ] || fail "two batches converted $((ca)) + $((cb)), want $nfiles in all"
[ "$(sqlite3 "$T/two.db" "SELECT count(*) FROM documents")" = "$nfiles" ] || fail "two batches: rows"

# a database of format 1 (an older nianbao) is migrated, values typed
sqlite3 "$T/v1.db" "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('format', '1');
CREATE TABLE documents(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, relpath TEXT NOT NULL,
 sha256 TEXT NOT NULL, size INTEGER NOT NULL, format TEXT, template TEXT, agency TEXT, agency_key TEXT,
 year INTEGER, status TEXT NOT NULL CHECK (status IN ('ok','failed')), error_class TEXT, error TEXT,
 n_values INTEGER NOT NULL DEFAULT 0, n_checks INTEGER NOT NULL DEFAULT 0, n_warnings INTEGER NOT NULL DEFAULT 0,
 tool_version TEXT NOT NULL, seconds REAL, converted_at TEXT);
CREATE INDEX documents_agency_year ON documents(agency_key, year);
CREATE TABLE fields(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, key TEXT NOT NULL,
 value REAL NOT NULL, raw TEXT, page INTEGER, line INTEGER, x0 REAL, y0 REAL, x1 REAL, y1 REAL, confidence INTEGER,
 origin TEXT, flagged INTEGER NOT NULL, PRIMARY KEY (document_id, key)) WITHOUT ROWID;
CREATE TABLE checks(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
 rule INTEGER NOT NULL, expected REAL, found REAL, message TEXT, paths TEXT, PRIMARY KEY (document_id, seq)) WITHOUT ROWID;
CREATE TABLE warnings(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
 path TEXT, message TEXT NOT NULL, PRIMARY KEY (document_id, seq)) WITHOUT ROWID;
CREATE TABLE sections(document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, key TEXT NOT NULL,
 text TEXT NOT NULL, PRIMARY KEY (document_id, key)) WITHOUT ROWID;
INSERT INTO documents VALUES (1, 'old/a.pdf', 'a.pdf', 'aa', 10, 'pdf-text', '2021', 'X', 'X', 2023, 'ok', NULL, NULL,
 2, 0, 1, '0.1.0', 1.0, '2026-01-01T00:00:00Z');
INSERT INTO documents VALUES (2, 'old/r.md', 'r.md', 'bb', 5, 'text', NULL, NULL, NULL, NULL, 'failed', 'not_report',
 'not a report', 0, 0, 0, '0.1.0', 0.1, '2026-01-01T00:00:00Z');
INSERT INTO fields VALUES (1, 'applications.granted.total', 218.0, '218', 1, NULL, NULL, NULL, NULL, NULL, NULL, 'text', 0);
INSERT INTO fields VALUES (1, 'active_disclosure.fees.amount_10k_yuan', 3.0, '3', 1, NULL, NULL, NULL, NULL, NULL, NULL, 'text', 0);
INSERT INTO warnings VALUES (1, 1, 'applications.granted.total', 'doubt');"
"$BIN" export "$T/v1.db" > /dev/null 2>"$T/err.v1"
[ $? = 2 ] && grep -q "format 1, written by an older nianbao" "$T/err.v1" || fail "export of a format 1 database: $(cat "$T/err.v1")"
"$BIN" batch "$T/moved/h2.txt" -o "$T/v1.db" -q
[ "$(sqlite3 "$T/v1.db" "SELECT value FROM meta WHERE key = 'format'")" = 2 ] || fail "format 1 not migrated"
[ "$(sqlite3 "$T/v1.db" "SELECT typeof(value) || ' ' || value FROM fields WHERE key = 'applications.granted.total' AND document_id = 1")" = "integer 218" ] \
    || fail "migrated count not an integer"
[ "$(sqlite3 "$T/v1.db" "SELECT typeof(value) FROM fields WHERE key = 'active_disclosure.fees.amount_10k_yuan' AND document_id = 1")" = real ] \
    || fail "migrated money not real"
[ "$(sqlite3 "$T/v1.db" "SELECT status FROM documents WHERE id = 2")" = skipped ] || fail "not_report not skipped after migration"
[ "$(sqlite3 "$T/v1.db" "SELECT key FROM warnings_long WHERE document_id = 1")" = applications.granted.total ] || fail "warnings key"
[ "$(sqlite3 "$T/v1.db" "SELECT count(*) FROM documents")" = 3 ] || fail "migration lost or added rows"
say "format 1 database migrated: 218.0 → 218 (integer), money stays real, not_report → skipped"
sqlite3 "$T/v1.db" "UPDATE meta SET value = '9' WHERE key = 'format'"
"$BIN" batch "$T/moved/h2.txt" -o "$T/v1.db" -q 2>"$T/err.v9"
[ $? = 2 ] && grep -q "format 9, which this nianbao" "$T/err.v9" || fail "unknown format: $(cat "$T/err.v9")"

# a time limit hit while reading a scan (OCR) writes no record: exit 5 for
# convert, 'limit' (or 'timeout') in batch — never a record, never not_report
scan=$(ls "$SRC"/../shared/corpus/*/source.png 2>/dev/null | head -1)
if [ -z "$scan" ]; then
    mkdir -p "$T/scan" && "$BIN" synth --format scan --out-dir "$T/scan" --count 1 --seed 5 2>/dev/null
    scan=$(ls "$T"/scan/*.tif 2>/dev/null | head -1)
fi
if [ -n "$scan" ]; then
    "$BIN" convert --timeout 1 "$scan" > "$T/scan.json" 2>"$T/err.scan"
    rc=$?
    [ "$rc" = 5 ] || fail "OCR past --timeout: exit $rc, want 5: $(cat "$T/err.scan")"
    [ ! -s "$T/scan.json" ] || fail "OCR past --timeout wrote a record"
    "$BIN" batch "$scan" -o "$T/scan.db" --timeout 1 -q 2>/dev/null
    got=$(sqlite3 "$T/scan.db" "SELECT status || ' ' || error_class FROM documents")
    case "$got" in "failed limit" | "failed timeout") ;; *) fail "OCR past --timeout in batch: $got" ;; esac
    say "a scan read past --timeout 1: convert exit $rc, batch '$got'"
fi

finish
