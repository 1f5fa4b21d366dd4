#!/usr/bin/env python3
"""Run one golden case: tests/golden/<case>/ holds input.* and expected.json
(or expected.tsv / expected.csv for `nianbao tables`), optionally args.txt
(extra command-line words, one line) and exit.txt (the expected exit code).

expected.json is compared like the spec's "Matching a truth file", but
stricter for numbers: every key of expected must be present with the same
value (sections: 95 % similar), and the output may hold no table value that
expected does not have (a number the document does not state is invented).
If expected.json has "checks", the output must report exactly those rules
(a list of rule numbers); "warn_paths" lists paths that must be flagged.
"""
import glob, json, os, subprocess, sys

from recordcmp import VALUE_ROOTS, Options, compare, flagged, get, leaves, squash  # noqa: F401

# The matching rules live in recordcmp.py, shared with every round trip.
GOLDEN = Options(checks="rules", exact_warnings=True)


def main():
    binary, case = sys.argv[1], sys.argv[2]
    inputs = sorted(glob.glob(os.path.join(case, "input.*")))
    if not inputs:
        print(f"{case}: no input.* file"); return 1
    args = []
    if os.path.exists(os.path.join(case, "args.txt")):
        args = open(os.path.join(case, "args.txt")).read().split()
    want_exit = 0
    if os.path.exists(os.path.join(case, "exit.txt")):
        want_exit = int(open(os.path.join(case, "exit.txt")).read().strip())
    for ext in ("tsv", "csv"):
        exp = os.path.join(case, "expected." + ext)
        if os.path.exists(exp):
            p = subprocess.run([binary, "tables", "--format", ext, *args, inputs[0]],
                               capture_output=True, text=True, timeout=600)
            if p.returncode != want_exit or p.stdout != open(exp, encoding="utf-8").read():
                print(f"{case}: tables output differs (exit {p.returncode})\n{p.stdout}\n{p.stderr}")
                return 1
            return 0
    exp = json.load(open(os.path.join(case, "expected.json"), encoding="utf-8"))
    p = subprocess.run([binary, "convert", *args, inputs[0]], capture_output=True, text=True,
                       timeout=600)
    if p.returncode != want_exit:
        print(f"{case}: exit {p.returncode}, expected {want_exit}\n{p.stderr}")
        return 1
    if want_exit != 0 and not p.stdout.strip():
        return 0
    bad = compare(exp, json.loads(p.stdout), GOLDEN).problems
    if bad:
        print(f"{case}:\n  " + "\n  ".join(bad[:40]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
