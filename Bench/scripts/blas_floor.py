#!/usr/bin/python3
"""The BLAS floors of one interior-point iteration of the T2.1 solver on this host, from numpy/scipy's OpenBLAS (the library
the C# solver calls): Cholesky factorisations in single and double precision, the symmetric matrix-vector product of a
refinement step against products with two vectors at once, and the Gram update of an r-space Newton matrix.

Run with Debian's python (scipy and numpy from Debian's packages link the same OpenBLAS as the solver):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 Bench/scripts/blas_floor.py --m 2000 --r 935

Prints the median of repeated timings in milliseconds. The products are timed after reading 80 MB of other memory, so that
the m x m matrix is not in cache, as in a solve, where a factor and other arrays pass through the cache between products.
Matrices are random (SPD where factored); the times depend on the sizes, not on the values.
"""
import argparse
import sys
import time

try:
    import numpy as np
    from scipy.linalg import blas, lapack
except ImportError:
    print("SKIP: numpy or scipy is not importable (Debian: apt-get install -y python3-numpy python3-scipy)")
    sys.exit(0)


def median_ms(f, repeats, flush=None):
    times = []
    for _ in range(repeats):
        if flush is not None:
            flush()
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--m", type=int, default=2000, help="rows (the m-space Newton matrix is m x m)")
    parser.add_argument("--r", type=int, default=935, help="rank of the r-space factor (m x r)")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    m, r, k = args.m, args.r, args.repeats
    rng = np.random.default_rng(1)
    a = rng.random((m, m))
    spd = np.asfortranarray(a @ a.T / m + np.eye(m))
    spd32 = np.asfortranarray(spd.astype(np.float32))
    junk = rng.random(10_000_000)
    flush = junk.sum
    v = rng.random(m)
    two = np.asfortranarray(rng.random((m, 2)))
    factor = np.asfortranarray(rng.random((m, r)))
    factor32 = np.asfortranarray(factor.astype(np.float32))
    small = np.asfortranarray(factor.T @ factor + np.eye(r))
    small32 = np.asfortranarray(small.astype(np.float32))
    print(f"m = {m}, r = {r}; median of {k} runs, milliseconds")
    print(f"spotrf m x m (single)          {median_ms(lambda: lapack.spotrf(spd32, lower=1), k):9.2f}")
    print(f"dpotrf m x m (double)          {median_ms(lambda: lapack.dpotrf(spd, lower=1), k):9.2f}")
    print(f"dsymv m x m, one vector        {median_ms(lambda: blas.dsymv(1.0, spd, v, lower=1), k, flush):9.2f}")
    print(f"dsymv m x m, twice             {median_ms(lambda: (blas.dsymv(1.0, spd, two[:, 0], lower=1), blas.dsymv(1.0, spd, two[:, 1], lower=1)), k, flush):9.2f}")
    print(f"dsymm m x m by m x 2           {median_ms(lambda: blas.dsymm(1.0, spd, two, lower=1), k, flush):9.2f}")
    print(f"dgemm m x m by m x 2           {median_ms(lambda: blas.dgemm(1.0, spd, two), k, flush):9.2f}")
    print(f"ssyrk L'L, L m x r (single)    {median_ms(lambda: blas.ssyrk(1.0, factor32, trans=1, lower=1), k):9.2f}")
    print(f"dsyrk L'L, L m x r (double)    {median_ms(lambda: blas.dsyrk(1.0, factor, trans=1, lower=1), k):9.2f}")
    print(f"spotrf r x r (single)          {median_ms(lambda: lapack.spotrf(small32, lower=1), k):9.2f}")
    print(f"dpotrf r x r (double)          {median_ms(lambda: lapack.dpotrf(small, lower=1), k):9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
