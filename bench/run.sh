#!/usr/bin/env bash
# bench/run.sh — how fast is `nianbao convert`, against what reading the same
# file costs with the standard tools, and what does `nianbao batch` add?
#
# usage: bench/run.sh [-b BINARY] [-r REPEAT] [-j JOBS] [-x REGEX] [DIR...]
#        bench/run.sh -S [-b BINARY] [PAGE_IMAGE|SCANNED_PDF...]
#        bench/run.sh -P [-b BINARY] [-n SEEDS] [-L PAGES]
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
#
# -S  scans, page by page, on one core (OMP_THREAD_LIMIT=1): CPU seconds
#     (user + system) and peak RSS of `nianbao convert PAGE` against
#     `tesseract PAGE - -l chi_sim` (one whole-page OCR pass) on the same page
#     image in the same run.  Pages: the scanned PDFs of the corpus rendered
#     at 300 dpi (pdftoppm -gray), the corpus page images and the golden
#     synthetic scan pages (tests/golden/scan-*/input.png), or the files
#     given.  A table page is one from which nianbao reads values.  A blank
#     A4 page at 300 dpi gives the fixed cost of a run (process start, the
#     two Tesseract models loaded), shown apart and subtracted in the
#     "net" column.
# -P  text PDFs on one core: CPU seconds (user + system, best of -r runs)
#     and peak RSS of `nianbao convert`, `nianbao tables` and
#     `pdftotext -layout` per file, and their ratios, for three sets: the
#     corpus text PDFs, SEEDS synthetic PDFs per template (default 5) and one
#     long report of PAGES pages (default 1000, bench/longpdf.sh; 0 skips).
#     CPU time does not depend on the machine's load as wall time does.
# Speed is measured here, never asserted by the tests.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bin=
repeat=3
jobs=$(nproc 2>/dev/null || echo 2)
skip=
scan_mode=0
pdf_mode=0
seeds=5
long_pages=1000
while getopts "b:r:j:x:n:L:SPh" o; do
    case $o in
    b) bin=$OPTARG ;;
    r) repeat=$OPTARG ;;
    j) jobs=$OPTARG ;;
    x) skip=$OPTARG ;;
    S) scan_mode=1 ;;
    P) pdf_mode=1 ;;
    n) seeds=$OPTARG ;;
    L) long_pages=$OPTARG ;;
    *) sed -n '2,45p' "$0"; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
if [ -z "$bin" ]; then
    for b in "$here/build-batch/nianbao" "$here/build/nianbao"; do [ -x "$b" ] && bin=$b && break; done
fi
[ -x "${bin:-}" ] || { echo "bench: no nianbao binary (use -b)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# cpu_rss CMD... — "CPU_SECONDS PEAK_RSS_KB" of one run, one core
cpu_rss() {
    OMP_THREAD_LIMIT=1 /usr/bin/time -f "%U %S %M" -o "$tmp/time" "$@" > "$tmp/cpu_out" 2>/dev/null
    awk 'END { printf "%.2f %d", $1 + $2, $3 }' "$tmp/time"
}

scan_bench() {
    local pages=() f i=0
    if [ $# -gt 0 ]; then
        for f in "$@"; do
            case $(head -c 4 "$f") in
            %PDF) pdftoppm -r 300 -gray -png "$f" "$tmp/p$i"; i=$((i + 1)) ;;
            *) pages+=("$f") ;;
            esac
        done
    else
        for f in "$here"/../shared/corpus/*scan-pdf/source.pdf; do
            [ -f "$f" ] || continue
            pdftoppm -r 300 -gray -png "$f" "$tmp/$(basename "$(dirname "$f")")"
        done
        for f in "$here"/../shared/corpus/*-png/source.png "$here"/tests/golden/scan-*/input.png; do
            [ -f "$f" ] && pages+=("$f")
        done
    fi
    for f in "$tmp"/*.png; do [ -f "$f" ] && pages+=("$f"); done
    [ ${#pages[@]} -gt 0 ] || { echo "bench: no scan pages" >&2; exit 2; }
    # a blank A4 page at 300 dpi: the fixed cost of one run
    python3 - "$tmp/blank.pgm" <<'PY'
import sys
open(sys.argv[1], "wb").write(b"P5 2480 3508 255\n" + b"\xff" * (2480 * 3508))
PY
    read -r b_cpu b_rss <<< "$(cpu_rss "$bin" convert "$tmp/blank.pgm")"
    read -r t_cpu t_rss <<< "$(cpu_rss tesseract "$tmp/blank.pgm" - -l chi_sim)"
    echo "binary: $bin ($("$bin" --version)); one core; CPU = user + system seconds"
    printf '%-44s %5s %8s %8s %8s %9s %9s\n' page table nianbao net tesser. "RSS MB" "tess. MB"
    printf '%-44s %5s %7.2fs %8s %7.2fs %9.0f %9.0f\n' "(blank page: fixed cost)" - "$b_cpu" - "$t_cpu" \
        "$(echo "$b_rss / 1024" | bc -l)" "$(echo "$t_rss / 1024" | bc -l)"
    local n=0 nt=0 sum_n=0 sum_t=0 sum_net=0 max_rss=0 max_trss=0
    for f in "${pages[@]}"; do
        read -r c rss <<< "$(cpu_rss "$bin" convert --provenance "$f")"
        local table=no
        python3 -c 'import json, sys
p = json.load(open(sys.argv[1])).get("provenance", {})
sys.exit(0 if any(k.split(".")[0] in ("active_disclosure", "applications", "reviews_litigation")
                  and v.get("origin") == "ocr" for k, v in p.items()) else 1)' "$tmp/cpu_out" 2>/dev/null &&
            table=yes
        read -r tc trss <<< "$(cpu_rss tesseract "$f" - -l chi_sim)"
        local name=${f#"$here/../shared/corpus/"}
        name=${name#"$here/"}
        name=${name#"$tmp/"}
        [ ${#name} -gt 44 ] && name=…${name: -43}
        local net
        net=$(echo "$c - $b_cpu" | bc -l)
        printf '%-44s %5s %7.2fs %7.2fs %7.2fs %9.0f %9.0f\n' "$name" "$table" "$c" "$net" "$tc" \
            "$(echo "$rss / 1024" | bc -l)" "$(echo "$trss / 1024" | bc -l)"
        n=$((n + 1))
        [ "$rss" -gt "$max_rss" ] && max_rss=$rss
        [ "$trss" -gt "$max_trss" ] && max_trss=$trss
        if [ "$table" = yes ]; then
            nt=$((nt + 1))
            sum_n=$(echo "$sum_n + $c" | bc -l)
            sum_net=$(echo "$sum_net + $net" | bc -l)
            sum_t=$(echo "$sum_t + $tc" | bc -l)
        fi
    done
    echo
    if [ "$nt" -gt 0 ]; then
        printf 'table pages: %d of %d; CPU per table page: nianbao %.2fs (%.2fs net of the fixed cost), tesseract whole page %.2fs\n' \
            "$nt" "$n" "$(echo "$sum_n / $nt" | bc -l)" "$(echo "$sum_net / $nt" | bc -l)" \
            "$(echo "$sum_t / $nt" | bc -l)"
    fi
    printf 'peak RSS per page: nianbao %.0f MB, tesseract %.0f MB\n' "$(echo "$max_rss / 1024" | bc -l)" \
        "$(echo "$max_trss / 1024" | bc -l)"
}
# best_cpu_rss CMD... — the run with the least CPU of $repeat: "CPU RSS_KB"
best_cpu_rss() {
    local best= r
    for _ in $(seq 1 "$repeat"); do
        r=$(cpu_rss "$@")
        if [ -z "$best" ] || [ "$(echo "${r% *} < ${best% *}" | bc -l)" = 1 ]; then best=$r; fi
    done
    echo "$best"
}

pdf_bench() {
    local corpus=() synth=() long=() f t s
    for f in "$here"/../shared/corpus/*-pdf/source.pdf; do
        case $f in *scan-pdf*) continue ;; esac
        [ -f "$f" ] && corpus+=("$f")
    done
    for t in 2019 2021; do
        for s in $(seq 1 "$seeds"); do
            "$bin" synth --format pdf --template $t --seed "$s" -o "$tmp/syn-$t-$s.pdf" && synth+=("$tmp/syn-$t-$s.pdf")
        done
    done
    if [ "$long_pages" -gt 0 ]; then
        bash "$here/bench/longpdf.sh" "$tmp/long-$long_pages.pdf" "$long_pages" "$bin" && long+=("$tmp/long-$long_pages.pdf")
    fi
    echo "binary: $bin ($("$bin" --version)); one core; CPU = user + system seconds, best of $repeat"
    read -r v_cpu v_rss <<< "$(best_cpu_rss "$bin" --version)"
    printf 'nianbao --version: %.3fs, %.0f MB\n' "$v_cpu" "$(echo "$v_rss / 1024" | bc -l)"
    printf '%-34s %8s %8s %8s %6s %6s %7s %7s %7s\n' file convert tables pdftotxt conv/x tabl/x "RSS c" "RSS t" "RSS p"
    local set
    for set in corpus synth long; do
        local -n files=$set
        local sc=0 st=0 sp=0 n=0 mc=0 mp=0
        for f in "${files[@]}"; do
            local max=()
            [ "$set" = long ] && max=(--max-pages 100000 --max-bytes 0)
            read -r c crss <<< "$(best_cpu_rss "$bin" convert "${max[@]}" "$f")"
            read -r tb trss <<< "$(best_cpu_rss "$bin" tables "${max[@]}" "$f")"
            read -r p prss <<< "$(best_cpu_rss pdftotext -layout "$f" -)"
            local name=${f#"$here/../shared/corpus/"}
            name=${name#"$tmp/"}
            [ ${#name} -gt 34 ] && name=…${name: -33}
            printf '%-34s %7.2fs %7.2fs %7.2fs %5.1fx %5.1fx %6.0fM %6.0fM %6.0fM\n' "$name" "$c" "$tb" "$p" \
                "$(echo "$c / ($p + 0.005)" | bc -l)" "$(echo "$tb / ($p + 0.005)" | bc -l)" \
                "$(echo "$crss / 1024" | bc -l)" "$(echo "$trss / 1024" | bc -l)" "$(echo "$prss / 1024" | bc -l)"
            sc=$(echo "$sc + $c" | bc -l); st=$(echo "$st + $tb" | bc -l); sp=$(echo "$sp + $p" | bc -l)
            n=$((n + 1))
            [ "$crss" -gt "$mc" ] && mc=$crss
            [ "$prss" -gt "$mp" ] && mp=$prss
        done
        [ "$n" -gt 0 ] && printf '%-34s %7.2fs %7.2fs %7.2fs %5.1fx %5.1fx %6.0fM %7s %6.0fM\n' "= $set ($n files)" \
            "$sc" "$st" "$sp" "$(echo "$sc / ($sp + 0.005)" | bc -l)" "$(echo "$st / ($sp + 0.005)" | bc -l)" \
            "$(echo "$mc / 1024" | bc -l)" - "$(echo "$mp / 1024" | bc -l)"
    done
}
if [ "$pdf_mode" = 1 ]; then
    pdf_bench
    exit 0
fi
if [ "$scan_mode" = 1 ]; then
    scan_bench "$@"
    exit 0
fi

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
