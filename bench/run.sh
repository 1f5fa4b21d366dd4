#!/usr/bin/env bash
# bench/run.sh — how fast is `nianbao convert`, against what reading the same
# file costs with the standard tools, and what does `nianbao batch` add?
#
# usage: bench/run.sh [-b BINARY] [-r REPEAT] [-j JOBS] [-x REGEX] [DIR...]
#
#   DIR      folders to take files from, recursively (default: the corpus
#            ../shared/corpus, only its source.* files, and the reports of
#            samples/, without their .json records)
#   -b       the nianbao binary (default: build-batch/nianbao, then build/nianbao)
#   -r       runs per file; the fastest counts (default 3)
#   -j       workers for the parallel batch measurement (default: cores)
#   -x       skip files whose path matches REGEX (e.g. -x scan to leave out OCR)
#
# For every file it prints the time of `nianbao convert FILE` and of a
# reference reader of the same kind, and their ratio:
#   PDF    pdftotext FILE -          (text layer; a scan's reference is the same
#                                     call, so scans show what OCR costs on top)
#   HTML   xmllint --html --noout    (parsing the page)
#   image  tesseract FILE - -l chi_sim (one whole-page OCR pass)
#   text   cat FILE
# Then per kind and in total, and finally the batch figures:
#   batch -j 1 over all files   vs   the sum of the convert runs above
#   (overhead of hashing, forking workers and writing SQLite, per file)
#   batch -j JOBS               files per second.
# Speed is measured here, never asserted by the tests.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bin=
repeat=3
jobs=$(nproc 2>/dev/null || echo 2)
skip=
while getopts "b:r:j:x:h" o; do
    case $o in
    b) bin=$OPTARG ;;
    r) repeat=$OPTARG ;;
    j) jobs=$OPTARG ;;
    x) skip=$OPTARG ;;
    *) sed -n '2,27p' "$0"; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
if [ -z "$bin" ]; then
    for b in "$here/build-batch/nianbao" "$here/build/nianbao"; do [ -x "$b" ] && bin=$b && break; done
fi
[ -x "${bin:-}" ] || { echo "bench: no nianbao binary (use -b)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
list=$tmp/files
if [ $# -gt 0 ]; then
    for d in "$@"; do find "$d" -type f ! -name '.*'; done | sort > "$list"
else
    { find "$here/../shared/corpus" -type f -name 'source.*' 2>/dev/null
      # samples/ keeps each report's expected record (.json) and a README beside it
      find "$here/samples" -type f ! -name '.*' ! -name '*.json' ! -name '*.md' 2>/dev/null; } | sort > "$list"
fi
[ -n "$skip" ] && { grep -Ev -- "$skip" "$list" > "$list.k"; mv "$list.k" "$list"; }
[ -s "$list" ] || { echo "bench: no input files" >&2; exit 2; }

kind_of() {
    case $(head -c 512 "$1" | file -b --mime-type -) in
    application/pdf) echo pdf ;;
    text/html | text/xml) echo html ;;
    image/*) echo image ;;
    *) if head -c 2048 "$1" | grep -qi '<html\|<table\|<!doctype'; then echo html; else echo text; fi ;;
    esac
}

reference() { # KIND FILE
    case $1 in
    pdf) pdftotext "$2" - ;;
    html) xmllint --html --noout "$2" 2>/dev/null ;;
    image) tesseract "$2" - -l chi_sim 2>/dev/null ;;
    *) cat "$2" ;;
    esac
}

# fastest of $repeat runs of "$@", in seconds (stdout and stderr discarded)
best_time() {
    local best= t0 t
    for _ in $(seq 1 "$repeat"); do
        t0=$EPOCHREALTIME
        "$@" > /dev/null 2>&1
        t=$(echo "$EPOCHREALTIME - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%.4f' "$best"
}

echo "binary: $bin ($("$bin" --version))   runs per file: $repeat (fastest counts)"
printf '%-58s %-6s %9s %9s %8s\n' file kind convert reference ratio
declare -A conv_sum ref_sum count
total_conv=0
while IFS= read -r f; do
    k=$(kind_of "$f")
    c=$(best_time "$bin" convert "$f")
    r=$(best_time reference "$k" "$f")
    ratio=$(echo "$c / ($r + 0.00001)" | bc -l)
    name=${f#"$here/../shared/corpus/"}
    name=${name#"$here/"}
    [ ${#name} -gt 58 ] && name=…${name: -57}
    printf '%-58s %-6s %8.3fs %8.3fs %7.1fx\n' "$name" "$k" "$c" "$r" "$ratio"
    conv_sum[$k]=$(echo "${conv_sum[$k]:-0} + $c" | bc -l)
    ref_sum[$k]=$(echo "${ref_sum[$k]:-0} + $r" | bc -l)
    count[$k]=$(( ${count[$k]:-0} + 1 ))
    total_conv=$(echo "$total_conv + $c" | bc -l)
done < "$list"

echo
printf '%-6s %5s %10s %10s %8s %10s\n' kind files convert reference ratio files/s
for k in "${!count[@]}"; do
    printf '%-6s %5d %9.3fs %9.3fs %7.1fx %10.2f\n' "$k" "${count[$k]}" "${conv_sum[$k]}" "${ref_sum[$k]}" \
        "$(echo "${conv_sum[$k]} / (${ref_sum[$k]} + 0.00001)" | bc -l)" \
        "$(echo "${count[$k]} / (${conv_sum[$k]} + 0.00001)" | bc -l)"
done
n=$(wc -l < "$list")

t0=$EPOCHREALTIME
"$bin" batch "$list" -o "$tmp/one.db" -j 1 -q
t1=$(echo "$EPOCHREALTIME - $t0" | bc -l)
t0=$EPOCHREALTIME
"$bin" batch "$list" -o "$tmp/par.db" -j "$jobs" -q
tj=$(echo "$EPOCHREALTIME - $t0" | bc -l)
echo
printf 'convert, one process per file: %d files in %.2fs (%.2f files/s)\n' "$n" "$total_conv" \
    "$(echo "$n / $total_conv" | bc -l)"
printf 'batch -j 1:                    %d files in %.2fs (%.2f files/s), overhead %+.1f%% (%+.3fs per file)\n' \
    "$n" "$t1" "$(echo "$n / $t1" | bc -l)" "$(echo "100 * ($t1 - $total_conv) / $total_conv" | bc -l)" \
    "$(echo "($t1 - $total_conv) / $n" | bc -l)"
printf 'batch -j %-3d                   %d files in %.2fs (%.2f files/s)\n' "$jobs" "$n" "$tj" \
    "$(echo "$n / $tj" | bc -l)"
