#!/usr/bin/env bash
# Runs FastNeuron's reference programs on this machine and prints their timings. A missing tool is reported and
# its column skipped.
#   seed, epoch: numpy and C (with and without -ffast-math)
#   network:     FANN's RPROP (fann_bench.c, Debian libfann-dev) and PyTorch's SGD (mlp_torch.py, Debian
#                python3-torch) on the 64-32-10 network; PyTorch on 784-256-128-10 (mlp784_torch.py); numpy's matmul
#                on the same layer shapes (matmul_numpy.py: OpenBLAS sgemm where installed, libopenblas0-pthread;
#                it prints which BLAS). The BLAS runs one thread, and OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE are unset
#                for these lines so that OpenBLAS picks its own kernel for this CPU; on an AVX-512 CPU the matmul
#                runs a second time with OPENBLAS_CORETYPE=Haswell, the reference for the DOTNET_EnableAVX512=0 job.
# Usage: bash bench/reference/run.sh [seed] [epoch] [network]      (no argument: all three)
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
python=${PYTHON:-/usr/bin/python3}
sections=" ${*:-seed epoch network} "
want() { case "$sections" in *" $1 "*) return 0;; *) return 1;; esac; }
if want network; then
  if gcc -O2 -DUSE_FLOAT -o "$out/fann_bench_float" "$here/fann_bench.c" -lfloatfann -lm 2>/dev/null; then
    "$out/fann_bench_float" | grep mlp
  else
    echo "FANN: not found (apt-get install libfann-dev); skipping the FANN column"
  fi
  if "$python" -c "import torch" 2>/dev/null; then
    "$python" "$here/mlp_torch.py" 1
    (unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" "$here/mlp784_torch.py" 1)
  else
    echo "PyTorch: not found (apt-get install python3-torch); skipping the PyTorch column"
  fi
fi
if want network; then
  if "$python" -c "import numpy" 2>/dev/null; then
    (unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" "$here/matmul_numpy.py" 30)
    # On an AVX-512 CPU, the reference for FastNeuron's DOTNET_EnableAVX512=0 job: OpenBLAS's AVX2 kernel.
    if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
      echo "the same with OPENBLAS_CORETYPE=Haswell (OpenBLAS's AVX2 kernel):"
      # Its lines are named "numpy matmul AVX2 ..." so that no reader mistakes them for the native kernel's; the BLAS
      # line it prints says whether OPENBLAS_CORETYPE took effect (a BLAS other than OpenBLAS ignores it).
      (unset OPENBLAS_L2_SIZE; OPENBLAS_CORETYPE=Haswell OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$python" "$here/matmul_numpy.py" 30) | sed 's/^numpy matmul /numpy matmul AVX2 /'
      [ "${PIPESTATUS[0]}" = 0 ] || echo "the AVX2 matmul failed"
    fi
  else
    echo "numpy: not found (apt-get install python3-numpy libopenblas0-pthread); skipping the matmul column"
  fi
fi
if ! want seed && ! want epoch; then rm -rf "$out"; exit 0; fi
if "$python" -c "import numpy" 2>/dev/null; then
  "$python" "$here/seed_numpy.py" 15
  for shape in "1000000 64 15" "100000 16 100" "4096 256 300"; do "$python" "$here/epoch_numpy.py" $shape; done
else
  echo "numpy: not found (apt-get install python3-numpy); skipping the numpy column"
fi
if command -v gcc >/dev/null 2>&1; then
  gcc -O3 -march=native -o "$out/seed_strict" "$here/seed.c" -lm && echo "C, gcc -O3 -march=native:" && "$out/seed_strict" 300 | sed "s/^seed/C seed/"
  gcc -O3 -march=native -ffast-math -o "$out/seed_fast" "$here/seed.c" -lm && echo "C, gcc -O3 -march=native -ffast-math:" && "$out/seed_fast" 300 | sed "s/^seed/C-fast-math seed/"
else
  echo "gcc: not found; skipping the C column"
fi
if command -v gcc >/dev/null 2>&1 && gcc -O3 -march=native -o "$out/epoch" "$here/epoch.c" -lm -lpthread 2>/dev/null; then
  "$out/epoch" 1000000 64 15
  "$out/epoch" 100000 16 100
  "$out/epoch" 4096 256 300
else
  echo "gcc with AVX2 not available; skipping the C fused-epoch column"
fi
rm -rf "$out"
