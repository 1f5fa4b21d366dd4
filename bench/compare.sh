#!/usr/bin/env bash
# bench/compare.sh — does a change alter any PDF record?  Runs two nianbao
# binaries on the same PDFs and compares what they write.
#
# usage: bench/compare.sh [-n SEEDS] [-l] OLD_BINARY NEW_BINARY [PDF...]
#
#   PDF   files to compare (default: the corpus text PDFs ../shared/corpus/*-pdf
#         except scans, and SEEDS synthetic PDFs per template written by
#         OLD_BINARY synth --format pdf, plain and --mangle)
#   -n    synthetic seeds per template and variant (default 10)
#   -l    also a long document (bench/longpdf.sh, 1000 pages)
#
# For every file: `convert --provenance` and `tables --format json
# --provenance`, stdout and exit code, must be the same byte for byte (but
# for tool.version in the record, which names the build).
# Prints one line per file that differs and a summary; exit 1 when any does.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
seeds=10
long=0
while getopts "n:lh" o; do
    case $o in
    n) seeds=$OPTARG ;;
    l) long=1 ;;
    *) sed -n '2,16p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 2; }
old=$1 new=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    for f in "$here"/../shared/corpus/*-pdf/source.pdf; do
        case $f in *scan-pdf*) continue ;; esac
        [ -f "$f" ] && files+=("$f")
    done
    for t in 2019 2021; do
        for s in $(seq 1 "$seeds"); do
            "$old" synth --format pdf --template $t --seed "$s" -o "$tmp/syn-$t-$s.pdf" && files+=("$tmp/syn-$t-$s.pdf")
            "$old" synth --format pdf --template $t --seed "$s" --mangle -o "$tmp/syn-$t-$s-m.pdf" &&
                files+=("$tmp/syn-$t-$s-m.pdf")
        done
    done
    if [ "$long" = 1 ]; then
        bash "$here/bench/longpdf.sh" "$tmp/long.pdf" 1000 && files+=("$tmp/long.pdf")
    fi
fi

run() { # BINARY OUT FILE  (the tool's version, which names the commit, is left out)
    "$1" convert --provenance "$3" 2> /dev/null | sed -E '/^  "version": "[^"]*"$/d' > "$2.convert"
    echo "exit ${PIPESTATUS[0]}" >> "$2.convert"
    "$1" tables --format json --provenance "$3" > "$2.tables" 2> /dev/null
    echo "exit $?" >> "$2.tables"
}

n=0 bad=0
for f in "${files[@]}"; do
    run "$old" "$tmp/a" "$f"
    run "$new" "$tmp/b" "$f"
    n=$((n + 1))
    for k in convert tables; do
        if ! cmp -s "$tmp/a.$k" "$tmp/b.$k"; then
            bad=$((bad + 1))
            echo "DIFFERS ($k): $f"
            diff "$tmp/a.$k" "$tmp/b.$k" | head -10
        fi
    done
done
echo "compare: $n PDFs, $bad outputs differ"
[ "$bad" -eq 0 ]
