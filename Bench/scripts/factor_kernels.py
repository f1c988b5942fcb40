#!/usr/bin/env python3
"""Times the OpenBLAS kernels behind two choices of the T2.1 solver, through scipy on the same OpenBLAS library that the
C# code loads (Debian: /usr/lib/x86_64-linux-gnu/openblas-pthread, selected by the libblas.so.3 / liblapack.so.3
alternatives; the script prints which library it found).

1. Solves with a Cholesky factor (SymmetricFactor, MixedPrecisionFactor): LAPACK potrs with one right-hand side against
   two triangular solves trsv, in double and single precision.
2. Products with the symmetric Gram matrix (KernelCoordinates, KernelProgram's working estimates): gemv against symv,
   which reads one triangle.
The third, the bordered full-rank probe of PivotedCholesky.ProbeNative, is timed in C# on the solver grid's Gram matrices
(`dotnet Bench/ReluVerified.Bench/bin/Release/net10.0/ReluVerified.Bench.dll rank-probe M`), where it runs in place.

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

if __name__ == "__main__":
    main()
