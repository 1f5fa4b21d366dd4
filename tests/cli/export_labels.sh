#!/usr/bin/env bash
# export_labels.sh BINARY SOURCE_DIR — `export --labels zh` names the columns
# in Chinese (the dictionary's labels, money with its unit, KEY:flagged as
# "…：存疑", the document columns, the sections' headings), every name
# distinct, the rows unchanged; NDJSON keys likewise; --labels xx refused.
set -u
. "$(dirname "$0")/lib.bash"
"$BIN" synth --format text --out-dir "$T/in" --count 2 --seed 61 2>/dev/null \
    || { echo "SKIP: synth not available"; exit 77; }
"$BIN" batch "$T/in" -o "$T/r.db" -q -j 2 || fail "batch exit $?"
"$BIN" export "$T/r.db" > "$T/key.csv" || fail "export exit $?"
"$BIN" export "$T/r.db" --labels zh > "$T/zh.csv" || fail "export --labels zh exit $?"
"$BIN" export "$T/r.db" --long --format ndjson --labels zh > "$T/zh.ndjson" || fail "long ndjson zh exit $?"
python3 - "$T/key.csv" "$T/zh.csv" "$T/zh.ndjson" "$T/r.db" <<'PY' || fail "Chinese headers"
import csv, json, sqlite3, sys
key = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
zh = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
assert key[1:] == zh[1:] and len(zh) >= 3, "rows changed"
kh, zhh = key[0], zh[0]
assert len(zhh) == len(set(zhh)) == len(kh), "column names not distinct"
names = dict(zip(kh, zhh))
db = sqlite3.connect(sys.argv[4])
label = dict(db.execute("SELECT key, label_zh FROM dictionary"))
assert names["path"] == "路径" and names["year"] == "年度" and names["agency"] == "机关"
k = "applications.new_received.total"
assert names[k].startswith(label[k]) and "本年新收" in names[k], names[k]
assert names[k + ":flagged"] == names[k] + "：存疑", names[k + ":flagged"]
money = [r[0] for r in db.execute("SELECT key FROM dictionary WHERE type = 'money'")]
assert money and all(names[m].endswith("元）") for m in money if m in names), [names.get(m) for m in money]
assert names["sections.overview"] == "总体情况", names["sections.overview"]
translated = sum(1 for a, b in names.items() if a != b)
assert translated > 0.9 * len(names), (translated, len(names))
rows = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
assert rows and all("键" in r and "值" in r and "路径" in r for r in rows), rows[0]
PY
"$BIN" export "$T/r.db" --labels fr > /dev/null 2>&1
[ $? = 1 ] || fail "--labels fr is not refused"
finish
