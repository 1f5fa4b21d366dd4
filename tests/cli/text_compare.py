#!/usr/bin/env python3
"""Compares a converted record with the record `nianbao synth --expected`
wrote for the same document: the round trip must be exact.

usage: text_compare.py EXPECTED.json OUTPUT.json [EXPECTED.json OUTPUT.json ...]

Exact means: template, agency and year equal; every table value present
with the same number and no table value the document does not state; the
text sections equal once whitespace is removed; the same failed checks
(rule, expected, found); no warning about a value.  Shares the matching
helpers of tests/run_golden.py.
"""
import json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from run_golden import VALUE_ROOTS, get, leaves, squash  # noqa: E402


def problems(exp, out):
    bad = []
    for key in ("template", "agency", "year"):
        if exp.get(key) != out.get(key):
            bad.append(f"{key}: want {exp.get(key)!r}, got {out.get(key)!r}")
    for root in VALUE_ROOTS:
        for path, v in leaves(exp.get(root, {}), root):
            got = get(out, path)
            if not isinstance(got, (int, float)) or abs(got - v) > 1e-6:
                bad.append(f"{path}: want {v}, got {got}")
        for path, v in leaves(out.get(root, {}), root):
            if get(exp, path) is None:
                bad.append(f"{path}: {v} is not in the document")
    for key, text in exp.get("sections", {}).items():
        got = get(out, "sections." + key)
        if squash(text) != squash(got if isinstance(got, str) else ""):
            bad.append(f"sections.{key}: differs\n    want {text!r}\n    got  {got!r}")
    def checks(r):
        return sorted((c["rule"], c["expected"], c["found"]) for c in r.get("checks", []))
    if checks(exp) != checks(out):
        bad.append(f"checks: want {checks(exp)}, got {checks(out)}")
    for w in out.get("warnings", []):
        if w.get("path"):
            bad.append(f"warning: {w['path']}: {w['message']}")
    return bad


def main():
    failed = 0
    pairs = sys.argv[1:]
    for i in range(0, len(pairs) - 1, 2):
        exp = json.load(open(pairs[i], encoding="utf-8"))
        try:
            out = json.load(open(pairs[i + 1], encoding="utf-8"))
        except ValueError:
            out = {}
        bad = problems(exp, out)
        if bad:
            failed += 1
            print(f"FAIL {pairs[i + 1]} (expected {pairs[i]}):")
            for b in bad[:20]:
                print("  " + b)
    print(f"{len(pairs) // 2 - failed}/{len(pairs) // 2} records exact")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
