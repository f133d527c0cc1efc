#!/usr/bin/env bash
# One command per CPU: runs FastNeuron's benchmark suite (or a subset), the same benchmarks under the runtime's
# ISA switches, the numpy and C references and the ML.NET comparison, and writes docs/benchmarks/<cpu>/:
# GitHub tables, JSON, machine and package lines, `fastneuron verify`'s output (every kernel against Scalar and the
# golden model hashes, natively and under each ISA switch), PNG charts and a README; then indexes it in
# docs/benchmarks/README.md.
#
#   bash bench/run-cpu.sh                 # everything (about 30 minutes on 2 cores)
#   bash bench/run-cpu.sh '*Seed*'        # a subset (BenchmarkDotNet filter); ISA jobs and comparisons skipped
#   CPU_SLUG=my-cpu bash bench/run-cpu.sh # choose the folder name
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1:-*}

model=$(grep -m1 "model name" /proc/cpuinfo 2>/dev/null | cut -d: -f2 | xargs || true)
[ -n "$model" ] || model=$(uname -m)
if grep -q avx512f /proc/cpuinfo 2>/dev/null; then isa=avx512; elif grep -q avx2 /proc/cpuinfo 2>/dev/null; then isa=avx2; else isa=$(uname -m); fi
slug=${CPU_SLUG:-$(echo "$model" | tr 'A-Z' 'a-z' | sed -E 's/\((r|tm)\)//g; s/(cpu|processor)//g; s/@.*//; s/[^a-z0-9]+/-/g; s/^-+|-+$//g')-$isa-$(nproc)core}
out=docs/benchmarks/$slug
work=$(mktemp -d)
mkdir -p "$out"
echo "== results go to $out"

dotnet build -c Release FastNeuron.sln > /dev/null

echo "== benchmarks ($filter)"
dotnet run -c Release --no-build --project bench/FastNeuron.Benchmarks -- --filter "$filter" --exporters GitHub JSON --artifacts "$work/default" > "$work/default.log"
cp "$work"/default/results/*-report-github.md "$work"/default/results/*-report-full-compressed.json "$out/"

if [ "$filter" = "*" ]; then
  echo "== ISA jobs (kernels at 4,096 and the seed training, once per instruction-set switch)"
  mkdir -p "$out/isa"
  FASTNEURON_BENCH_LENGTHS=4096 dotnet run -c Release --no-build --project bench/FastNeuron.Benchmarks -- --isa \
    --filter '*KernelBenchmarks*' '*SeedTrainingBenchmarks*' --exporters GitHub JSON --artifacts "$work/isa" > "$work/isa.log"
  cp "$work"/isa/results/*-report-github.md "$work"/isa/results/*-report-full-compressed.json "$out/isa/"

  echo "== ML.NET comparison"
  dotnet run -c Release --no-build --project bench/FastNeuron.Comparisons -- --accuracy > "$out/comparisons-accuracy.txt"
  dotnet run -c Release --no-build --project bench/FastNeuron.Comparisons -- --filter '*' --exporters GitHub --artifacts "$work/comparisons" > "$work/comparisons.log"
  cp "$work"/comparisons/results/*-report-github.md "$out/"
fi

# References run right after the benchmarks they are compared with; a network-only run leaves references.txt alone.
case "$filter" in
  '*') echo "== references (numpy, C, FANN, PyTorch)"
       bash bench/reference/run.sh seed epoch > "$out/references.txt" 2>&1
       bash bench/reference/run.sh network > "$out/references-network.txt" 2>&1 ;;
  *Network*) echo "== references (FANN, PyTorch)"
       bash bench/reference/run.sh network > "$out/references-network.txt" 2>&1 ;;
  *) echo "== references (numpy, C)"
       bash bench/reference/run.sh seed epoch > "$out/references.txt" 2>&1 ;;
esac

echo "== fastneuron verify (every kernel against Scalar, then the golden model hashes), natively and under each ISA switch"
cli() { dotnet run -c Release --no-build --project src/FastNeuron.Cli -- "$@"; }
cli verify > "$out/verify.txt" 2>&1 || echo "!! fastneuron verify found differences on this CPU: see $out/verify.txt"
tail -n 2 "$out/verify.txt"
for switch in DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 DOTNET_PreferredVectorBitWidth=128 DOTNET_EnableHWIntrinsic=0; do
  echo "$switch: $(env "$switch" dotnet run -c Release --no-build --project src/FastNeuron.Cli -- verify 2>&1 | grep -E '^Default:|^All [0-9]+ |^[0-9]+ of [0-9]+ ' | tr -s ' ' | paste -sd ' ' -)"
done > "$out/verify-isa.txt"
cat "$out/verify-isa.txt"

{
  dotnet run -c Release --no-build --project src/FastNeuron.Cli -- info
  echo "OS:       $(uname -srm)"
  echo "Date:     $(date -u +%Y-%m-%dT%H:%MZ)"
} > "$out/machine.txt"
{
  echo "BenchmarkDotNet $(grep -o 'BenchmarkDotNet" Version="[^"]*' bench/FastNeuron.Benchmarks/FastNeuron.Benchmarks.csproj | cut -d'"' -f3)"
  echo "System.Numerics.Tensors $(grep -o 'System.Numerics.Tensors" Version="[^"]*' src/FastNeuron/FastNeuron.csproj | cut -d'"' -f3)"
  echo "Microsoft.ML $(grep -o 'Microsoft.ML" Version="[^"]*' bench/FastNeuron.Comparisons/FastNeuron.Comparisons.csproj | cut -d'"' -f3)"
  echo ".NET SDK $(dotnet --version)"
  (gcc --version 2>/dev/null | head -n 1) || echo "gcc: not found"
  (/usr/bin/python3 -c "import numpy; print('numpy', numpy.__version__)" 2>/dev/null) || echo "numpy: not found"
} > "$out/packages.txt"

echo "== charts and README"
dotnet run -c Release --no-build --project bench/FastNeuron.Charts -- "$out"

index=docs/benchmarks/README.md
if ! grep -q "($slug/README.md)" "$index" 2>/dev/null; then
  echo "| $model | $isa, $(nproc) cores | [$slug]($slug/README.md) |" >> "$index"
fi
rm -rf "$work"
echo "== done: $out/README.md"
