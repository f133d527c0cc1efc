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
python3 bench/compare_table.py "$work" "$rounds" "$before" "$label" | tee "${OUT:-/dev/null}"
echo "results: $work"
