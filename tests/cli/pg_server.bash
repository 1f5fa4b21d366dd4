# pg_server.bash — a private PostgreSQL server for a test or a benchmark,
# sourced.  pg_start starts one with its data and Unix socket in a new
# temporary directory PG_DIR (no TCP), sets PG_URI (postgresql:///nb?host=…&port=…&user=nianbao, no
# password: the server trusts its private socket) and PG_BIN; pg_stop stops
# it and removes PG_DIR.  As root, initdb and the server run as the
# `postgres` user (initdb refuses root), who owns PG_DIR (outside the
# caller's scratch directory, which that user may not enter).  pg_start returns 1 with
# the reason in PG_SKIP when no server can be started here (no binaries;
# root without a postgres user); callers skip then.
pg_find_bin() {
    local b
    b=$(pg_config --bindir 2>/dev/null)
    for d in "$b" /usr/lib/postgresql/*/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start [SERVER OPTIONS...]
pg_start() {
    PG_SKIP=""
    PG_BIN=$(pg_find_bin) || { PG_SKIP="no PostgreSQL server binaries (initdb, pg_ctl): install postgresql"; return 1; }
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        PG_SKIP="running as root without a postgres user (initdb refuses root)"; return 1
    fi
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-pg.XXXXXX") || return 2
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    PG_PORT=$((20000 + RANDOM % 20000))
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U nianbao -E UTF8 --locale=C \
        --no-sync >"$PG_DIR/initdb.log" 2>&1 || { echo "initdb failed:"; cat "$PG_DIR/initdb.log"; return 2; }
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-k $PG_DIR -c listen_addresses='' -p $PG_PORT $*" start >/dev/null ||
        { echo "pg_ctl start failed:"; cat "$PG_DIR/server.log"; return 2; }
    "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U nianbao nb || return 2
    PG_URI="postgresql:///nb?host=$PG_DIR&port=$PG_PORT&user=nianbao"
    return 0
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] &&
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    [ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
    return 0
}

# pg_sql SQL — runs SQL in the test database, unaligned output.
pg_sql() {
    "$PG_BIN/psql" -X -q -A -t -h "$PG_DIR" -p "$PG_PORT" -U nianbao -d nb -v ON_ERROR_STOP=1 -c "$1"
}
