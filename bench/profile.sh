#!/usr/bin/env bash
# Where a benchmark's time goes: runs one BenchmarkDotNet filter in process under `perf record` (cpu-clock, so that it
# works in VMs without hardware counters) with the JIT's perf map on, and prints the functions by their share of the
# samples (self time). The samples include BenchmarkDotNet's pilot and warm-up, so a benchmark's own loop is the top
# of the list only once it runs for a while: use a filter that selects one benchmark.
#   bash bench/profile.sh '*LargeNetworkBenchmarks.Mlp784_ThinkBatch1000'
# Needs perf (linux-perf on Debian); OUT (default /tmp/fastneuron-profile) keeps perf.data and the report.
set -euo pipefail
filter=${1:?usage: bench/profile.sh <BenchmarkDotNet filter>}
out=${OUT:-/tmp/fastneuron-profile}
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v perf >/dev/null || { echo "profile.sh: perf is not installed (apt-get install linux-perf)" >&2; exit 2; }
mkdir -p "$out"
dotnet build -c Release "$repo/bench/FastNeuron.Benchmarks" >"$out/build.log" 2>&1 || { echo "profile.sh: the build failed, see $out/build.log" >&2; exit 1; }
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -e cpu-clock -F 2000 -o "$out/perf.data" -- \
    dotnet run -c Release --no-build --project "$repo/bench/FastNeuron.Benchmarks" -- --filter "$filter" --inProcess \
    --iterationTime 2000 --warmupCount 6 --iterationCount 5 --exporters JSON --artifacts "$out/artifacts" >"$out/run.log" 2>&1 \
    || { echo "profile.sh: the benchmark run failed, see $out/run.log" >&2; exit 1; }
grep -E "^\|.*\| *[0-9.,]+ (ns|us|μs|ms) " "$out/run.log" | tail -n 3 || true
perf report -i "$out/perf.data" --no-children --sort symbol --percent-limit 0.5 2>/dev/null \
    | grep -E "^ +[0-9.]+%" | sed -E 's/\(([^()]|\([^()]*\))*\)//g' | cut -c1-160 | tee "$out/report.txt"
