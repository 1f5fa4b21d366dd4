#!/usr/bin/env bash
# bench/pg_bench.sh — batch throughput into PostgreSQL against SQLite, on the
# synthetic set: the same files converted by `nianbao batch -j J` into a new
# SQLite file and into a new PostgreSQL database of a private server
# (tests/cli/pg_server.bash: initdb in a temporary directory, Unix socket
# only, default settings; nianbao's session turns synchronous_commit off, see
# cmd/batch/db_pg.c), alternately,
# R rounds; prints each run, the medians and the ratio PostgreSQL / SQLite
# in files per second.
#
# usage: bench/pg_bench.sh [-b BINARY] [-n FILES] [-j JOBS] [-r ROUNDS] [-s SEED]
#   defaults: build/nianbao, 160 files (text, half template 2021, half
#   2019), 4 workers, 3 rounds, seed 4000.
# As root the server runs as the postgres user (see pg_server.bash).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=$here/build/nianbao N=160 J=4 R=3 SEED=4000
while getopts b:n:j:r:s: o; do
    case $o in
        b) BIN=$OPTARG ;; n) N=$OPTARG ;; j) J=$OPTARG ;; r) R=$OPTARG ;; s) SEED=$OPTARG ;;
        *) sed -n '2,15p' "$0"; exit 1 ;;
    esac
done
. "$here/tests/cli/pg_server.bash"
T=$(mktemp -d)
pg_start || { echo "pg_bench: cannot start PostgreSQL: ${PG_SKIP:-see above}"; rm -rf "$T"; exit 2; }
trap 'pg_stop; rm -rf "$T"' EXIT

mkdir -p "$T/in/a" "$T/in/b"
"$BIN" synth --format text --out-dir "$T/in/a" --count $((N / 2)) --seed "$SEED" 2>/dev/null &&
"$BIN" synth --format text --template 2019 --out-dir "$T/in/b" --count $((N - N / 2)) \
    --seed $((SEED + 10000)) 2>/dev/null || { echo "pg_bench: synth failed"; exit 2; }
find "$T/in" -name '*.json' -delete   # the expected records synth writes beside
files=$(find "$T/in" -type f | wc -l)

# run TARGET — seconds of one batch run into TARGET (a new database)
run() {
    local t0 t1
    t0=$(date +%s.%N)
    "$BIN" batch "$T/in" -o "$1" -j "$J" -q || { echo "pg_bench: batch into $1 exited $?" >&2; }
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
}
div() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

echo "pg_bench: $files files, -j $J, $R rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
sq=() pg=()
for r in $(seq 1 "$R"); do
    "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U nianbao "run$r"
    uri="postgresql:///run$r?host=$PG_DIR&port=$PG_PORT&user=nianbao"
    # alternate the order so that a change of load hurts both alike
    if [ $((r % 2)) = 1 ]; then
        s=$(run "$T/run$r.db"); p=$(run "$uri")
    else
        p=$(run "$uri"); s=$(run "$T/run$r.db")
    fi
    m=$("$PG_BIN/psql" -X -A -t -h "$PG_DIR" -p "$PG_PORT" -U nianbao -d "run$r" -c "SELECT count(*) FROM documents")
    [ "$m" = "$files" ] || echo "pg_bench: PostgreSQL run $r holds $m documents, want $files"
    printf 'round %d: SQLite %.2f s (%.1f files/s), PostgreSQL %.2f s (%.1f files/s)\n' \
        "$r" "$s" "$(div "$files" "$s")" "$p" "$(div "$files" "$p")"
    sq+=("$s") pg+=("$p")
done
ms=$(median "${sq[@]}") mp=$(median "${pg[@]}")
printf 'median: SQLite %.2f s = %.1f files/s; PostgreSQL %.2f s = %.1f files/s; PostgreSQL/SQLite throughput %.2f\n' \
    "$ms" "$(div "$files" "$ms")" "$mp" "$(div "$files" "$mp")" "$(div "$ms" "$mp")"
