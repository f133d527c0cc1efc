#!/usr/bin/env python3
"""FastNeuron's numpy reference for one full-batch epoch of a float32 sigmoid neuron, textbook style:
o = sigmoid(X @ w); g = X.T @ ((y - o) * o * (1 - o)); w += lr * g. Prints the best and median time.

    python3 bench/reference/epoch_numpy.py [rows] [columns] [runs]
"""
import sys
import time

import numpy as np


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    columns = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    rng = np.random.default_rng(7)
    x = rng.uniform(-1, 1, (rows, columns)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)
    w = np.zeros((columns, 1), dtype=np.float32)
    lr = np.float32(0.5 / rows)
    one = np.float32(1)
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        o = one / (one + np.exp(-(x @ w)))
        w += lr * (x.T @ ((y - o) * (o * (one - o))))
        times.append(time.perf_counter() - start)
    times = sorted(times[1:])
    print("numpy %s epoch %d x %d float32: best %.3f ms  median %.3f ms  (%d runs)"
          % (np.__version__, rows, columns, times[0] * 1e3, times[len(times) // 2] * 1e3, runs))


if __name__ == "__main__":
    main()
