#!/usr/bin/env bash
# batch_crossyear.sh BINARY SOURCE_DIR — spec rule 5 across a run: a series of
# one agency (2021-2024, its name spelt with different spacing) where only
# 2022→2023 breaks carried_forward → carried_over, plus a second agency whose
# two years agree: exactly that pair and its two columns are reported.
set -u
. "$(dirname "$0")/lib.bash"

base="$T/base.txt"
if ! "$BIN" synth --template 2021 --format text --seed 42 -o "$base" 2>/dev/null; then
    base="$SRC/../shared/corpus/seed-changchun-jhj-2025/source.txt"
fi
if [ ! -f "$base" ]; then echo "SKIP: neither synth nor the corpus seed case available"; exit 0; fi
"$BIN" convert "$base" > "$T/base.json" || { echo "SKIP: the base report does not convert"; exit 0; }
mkdir -p "$T/in"

# Writes the report of AGENCY for YEAR, its carried_over row set to the base's
# carried_forward row (plus DELTA on natural_person and total), new_received
# moved by the opposite amount so that rules 1 and 2 still hold in the report.
python3 - "$base" "$T/base.json" "$T/in" <<'PY' || fail "cannot build the series"
import json, re, sys
src, rec, out = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
text = open(src, encoding="utf-8").read()
agency, year = rec["agency"], rec["year"]
cols = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
app = rec["applications"]
def set_row(lines, label, values):
    """Writes the row's seven numbers, whichever layout synth chose: one line
    with tab-separated cells, or one cell per line ("903 |")."""
    i = next(k for k, l in enumerate(lines) if l.lstrip().startswith(label))
    if re.search(r"\t\s*\d", lines[i]):
        lines[i] = label + "\t" + "\t".join(str(v) for v in values)
        return
    k, n = i + 1, 0
    while n < len(values):
        if re.fullmatch(r"\s*\d+\s*\|?\s*", lines[k]):
            lines[k] = re.sub(r"\d+", str(values[n]), lines[k], count=1)
            n += 1
        k += 1
def series(name, shown, y, carried_over, delta):
    co = [carried_over[c] + (delta if c in ("natural_person", "total") else 0) for c in cols]
    nr = [app["new_received"][c] + app["carried_over"][c] - co[i] for i, c in enumerate(cols)]
    assert min(nr) >= 0, "base report too small for the series"
    lines = text.split("\n")
    set_row(lines, "一、本年新收政府信息公开申请数量", nr)
    set_row(lines, "二、上年结转政府信息公开申请数量", co)
    doc = "\n".join(lines).replace(agency, shown).replace(f"{year}年", f"{y}年")
    open(f"{out}/{name}-{y}.txt", "w", encoding="utf-8").write(doc)
forward = app["carried_forward"]
# the first year keeps the base's own carried_over (nothing before it)
series("a", "测试市数据局", 2021, app["carried_over"], 0)
series("a", "测试市 数据局", 2022, forward, 0)
series("a", "测试市数据局", 2023, forward, 5)      # the break: 5 more carried over than forwarded
series("a", "测试市　数据局", 2024, forward, 0)
series("b", "样例县财政局", 2019, app["carried_over"], 0)
series("b", "样例县财政局", 2020, forward, 0)
PY
[ "$(ls "$T/in" | wc -l)" = 6 ] || fail "series not written"

"$BIN" batch "$T/in" -o "$T/out.db" -j 2 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || fail "exit $rc, want 0: $(cat "$T/err")"
[ "$(sqlite3 "$T/out.db" "SELECT count(*) FROM documents WHERE status = 'ok' AND n_checks = 0")" = 6 ] \
    || fail "the series reports are not all clean (rules 1-4)"
[ "$(sqlite3 "$T/out.db" "SELECT count(DISTINCT agency_key) FROM documents")" = 2 ] \
    || fail "agency names not normalised: $(sqlite3 "$T/out.db" "SELECT DISTINCT agency_key FROM documents")"
got=$(sqlite3 "$T/out.db" "SELECT prev_year, year, column_key, carried_over - prev_carried_forward
                           FROM rule5_failures ORDER BY column_key")
want=$(printf '2022|2023|natural_person|5\n2022|2023|total|5')
[ "$got" = "$want" ] || fail "rule5_failures: got [$got] want [$want]"
pairs=$(sqlite3 "$T/out.db" "SELECT count(DISTINCT prev_path || path) FROM rule5_pairs")
[ "$pairs" = 4 ] || fail "pairs compared: $pairs, want 4 (3 of a, 1 of b)"
# one summary line on stderr, not one line per pair: the pairs are in the database
[ "$(grep -c "rule 5" "$T/err")" = 1 ] || fail "rule 5 not one line: $(cat "$T/err")"
grep -q "2 agencies with consecutive years, 4 year pairs compared, 1 break the rule" "$T/err" \
    || fail "no rule-5 summary: $(cat "$T/err")"
"$BIN" export "$T/out.db" --table rule5_failures --format ndjson > "$T/r5.ndjson"
[ "$(wc -l < "$T/r5.ndjson")" = 2 ] || fail "rule5_failures export"

finish
