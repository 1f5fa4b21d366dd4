#!/usr/bin/env bash
# tests/cli/regress.sh BINARY SOURCE_DIR — every input that once broke
# nianbao (tests/regress/<target>/*, see tests/regress/README.md) now gives,
# through `nianbao convert`, a JSON record (exit 0) or one stderr line naming
# the file with a documented error code (2-5), within `timeout 60`.
#
# (tests/unit/test_regress_fuzz.c replays the same files through the fuzz
# target that found them; this test covers the CLI path: sniffing, limits,
# exit codes.)
set -uo pipefail
bin=${1:?usage: regress.sh BINARY SOURCE_DIR}
src=${2:?usage: regress.sh BINARY SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 n=0

for f in "$src"/tests/regress/*/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  timeout 60 "$bin" convert "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  case $rc in
    0)
      python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null || {
        echo "FAIL: $f: exit 0 without a JSON record" >&2
        fails=$((fails + 1))
      }
      ;;
    2 | 3 | 4 | 5)
      if [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -q "^nianbao: $f: ." "$tmp/err"; then
        echo "FAIL: $f: exit $rc without exactly one error line naming the file:" >&2
        head -c 500 "$tmp/err" >&2
        fails=$((fails + 1))
      fi
      ;;
    *)
      echo "FAIL: $f: exit $rc (crash, timeout or internal error):" >&2
      head -c 2000 "$tmp/err" >&2
      fails=$((fails + 1))
      ;;
  esac
done

if [ "$n" -eq 0 ]; then
  echo "FAIL: no regression inputs under $src/tests/regress" >&2
  exit 1
fi
if [ "$fails" -gt 0 ]; then
  echo "$fails of $n regression inputs failed" >&2
  exit 1
fi
echo "$n regression inputs handled"
