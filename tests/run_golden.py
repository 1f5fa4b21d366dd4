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
import difflib, glob, json, os, subprocess, sys, unicodedata

VALUE_ROOTS = ("active_disclosure", "applications", "reviews_litigation", "info_fees")


def leaves(d, prefix=""):
    if isinstance(d, dict):
        for k, v in d.items():
            yield from leaves(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix, d


def get(d, path):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def squash(t):
    return "".join(unicodedata.normalize("NFKC", t or "").split())


def flagged(out, path):
    def pre(p):
        return isinstance(p, str) and (path == p or path.startswith(p + "."))
    return any(pre(w.get("path")) for w in out.get("warnings", [])) or any(
        pre(p) for c in out.get("checks", []) for p in c.get("paths", []))


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
    out = json.loads(p.stdout)
    bad = []
    for path, v in leaves({k: v for k, v in exp.items() if k not in ("checks", "warn_paths")}):
        got = get(out, path)
        if path.startswith("sections."):
            a, b = squash(v), squash(got if isinstance(got, str) else "")
            if difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() < 0.95:
                bad.append(f"{path}: section differs")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            if not isinstance(got, (int, float)) or abs(got - v) > 1e-6:
                bad.append(f"{path}: want {v}, got {got}")
        elif got != v:
            bad.append(f"{path}: want {v!r}, got {got!r}")
    for root in VALUE_ROOTS:
        for path, v in leaves(out.get(root, {}), root):
            if get(exp, path) is None:
                bad.append(f"{path}: {v} is not in the expected record")
    if "checks" in exp:
        got_rules = sorted(c["rule"] for c in out.get("checks", []))
        if got_rules != sorted(exp["checks"]):
            bad.append(f"checks: want rules {sorted(exp['checks'])}, got {got_rules}")
    for path in exp.get("warn_paths", []):
        if not flagged(out, path):
            bad.append(f"{path}: not flagged")
    if bad:
        print(f"{case}:\n  " + "\n  ".join(bad[:40]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
