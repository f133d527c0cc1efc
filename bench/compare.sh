#!/usr/bin/env bash
# Before and after, back to back in one invocation on one quiet machine: builds the benchmark suite at BEFORE (a
# commit) in a scratch worktree and at the working tree (or at AFTER, another commit, when that variable is set), runs the same BenchmarkDotNet filter on each (before first,
# then after, then before and after again so that drift in the machine shows), and prints one markdown table of
# medians with the after/before ratio of each benchmark (< 1 is faster). Nothing in the repository is touched
# unless OUT is given, where the table is also written.
#
#   bash bench/compare.sh a09ec0e '*KernelBenchmarks*' '*SeedTrainingBenchmarks*'   # kernels and seed training
#   OUT=docs/benchmarks/<cpu>/before-after.md bash bench/compare.sh a09ec0e '*'
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/compare.sh BEFORE-COMMIT [FILTER...]}
shift
filters=("${@:-*}")
rounds=${ROUNDS:-2}
work=$(mktemp -d)
git worktree add --detach -q "$work/before" "$before"
after_tree=.
if [ -n "${AFTER:-}" ]; then
  git worktree add --detach -q "$work/after" "$AFTER"
  after_tree=$work/after
fi
# The worktrees go; the results stay in $work (printed at the end) so that no run is lost to a failed table.
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; git worktree remove --force "$work/after" >/dev/null 2>&1 || true' EXIT
echo "== building $before and ${AFTER:-the working tree}"
dotnet build -c Release "$work/before/bench/FastNeuron.Benchmarks" > "$work/build-before.log" 2>&1 || { tail -n 20 "$work/build-before.log"; exit 1; }
dotnet build -c Release "$after_tree/bench/FastNeuron.Benchmarks" > "$work/build-after.log" 2>&1 || { tail -n 20 "$work/build-after.log"; exit 1; }
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    tree=$([ "$side" = before ] && echo "$work/before" || echo "$after_tree")
    echo "== round $round: $side (${filters[*]})"
    # BenchmarkDotNet finds the project to build from the current folder up: run each side inside its own tree.
    (cd "$tree" && dotnet run -c Release --no-build --project bench/FastNeuron.Benchmarks -- --filter "${filters[@]}" --exporters JSON \
      --artifacts "$work/$side-$round") > "$work/$side-$round.log" 2>&1 || { tail -n 30 "$work/$side-$round.log"; exit 1; }
  done
done
label=${AFTER:-$(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')}
python3 - "$work" "$rounds" "$before" "$label" <<'PY' | tee "${OUT:-/dev/null}"
import glob, json, sys, statistics
work, rounds, before, after = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def load(side):
    medians = {}
    for r in range(1, rounds + 1):
        for path in glob.glob(f"{work}/{side}-{r}/results/*-report-full-compressed.json"):
            for b in json.load(open(path))["Benchmarks"]:
                key = b["FullName"]
                medians.setdefault(key, []).append(b["Statistics"]["Median"])
    return medians
b, a = load("before"), load("after")
print(f"| benchmark | before {before} (ns, median of rounds) | after {after} | after ÷ before |")
print("|---|---:|---:|---:|")
ratios = []
failed = []
for key in sorted(set(b) & set(a)):
    mb, ma = statistics.median(b[key]), statistics.median(a[key])
    name = key.split(".", 2)[-1] if key.count(".") >= 2 else key
    if not (mb > 0 and ma > 0):
        failed.append(name)  # a benchmark that did not run on one side reports no median
        continue
    ratios.append(ma / mb)
    print(f"| {name} | {mb:,.1f} | {ma:,.1f} | {ma / mb:.3f} |")
if ratios:
    print(f"\n{len(ratios)} benchmarks; after ÷ before: median {statistics.median(ratios):.3f}, "
          f"largest {max(ratios):.3f}, smallest {min(ratios):.3f}. Only in before: {len(set(b) - set(a))}; only in after: {len(set(a) - set(b))}.")
if failed:
    print(f"No median on one side (did not run): {', '.join(failed)}.")
PY
echo "results: $work"
