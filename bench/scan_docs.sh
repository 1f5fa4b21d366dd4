#!/usr/bin/env bash
# bench/scan_docs.sh — whole scanned documents: nianbao against rendering
# every page and one whole-page tesseract pass, both counted the same way.
#
# usage: bench/scan_docs.sh [-b BINARY] [-n SEEDS] [-s FIRST_SEED] [DOCUMENT...]
#
#   DOCUMENT  scanned PDFs, multi-page TIFFs or page images (default: the
#             corpus scanned PDFs and page images, ../shared/corpus, and
#             SEEDS synthetic office scans, `nianbao synth --format scan`,
#             seeds FIRST_SEED.., default 3 from 9300; -n 0 for none)
#   -b        the nianbao binary (default build/nianbao)
#
# For every document, on one core (OMP_THREAD_LIMIT=1 for both), the gross
# cost of one run from process start to exit — start-up and model loading
# included on both sides, nothing subtracted:
#   nianbao    `nianbao convert --provenance DOC`
#   reference  a PDF rendered at 300 dpi gray (`pdftoppm -r 300 -gray`,
#              every page, as PGM: no compression to pay), then one `tesseract LIST - -l chi_sim` process
#              over all the pages (models loaded once, the reference's best
#              case); a TIFF or page image goes to tesseract as it is
#              (it reads every frame of a TIFF)
# It prints wall and CPU seconds (user + system, children included) of
# both, their ratios, the pages and the table pages (pages from which
# nianbao reads a table value, from its provenance) and nianbao's gross CPU
# per page.  Wall time depends on the machine's load, CPU time much less:
# run it on a quiet machine and read the CPU columns first.  Speed is
# measured here, never asserted by the tests.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/build/nianbao
seeds=3
first=9300
while getopts "b:n:s:h" o; do
    case $o in
    b) bin=$OPTARG ;;
    n) seeds=$OPTARG ;;
    s) first=$OPTARG ;;
    *) sed -n '2,25p' "$0"; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
command -v tesseract > /dev/null || { echo "bench: tesseract not found" >&2; exit 2; }
command -v pdftoppm > /dev/null || { echo "bench: pdftoppm not found" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

docs=()
if [ $# -gt 0 ]; then
    docs=("$@")
else
    for f in "$here"/../shared/corpus/*scan-pdf/source.pdf "$here"/../shared/corpus/*-png/source.png; do
        [ -f "$f" ] && docs+=("$f")
    done
    for s in $(seq "$first" $((first + seeds - 1))); do
        [ "$seeds" -gt 0 ] || break
        "$bin" synth --format scan --seed "$s" -o "$tmp/synth-$s.tif" && docs+=("$tmp/synth-$s.tif")
    done
fi
[ ${#docs[@]} -gt 0 ] || { echo "bench: no documents" >&2; exit 2; }

# reference.sh DOC DIR — what a user without nianbao would run: every page
# rendered at 300 dpi gray, then whole-page OCR of all of them
cat > "$tmp/reference.sh" <<'SH'
doc=$1 dir=$2
case $(head -c 4 "$doc") in
%PDF)
    pdftoppm -r 300 -gray "$doc" "$dir/page" || exit 1
    ls "$dir"/page*.pgm > "$dir/list"
    exec tesseract "$dir/list" - -l chi_sim ;;
*)
    exec tesseract "$doc" - -l chi_sim ;;
esac
SH

# measure OUT CMD... — "WALL CPU RSS_KB" of one run on one core, stdout to OUT
measure() {
    local out=$1
    shift
    OMP_THREAD_LIMIT=1 /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > "$out" 2> /dev/null
    awk 'END { printf "%.2f %.2f %d", $1, $2 + $3, $4 }' "$tmp/time"
}

# pages_of RECORD — "PAGES TABLE_PAGES" from a record with provenance
pages_of() {
    python3 - "$1" <<'PY'
import json, sys
try:
    rec = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("0 0"); sys.exit()
prov = rec.get("provenance", {})
pages = {v.get("page") for v in prov.values() if isinstance(v, dict) and v.get("page")}
tables = {v.get("page") for k, v in prov.items()
          if isinstance(v, dict) and v.get("origin") == "ocr" and v.get("page")
          and k.split(".")[0] in ("active_disclosure", "applications", "reviews_litigation")}
print(len(pages), len(tables))
PY
}

echo "binary: $bin ($("$bin" --version)); one core (OMP_THREAD_LIMIT=1); gross: start-up included on both sides"
printf '%-40s %5s %6s %8s %8s %8s %8s %6s %6s %9s\n' document pages tables "nb wall" "nb CPU" \
    "ref wall" "ref CPU" "wall/x" "CPU/x" "CPU/page"
sum_nw=0 sum_nc=0 sum_rw=0 sum_rc=0 sum_p=0 sum_t=0 sum_tc=0 sum_tp=0
for doc in "${docs[@]}"; do
    read -r nw nc _ <<< "$(measure "$tmp/record.json" "$bin" convert --provenance "$doc")"
    read -r pages tables <<< "$(pages_of "$tmp/record.json")"
    rm -rf "$tmp/ref"
    mkdir "$tmp/ref"
    read -r rw rc _ <<< "$(measure /dev/null bash "$tmp/reference.sh" "$doc" "$tmp/ref")"
    # a page image's record may name no page when nothing was read
    [ "$pages" -gt 0 ] || pages=$(ls "$tmp/ref"/page*.pgm 2> /dev/null | wc -l)
    [ "$pages" -gt 0 ] || pages=1
    name=$(basename "$doc")
    [ "$(dirname "$doc")" = "$tmp" ] || name=$(basename "$(dirname "$doc")")/$name
    [ ${#name} -gt 40 ] && name=…${name: -39}
    printf '%-40s %5d %6d %7.2fs %7.2fs %7.2fs %7.2fs %5.2fx %5.2fx %8.2fs\n' "$name" "$pages" "$tables" \
        "$nw" "$nc" "$rw" "$rc" "$(echo "$nw / ($rw + 0.005)" | bc -l)" \
        "$(echo "$nc / ($rc + 0.005)" | bc -l)" "$(echo "$nc / $pages" | bc -l)"
    sum_nw=$(echo "$sum_nw + $nw" | bc -l); sum_nc=$(echo "$sum_nc + $nc" | bc -l)
    sum_rw=$(echo "$sum_rw + $rw" | bc -l); sum_rc=$(echo "$sum_rc + $rc" | bc -l)
    sum_p=$((sum_p + pages)); sum_t=$((sum_t + tables))
    # a document whose every page holds a table: its CPU per page is per table page
    if [ "$tables" -eq "$pages" ]; then
        sum_tc=$(echo "$sum_tc + $nc" | bc -l)
        sum_tp=$((sum_tp + pages))
    fi
done
printf '%-40s %5d %6d %7.2fs %7.2fs %7.2fs %7.2fs %5.2fx %5.2fx %8.2fs\n' "= ${#docs[@]} documents" \
    "$sum_p" "$sum_t" "$sum_nw" "$sum_nc" "$sum_rw" "$sum_rc" "$(echo "$sum_nw / ($sum_rw + 0.005)" | bc -l)" \
    "$(echo "$sum_nc / ($sum_rc + 0.005)" | bc -l)" "$(echo "$sum_nc / $sum_p" | bc -l)"
[ "$sum_tp" -gt 0 ] &&
    printf 'documents whose every page holds a table: %d pages, nianbao %.2fs CPU per page (gross)\n' \
        "$sum_tp" "$(echo "$sum_tc / $sum_tp" | bc -l)"
