#!/usr/bin/env bash
# Runs FastNeuron's reference programs (numpy, and C with and without -ffast-math) on this machine and prints
# their timings. A missing tool is reported and its column skipped.
# Usage: bash bench/reference/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
python=${PYTHON:-/usr/bin/python3}
if "$python" -c "import numpy" 2>/dev/null; then
  "$python" "$here/seed_numpy.py" 15
  for shape in "1000000 64 15" "100000 16 100" "4096 256 300"; do "$python" "$here/epoch_numpy.py" $shape; done
else
  echo "numpy: not found (apt-get install python3-numpy); skipping the numpy column"
fi
if command -v gcc >/dev/null 2>&1; then
  gcc -O3 -march=native -o "$out/seed_strict" "$here/seed.c" -lm && echo "C, gcc -O3 -march=native:" && "$out/seed_strict" 300
  gcc -O3 -march=native -ffast-math -o "$out/seed_fast" "$here/seed.c" -lm && echo "C, gcc -O3 -march=native -ffast-math:" && "$out/seed_fast" 300
else
  echo "gcc: not found; skipping the C column"
fi
shared=$(cd "$here/../../.." && pwd)/shared/reference
if [ -f "$shared/build.sh" ] && command -v gcc >/dev/null 2>&1; then
  # The issue's C yardstick for one fused epoch (shared/reference/neuron.c, AVX2, 1 and 2 threads).
  dir=$(sh "$shared/build.sh" "$out")
  echo "C fused epoch (shared/reference/neuron.c, -O3 -march=native -ffast-math):"
  "$dir/neuron_fast" large 1000000 64 20
  "$dir/neuron_fast" large 100000 16 200
  "$dir/neuron_fast" large 4096 256 2000
else
  echo "shared/reference/neuron.c or gcc not found; skipping the C fused-epoch column"
fi
rm -rf "$out"
