#!/usr/bin/env bash
# tests/hostile_figures.sh BINARY [SOURCE_DIR] — the wall seconds and peak
# memory of every hostile input of tests/cli/hostile.sh (a measurement, not
# a timed test: the figures depend on the machine's load).  Prints one line
# per input (name, arguments, exit code, wall s, peak RSS MB) and the worst
# of each, and says whether each stayed within 20 s and 1 GB.
set -uo pipefail
bin=${1:?usage: hostile_figures.sh BINARY [SOURCE_DIR]}
src=${2:-$(dirname "$0")/..}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
NB_HOSTILE_FIGURES=$out bash "$src/tests/cli/hostile.sh" "$bin" "$src" >/dev/null 2>&1
awk '{ rss = $NF / 1024; s = $(NF - 1); n = $0; sub(/ [^ ]+ [^ ]+$/, "", n)
       printf "%-60s %6.2f s %7.1f MB%s\n", n, s, rss, (s > 20 || rss > 1024) ? "  OVER" : ""
       if (s > ms) ms = s; if (rss > mr) mr = rss }
     END { printf "worst: %.2f s, %.1f MB peak RSS (bound: 20 s, 1024 MB)\n", ms, mr }' "$out"
