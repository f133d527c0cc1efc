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
else
  echo "numpy: not found (apt-get install python3-numpy); skipping the numpy column"
fi
if command -v gcc >/dev/null 2>&1; then
  gcc -O3 -march=native -o "$out/seed_strict" "$here/seed.c" -lm && echo "C, gcc -O3 -march=native:" && "$out/seed_strict" 300
  gcc -O3 -march=native -ffast-math -o "$out/seed_fast" "$here/seed.c" -lm && echo "C, gcc -O3 -march=native -ffast-math:" && "$out/seed_fast" 300
else
  echo "gcc: not found; skipping the C column"
fi
rm -rf "$out"
