#!/usr/bin/env python3
"""Times the OpenBLAS kernels behind three choices of the T2.1 solver, through scipy on the same OpenBLAS library that the
C# code loads (Debian: /usr/lib/x86_64-linux-gnu/openblas-pthread, selected by the libblas.so.3 / liblapack.so.3
alternatives; the script prints which library it found).

1. Solves with a Cholesky factor (SymmetricFactor, MixedPrecisionFactor): LAPACK potrs with one right-hand side against
   two triangular solves trsv, in double and single precision.
2. Products with the symmetric Gram matrix (KernelCoordinates, KernelProgram's working estimates): gemv against symv,
   which reads one triangle.
3. The full-rank probe of PivotedCholesky.ProbeNative: dpotrf on all of K against the bordered factorisation on growing
   leading blocks (256 rows, then doubling: trsm, syrk, potrf), on PSD matrices X X' of rank r and at full rank.

Usage (repository root; Debian's python3 with python3-scipy):
    /usr/bin/python3 Bench/scripts/factor_kernels.py [--sizes 2000 4000] [--repeats 5]
Each figure is the fastest of the repeats, in milliseconds.
"""
import argparse
import os
import time

import numpy as np
from scipy.linalg import blas, lapack


def best(f, repeats):
    f()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def bordered(a, first=256):
    """Lower Cholesky factor of a (Fortran order, overwritten) by stages on growing leading blocks; False on failure."""
    m = a.shape[0]
    k = 0
    while k < m:
        k2 = min(m, first) if k == 0 else min(m, 2 * k)
        if k > 0:
            # rows k..k2-1: L21 = K21 L11^(-T), then the Schur complement K22 - L21 L21'
            a[k:k2, :k] = blas.dtrsm(1.0, a[:k, :k], a[k:k2, :k], side=1, lower=1, trans_a=1)
            a[k:k2, k:k2] = blas.dsyrk(-1.0, a[k:k2, :k], beta=1.0, c=a[k:k2, k:k2], lower=1)
        c, info = lapack.dpotrf(a[k:k2, k:k2], lower=1, clean=0)
        if info != 0:
            return False
        a[k:k2, k:k2] = c
        k = k2
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    library = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    print(f"BLAS: {library}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(default)')}")
    rng = np.random.default_rng(2026)
    for m in args.sizes:
        print(f"\nm = {m}")
        x = rng.standard_normal((m, m))
        spd = np.asfortranarray(x @ x.T / m + np.eye(m))
        for name, dtype, potrf, potrs, trsv in [("double", np.float64, lapack.dpotrf, lapack.dpotrs, blas.dtrsv),
                                               ("single", np.float32, lapack.spotrf, lapack.spotrs, blas.strsv)]:
            factor, info = potrf(spd.astype(dtype), lower=1)
            factor = np.asfortranarray(factor)
            b = rng.standard_normal(m).astype(dtype)
            t_potrs = best(lambda: potrs(factor, b, lower=1), args.repeats)
            t_trsv = best(lambda: trsv(factor, trsv(factor, b, lower=1), lower=1, trans=1), args.repeats)
            print(f"  solve, {name}: potrs {t_potrs:7.2f} ms, two trsv {t_trsv:7.2f} ms, ratio {t_potrs / t_trsv:5.2f}")
        v = rng.standard_normal(m)
        t_gemv = best(lambda: blas.dgemv(1.0, spd, v), args.repeats)
        t_symv = best(lambda: blas.dsymv(1.0, spd, v, lower=1), args.repeats)
        print(f"  product: gemv {t_gemv:7.2f} ms, symv {t_symv:7.2f} ms, ratio {t_gemv / t_symv:5.2f}")
        for rank in [m // 8, m // 4, m // 2, 7 * m // 8, m]:
            y = rng.standard_normal((m, rank))
            k = np.asfortranarray(y @ y.T)
            def plain():
                return lapack.dpotrf(k, lower=1, clean=0)[1]
            def staged():
                return bordered(np.array(k, order="F"))
            info = plain()
            t_plain = best(plain, max(1, args.repeats // 2))
            t_staged = best(staged, max(1, args.repeats // 2))
            print(f"  probe, rank {rank:5d}: dpotrf {t_plain:8.1f} ms (info {info}), bordered {t_staged:8.1f} ms "
                  f"(completes: {staged()}), ratio {t_plain / t_staged:5.2f}")


if __name__ == "__main__":
    main()
