#!/usr/bin/env bash
# convert_shell.sh BINARY SOURCE_DIR — nianbao as a Unix filter: every record
# carries source and tool; stdin ('-' or a pipe); several files or a
# directory give NDJSON in order, a failing file its stderr line (exit 7);
# -o is atomic (in place on a FIFO or device); '--' ends the options; -j4 / -j 4 / --jobs=4 and options
# after positionals; -V, version, COMMAND -V, help help; negative limits
# refused; a file name that is not UTF-8 survives escaped into source.path
# and the batch database.
set -u
. "$(dirname "$0")/lib.bash"
BIN=$(realpath "$BIN")
"$BIN" synth --format text --out-dir "$T/g" --count 3 --seed 41 2>/dev/null \
    || { echo "SKIP: synth not available"; exit 77; }
a="$T/g/000.txt"
ver=$("$BIN" --version | sed 's/^nianbao //')
[ -n "$ver" ] || fail "empty version"

# source and tool
"$BIN" convert "$a" > "$T/a.json" || fail "convert exit $?"
python3 - "$T/a.json" "$a" "$ver" <<'PY' || fail "source/tool of one record"
import hashlib, json, sys
r = json.load(open(sys.argv[1]))
assert list(r)[:3] == ["schema", "source", "tool"], list(r)[:3]
assert r["source"] == {"path": sys.argv[2], "sha256": hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest(),
                       "format": "text"}, r["source"]
assert r["tool"] == {"name": "nianbao", "version": sys.argv[3]}, r["tool"]
PY

# stdin: '-' and a pipe without FILE
"$BIN" convert - < "$a" | python3 -c 'import hashlib,json,sys; r=json.load(sys.stdin); assert r["source"]["path"] == "-" and r["applications"]
assert r["source"]["sha256"] == hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest(), r["source"]' "$a" \
    || fail "convert - from stdin (with the sha256 of its bytes)"
cat "$a" | "$BIN" convert --compact > "$T/pipe.json"
[ "$(wc -l < "$T/pipe.json")" = 1 ] || fail "--compact is not one line"
"$BIN" convert -c "$a" > "$T/short.json" || fail "convert -c exit $?"
[ "$(wc -l < "$T/short.json")" = 1 ] || fail "-c (as jq -c) is not one line"
"$BIN" convert -pc "$a" | python3 -c 'import json,sys; r=json.loads(sys.stdin.readline()); assert "provenance" in json.dumps(r) and sys.stdin.read() == ""' \
    || fail "-pc: provenance in one line"

# several inputs: NDJSON in the order given, a directory's files sorted, a failure reported
printf 'nothing here\n' > "$T/notes.txt"
"$BIN" convert "$T/g/002.txt" "$T/notes.txt" "$T/g" > "$T/many.ndjson" 2>"$T/many.err"
rc=$?
[ "$rc" = 7 ] || fail "several files with a failure: exit $rc, want 7"
grep -q "notes.txt: " "$T/many.err" || fail "no line for the failing file"
got=$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["source"]["path"].rsplit("/",1)[1] for l in open(sys.argv[1])))' "$T/many.ndjson")
[ "$got" = "002.txt 000.txt 001.txt 002.txt" ] || fail "NDJSON order: $got"

# -o atomic: written whole, nothing left beside it, not created when all fail
"$BIN" convert "$a" -o "$T/out.json" || fail "-o exit $?"
cmp -s "$T/out.json" "$T/a.json" || fail "-o differs from stdout"
"$BIN" convert "$T/notes.txt" -o "$T/none.json" 2>/dev/null
[ ! -e "$T/none.json" ] || fail "-o created a file for a failure"
# -o on what is not a regular file (a FIFO here; /dev/null as root) is written
# in place: a temporary file renamed over it would replace the device
mkfifo "$T/fifo"
timeout 30 cat "$T/fifo" > "$T/fifo.out" &
reader=$!
"$BIN" convert "$a" -o "$T/fifo" || fail "-o FIFO exit $?"
wait "$reader"
[ -p "$T/fifo" ] || fail "-o replaced the FIFO with a regular file"
cmp -s "$T/fifo.out" "$T/a.json" || fail "-o FIFO: the reader did not get the record"
[ -z "$(ls -A "$T" | grep '^\.')" ] || fail "temporary file left: $(ls -A "$T")"

# '--' ends the options: a file named like an option
cp "$a" "$T/-p"
(cd "$T" && "$BIN" convert -- -p > dash.json) || fail "convert -- -p"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source"]["path"])' "$T/dash.json")" = "-p" ] \
    || fail "-- did not end the options"

# option spellings, options after positionals
for j in -j2 "-j 2" --jobs=2; do
    rm -f "$T/j.db"
    "$BIN" batch "$T/g" -o "$T/j.db" $j -q
    rc=$?
    [ "$rc" = 0 ] || fail "batch $j: exit $rc"
done
"$BIN" convert "$a" --compact > /dev/null || fail "option after FILE"

# versions and help
for args in "-V" "--version" "version" "convert -V" "batch -V"; do
    [ "$("$BIN" $args)" = "nianbao $ver" ] || fail "'nianbao $args' does not print the version"
done
"$BIN" help help | grep -q "Commands:" || fail "help help"
for c in convert tables synth batch export merge eval; do
    "$BIN" help "$c" | grep -q "Exit codes" || fail "$c --help lists no exit codes"
    "$BIN" "$c" --help | grep -q "nianbao $c" || fail "$c usage line without the program name"
done

# negative limits
for opt in "--timeout -1" "--max-pages -3" "--max-bytes -10"; do
    "$BIN" convert $opt "$a" > /dev/null 2>"$T/neg.err"
    [ $? = 1 ] || fail "convert $opt: want exit 1"
    grep -q "must not be negative" "$T/neg.err" || fail "convert $opt: $(cat "$T/neg.err")"
done

# a GBK file name (bytes that are not UTF-8): escaped, never lost
gbk="$T/$(printf 'gbk-\xc4\xea.txt')"
cp "$a" "$gbk"
"$BIN" convert "$gbk" | python3 -c 'import json,sys; p=json.load(sys.stdin)["source"]["path"]; assert p.endswith("gbk-\\xC4\\xEA.txt"), p' \
    || fail "non-UTF-8 name in source.path"
mkdir "$T/gbkdir" && cp "$a" "$T/gbkdir/$(printf 'n\xb1\xa8.txt')"
"$BIN" batch "$T/gbkdir" -o "$T/gbk.db" -q || fail "batch of a non-UTF-8 name"
[ "$(sqlite3 "$T/gbk.db" "SELECT relpath FROM documents")" = 'n\xB1\xA8.txt' ] \
    || fail "relpath in the database: $(sqlite3 "$T/gbk.db" "SELECT relpath FROM documents")"
"$BIN" export "$T/gbk.db" | grep -q 'n\\xB1\\xA8.txt' || fail "escaped name not in the export"

finish
