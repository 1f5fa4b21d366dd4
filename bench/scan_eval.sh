#!/usr/bin/env bash
# bench/scan_eval.sh — accuracy of the scan path on synthetic office scans,
# per degradation.
#
# usage: bench/scan_eval.sh [-b BINARY] [-t TEMPLATE] [-j JOBS] FIRST_SEED COUNT [OUT_DIR]
#
# Renders COUNT reports (`nianbao synth --format scan`, seeds FIRST_SEED ..
# FIRST_SEED+COUNT-1), converts each on one core (OMP_THREAD_LIMIT=1) and
# grades it with tests/recordcmp.py --score (text fields included: a wrong
# agency, year or section counts as flagged only when a warning names its
# path).  The degradations of every document and page come from the
# generator's debug log (G_MESSAGES_DEBUG=all); tests/scan_degradations.py
# prints the fields right / flagged / silent per degradation and the CPU
# seconds per document.  Tune on one seed range, judge on another.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/build/nianbao
tpl=2021
jobs=1
while getopts "b:t:j:h" o; do
    case $o in
    b) bin=$OPTARG ;;
    t) tpl=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) sed -n '2,16p' "$0"; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 1; }
first=$1 count=$2
out=${3:-$(mktemp -d)}
mkdir -p "$out"
one() {
    local seed=$1
    G_MESSAGES_DEBUG=all "$bin" synth --format scan --template "$tpl" --seed "$seed" \
        -o "$out/$seed.tif" --expected "$out/$seed.exp.json" > "$out/$seed.synth.log" 2>&1 || return
    local t0 t1
    t0=$(date +%s.%N)
    OMP_THREAD_LIMIT=1 /usr/bin/time -f "%U %S %M" -o "$out/$seed.time" \
        "$bin" convert "$out/$seed.tif" > "$out/$seed.out.json" 2> "$out/$seed.err"
    t1=$(date +%s.%N)
    echo "$t0 $t1" >> "$out/$seed.time"
}
seq "$first" $((first + count - 1)) | {
    while read -r seed; do
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
        one "$seed" &
    done
    wait
}
python3 "$here/tests/scan_degradations.py" "$out"
