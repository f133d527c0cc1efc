#!/usr/bin/env python3
"""The table bench/compare.sh prints, from the results folder it leaves (so a table can be made again from a run):
the median over rounds of each benchmark's BenchmarkDotNet median on each side, the after/before ratio, then every
process's own median, so that a slow or fast process shows, and BenchmarkDotNet's environment line of each side
(the ISA a switch such as DOTNET_EnableAVX512=0 left).

    python3 bench/compare_table.py RESULTS-FOLDER ROUNDS BEFORE-LABEL AFTER-LABEL
"""
import glob
import json
import re
import statistics
import sys

work, rounds, before, after = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
processes = [(side, r) for side in ("before", "after") for r in range(1, rounds + 1)]


def load(side, r):
    medians = {}
    for path in glob.glob(f"{work}/{side}-{r}/results/*-report-full-compressed.json"):
        for b in json.load(open(path))["Benchmarks"]:
            medians[b["FullName"]] = b["Statistics"]["Median"]
    return medians


runs = {p: load(*p) for p in processes}


def per_side(side):
    medians = {}
    for (s, r), values in runs.items():
        if s == side:
            for key, value in values.items():
                medians.setdefault(key, []).append(value)
    return medians


def short(key):
    return key.split(".", 2)[-1] if key.count(".") >= 2 else key


b, a = per_side("before"), per_side("after")
print(f"| benchmark | before {before} (ns, median of rounds) | after {after} | after ÷ before |")
print("|---|---:|---:|---:|")
ratios = []
failed = []
for key in sorted(set(b) & set(a)):
    mb, ma = statistics.median(b[key]), statistics.median(a[key])
    if not (mb > 0 and ma > 0):
        failed.append(short(key))  # a benchmark that did not run on one side reports no median
        continue
    ratios.append(ma / mb)
    print(f"| {short(key)} | {mb:,.1f} | {ma:,.1f} | {ma / mb:.3f} |")
if ratios:
    print(f"\n{len(ratios)} benchmarks; after ÷ before: median {statistics.median(ratios):.3f}, "
          f"largest {max(ratios):.3f}, smallest {min(ratios):.3f}. Only in before: {len(set(b) - set(a))}; only in after: {len(set(a) - set(b))}.")
if failed:
    print(f"No median on one side (did not run): {', '.join(failed)}.")

print("\nPer process (each process's BenchmarkDotNet median, ns, in the order they ran: before 1, after 1, before 2, ...):\n")
order = [(side, r) for r in range(1, rounds + 1) for side in ("before", "after")]
print("| benchmark | " + " | ".join(f"{side} {r}" for side, r in order) + " |")
print("|---|" + "---:|" * len(order))
for key in sorted(set(b) | set(a)):
    print(f"| {short(key)} | " + " | ".join(f"{runs[p][key]:,.1f}" if key in runs[p] else "" for p in order) + " |")

for side in ("before", "after"):
    lines = set()
    for r in range(1, rounds + 1):
        try:
            for line in open(f"{work}/{side}-{r}.log", errors="replace"):
                m = re.search(r"(HardwareIntrinsics=.*?VectorSize=\d+)", line)
                if m:
                    lines.add(m.group(1).strip())
        except FileNotFoundError:
            pass
    for line in sorted(lines):
        print(f"\n{side}: BenchmarkDotNet's environment line `{line}`")
