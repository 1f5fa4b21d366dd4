#!/usr/bin/env python3
"""Scores converted scans against the records `nianbao synth --expected`
wrote for them: OCR may misread, but every wrong value must be flagged.

usage: scan_compare.py [--min-right PCT] [--max-silent N] [--verbose]
                       EXPECTED.json OUTPUT.json [EXPECTED.json OUTPUT.json ...]

Every field of the expected record is counted once: each table value, the
template, agency and year, and each text section (right when at least 95 %
similar, like the spec's "Matching a truth file").  A field is
  right      the output has the same value;
  flagged    the output's value is wrong or absent, and the record flags the
             path (a warning's path or a failed check's paths, or a prefix);
  silent     the output's value is wrong and not flagged;
  missing    the output has no value and does not flag the path;
  text       the template, agency, year or a section is wrong or missing:
             the record has no way to flag these (like the spec's
             evaluation, they are not counted as silent errors).
A table value the document does not state, unflagged, is also silent.
Prints one line per record that is not all right, then the totals, e.g.
  fields 1234 right 1230 (99.68 %) flagged 4 silent 0 missing 0 text 0
and exits 1 when right < --min-right percent or silent + missing > --max-silent.
"""
import argparse, difflib, json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from run_golden import VALUE_ROOTS, flagged, get, leaves, squash  # noqa: E402


def similar(want, got):
    a, b = squash(want), squash(got if isinstance(got, str) else "")
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.95 if a else not b


def same(want, got):
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and abs(got - want) < 1e-6
    return want == got


def score(exp, out):
    """Yields (kind, path, want, got) for every field of `exp` and every extra value of `out`."""
    for key in ("template", "agency", "year"):
        if key in exp:
            got = out.get(key)
            yield "right" if same(exp[key], got) else "text", key, exp[key], got
    for key, text in exp.get("sections", {}).items():
        got = get(out, "sections." + key)
        kind = "right" if similar(text, got) else "text"
        yield kind, "sections." + key, text[:30], (got or "")[:30]
    for root in VALUE_ROOTS:
        for path, want in leaves(exp.get(root, {}), root):
            got = get(out, path)
            if same(want, got):
                kind = "right"
            elif flagged(out, path):
                kind = "flagged"
            else:
                kind = "missing" if got is None else "silent"
            yield kind, path, want, got
        for path, got in leaves(out.get(root, {}), root):
            if get(exp, path) is None and not flagged(out, path):
                yield "silent", path, None, got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-right", type=float, default=0.0)
    ap.add_argument("--max-silent", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("pairs", nargs="+")
    a = ap.parse_args()
    totals = {"right": 0, "flagged": 0, "silent": 0, "missing": 0, "text": 0}
    for i in range(0, len(a.pairs) - 1, 2):
        exp = json.load(open(a.pairs[i], encoding="utf-8"))
        try:
            out = json.load(open(a.pairs[i + 1], encoding="utf-8"))
        except (OSError, ValueError):
            out = {}
        counts = dict.fromkeys(totals, 0)
        bad = []
        for kind, path, want, got in score(exp, out):
            counts[kind] += 1
            if kind != "right":
                bad.append(f"  {kind:8} {path}: want {want!r}, got {got!r}")
        for k in totals:
            totals[k] += counts[k]
        if bad:
            print(f"{a.pairs[i + 1]}: " + " ".join(f"{k} {v}" for k, v in counts.items()))
            if a.verbose or counts["silent"] or counts["missing"] or counts["text"]:
                shown = [b for b in bad if a.verbose or not b.startswith("  flagged")]
                print("\n".join(shown[:12] + ([f"  ... {len(shown) - 12} more"] if len(shown) > 12 else [])))
    n = max(1, sum(totals.values()))
    pct = 100.0 * totals["right"] / n
    print(f"fields {n} right {totals['right']} ({pct:.2f} %) flagged {totals['flagged']} "
          f"silent {totals['silent']} missing {totals['missing']} text {totals['text']}")
    ok = pct >= a.min_right and totals["silent"] + totals["missing"] <= a.max_silent
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
