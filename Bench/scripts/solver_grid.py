#!/usr/bin/python3
"""The T2.1 solver's robustness grid against scikit-learn's KernelRidge, same data, same degrees, same run.

Run from the repository root with Debian's python (another python3 earlier on PATH cannot import Debian's packages),
after `dotnet build -c Release Bench/ReluVerified.Bench`:

    /usr/bin/python3 Bench/scripts/solver_grid.py                  # m = 2000 and m = 8000
    /usr/bin/python3 Bench/scripts/solver_grid.py --sizes 2000     # one size
    /usr/bin/python3 Bench/scripts/solver_grid.py --cvxopt 3000    # the n10-d4-B50-rel-sq program against cvxopt

For each m, the C# bench (`solver-grid m DIR`) draws reliable-agnostic data on S^{n-1} (n in {5, 10, 20, 100}, fixed
seeds), writes it, and solves twelve programs (d in 2..6, B from 1 to 1e4, reliable and agnostic, square, absolute and
Huber losses; the list is in Bench/ReluVerified.Bench/SolverGrid.cs), timing Gram + solve with the default options.
Then KernelRidge(kernel='poly', degree=d, gamma=1, coef0=1, alpha=1e-3).fit is timed on the same X and y for each
program (kernel computation included, as the C# time includes the Gram matrix). Prints one line per program, the
totals and their ratio, and whether every program Converged with a gap <= 1e-8 relative to max(1, |objective|).

With --cvxopt M, the grid's n10-d4-B50-rel-sq program (reliable, square loss, MK_4 on S^9, B = 50, tau_c = 0.05) is solved at m
= M by the C# solver (Gram + solve, default options) and by cvxopt's coneqp in the eigen-factor form of
Bench/scripts/solver_vs_peers.py (u-coordinates on K = L L' from numpy's eigh, the ball as a second-order cone; the Gram
matrix, the eigendecomposition and the solve timed, to cvxopt's tolerances 1e-12 / 1e-11 there); prints both times,
both objectives and the ratio.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DLL = os.path.join(REPO, "Bench", "ReluVerified.Bench", "bin", "Release", "net10.0", "ReluVerified.Bench.dll")

try:
    import numpy as np
    from sklearn.kernel_ridge import KernelRidge
except ImportError:
    print("SKIP: numpy or scikit-learn is not importable (Debian: apt-get install -y python3-numpy python3-sklearn); nothing to compare.")
    sys.exit(0)


def versus_cvxopt(m):
    sys.path.insert(0, os.path.dirname(__file__))
    import solver_vs_peers as peers
    if peers.cvxopt is None:
        print("SKIP: cvxopt is not importable (Debian: apt-get install -y python3-cvxopt)")
        return 0
    name = "n10-d4-B50-rel-sq"
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["dotnet", DLL, "solver-grid", str(m), tmp, name], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        row = next(csv.DictReader(open(os.path.join(tmp, "grid.csv"))))
        x = np.loadtxt(os.path.join(tmp, "X_10.csv"), delimiter=",", ndmin=2)
        y = np.loadtxt(os.path.join(tmp, "y_10.csv"), delimiter=",")
    start = time.perf_counter()
    k = peers.gram(x, 4)
    objective, _, status = peers.cvxopt_solve(k, y, "reliable", "square", 50.0, 0.05)
    theirs = time.perf_counter() - start
    ours = float(row["gram_s"]) + float(row["solve_s"])
    print(f"{name} at m = {m}: ours {row['exit']} in {ours:.3f} s (gap {float(row['gap']):.2e}, {row['newton']} rank {row['rank']}); "
          f"cvxopt {status} in {theirs:.3f} s, objective {objective:.10g}; cvxopt / ours = {theirs / ours:.2f}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000])
    parser.add_argument("--cvxopt", type=int, default=0, help="compare one program with cvxopt at this m instead of running the grid")
    args = parser.parse_args()
    if not os.path.exists(DLL):
        print(f"build first: dotnet build -c Release Bench/ReluVerified.Bench ({os.path.relpath(DLL, REPO)} is missing)")
        return 2
    if args.cvxopt:
        return versus_cvxopt(args.cvxopt)
    all_ok = True
    for m in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            run = subprocess.run(["dotnet", DLL, "solver-grid", str(m), tmp], capture_output=True, text=True)
            if run.returncode != 0:
                print(run.stdout, run.stderr)
                return 1
            rows = list(csv.DictReader(open(os.path.join(tmp, "grid.csv"))))
            data = {}
            print(f"\nm = {m}")
            print(f"{'program':24s} {'exit':17s} {'gap':>9s} {'iter':>4s} {'newton':8s} {'rank':>5s} {'ours s':>7s} {'ridge s':>7s} {'ratio':>6s}")
            total_ours = total_ridge = 0.0
            for row in rows:
                n, d = int(row["n"]), int(row["d"])
                if n not in data:
                    data[n] = (np.loadtxt(os.path.join(tmp, f"X_{n}.csv"), delimiter=",", ndmin=2),
                               np.loadtxt(os.path.join(tmp, f"y_{n}.csv"), delimiter=","))
                x, y = data[n]
                start = time.perf_counter()
                KernelRidge(kernel="poly", degree=d, gamma=1.0, coef0=1.0, alpha=1e-3).fit(x, y)
                ridge = time.perf_counter() - start
                ours = float(row["gram_s"]) + float(row["solve_s"])
                total_ours += ours
                total_ridge += ridge
                ok = row["exit"] == "Converged" and float(row["gap"]) <= 1e-8
                all_ok &= ok
                print(f"{row['name']:24s} {row['exit']:17s} {float(row['gap']):9.2e} {row['iterations']:>4s} {row['newton']:8s} {row['rank']:>5s} "
                      f"{ours:7.3f} {ridge:7.3f} {ours / ridge:6.2f}")
            print(f"total: ours {total_ours:.2f} s, KernelRidge {total_ridge:.2f} s, ratio {total_ours / total_ridge:.2f}")
    print("every program Converged with gap <= 1e-8:", "yes" if all_ok else "NO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
