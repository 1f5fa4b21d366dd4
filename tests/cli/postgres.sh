#!/usr/bin/env bash
# postgres.sh BINARY SOURCE_DIR — batch, merge and export against a real
# PostgreSQL server that the test starts itself (tests/cli/pg_server.bash:
# initdb into a temporary directory as the postgres user, a private Unix
# socket, stopped at the end).  Skipped (77) when no server can be started
# here; CI installs the server (.ci/test-deps) and runs as root, so it runs.
# ctest-labels: pg
#
#  1. two shards started together on an empty database both succeed (the
#     schema is created under an advisory lock); one is killed halfway
#     (SIGKILL, workers included) and rerun: every document exactly once,
#     no claim left behind;
#  2. two unsharded batches over the same files at once: exactly once again
#     (claims and the unique (relpath, sha256) constraint);
#  3. the same inputs into SQLite give the same rows (every export shape
#     and table, ids and timings aside);
#  4. merge copies a SQLite shard into PostgreSQL (same rows; a second merge
#     adds nothing); merge copies PostgreSQL into a new SQLite file;
#  5. a dropped connection: the batch stops with exit 2, a rerun completes;
#  6. a URI with a password is refused (exit 1), the password not echoed.
set -u
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/pg_server.bash"

pg_start
case $? in
    0) ;;
    1) echo "SKIP: $PG_SKIP"; exit 77 ;;
    *) echo "FAIL: the PostgreSQL server did not start"; exit 1 ;;
esac
trap 'pg_stop; rm -rf "$T"' EXIT

# the inputs: synthetic reports of both templates, one byte-identical copy,
# one file that is not a report
mkdir -p "$T/in/a" "$T/in/b"
"$BIN" synth --format text --out-dir "$T/in/a" --count 14 --seed 700 2>/dev/null &&
"$BIN" synth --format text --template 2019 --out-dir "$T/in/b" --count 10 --seed 900 2>/dev/null ||
    { echo "SKIP: synth not available"; exit 77; }
first=$(ls "$T/in/a" | head -1)
cp "$T/in/a/$first" "$T/in/b/copy-of-$first"
echo "not a report" > "$T/in/b/notes.txt"
total=$(find "$T/in" -type f | wc -l)

# uri DB — the URI of database DB of the test server
uri() { echo "${PG_URI/\/\/\/nb?/\/\/\/$1?}"; }
count() { "$PG_BIN/psql" -X -A -t -h "$PG_DIR" -p "$PG_PORT" -U nianbao -d "$1" -c "$2"; }

# exactly_once DB LABEL — every input is one documents row, no claim is left
exactly_once() {
    local rows ids claims
    rows=$(count "$1" "SELECT count(*) FROM documents")
    ids=$(count "$1" "SELECT count(DISTINCT (relpath, sha256)) FROM documents")
    claims=$(count "$1" "SELECT count(*) FROM claims")
    [ "$rows" = "$total" ] && [ "$ids" = "$total" ] ||
        fail "$2: $rows rows for $ids identities, want $total inputs exactly once"
    [ "$claims" = 0 ] || fail "$2: $claims claims left"
}

# ---- 1. two shards at once, one killed halfway and rerun
U1=$(uri nb)
setsid "$BIN" batch "$T/in" --shard 1/2 -o "$U1" -j 1 -q 2>"$T/s1.err" &
s1=$!
setsid "$BIN" batch "$T/in" --shard 2/2 -o "$U1" -j 1 -q 2>"$T/s2.err" &
s2=$!
# kill shard 2 once it has written a few documents but not all
half=0
for _ in $(seq 1 300); do
    n=$(count nb "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
    if [ "${n:-0}" -ge 4 ] && kill -0 "$s2" 2>/dev/null; then
        kill -KILL -- -"$s2" 2>/dev/null && half=$n
        break
    fi
    sleep 0.1
done
wait "$s1"; r1=$?
wait "$s2" 2>/dev/null
[ "$r1" = 0 ] || fail "shard 1/2 exited $r1: $(head -3 "$T/s1.err")"
[ "$half" -gt 0 ] || fail "shard 2/2 was not killed halfway (too fast?)"
before=$(count nb "SELECT count(*) FROM documents")
[ "$before" -lt "$total" ] || fail "the killed shard had finished ($before of $total)"
"$BIN" batch "$T/in" --shard 2/2 -o "$U1" -j 2 -q 2>"$T/s2b.err" ||
    fail "rerun of shard 2/2 exited $?: $(head -3 "$T/s2b.err")"
exactly_once nb "shards, one killed and rerun"
# resuming converts nothing more
"$BIN" batch "$T/in" -o "$U1" -j 2 2>"$T/again.err"
grep -q " 0 converted, 0 failed, 0 skipped as not reports, $total already done" "$T/again.err" ||
    fail "a second full run did not find everything done: $(grep converted "$T/again.err")"

# ---- 2. two unsharded batches over the same files at once
count nb "CREATE DATABASE nb2" >/dev/null
U2=$(uri nb2)
"$BIN" batch "$T/in" -o "$U2" -j 1 -q 2>"$T/p1.err" & p1=$!
"$BIN" batch "$T/in" -o "$U2" -j 1 -q 2>"$T/p2.err" & p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
[ "$r1" = 0 ] && [ "$r2" = 0 ] || fail "two batches at once exited $r1 and $r2: $(cat "$T/p1.err" "$T/p2.err" | head -3)"
exactly_once nb2 "two batches at once"

# ---- 3. SQLite gives the same rows
"$BIN" batch "$T/in" -o "$T/all.db" -j 2 -q || fail "the SQLite batch exited $?"
# norm: the CSV export without the columns that differ between runs (ids,
# timings), duplicate_of as "is a copy", rows sorted
norm() {
    python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
if not rows:
    sys.exit(0)
head = rows[0]
drop = {"id", "document_id", "prev_document_id", "seconds", "converted_at"}
keep = [i for i, h in enumerate(head) if h not in drop]
def cell(h, v):
    return ("copy" if v else "") if h == "duplicate_of" else v
out = sorted("\x1f".join(cell(head[i], r[i]) for i in keep) for r in rows[1:])
print("\x1f".join(head[i] for i in keep))
print("\n".join(out))'
}
# compare_to_sqlite URI LABEL SHAPE... — the export shapes give the same rows
compare_to_sqlite() {
    local uri=$1 label=$2 s a b
    shift 2
    for s in "$@"; do
        # shellcheck disable=SC2086
        a=$("$BIN" export "$T/all.db" $s | norm)
        # shellcheck disable=SC2086
        b=$("$BIN" export "$uri" $s | norm)
        [ -n "$a" ] || fail "$label: export $s of SQLite is empty"
        [ "$a" = "$b" ] || { fail "$label: export $s differs from SQLite's"; diff <(echo "$a") <(echo "$b") | head -4; }
    done
}
# NDJSON: the same objects (types included: 218 vs 218.0 would differ)
ndjson() {
    "$BIN" export "$1" --long --format ndjson | python3 -c '
import json, sys
print("\n".join(sorted(json.dumps({k: v for k, v in json.loads(l).items() if k != "document_id"}, sort_keys=True) for l in sys.stdin)))'
}
compare_to_sqlite "$U1" "shards into PostgreSQL" --wide --long "--table documents" \
    "--table checks" "--table warnings" "--table sections" "--table dictionary" "--table rule5_pairs"
[ "$(ndjson "$T/all.db")" = "$(ndjson "$U1")" ] || fail "NDJSON export differs from SQLite's"
compare_to_sqlite "$U2" "two batches into PostgreSQL" --wide --long
values=$(count nb "SELECT count(*) FROM fields")
[ "$values" -gt 1000 ] || fail "only $values values in PostgreSQL"

# ---- 4. merge: SQLite shards into PostgreSQL, PostgreSQL into SQLite
for i in 1 2; do "$BIN" batch "$T/in" --shard $i/2 -o "$T/part$i.db" -j 2 -q; done
count nb "CREATE DATABASE nb3" >/dev/null
U3=$(uri nb3)
"$BIN" merge "$T/part1.db" "$T/part2.db" -o "$U3" 2>"$T/m.err" || fail "merge into PostgreSQL exited $?: $(head -3 "$T/m.err")"
grep -q "rule 5" "$T/m.err" || fail "merge into PostgreSQL printed no rule-5 summary"
compare_to_sqlite "$U3" "SQLite shards merged into PostgreSQL" --wide --long "--table checks"
"$BIN" merge "$T/part2.db" -o "$U3" 2>"$T/m2.err" || fail "second merge exited $?"
grep -q ": 0 documents taken" "$T/m2.err" || fail "a second merge took documents: $(cat "$T/m2.err")"
"$BIN" merge "$U1" -o "$T/back.db" -q || fail "merge of PostgreSQL into SQLite exited $?"
a=$("$BIN" export "$T/all.db" --long | norm); b=$("$BIN" export "$T/back.db" --long | norm)
[ "$a" = "$b" ] || fail "PostgreSQL merged into SQLite differs from SQLite's own run"

# ---- 5. a dropped connection stops the batch; a rerun completes
count nb "CREATE DATABASE nb4" >/dev/null
U4=$(uri nb4)
"$BIN" batch "$T/in" -o "$U4" -j 1 -q 2>"$T/d.err" & d=$!
for _ in $(seq 1 300); do
    n=$(count nb4 "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 3 ] && break
    sleep 0.1
done
count nb "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'nb4'" >/dev/null
wait "$d"; rd=$?
[ "$rd" = 2 ] || fail "a dropped connection: batch exited $rd, want 2"
grep -q "cannot write" "$T/d.err" || fail "a dropped connection was not reported: $(head -2 "$T/d.err")"
"$BIN" batch "$T/in" -o "$U4" -j 2 -q 2>/dev/null || fail "rerun after a dropped connection exited $?"
exactly_once nb4 "dropped connection, rerun"

# ---- 6. passwords are refused, not echoed
"$BIN" batch "$T/in" -o "postgresql://nianbao:s3cret@localhost/nb" 2>"$T/pw.err"; r=$?
[ "$r" = 1 ] || fail "a password in the URI: exit $r, want 1"
grep -q "PGPASSWORD" "$T/pw.err" || fail "the refusal does not point to PGPASSWORD: $(cat "$T/pw.err")"
! grep -q "s3cret" "$T/pw.err" || fail "the password was echoed"
"$BIN" export "postgres:///nb?host=/tmp&password=s3cret" 2>"$T/pw2.err"; r=$?
[ "$r" = 1 ] && ! grep -q "s3cret" "$T/pw2.err" || fail "password parameter: exit $r, $(cat "$T/pw2.err")"
"$BIN" merge "$T/part1.db" -o "postgresql://u:s3cret@h/nb" 2>"$T/pw3.err"; r=$?
[ "$r" = 1 ] && ! grep -q "s3cret" "$T/pw3.err" || fail "merge with a password: exit $r"

finish
