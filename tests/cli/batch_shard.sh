#!/usr/bin/env bash
# batch_shard.sh BINARY SOURCE_DIR — --shard 1/3, 2/3, 3/3 partition the inputs,
# and merging the three databases equals one run over everything.
set -u
. "$(dirname "$0")/lib.bash"

mkdir -p "$T/in/x" "$T/in/y" "$T/gen"
if "$BIN" synth --format text --out-dir "$T/gen" --count 9 --seed 500 2>/dev/null; then
    for f in "$T"/gen/*.txt; do cp "$f" "$T/in/x/$(basename "$f")"; cp "$f" "$T/in/y/$(basename "$f")"; done
else
    for f in "$SRC"/../shared/corpus/*/source.txt; do
        [ -f "$f" ] || continue
        n=$(basename "$(dirname "$f")")
        cp "$f" "$T/in/x/$n.txt"; cp "$f" "$T/in/y/$n.txt"
    done
fi
total=$(find "$T/in" -type f | wc -l)
if [ "$total" -lt 6 ]; then echo "SKIP: neither synth nor corpus text cases available"; exit 0; fi
: > "$T/in/y/empty.txt"
total=$((total + 1))

dump() {
    sqlite3 "$1" "SELECT path, relpath, sha256, size, format, template, agency, year, status, error_class,
        error, n_values, n_checks, n_warnings FROM documents ORDER BY path;
      SELECT d.path, f.key, f.value, f.raw, f.page, f.line, f.confidence, f.origin, f.flagged
        FROM fields f JOIN documents d ON d.id = f.document_id ORDER BY 1, 2;
      SELECT d.path, c.seq, c.rule, c.message FROM checks c JOIN documents d ON d.id = c.document_id ORDER BY 1, 2;
      SELECT d.path, w.seq, w.path, w.message FROM warnings w JOIN documents d ON d.id = w.document_id ORDER BY 1, 2;
      SELECT d.path, s.key, s.text FROM sections s JOIN documents d ON d.id = s.document_id ORDER BY 1, 2;"
}

"$BIN" batch "$T/in" -o "$T/all.db" -j 2 -q
sum=0
for i in 1 2 3; do
    "$BIN" batch "$T/in" --shard $i/3 -o "$T/part$i.db" -j 2 -q
    n=$(sqlite3 "$T/part$i.db" "SELECT count(*) FROM documents")
    sum=$((sum + n))
done
[ "$sum" = "$total" ] || fail "shards hold $sum documents, want $total"
# the same relative path lands in the same shard whatever the root is called
cp -r "$T/in" "$T/moved"
"$BIN" batch "$T/moved" --shard 2/3 -o "$T/moved2.db" -q
a=$(sqlite3 "$T/part2.db" "SELECT relpath FROM documents ORDER BY relpath")
b=$(sqlite3 "$T/moved2.db" "SELECT relpath FROM documents ORDER BY relpath")
[ "$a" = "$b" ] || fail "shard 2/3 depends on the root path"

"$BIN" merge "$T/part1.db" "$T/part2.db" "$T/part3.db" -o "$T/merged.db" 2>"$T/err"
[ $? = 0 ] || fail "merge failed: $(cat "$T/err")"
grep -q "rule 5" "$T/err" || fail "merge printed no rule-5 summary"
dump "$T/all.db" > "$T/all.txt"
dump "$T/merged.db" > "$T/merged.txt"
cmp -s "$T/all.txt" "$T/merged.txt" || fail "merged differs from one run: $(diff "$T/all.txt" "$T/merged.txt" | head -5)"
# merging again adds nothing
"$BIN" merge "$T/part2.db" -o "$T/merged.db" -q
dump "$T/merged.db" > "$T/merged2.txt"
cmp -s "$T/merged.txt" "$T/merged2.txt" || fail "a second merge changed the database"
"$BIN" merge "$T/nope.db" -o "$T/merged.db" -q 2>/dev/null
[ $? = 2 ] || fail "merging a missing file: want exit 2"
[ ! -e "$T/nope.db" ] || fail "merge created its missing input"
printf 'SQLite format 3\0garbage' > "$T/bad.db"
"$BIN" merge "$T/bad.db" -o "$T/merged.db" -q 2>/dev/null
[ $? = 2 ] || fail "merging a non-batch file: want exit 2"
"$BIN" export "$T/merged.db" --format csv > "$T/w.csv" || fail "export of the merged database"
[ "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1])))) - 1)' "$T/w.csv")" = "$total" ] \
    || fail "wide export of the merge"

finish
