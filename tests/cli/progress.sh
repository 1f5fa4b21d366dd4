#!/usr/bin/env bash
# progress.sh BINARY SOURCE_DIR — page progress of a long convert/tables:
# with --progress and stderr not a terminal, plain lines naming the file
# ("nianbao: FILE: page 1/N" ... "page N/N"), the output unchanged; without
# it nothing; on a terminal one line redrawn and erased at the end, so that
# only error lines stay.
set -u
. "$(dirname "$0")/lib.bash"
"$BIN" synth --format pdf --template 2021 --seed 21 -o "$T/r.pdf" 2>/dev/null \
    || { echo "SKIP: synth pdf not available"; exit 77; }
# the page count, from the first progress line
n=$("$BIN" convert --progress "$T/r.pdf" 2>&1 >/dev/null | sed -n '1s|.*: page 1/\([0-9]*\)$|\1|p')
[ "${n:-0}" -ge 2 ] || fail "no 'page 1/N' line, or one page (N='$n')"
"$BIN" convert "$T/r.pdf" > "$T/plain.json" 2> "$T/plain.err" || fail "convert exit $?"
[ ! -s "$T/plain.err" ] || fail "progress without --progress on a pipe: $(head -2 "$T/plain.err")"
for cmd in convert tables; do
    "$BIN" $cmd --progress "$T/r.pdf" > "$T/p.out" 2> "$T/p.err" || fail "$cmd --progress exit $?"
    grep -qx "nianbao: $T/r.pdf: page 1/$n" "$T/p.err" || fail "$cmd --progress: no first page line"
    grep -qx "nianbao: $T/r.pdf: page $n/$n" "$T/p.err" || fail "$cmd --progress: no last page line"
    [ "$(grep -vc ': page [0-9]*/[0-9]*$' "$T/p.err")" = 0 ] || fail "$cmd --progress: other lines"
done
"$BIN" convert --progress "$T/r.pdf" 2>/dev/null | cmp -s - "$T/plain.json" || fail "--progress changed the record"
# a terminal: the line is redrawn (\r) and erased at the end
if command -v script > /dev/null; then
    script -qec "'$BIN' convert '$T/r.pdf' > '$T/tty.json'" /dev/null > "$T/tty.log" 2>&1
    cmp -s "$T/tty.json" "$T/plain.json" || fail "terminal: record differs"
    python3 - "$T/tty.log" "$n" <<'PY' || fail "terminal progress"
import sys
s = open(sys.argv[1], "rb").read().decode()
n = sys.argv[2]
assert f"page 1/{n}" in s and f"page {n}/{n}" in s, repr(s[:200])
assert s.rstrip("\r\n").endswith("\r\x1b[K"), repr(s[-40:])
PY
fi
finish
