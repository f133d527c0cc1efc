#!/usr/bin/env python3
"""FastNeuron's numpy reference: the seed program's training loop, timed.

Run with a Python that has numpy (Debian: apt-get install python3-numpy; /usr/bin/python3):
    python3 bench/reference/seed_numpy.py [runs]
Prints the final weights (to check it is the seed program) and the best and median time of one whole
10,000-iteration training, in float64 (the original) and float32.
"""
import sys
import time

import numpy as np


def train(dtype, iterations=10000):
    np.random.seed(1)
    w = (2 * np.random.random((3, 1)) - 1).astype(dtype)
    x = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=dtype)
    y = np.array([[0, 1, 1, 0]], dtype=dtype).T
    one = dtype(1)
    for _ in range(iterations):
        out = one / (one + np.exp(-np.dot(x, w)))
        w += np.dot(x.T, (y - out) * (out * (one - out)))
    return w


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    print("numpy", np.__version__)
    for dtype in (np.float64, np.float32):
        w = train(dtype)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            train(dtype)
            times.append(time.perf_counter() - start)
        times.sort()
        print("numpy seed %s 10k iters: best %.1f us  median %.1f us  (%d runs)  w = %s"
              % (np.dtype(dtype).name, times[0] * 1e6, times[len(times) // 2] * 1e6, runs,
                 " ".join(repr(float(v)) for v in w[:, 0])))


if __name__ == "__main__":
    main()
