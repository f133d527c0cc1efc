#!/usr/bin/env python3
"""numpy's matmul (OpenBLAS sgemm where numpy is built on it) on the dense-layer shapes of 784-256-128-10, float32,
one thread: the forward products of a batch (rows x inputs)·(inputs x units), and the weight gradients aᵀ·δ of a
batch of 64. Prints the BLAS numpy uses, then one line per shape with the best and median time and GFLOP/s.
Set OMP_NUM_THREADS/OPENBLAS_NUM_THREADS=1 (run.sh does). Usage: matmul_numpy.py [repeats]"""
import sys, time, statistics
import numpy as np

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
try:
    from threadpoolctl import threadpool_info
    blas = ", ".join(f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, {i.get('num_threads')} threads)" for i in threadpool_info())
except Exception:
    blas = "threadpoolctl not installed; numpy.show_config() names the BLAS"
print(f"numpy {np.__version__}; BLAS: {blas}")
rng = np.random.default_rng(0)
shapes = [("forward 1000x784 . 784x256", 1000, 784, 256), ("forward 1000x256 . 256x128", 1000, 256, 128),
          ("forward 64x784 . 784x256", 64, 784, 256), ("forward 64x256 . 256x128", 64, 256, 128),
          ("gradient 784x64 . 64x256", 784, 64, 256), ("gradient 256x64 . 64x128", 256, 64, 128)]
for name, m, k, n in shapes:
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((k, n), dtype=np.float32)
    if name.startswith("gradient"):
        a = np.ascontiguousarray(rng.random((k, m), dtype=np.float32)).T  # aᵀ as numpy's backward sees it
    out = np.empty((m, n), dtype=np.float32)
    for _ in range(3):
        np.matmul(a, b, out=out)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        np.matmul(a, b, out=out)
        times.append(time.perf_counter() - t)
    best, med = min(times), statistics.median(times)
    print(f"numpy matmul {name}: best {best*1e6:.1f} us median {med*1e6:.1f} us | {2*m*k*n/med/1e9:.1f} GFLOP/s (median)")
