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
# The built assembly itself, not `dotnet run`, so that the samples are the benchmark process's alone.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -e cpu-clock -F 2000 -o "$out/perf.data" -- \
    dotnet "$repo/bench/FastNeuron.Benchmarks/bin/Release/net10.0/FastNeuron.Benchmarks.dll" --filter "$filter" --inProcess \
    --iterationTime 2000 --warmupCount 6 --iterationCount 5 --exporters JSON --artifacts "$out/artifacts" >"$out/run.log" 2>&1 \
    || { echo "profile.sh: the benchmark run failed, see $out/run.log" >&2; exit 1; }
grep -E "^\|.*\| *[0-9.,]+ (ns|us|μs|ms) " "$out/run.log" | tail -n 3 || true
perf report -i "$out/perf.data" --no-children --sort symbol --percent-limit 0.5 2>"$out/report.err" >"$out/report.raw" \
    || { echo "profile.sh: perf report failed, see $out/report.err" >&2; exit 1; }
{ grep -E "^ +[0-9.]+%" "$out/report.raw" || true; } | sed -E 's/\(([^()]|\([^()]*\))*\)//g' | cut -c1-160 >"$out/report.txt"
[ -s "$out/report.txt" ] || { echo "profile.sh: no function above 0.5% of the samples (did the filter select a benchmark?), see $out/run.log" >&2; exit 1; }
cat "$out/report.txt"
