#!/usr/bin/python3
"""Where each program of the solver grid spends its time: before the first iteration, per iteration, after the last.

Run from the repository root after `dotnet build -c Release Bench/ReluVerified.Bench`:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 Bench/scripts/grid_phases.py 2000            # the twelve programs at m = 2000
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 Bench/scripts/grid_phases.py 2000 NAME ...   # some of them

Runs `solver-grid M DIR [NAME ...] --trace` (Bench/ReluVerified.Bench/SolverGrid.cs) in one process, as solver_grid.py does,
and reads the trace: the solver reports each iteration as it starts, on a clock started when the solve is called (after the
program's construction). Prints for each program its iterations and, in seconds: "solve" (the grid's solve_s: construction
and solve), "before" (the clock at iteration 1: the rank decision, the input checks, the interpolant's try and the start),
"per iter" (the mean time from one iteration's start to the next), and "last+after" (from the last iteration's start to
the end: that iteration, the final certificate and the construction). Programs solved without iterations print "solve" only.
"""
import csv
import os
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DLL = os.path.join(REPO, "Bench", "ReluVerified.Bench", "bin", "Release", "net10.0", "ReluVerified.Bench.dll")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    if not os.path.exists(DLL):
        print(f"build first: dotnet build -c Release Bench/ReluVerified.Bench ({os.path.relpath(DLL, REPO)} is missing)")
        return 2
    m, names = sys.argv[1], sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["dotnet", DLL, "solver-grid", m, tmp, *names, "--trace"], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        rows = list(csv.DictReader(open(os.path.join(tmp, "grid.csv"))))
    # the trace: "  T s: iteration K, mu X" lines, then one "  objective ..." line per program, in the grid's order
    starts, current = [], []
    for line in run.stderr.splitlines():
        if ": iteration " in line:
            current.append(float(line.split()[0]))
        elif line.strip().startswith("objective"):
            starts.append(current)
            current = []
    print(f"m = {m}")
    print(f"{'program':24s} {'exit':10s} {'iter':>4s} {'newton':8s} {'rank':>5s} {'solve':>7s} {'before':>7s} {'per iter':>8s} {'last+after':>10s}")
    totals = [0.0, 0.0, 0.0, 0.0]
    for row, s in zip(rows, starts):
        solve = float(row["solve_s"])
        totals[0] += solve
        line = f"{row['name']:24s} {row['exit']:10s} {row['iterations']:>4s} {row['newton']:8s} {row['rank']:>5s} {solve:7.3f}"
        if s:
            between = s[-1] - s[0]
            totals[1] += s[0]
            totals[2] += between
            totals[3] += solve - s[-1]
            line += f" {s[0]:7.3f} {between / max(1, len(s) - 1):8.3f} {solve - s[-1]:10.3f}"
        print(line)
    print(f"total solve {totals[0]:.3f} s: before {totals[1]:.3f} s, first to last iteration's start {totals[2]:.3f} s, "
          f"last+after {totals[3]:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
