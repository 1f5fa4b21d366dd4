#!/usr/bin/env bash
# bench/longpdf.sh OUT.pdf [PAGES] [BINARY] — a long text PDF for the
# benchmarks: a synthetic report (template 2021, seed 1) followed by an
# annex (`synth --annex-pages`: ruled lists of documents and prose, fonts
# embedded once, as in a real long report) up to about PAGES pages
# (default 1000).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=$1
pages=${2:-1000}
bin=${3:-}
if [ -z "$bin" ]; then
    for b in "$here/build/nianbao" "$here/build-batch/nianbao"; do [ -x "$b" ] && bin=$b && break; done
fi
"$bin" synth --format pdf --template 2021 --seed 1 --annex-pages "$((pages - 3))" -o "$out"
