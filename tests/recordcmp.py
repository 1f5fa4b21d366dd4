#!/usr/bin/env python3
"""The one comparer of records for every test that checks nianbao's output
against a known record: golden cases, synthetic round trips (`nianbao synth
--expected`) and the shared corpus (`truth.json` + `provenance.json`).

A record is compared with the expected one as the spec's "Matching a truth
file" says, stricter for numbers:

* every top-level scalar of the expected record (template, agency, year...)
  is equal;
* every table value of the expected record is present with the same number,
  or (with --flagged-ok, or for a path the truth's provenance lists as
  undetermined) left out and flagged: named by a warning or a failed check;
  a wrong value is a problem even when it is flagged;
* no table value the expected record does not have (an invented number);
* each text section at least --sections similar, whitespace ignored;
* optionally: provenance with page, box and origin for every value right,
  the checks the record must report, paths that must be flagged, no warning
  about a value, and that --strict failed when values were left out.

Command line (python starts once for many records):

  recordcmp.py [OPTIONS] EXPECTED GOT [EXPECTED GOT ...]
  recordcmp.py [OPTIONS] --list FILE     # lines: EXPECTED GOT [NAME [STRICT_RC]]

It prints a FAIL line per problem and one summary line, and exits 1 when a
record has a problem.

With --score it grades instead of judging (OCR and garbled inputs, where a
value may be wrong as long as it is flagged): every field of the expected
record is one of
  right    the same value;
  flagged  wrong or absent, and a warning or failed check names its path;
  silent   wrong (or invented) and not flagged;
  missing  absent and not flagged;
  text     template, agency, year or a section differs and no warning names
           its path (a flagged one counts as flagged);
and it exits 1 when right < --min-right percent or silent + missing >
--max-silent.
"""
import argparse, difflib, json, re, sys, unicodedata

VALUE_ROOTS = ("active_disclosure", "applications", "reviews_litigation", "info_fees")
TABLE_ROOTS = VALUE_ROOTS[:3]


def leaves(d, prefix=""):
    """Yields (dotted path, value) for every non-dict value below d."""
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


def similarity(a, b):
    return difflib.SequenceMatcher(None, squash(a), squash(b), autojunk=False).ratio()


def flag_paths(out):
    paths = [w.get("path") for w in out.get("warnings") or []]
    paths += [p for c in out.get("checks") or [] for p in c.get("paths") or []]
    return [p for p in paths if isinstance(p, str)]


def flagged(out, path):
    """True when a warning or a failed check names the path or a parent of it."""
    return any(path == p or path.startswith(p + ".") for p in flag_paths(out))


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class Options:
    """What a comparison demands; the defaults are the plain contract."""
    roots = VALUE_ROOTS
    meta = True
    sections = 0.95
    flagged_ok = False
    undetermined = ()
    known_breaks = ()
    origin = None
    min_nonzero = 0
    checks = None          # None, "rules", "exact" or "paths"
    no_value_warnings = False
    exact_warnings = False  # the expected record's "warnings" list, when it has one

    def __init__(self, **kw):
        for k, v in kw.items():
            if not hasattr(Options, k):
                raise TypeError(f"unknown option {k}")
            setattr(self, k, v)


class Result:
    def __init__(self):
        self.right = 0
        self.flagged = 0
        self.problems = []


def compare_meta(exp, out, res):
    for key, v in exp.items():
        if isinstance(v, (str, int, float, bool)) and key not in ("warn_paths",):
            if out.get(key) != v:
                res.problems.append(f"{key}: want {v!r}, got {out.get(key)!r}")


def compare_values(exp, out, opt, res):
    prov = out.get("provenance") or {}
    for root in opt.roots:
        for path, v in leaves(exp.get(root) or {}, root):
            got = get(out, path)
            mark = " (flagged)" if flagged(out, path) else ""
            if is_number(got) and is_number(v) and abs(got - v) < 1e-6:
                res.right += 1
                where = prov.get(path) or {}
                if opt.origin and not (where.get("page") and where.get("box")
                                       and where.get("origin") == opt.origin):
                    res.problems.append(f"{path}: no page/box provenance from {opt.origin}")
            elif got is None and mark and (opt.flagged_ok or path in opt.undetermined):
                res.flagged += 1
            elif got is None:
                res.problems.append(f"{path}: missing{mark or ' and not flagged'} (want {v})")
            else:
                res.problems.append(f"{path}: got {got}, want {v}{mark}")
        for path, v in leaves(out.get(root) or {}, root):
            if get(exp, path) is None:
                res.problems.append(f"{path}: invented value {v}")
    nonzero = sum(1 for r in opt.roots for _, v in leaves(exp.get(r) or {}) if v)
    if nonzero < opt.min_nonzero:
        res.problems.append(f"the expected record has {nonzero} non-zero values (< {opt.min_nonzero})")


def compare_sections(exp, out, opt, res):
    if not opt.sections:
        return
    for key, text in (exp.get("sections") or {}).items():
        got = (out.get("sections") or {}).get(key)
        ratio = similarity(text, got if isinstance(got, str) else "")
        if ratio < opt.sections:
            res.problems.append(f"sections.{key}: {ratio:.0%} similar; got {(got or '')[:40]!r}")


def check_key(c, how):
    if not isinstance(c, dict):
        return (c,)
    if how == "exact":
        return (c["rule"], c.get("expected"), c.get("found"))
    if how == "paths":
        return (c["rule"], sorted(c.get("paths") or []))
    return (c["rule"],)


def compare_checks(exp, out, opt, res):
    if opt.checks and "checks" in exp:
        want = sorted(check_key(c, opt.checks) for c in exp["checks"])
        got = sorted(check_key(c, opt.checks) for c in out.get("checks") or [])
        if want != got:
            res.problems.append(f"checks: want {want}, got {got}")
    for brk in opt.known_breaks:
        # "rule 3 natural_person: …": the rule, and the column when named
        m = re.match(r"\s*rule\s*(\d+)\s*([a-z_]+)?:?", brk) if isinstance(brk, str) else None
        rule = int(m.group(1)) if m else brk.get("rule") if isinstance(brk, dict) else None
        column = m.group(2) if m else None
        if not any(c.get("rule") == rule and
                   (not column or any(p.endswith("." + column) for p in c.get("paths") or []))
                   for c in out.get("checks") or []):
            res.problems.append(f"known break not reported: {str(brk)[:60]}")
    for path in exp.get("warn_paths") or []:
        if not flagged(out, path):
            res.problems.append(f"{path}: not flagged")
    if opt.exact_warnings and "warnings" in exp and exp["warnings"] != (out.get("warnings") or []):
        res.problems.append(f"warnings: want {exp['warnings']}, got {out.get('warnings')}")
    if opt.no_value_warnings:
        for w in out.get("warnings") or []:
            if w.get("path"):
                res.problems.append(f"warning: {w['path']}: {w.get('message')}")


def compare(exp, out, opt=None, strict_rc=None):
    """Compares record `out` with the expected record; returns a Result."""
    opt = opt or Options()
    res = Result()
    if opt.meta:
        compare_meta(exp, out, res)
    compare_values(exp, out, opt, res)
    compare_sections(exp, out, opt, res)
    compare_checks(exp, out, opt, res)
    if strict_rc == 0 and res.flagged:
        res.problems.append(f"--strict exited 0 with {res.flagged} values left out")
    return res


def same(want, got):
    if is_number(want):
        return is_number(got) and abs(got - want) < 1e-6
    return want == got


def grade(exp, out, opt=None):
    """Yields (kind, path, want, got) for every field of `exp` and every
    unflagged extra value of `out` (see --score)."""
    opt = opt or Options()
    def text_kind(ok, path):
        return "right" if ok else "flagged" if flagged(out, path) else "text"

    for key in ("template", "agency", "year"):
        if key in exp:
            yield text_kind(same(exp[key], out.get(key)), key), key, exp[key], out.get(key)
    for key, text in (exp.get("sections") or {}).items():
        got = get(out, "sections." + key)
        ok = similarity(text, got if isinstance(got, str) else "") >= opt.sections
        yield text_kind(ok, "sections." + key), "sections." + key, text[:30], (got or "")[:30]
    for root in opt.roots:
        for path, want in leaves(exp.get(root) or {}, root):
            got = get(out, path)
            if same(want, got):
                kind = "right"
            elif flagged(out, path):
                kind = "flagged"
            else:
                kind = "missing" if got is None else "silent"
            yield kind, path, want, got
        for path, got in leaves(out.get(root) or {}, root):
            if get(exp, path) is None and not flagged(out, path):
                yield "silent", path, None, got


def score_main(args, opt):
    totals = dict.fromkeys(("right", "flagged", "silent", "missing", "text"), 0)
    for exp_path, got_path, name, _ in jobs(args):
        counts = dict.fromkeys(totals, 0)
        bad = []
        for kind, path, want, got in grade(load(exp_path), load(got_path), opt):
            counts[kind] += 1
            if kind != "right" and (args.verbose or kind != "flagged"):
                bad.append(f"  {kind:8} {path}: want {want!r}, got {got!r}")
        for k in totals:
            totals[k] += counts[k]
        if any(counts[k] for k in totals if k != "right"):
            print(f"{name}: " + " ".join(f"{k} {v}" for k, v in counts.items()))
            print("\n".join(bad[:12] + ([f"  ... {len(bad) - 12} more"] if len(bad) > 12 else [])))
    n = max(1, sum(totals.values()))
    pct = 100.0 * totals["right"] / n
    print(f"{args.label}: fields {n} right {totals['right']} ({pct:.2f} %) flagged {totals['flagged']} "
          f"silent {totals['silent']} missing {totals['missing']} text {totals['text']}")
    ok = pct >= args.min_right and totals["silent"] + totals["missing"] <= args.max_silent
    return 0 if ok else 1


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return {"__error__": str(e)}


def truth_options(opt, provenance_path):
    prov = load(provenance_path)
    opt.undetermined = set(prov.get("undetermined") or [])
    opt.known_breaks = prov.get("known_breaks") or []


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Compare nianbao records with expected ones.")
    ap.add_argument("files", nargs="*", help="EXPECTED GOT pairs")
    ap.add_argument("--list", help="file of lines: EXPECTED GOT [NAME [STRICT_RC]]")
    ap.add_argument("--label", default="records", help="what the summary line calls them")
    ap.add_argument("--tables-only", action="store_true",
                    help="compare the three tables only (no info_fees, meta or sections)")
    ap.add_argument("--no-meta", action="store_true")
    ap.add_argument("--sections", type=float, default=0.95, help="similarity (0 = skip)")
    ap.add_argument("--flagged-ok", action="store_true",
                    help="a value left out and flagged is not a problem")
    ap.add_argument("--truth-provenance", help="provenance.json: undetermined paths, known breaks")
    ap.add_argument("--origin", help="every value right must have page/box from this origin")
    ap.add_argument("--min-nonzero", type=int, default=0)
    ap.add_argument("--checks", choices=("rules", "exact", "paths"))
    ap.add_argument("--no-value-warnings", action="store_true")
    ap.add_argument("--exact-warnings", action="store_true",
                    help="the warnings must be those the expected record lists")
    ap.add_argument("--strict-rc", type=int, help="exit code of convert --strict (one pair)")
    ap.add_argument("--score", action="store_true", help="grade fields (see above) instead")
    ap.add_argument("--min-right", type=float, default=0.0, help="--score: percent of fields right")
    ap.add_argument("--max-silent", type=int, default=0, help="--score: silent + missing allowed")
    ap.add_argument("--verbose", action="store_true", help="--score: list flagged fields too")
    return ap.parse_args(argv)


def jobs(args):
    if args.list:
        with open(args.list, encoding="utf-8") as f:
            for line in f:
                w = line.split()
                if len(w) >= 2:
                    yield (w[0], w[1], w[2] if len(w) > 2 else w[1],
                           int(w[3]) if len(w) > 3 else None)
    for i in range(0, len(args.files) - 1, 2):
        yield args.files[i], args.files[i + 1], args.files[i + 1], args.strict_rc


def main(argv):
    args = parse_args(argv)
    opt = Options(sections=args.sections, flagged_ok=args.flagged_ok, origin=args.origin,
                  min_nonzero=args.min_nonzero, checks=args.checks,
                  no_value_warnings=args.no_value_warnings,
                  exact_warnings=args.exact_warnings, meta=not args.no_meta)
    if args.tables_only:
        opt.roots, opt.meta, opt.sections = TABLE_ROOTS, False, 0
    if args.truth_provenance:
        truth_options(opt, args.truth_provenance)
    if args.score:
        return score_main(args, opt)
    n = exact = right = left_out = problems = 0
    for exp_path, got_path, name, strict_rc in jobs(args):
        n += 1
        out = load(got_path)
        res = compare(load(exp_path), out, opt, strict_rc)
        if "__error__" in out:
            res.problems.insert(0, f"no record: {out['__error__']}")
        right, left_out, problems = right + res.right, left_out + res.flagged, problems + len(res.problems)
        exact += not res.problems and not res.flagged
        for p in res.problems[:8]:
            print(f"FAIL {name}: {p}")
    print(f"{args.label}: {n} compared ({exact} exact), {right} values right, "
          f"{left_out} left out and flagged, {problems} problems")
    return 1 if problems or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
