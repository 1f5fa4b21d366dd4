#!/usr/bin/env bash
# tests/valgrind.sh [BUILD_DIR] — valgrind memcheck over the unit tests, the
# text and HTML golden tests and one scan: no memory error, nothing
# "definitely lost".
#
# BUILD_DIR (default build/) must be an ordinary build, not the sanitizer one
# (valgrind cannot run ASan binaries).  Inputs:
#   - every unit test executable (BUILD_DIR/tests/test_*);
#   - `nianbao convert` on every tests/golden/*/input.txt and input.html (with
#     the case's args.txt); when there are none yet, on the text and HTML
#     sources of the shared corpus (../shared/corpus) instead;
#   - one scan: a golden case whose input is an image, else a synthetic scan
#     (`nianbao synth --format scan`), else the smallest page image of the
#     shared corpus.  OCR under valgrind is slow: expect minutes.
# Output correctness is the golden tests' business; here only valgrind's
# verdict counts (its own exit code 99).  "Still reachable" and "possibly
# lost" blocks are ignored: GLib, fontconfig, poppler and Tesseract keep
# caches for the life of the process.  tests/valgrind.supp holds the few
# library reports that are not ours, each with its reason.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$src/$build ;; esac
shared=${NB_CORPUS_DIR:-$src/../shared/corpus}
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 1; }
[ -x "$build/nianbao" ] || { echo "valgrind.sh: no $build/nianbao (build first)" >&2; exit 1; }
if nm "$build/nianbao" 2>/dev/null | grep -q __asan_init; then
  echo "valgrind.sh: $build is a sanitizer build; give an ordinary build" >&2
  exit 1
fi

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
export G_SLICE=always-malloc G_DEBUG=gc-friendly # GLib: plain malloc, so leaks show
# --child-silent-after-fork: the batch pool forks workers that never exec and
# leave by _exit or a signal (test_batch crashes and hangs some on purpose);
# their reports would interleave with the parent's.  They are still checked:
# --error-exitcode applies to them too, and the pool records a worker that
# exits 99 as crashed, which fails test_batch.
vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
  --show-leak-kinds=definite --errors-for-leak-kinds=definite --child-silent-after-fork=yes
  --suppressions="$src/tests/valgrind.supp" --num-callers=40)
fails=0 runs=0

# run NAME CMD... — one program under memcheck; only exit 99 is a failure.
run() {
  local name=$1 log
  shift
  log=$logdir/$(echo "$name" | tr '/ ' '__').log
  runs=$((runs + 1))
  "${vg[@]}" --log-file="$log" "$@" >/dev/null 2>&1
  if [ $? -eq 99 ]; then
    echo "FAIL: $name" >&2
    grep -E '^==[0-9]+== ' "$log" | head -n 80 >&2
    fails=$((fails + 1))
  else
    echo "ok: $name ($(grep -Eo 'ERROR SUMMARY: [0-9]+ errors' "$log" | tail -n 1))"
  fi
}

# test_ocr, test_scan_unruled and test_scan_cell render and prepare whole
# synthetic scan pages: from several to tens of minutes under memcheck on two
# cores.  The OCR path is still covered below by one real page.
for t in "$build"/tests/test_*; do
  case "$(basename "$t")" in
    test_ocr | test_scan_unruled | test_scan_cell)
      echo "skip: unit $(basename "$t") (the scan below covers OCR)"
      continue ;;
  esac
  [ -x "$t" ] && run "unit $(basename "$t")" "$t"
done

convert_case() { # $1 = case dir, $2 = input
  local args=()
  [ -f "$1/args.txt" ] && read -r -a args <"$1/args.txt"
  [ ${#args[@]} -eq 0 ] && args=(convert)
  run "golden $(basename "$1")" "$build/nianbao" "${args[@]}" "$2"
}

ngolden=0
for d in "$src"/tests/golden/*/; do
  for f in "$d"input.txt "$d"input.html; do
    [ -f "$f" ] && convert_case "${d%/}" "$f" && ngolden=$((ngolden + 1))
  done
done
if [ "$ngolden" -eq 0 ] && [ -d "$shared" ]; then
  for f in "$shared"/*/source.txt "$shared"/*/source.html; do
    [ -f "$f" ] && run "corpus $(basename "$(dirname "$f")")" "$build/nianbao" convert "$f"
  done
fi

scan=
for f in "$src"/tests/golden/*/input.png "$src"/tests/golden/*/input.jpg; do
  [ -f "$f" ] && { scan=$f; break; }
done
# one page, not a whole multi-page synthetic scan: memcheck runs OCR ~50x slower
if [ -z "$scan" ] && [ -d "$shared" ]; then
  scan=$(ls -S "$shared"/*/source.png 2>/dev/null | tail -n 1)
fi
if [ -z "$scan" ] && "$build/nianbao" synth --format scan --seed 1 -o "$logdir/scan.tif" >/dev/null 2>&1; then
  scan=$logdir/scan.tif
fi
if [ -n "$scan" ]; then
  run "scan $(basename "$scan")" "$build/nianbao" convert "$scan"
else
  echo "FAIL: no scan to run (no golden image, no synth scan, no shared corpus)" >&2
  fails=$((fails + 1))
fi

if [ "$fails" -gt 0 ]; then
  echo "valgrind: $fails failure(s) in $runs runs (memory errors, definite leaks or no scan)" >&2
  exit 1
fi
echo "valgrind: $runs runs, no memory errors, nothing definitely lost"
