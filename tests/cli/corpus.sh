#!/usr/bin/env bash
# ctest-labels: corpus
# Every fast-format case of ../shared/corpus (text, glued text, HTML, text PDF)
# matches its truth.json field for field, with no silent error and every known
# rule break reported.  Scans are scored by bench/, not here (minutes of OCR).
set -euo pipefail
bin=$1 src=$2
corpus="$src/../shared/corpus"
score="$src/../shared/tools/score.py"
if [ ! -d "$corpus" ] || [ ! -f "$score" ]; then
  echo "SKIP: no ../shared/corpus beside the project"; exit 77
fi
out=$(python3 "$score" "$bin" "$corpus" --formats=text,text-glued,html,pdf-text --verbose --timeout=120)
echo "$out"
last=$(printf '%s\n' "$out" | tail -n 1)
read -r right total silent <<<"$(printf '%s\n' "$last" |
  sed -E 's#^fields ([0-9]+)/([0-9]+).* silent ([0-9]+).*#\1 \2 \3#')"
[ "$total" -gt 1000 ] || { echo "FAIL: only $total fields scored (cases missing?)"; exit 1; }
[ "$right" = "$total" ] || { echo "FAIL: $right/$total fields right"; exit 1; }
[ "$silent" = 0 ] || { echo "FAIL: $silent silent errors"; exit 1; }
if printf '%s\n' "$last" | grep -q 'breaks'; then
  b=$(printf '%s\n' "$last" | sed -E 's#.*breaks ([0-9]+)/([0-9]+).*#\1 \2#')
  read -r got want <<<"$b"
  [ "$got" = "$want" ] || { echo "FAIL: $got/$want known rule breaks reported"; exit 1; }
fi
echo "corpus: $right/$total fields, silent 0"
