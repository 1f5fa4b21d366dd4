#!/usr/bin/env bash
# batch_resume.sh BINARY SOURCE_DIR — SIGKILL the batch parent while a worker
# is busy, rerun the same command: the final database equals an uninterrupted
# run's (timing columns aside), and the orphaned worker does not survive.
set -u
. "$(dirname "$0")/lib.bash"
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

mkdir -p "$T/in" "$T/gen"
if "$BIN" synth --format text --out-dir "$T/gen" --count 8 --seed 300 2>/dev/null; then
    for f in "$T"/gen/*.txt; do cp "$f" "$T/in/a-$(basename "$f")"; cp "$f" "$T/in/z-$(basename "$f")"; done
else
    for f in "$SRC"/../shared/corpus/*/source.txt; do
        [ -f "$f" ] || continue
        n=$(basename "$(dirname "$f")")
        cp "$f" "$T/in/a-$n.txt"; cp "$f" "$T/in/z-$n.txt"
    done
fi
before=$(find "$T/in" -name 'a-*' | wc -l)
if [ "$before" -lt 2 ]; then echo "SKIP: neither synth nor corpus text cases available"; exit 0; fi
cp "$(find "$T/in" -name 'a-*' | sort | head -1)" "$T/in/m-hang.txt"  # sorted between a-* and z-*
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n' > "$T/in/b-corrupt.pdf"  # a failure survives too
before=$((before + 1))

dump() {
    sqlite3 "$1" "SELECT path, relpath, sha256, size, format, template, agency, agency_key, year, status,
        error_class, error, n_values, n_checks, n_warnings, tool_version FROM documents ORDER BY path;
      SELECT d.path, f.key, f.value, f.raw, f.page, f.line, f.x0, f.y0, f.x1, f.y1, f.confidence, f.origin,
        f.flagged FROM fields f JOIN documents d ON d.id = f.document_id ORDER BY 1, 2;
      SELECT d.path, c.seq, c.rule, c.expected, c.found, c.message, c.paths FROM checks c
        JOIN documents d ON d.id = c.document_id ORDER BY 1, 2;
      SELECT d.path, w.seq, w.key, w.message FROM warnings w JOIN documents d ON d.id = w.document_id ORDER BY 1, 2;
      SELECT d.path, s.key, s.text FROM sections s JOIN documents d ON d.id = s.document_id ORDER BY 1, 2;"
}

# the reference: one uninterrupted run
"$BIN" batch "$T/in" -o "$T/ref.db" -j 2 -q
[ $? = 7 ] || fail "reference run: want exit 7 (b-corrupt fails)"

# the interrupted run: one worker at a time, stuck on m-hang.txt
NB_BATCH_TEST_HANG=m-hang "$BIN" batch "$T/in" -o "$T/out.db" -j 1 --timeout 600 -q &
pid=$!
n=0
for _ in $(seq 1 600); do   # a wait, not a timing assertion: up to 60 s for the first files
    n=$(sqlite3 "$T/out.db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge "$before" ] && break
    sleep 0.1
done
[ "${n:-0}" = "$before" ] || fail "before the kill: $n documents, want $before"
worker=$(pgrep -P "$pid" | head -1)
[ -n "$worker" ] || fail "no worker running on m-hang.txt"
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
for _ in $(seq 1 100); do [ -n "$worker" ] && kill -0 "$worker" 2>/dev/null || break; sleep 0.1; done
[ -n "$worker" ] && kill -0 "$worker" 2>/dev/null && fail "worker $worker outlived the killed batch"
[ "$(sqlite3 "$T/out.db" "SELECT count(*) FROM documents")" = "$before" ] || fail "documents lost by the kill"

# resume: the same command without the hang
"$BIN" batch "$T/in" -o "$T/out.db" -j 2 2>"$T/err"
rc=$?
[ "$rc" = 7 ] || fail "resume: exit $rc, want 7"
grep -q "skipped" "$T/err" || fail "resume printed no summary"
conv=$(sed -n 's/.*batch: \([0-9]*\) converted.*/\1/p' "$T/err")
total=$(find "$T/in" -type f | wc -l)
[ "$conv" = $((total - before)) ] || fail "resume converted $conv, want $((total - before)) (the rest only)"
dump "$T/ref.db" > "$T/ref.txt"
dump "$T/out.db" > "$T/out.txt"
[ -s "$T/ref.txt" ] || fail "empty reference dump"
cmp -s "$T/ref.txt" "$T/out.txt" || fail "resumed database differs: $(diff "$T/ref.txt" "$T/out.txt" | head -5)"

finish
