#!/usr/bin/env python3
"""Figures per degradation for bench/scan_eval.sh.

  scan_degradations.py DIR

DIR holds, per seed, SEED.exp.json (the synthetic record), SEED.out.json
(what `nianbao convert` made of the scan), SEED.synth.log (the generator's
debug log: the office print of the document and the degradations of each
page) and SEED.time (user, system seconds, peak RSS KB; wall start and end).
Every field is graded as tests/recordcmp.py --score grades it; a document
counts under every degradation one of its pages (or its print) shows.  Text
fields (agency, year, sections) count: wrong and not flagged is silent.
"""
import collections, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recordcmp  # noqa: E402


def tags(log):
    """The degradations named in a synth debug log."""
    found = set()
    for line in log.splitlines():
        m = re.search(r"synth seed \d+(?: page \d+)?: (.*)", line)
        if not m:
            continue
        for part in m.group(1).split(","):
            part = part.strip()
            if part.startswith("skew"):
                deg = abs(float(part.split()[1]))
                found.add("skew >= 1.5" if deg >= 1.5 else "skew < 1.5")
            elif part.startswith("font"):
                found.add("font " + part[5:].split(" / ")[0])
            elif part:
                found.add(part)
    return found


def main():
    d = sys.argv[1]
    seeds = sorted(int(f.split(".")[0]) for f in os.listdir(d) if f.endswith(".exp.json"))
    per = collections.defaultdict(lambda: collections.Counter())
    cpu, wall, pages = [], [], 0
    problems = []
    for s in seeds:
        exp = recordcmp.load(f"{d}/{s}.exp.json")
        out = recordcmp.load(f"{d}/{s}.out.json")
        try:
            log = open(f"{d}/{s}.synth.log", encoding="utf-8").read()
            t = open(f"{d}/{s}.time").read().split()
            cpu.append(float(t[0]) + float(t[1]))
            wall.append(float(t[4]) - float(t[3]))
        except (OSError, IndexError, ValueError):
            log = ""
        pages += len(re.findall(r" page \d+:", log))
        c = collections.Counter()
        for kind, path, want, got in recordcmp.grade(exp, out):
            c[kind] += 1
            if kind in ("silent", "missing", "text"):
                problems.append(f"  seed {s} {kind} {path}: want {want!r}, got {got!r}")
        for tag in tags(log) | {"all"}:
            per[tag] += c
            per[tag]["docs"] += 1
    print(f"{'documents with':28} {'docs':>4} {'fields':>6} {'right':>6} {'%':>7} {'flagged':>7} {'silent':>6}")
    for tag in sorted(per, key=lambda k: (k != "all", k)):
        c = per[tag]
        n = sum(c[k] for k in ("right", "flagged", "silent", "missing", "text"))
        silent = c["silent"] + c["missing"] + c["text"]
        print(f"{tag:28} {c['docs']:>4} {n:>6} {c['right']:>6} {100.0 * c['right'] / max(n, 1):>6.2f}% "
              f"{c['flagged']:>7} {silent:>6}")
    if cpu:
        print(f"CPU per document {sum(cpu) / len(cpu):.1f} s, per page {sum(cpu) / max(pages, 1):.2f} s "
              f"({pages} pages), wall per document {sum(wall) / len(wall):.1f} s")
    print("\n".join(problems))


if __name__ == "__main__":
    main()
