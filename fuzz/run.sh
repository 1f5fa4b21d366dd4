#!/usr/bin/env bash
# fuzz/run.sh SECONDS [HARNESS...] — build the libFuzzer harnesses and run each
# for SECONDS seconds, one after the other, under nice.
#
#   bash fuzz/run.sh 600                 # every fuzz/fuzz_*.c, 10 minutes each
#   bash fuzz/run.sh 60 text mapper      # just these two, one minute each
#
# Builds with clang -fsanitize=fuzzer,address,undefined into $NB_FUZZ_BUILD
# (default build-fuzz/).  Seed corpora are generated at run time, never
# committed: small handmade inputs written below, `nianbao synth` documents,
# the project's samples/ and, when present, the shared corpus beside the
# repository (read in place, copied only into the build directory).
# libFuzzer's growing corpus is kept in build-fuzz/corpus/<harness>/ between
# runs; crashers land in build-fuzz/artifacts/<harness>/.  Each finding,
# once fixed, becomes a file in tests/regress/<harness>/, minimised with
#   build-fuzz/obj/fuzz/fuzz_<harness> -minimize_crash=1 -max_total_time=60 \
#     -exact_artifact_path=tests/regress/<harness>/<what-broke> CRASH_FILE
# and replayed by tests/unit/test_regress_fuzz.c and tests/cli/regress.sh.
#
# NB_FUZZ_NICE (default 19) is the harness's nice level: at 19, on a machine
# whose other jobs run at 0, a harness gets a few percent of a core.
#
# NB_FUZZ_KEEP_GOING=1 runs libFuzzer in fork mode (-fork=1
# -ignore_crashes=1): a finding is saved and the run goes on for its whole
# time, so that one known, not yet fixed bug (say, in a module someone else
# is changing) does not end every run of every harness that reaches it.  The
# summary then lists every artifact the run wrote.
#
# Exit status: 0 when every harness ran its time without a finding, 1 after a
# finding, 2 when the harnesses do not build.
set -euo pipefail

secs=${1:?usage: fuzz/run.sh SECONDS [HARNESS...]}
shift
src=$(cd "$(dirname "$0")/.." && pwd)
build=${NB_FUZZ_BUILD:-$src/build-fuzz}
shared=${NB_CORPUS_DIR:-$src/../shared/corpus}
if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in "$src"/fuzz/fuzz_*.c; do # the harnesses of the working tree
    n=$(basename "$f" .c)
    harnesses+=("${n#fuzz_}")
  done
fi

# Copies only the files that changed from $1 to $2 and deletes what $1 does
# not have, so that make rebuilds only what a commit touched.
sync_tree() {
  local f
  mkdir -p "$2"
  (cd "$1" && find . -type f) | while IFS= read -r f; do
    if ! cmp -s "$1/$f" "$2/$f"; then
      mkdir -p "$(dirname "$2/$f")"
      cp "$1/$f" "$2/$f"
    fi
  done
  (cd "$2" && find . -type f) | while IFS= read -r f; do
    [ -e "$1/$f" ] || rm -f "$2/$f"
  done
}

# What gets fuzzed is the last commit, exported to $build/src: the working
# tree is shared with other engineers' half-written files, which must neither
# break the build nor be blamed for findings.  NB_FUZZ_WORKTREE=1 fuzzes the
# working tree instead (to check a fix before committing it).
tree=$src
obj=$build/obj-worktree
if [ "${NB_FUZZ_WORKTREE:-0}" != 1 ] && git -C "$src" rev-parse --verify -q HEAD >/dev/null; then
  tree=$build/src
  obj=$build/obj
  snap=$(mktemp -d)
  git -C "$src" archive HEAD | tar -x -C "$snap"
  sync_tree "$snap" "$tree"
  rm -rf "$snap"
  echo "run.sh: fuzzing commit $(git -C "$src" rev-parse --short HEAD)" >&2
fi

targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
mkdir -p "$build"
blog=$build/build.log
if ! { CC=${CC:-clang} nice -n 19 cmake -S "$tree" -B "$obj" -DNB_FUZZ=ON \
         -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
       nice -n 19 cmake --build "$obj" -j2 --target "${targets[@]}"; } >"$blog" 2>&1; then
  tail -n 30 "$blog" >&2
  echo "run.sh: the harnesses do not build (log: $blog)" >&2
  exit 2
fi
# The CLI only makes seeds (synth, tables); the harnesses do not need it.
nb=$obj/nianbao
if ! nice -n 19 cmake --build "$obj" -j2 --target nianbao >>"$blog" 2>&1; then
  echo "run.sh: nianbao does not build; seeds without synth/tables output" >&2
  nb=false
fi

# --- seed corpora --------------------------------------------------------
# Each seeds_<harness> function fills directory $1.

add_seed() { # $1 = dir, $2 = file: copied under a name unique per source folder
  cp "$2" "$1/$(basename "$(dirname "$2")")-$(basename "$2")"
}

shared_sources() { # $1 = glob of source files in the shared corpus
  [ -d "$shared" ] || return 0
  for f in "$shared"/*/$1; do [ -f "$f" ] && echo "$f"; done
  return 0
}

synth_docs() { # $1 = dir, $2 = synth --format
  local t s
  for t in 2019 2021; do
    for s in 1 2 3; do
      "$nb" synth --format "$2" --template "$t" --seed "$s" --mangle \
        -o "$1/synth-$2-$t-$s" >/dev/null 2>&1 || true
    done
  done
}

seeds_text() {
  printf '' >"$1/empty"
  printf '政府信息公开工作年度报告\n' >"$1/title"
  printf '|\n（一）行政许可 |\n12 |\n|||\n3 |\n|\n合计 |\n15 |\n' >"$1/flat"
  printf '收到和处理政府信息公开申请情况\t自然人\t1\t2\n本年新收\t3\t4\t5\n' >"$1/tabs"
  printf '本年新收政府信息公开申请数量 1 2 3 4 5 6 7\n' >"$1/spaced"
  printf '\xef\xbb\xbf\xd5\xfe\xb8\xae|a|b|\r\n\xff\xfe' >"$1/mixed"
  for f in $(shared_sources 'source.txt') "$src"/samples/*.txt; do
    [ -f "$f" ] && add_seed "$1" "$f"
  done
  synth_docs "$1" text
}

seeds_mapper() { # the `tables` TSV of every text seed, plus its text lines
  local tmp f
  tmp=$(mktemp -d)
  seeds_text "$tmp"
  for f in "$tmp"/*; do
    {
      grep -v '|' "$f" 2>/dev/null | head -n 40 | sed 's/^/>/' || true
      "$nb" tables --format tsv "$f" 2>/dev/null || true
    } >"$1/$(basename "$f").map"
    cp "$f" "$1/$(basename "$f").raw" # '|' rows are rows here too
  done
  rm -rf "$tmp"
  printf '# t\n^21一、总体情况\t^12收到\n\t自然人\t法人\n本年新收\t1\t2\n!warn\n>2020年度\n' \
    >"$1/spans"
}

seeds_html() {
  printf '<html><head><meta charset="gbk"><title>t</title></head><body><table><tr><td rowspan="2">a</td><td colspan="3">1</td></tr></table></body></html>' >"$1/tiny"
  printf '<table><tr><td rowspan="99999999" colspan="99999999">x</td></tr></table>' >"$1/huge-span"
  printf '<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>' >"$1/nested"
  for f in $(shared_sources 'source.html') "$src"/samples/*.html; do
    [ -f "$f" ] && add_seed "$1" "$f"
  done
  synth_docs "$1" html
}

seeds_pdf() {
  printf '%%PDF-1.7\n%%junk' >"$1/truncated"
  # a minimal one-page PDF with a text object (the xref is wrong on purpose:
  # poppler reconstructs it, which is part of what gets fuzzed)
  printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 10 100 Td (2021 1 2 3) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$1/minimal"
  printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 1000000>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$1/million-pages"
  for f in $(shared_sources 'source.pdf') "$src"/samples/*.pdf; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 1000000 ] && add_seed "$1" "$f"
  done
  # the runaway PDFs of tests/cli/hostile.sh (Type 3 glyph drawing itself,
  # 3 million nested q, 30000² / 100000² / 60000² images, huge fonts), made by
  # its own generator, so that the pdf harness renders them under its memory
  # limit (libFuzzer's -rss_limit_mb and -malloc_limit_mb)
  local gen
  gen=$(mktemp -d)
  sed -n '/^# -- PDFs that ask the renderer/,/^EOF$/p' "$src/tests/cli/hostile.sh" | sed '1,2d;$d' |
    python3 - "$gen" 2>/dev/null
  for f in "$gen"/*.pdf; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 1000000 ] && cp "$f" "$1/hostile-$(basename "$f" .pdf)"
  done
  rm -rf "$gen"
  synth_docs "$1" pdf
}

seeds_image() {
  # PNG signature + IHDR claiming 100000 x 100000 (no valid data)
  printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x00\x00\x00\x00\x00\x00\x00\x00' >"$1/huge-png"
  printf 'P5\n4 4\n255\n0123456789abcdef' >"$1/pgm"
  printf 'P1\n3 2\n0 1 0\n1 0 1\n' >"$1/pbm"
  printf 'BM' >"$1/bmp-stub"
  printf 'II*\x00\x08\x00\x00\x00' >"$1/tiff-stub"
  for f in "$src"/samples/*.png "$src"/samples/*.jpg; do
    [ -f "$f" ] && add_seed "$1" "$f"
  done
  # one scan per template: each is a whole page rendered and degraded, which
  # takes half a minute under ASan, and the other four add no new code
  "$nb" synth --format scan --template 2019 --seed 1 -o "$1/synth-scan-2019" >/dev/null 2>&1 || true
  "$nb" synth --format scan --template 2021 --seed 2 --mangle -o "$1/synth-scan-2021" >/dev/null 2>&1 || true
  return 0
}

seeds_docx() {
  printf 'PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00' >"$1/empty-zip"
  synth_docs "$1" docx
  # deflated parts are opaque to the mutator: stored (uncompressed) copies
  # let it reach the XML
  local f
  if command -v python3 >/dev/null; then
    for f in "$1"/synth-docx-*; do
      python3 -c 'import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_STORED) as out:
    for n in src.namelist():
        out.writestr(n, src.read(n))' "$f" "$f-stored" 2>/dev/null || true
    done
  fi
}

seeds_ofd() {
  synth_docs "$1" ofd
  local f
  for f in "$1"/synth-ofd-*; do # stored copies: the mutator reaches the XML
    python3 -c 'import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_STORED) as out:
    for n in src.namelist():
        out.writestr(n, src.read(n))' "$f" "$f-stored" 2>/dev/null || true
  done
}

seeds_doc() { # Word 97 files LibreOffice makes from synthetic DOCX (skipped without it)
  local tmp
  command -v soffice >/dev/null || return 0
  tmp=$(mktemp -d)
  synth_docs "$tmp" docx
  for f in "$tmp"/synth-docx-*; do mv "$f" "$f.docx"; done
  timeout 600 soffice --headless "-env:UserInstallation=file://$tmp/profile" --convert-to doc \
    --outdir "$1" "$tmp"/*.docx >/dev/null 2>&1 || true
  rm -rf "$tmp"
}

seeds_glued() {
  printf '收到申请数量21710000218\n' >"$1/row"
  for f in $(shared_sources 'source.txt'); do
    add_seed "$1" "$f"
  done
  synth_docs "$1" glued
}

# Largest input per harness: big enough for a report's tables (a whole text
# report is 5-17 KB, its tables 2-8 KB; an HTML page with its site chrome
# 30-200 KB, whose start is read), small enough that an execution stays well
# under a second.  With 64 KB for text, a corpus of 17 KB inputs made every
# run cost 0.2-3 s under ASan.  PDFs and images are taken whole (a truncated
# PDF is mostly a reconstruction test).
max_len() {
  case $1 in
    pdf | image) echo 1000000 ;;
    html) echo 65536 ;;
    docx | doc | ofd) echo 262144 ;;
    *) echo 16384 ;;
  esac
}

# Wall-clock seconds one input may take.  Rendering a PDF page or reading a
# scan is one library call that cannot poll the harness's time limit; under
# ASan a heavy but honest page takes seconds of CPU.  And on a shared machine
# a niced harness may get a few percent of a core: a text input of 1 CPU s
# then takes 30 s of wall clock.  A real hang still shows.
unit_timeout() {
  case $1 in
    pdf | image) echo 300 ;;
    *) echo 120 ;;
  esac
}

# ASan options of a harness.  fast_unwind_on_malloc=0 records the whole
# stack of every allocation (DWARF unwinding through the C++ libraries, which
# have no frame pointers): lsan.supp can then match tesseract's leak, whose
# frames are all inside libtesseract.  It made every run 6x slower (a 17 KB
# glued input: 1.0 s instead of 0.17 s), so only the image harness, the one
# that runs tesseract, pays for it; fuzz_pdf does not OCR (nb_fuzz_pdf_limits)
# and fontconfig's cache is matched on its first frame.
asan_options() {
  local o=detect_leaks=1:allocator_may_return_null=1:intercept_strstr=0
  case $1 in
    image) echo "$o:fast_unwind_on_malloc=0" ;;
    *) echo "$o" ;;
  esac
}

# --- runs ----------------------------------------------------------------
status=0
summary=()
for h in "${harnesses[@]}"; do
  bin=$obj/fuzz/fuzz_$h
  [ -x "$bin" ] || { echo "run.sh: no harness fuzz_$h" >&2; status=1; continue; }
  seeds=$build/seeds/$h
  rm -rf "$seeds"
  mkdir -p "$seeds" "$build/corpus/$h" "$build/artifacts/$h"
  if declare -F "seeds_$h" >/dev/null; then "seeds_$h" "$seeds"; fi
  log=$build/fuzz-$h.log
  echo "== fuzz_$h for ${secs}s ($(ls "$seeds" | wc -l) seeds), log $log" >&2
  rc=0
  t0=$(date +%s)
  stamp=$build/artifacts/$h/.started
  touch "$stamp"
  mode=()
  [ "${NB_FUZZ_KEEP_GOING:-0}" = 1 ] && mode=(-fork=1 -ignore_crashes=1)
  # CPU seconds the harness got: on a shared machine under nice, wall-clock
  # seconds say little about how much fuzzing was done.
  timer=
  rm -f "$log.cpu"
  [ -x /usr/bin/time ] && timer="/usr/bin/time -f %U+%S -o $log.cpu"
  # -timeout: see unit_timeout (the harness limits say 20 s between pages);
  # -rss_limit_mb / -malloc_limit_mb: any bigger allocation is a finding.
  # intercept_strstr=0: ASan's strstr wrapper measures the whole haystack on
  # every call, which makes g_strsplit quadratic (a 200 KB page took seconds).
  # fast_unwind_on_malloc: see asan_options.
  ASAN_OPTIONS=$(asan_options "$h") \
  LSAN_OPTIONS=suppressions=$src/fuzz/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n "${NB_FUZZ_NICE:-19}" $timer "$bin" -max_total_time="$secs" -timeout="$(unit_timeout "$h")" -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -max_len="$(max_len "$h")" -print_final_stats=1 \
    "${mode[@]}" -artifact_prefix="$build/artifacts/$h/" "$build/corpus/$h" "$seeds" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # fork mode prints no final stats; its progress lines start "#EXECS:"
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\): .*/\1/p' "$log" | tail -n 1)
  # slow-unit-* are the slowest inputs (over 10 s of wall clock), kept for a
  # look but not findings: -timeout decides what is too slow
  found=$(find "$build/artifacts/$h" -type f -newer "$stamp" ! -name .started ! -name 'slow-unit-*' -printf '%f ' 2>/dev/null)
  slow=$(find "$build/artifacts/$h" -type f -newer "$stamp" -name 'slow-unit-*' | wc -l)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true) # none if the seeds crash
  took=$(($(date +%s) - t0))
  cpu=$( (tail -n 1 "$log.cpu" 2>/dev/null || echo 0) | awk -F+ '{printf "%d", $1 + $2}')
  line="fuzz_$h: ${took}s, ${execs:-?} executions ($((${execs:-0} / (took > 0 ? took : 1)))/s), ${cpu:-?} CPU s ($((${execs:-0} / (${cpu:-0} > 0 ? ${cpu:-0} : 1)))/CPU s), ${cov:-no coverage line}, exit $rc"
  [ "$slow" -gt 0 ] && line="$line, $slow slow unit(s) kept"
  if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    line="$line — FINDING: ${found:-$(ls -t "$build/artifacts/$h" | head -n 1 || true)}"
    status=1
  fi
  summary+=("$line")
  echo "$line" >&2
done
printf '%s\n' "${summary[@]}"
exit $status
