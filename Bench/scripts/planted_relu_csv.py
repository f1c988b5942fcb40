"""Writes M rows of N features on the unit sphere with a planted ReLU label as CSV (Bench/scripts/scale_fit.sh and
Bench/scripts/cluster_fit.sh): w a random unit vector, y = clip(max(0, w.x) + 0.05 noise on the positive side, 0, 1),
numpy seed SEED, 5 significant digits, header f0..f{N-1},y, written in blocks of 100,000 rows.

    /usr/bin/python3 Bench/scripts/planted_relu_csv.py M N SEED PATH
"""
import sys

import numpy as np


def write(m, n, seed, path):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=n); w /= np.linalg.norm(w)
    with open(path, "w") as fh:
        fh.write(",".join([f"f{i}" for i in range(n)] + ["y"]) + "\n")
        for start in range(0, m, 100000):
            k = min(100000, m - start)
            x = rng.normal(size=(k, n)); x /= np.linalg.norm(x, axis=1, keepdims=True)
            z = x @ w
            y = np.clip(np.maximum(0, z) + 0.05 * rng.normal(size=k) * (z > 0), 0, 1)
            np.savetxt(fh, np.column_stack([x, y]), delimiter=",", fmt="%.5g")


if __name__ == "__main__":
    write(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
