#!/usr/bin/python3
"""Side-by-side check of ReluVerified's T2.1 / R2.2 solver against cvxopt and scikit-learn's KernelRidge.

Run from the repository root with Debian's python (another python3 earlier on PATH cannot import Debian's packages):

    /usr/bin/python3 Bench/scripts/solver_vs_peers.py                 # agreement + timings at m = 1000, 4000, 8000
    /usr/bin/python3 Bench/scripts/solver_vs_peers.py --sizes 1000    # smaller timing run
    /usr/bin/python3 Bench/scripts/solver_vs_peers.py --no-timing     # agreement only

1. The C# bench writes small instances (X, y) and a manifest of programs (`solver-vs-peers instances`).
2. KernelRidge (precomputed MK_3 Gram) is fitted for several alphas; each fit adds an agnostic square-loss program with
   B = the ridge solution's squared norm, whose optimum is the ridge solution (its ball multiplier is alpha / m).
3. The C# solver solves every program (`solver-vs-peers solve`).
4. cvxopt solves the same programs in u-coordinates (K = L L', f = L u, ||u||^2 <= B as a second-order cone).
5. T2.1-budget (`solver-vs-peers budget`): penalised programs (loss + (lambda/m) sum_Z max(0, f_j - tau_c)) and budgeted
   programs (least loss with (1/m) sum_Z max(0, f_j - tau_c) <= S) are solved by C# and by cvxopt (slacks t_j >= 0 on Z,
   f_j - t_j <= tau_c, and the budget row (1/m) sum t_j <= S); objectives and excesses are compared.
6. Objectives and predictions are compared; timing: Gram + reliable solve in C# vs KernelRidge(kernel='poly', degree=5).fit
   on the same data, in the same run.
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DLL = os.path.join(REPO, "Bench", "ReluVerified.Bench", "bin", "Release", "net10.0", "ReluVerified.Bench.dll")

try:
    import numpy as np
except ImportError:
    print("SKIP: numpy is not importable (Debian: apt-get install -y python3-numpy); nothing to compare.")
    sys.exit(0)
try:
    import cvxopt
    from cvxopt import matrix, solvers
except ImportError:
    cvxopt = None
try:
    from sklearn.kernel_ridge import KernelRidge
except ImportError:
    KernelRidge = None


def dotnet(*args):
    out = subprocess.run(["dotnet", DLL, "solver-vs-peers", *args], check=True, capture_output=True, text=True)
    return out.stdout


def gram(x, degree):
    g = x @ x.T
    k = np.ones_like(g)
    for _ in range(degree):
        k = k * g + 1.0  # Horner: sum_{i<=d} g^i
    return k


def loss_value(loss, f, y):
    r = f - y
    if loss == "square":
        return r * r
    if loss == "absolute":
        return np.abs(r)
    delta = float(loss[6:-1])
    a = np.abs(r)
    return np.where(a <= delta, r * r / (2 * delta), a - delta / 2)


def cvxopt_solve(k, y, task, loss, bound, tau, penalty=None, budget=None):
    """Solves the program in u-coordinates with cvxopt.coneqp; returns (objective, predictions).

    penalty (lambda) or budget (S), T2.1-budget: excess variables t_j >= 0 on Z with f_j - t_j <= tau_c, and either the cost
    (lambda/m) sum t_j in the objective or the row (1/m) sum t_j <= S. The returned objective is the loss plus lambda times
    the excess (penalty) or the loss alone.
    """
    m = len(y)
    w, v = np.linalg.eigh(k)
    keep = w > 1e-12 * w.max()
    L = v[:, keep] * np.sqrt(w[keep])
    r = L.shape[1]
    P = (y > 0) if task == "reliable" else np.ones(m, dtype=bool)
    Z = (y == 0) if task == "reliable" else np.zeros(m, dtype=bool)
    LP, yP, LZ = L[P], y[P], L[Z]
    p, nz = LP.shape[0], LZ.shape[0]
    if loss == "square":
        n_var = r
        Q = (2.0 / m) * LP.T @ LP
        c = -(2.0 / m) * LP.T @ yP
        rows, h = [], []
    elif loss == "absolute":  # x = (u, t): min (1/m) sum t, |L u - y| <= t
        n_var = r + p
        Q = np.zeros((n_var, n_var))
        c = np.concatenate([np.zeros(r), np.full(p, 1.0 / m)])
        rows = [np.hstack([LP, -np.eye(p)]), np.hstack([-LP, -np.eye(p)])]
        h = [yP, -yP]
    else:  # huber(delta) = min_a a^2/(2 delta) + |r - a|: x = (u, a, t)
        delta = float(loss[6:-1])
        n_var = r + 2 * p
        Q = np.zeros((n_var, n_var))
        Q[r:r + p, r:r + p] = np.eye(p) / (delta * m)
        c = np.concatenate([np.zeros(r + p), np.full(p, 1.0 / m)])
        rows = [np.hstack([LP, -np.eye(p), -np.eye(p)]), np.hstack([-LP, np.eye(p), -np.eye(p)])]
        h = [yP, -yP]
    soft = penalty is not None or budget is not None
    if soft and nz > 0:  # append the excess variables t (nz of them) after the loss's own variables
        n_old = n_var
        n_var = n_old + nz
        Q = np.pad(Q, ((0, nz), (0, nz)))
        c = np.concatenate([c, np.full(nz, (penalty if penalty is not None else 0.0) / m)])
        rows = [np.hstack([row, np.zeros((row.shape[0], nz))]) for row in rows]
        rows.append(np.hstack([LZ, np.zeros((nz, n_old - r)), -np.eye(nz)]))
        h.append(np.full(nz, tau))
        rows.append(np.hstack([np.zeros((nz, n_old)), -np.eye(nz)]))
        h.append(np.zeros(nz))
        if budget is not None:
            rows.append(np.concatenate([np.zeros(n_old), np.full(nz, 1.0 / m)])[None, :])
            h.append(np.array([budget]))
    elif nz > 0:
        rows.append(np.hstack([LZ, np.zeros((nz, n_var - r))]))
        h.append(np.full(nz, tau))
    G_lin = np.vstack(rows) if rows else np.zeros((0, n_var))
    h_lin = np.concatenate(h) if h else np.zeros(0)
    G_soc = np.zeros((r + 1, n_var))
    G_soc[1:, :r] = -np.eye(r)
    h_soc = np.zeros(r + 1)
    h_soc[0] = np.sqrt(bound)
    G = np.vstack([G_lin, G_soc])
    hh = np.concatenate([h_lin, h_soc])
    solvers.options.update({"show_progress": False, "abstol": 1e-12, "reltol": 1e-11, "feastol": 1e-11, "maxiters": 200})
    sol = solvers.coneqp(matrix(Q + 1e-14 * np.eye(n_var)), matrix(c), matrix(G), matrix(hh),
                         dims={"l": G_lin.shape[0], "q": [r + 1], "s": []})
    u = np.array(sol["x"]).ravel()[:r]
    f = L @ u
    obj = float(np.sum(loss_value(loss, f[P], yP)) / m)
    if penalty is not None:
        obj += penalty * excess(f, y, tau)
    return obj, f, sol["status"]


def excess(f, y, tau):
    """(1/m) sum_{j in Z} max(0, f_j - tau_c) (unit weights)."""
    return float(np.sum(np.maximum(0.0, f[y == 0] - tau)) / len(y))


def budget_agreement(tmp):
    print("== T2.1-budget agreement: penalised and budgeted programs, C# vs cvxopt ==")
    if cvxopt is None:
        print("SKIP: cvxopt is not importable (Debian: apt-get install -y python3-cvxopt)")
        return
    print(dotnet("budget", tmp).strip())
    results = {}
    with open(os.path.join(tmp, "budget_results.csv")) as fh:
        header = fh.readline().strip().split(",")
        for line in fh:
            row = dict(zip(header, line.strip().split(",")))
            results[row["name"]] = row
    manifest = [l.strip().split(",") for l in open(os.path.join(tmp, "budget.csv")).readlines()[1:] if l.strip()]
    worst_obj, worst_exc = 0.0, 0.0
    print(f"{'program':<16} {'exit':<14} {'ours':>14} {'cvxopt':>14} {'rel obj diff':>12} {'excess ours':>12} {'excess cvx':>12} "
          f"{'|dexcess|':>9} {'gap':>9} {'lambda':>10} {'solves':>6} {'s':>6}")
    for name, data, loss, degree, bound, tau, kind, value in manifest:
        ours = results[name]
        x = np.loadtxt(os.path.join(tmp, f"X_{data}.csv"), delimiter=",")
        y = np.loadtxt(os.path.join(tmp, f"y_{data}.csv"))
        value = float(value)
        obj_c, f_c, status = cvxopt_solve(gram(x, int(degree)), y, "reliable", loss, float(bound), float(tau),
                                          penalty=value if kind == "penalty" else None, budget=value if kind == "budget" else None)
        obj_o, exc_o = float(ours["objective"]), float(ours["excess"])
        exc_c = excess(f_c, y, float(tau))
        rel = abs(obj_o - obj_c) / max(abs(obj_c), 1e-300)
        dexc = abs(exc_o - exc_c)
        worst_obj = max(worst_obj, rel)
        worst_exc = max(worst_exc, dexc)
        over = " OVER BUDGET" if kind == "budget" and exc_o > value else ""
        print(f"{name:<16} {ours['exit']:<14} {obj_o:>14.9g} {obj_c:>14.9g} {rel:>12.2e} {exc_o:>12.6g} {exc_c:>12.6g} "
              f"{dexc:>9.1e} {float(ours['gap']):>9.1e} {float(ours['lambda']):>10.4g} {ours['solves']:>6} {float(ours['seconds']):>6.3f}{over} [{status[:7]}]")
    print(f"max relative objective difference: {worst_obj:.2e} (target 1e-6)")
    print(f"max excess difference: {worst_exc:.2e} (target 1e-4: the excess of an optimal point need not be unique for the "
          f"penalised programs; for a binding budget both sit at S)")


def agreement(tmp):
    print("== agreement: C# interior point vs cvxopt and KernelRidge ==")
    print(dotnet("instances", tmp).strip())
    manifest_path = os.path.join(tmp, "manifest.csv")
    krr = {}
    if KernelRidge is None:
        print("SKIP KernelRidge rows: scikit-learn is not importable (Debian: apt-get install -y python3-sklearn)")
    else:
        x = np.loadtxt(os.path.join(tmp, "X_a.csv"), delimiter=",")
        y = np.loadtxt(os.path.join(tmp, "y_a.csv"))
        k = gram(x, 3)
        with open(manifest_path, "a") as fh:
            for alpha in (0.01, 0.1, 1.0):
                model = KernelRidge(kernel="precomputed", alpha=alpha).fit(k, y)
                a = model.dual_coef_
                f = k @ a
                b = float(a @ f)
                name = f"krr-{alpha:g}"
                krr[name] = (float(np.mean((f - y) ** 2)), f, alpha / len(y))
                fh.write(f"{name},a,agnostic,square,3,{b!r},0\n")
    print(dotnet("solve", tmp).strip())
    results = {}
    with open(os.path.join(tmp, "results.csv")) as fh:
        header = fh.readline().strip().split(",")
        for line in fh:
            row = dict(zip(header, line.strip().split(",")))
            results[row["name"]] = row
    manifest = [l.strip().split(",") for l in open(manifest_path).readlines()[1:] if l.strip()]
    worst_obj, worst_pred = 0.0, 0.0
    print(f"{'program':<12} {'exit':<10} {'ours':>14} {'peer':>14} {'peer':<12} {'rel obj diff':>12} {'max |df|':>10} {'gap':>9} {'it':>3} {'s':>6}")
    for name, data, task, loss, degree, bound, tau in manifest:
        ours = results[name]
        f_ours = np.loadtxt(os.path.join(tmp, f"predictions_{name}.csv"))
        obj_ours = float(ours["objective"])
        rows = []
        if name in krr:
            rows.append(("KernelRidge", krr[name][0], krr[name][1]))
        if cvxopt is not None:
            x = np.loadtxt(os.path.join(tmp, f"X_{data}.csv"), delimiter=",")
            y = np.loadtxt(os.path.join(tmp, f"y_{data}.csv"))
            obj_c, f_c, status = cvxopt_solve(gram(x, int(degree)), y, task, loss, float(bound), float(tau))
            rows.append((f"cvxopt:{status[:7]}", obj_c, f_c))
        for peer, obj_p, f_p in rows:
            rel = abs(obj_ours - obj_p) / max(abs(obj_p), 1e-300)
            y_data = np.loadtxt(os.path.join(tmp, f"y_{data}.csv"))
            in_p = (y_data > 0) if task == "reliable" else np.ones(len(y_data), dtype=bool)
            # the optimal predictions are unique only where the loss is strictly convex in f: on P, for the square loss
            # (f on zero-labelled points is only constrained, f_i <= tau_c, and may differ between optimal solutions)
            dpred = float(np.max(np.abs(f_ours[in_p] - f_p[in_p])))
            unique = loss == "square"
            worst_obj = max(worst_obj, rel)
            if unique:
                worst_pred = max(worst_pred, dpred)
            print(f"{name:<12} {ours['exit']:<10} {obj_ours:>14.9g} {obj_p:>14.9g} {peer:<12} {rel:>12.2e} "
                  f"{dpred:>10.2e}{'' if unique else '*'} {float(ours['gap']):>9.1e} {ours['iterations']:>3} {float(ours['seconds']):>6.3f}")
    if cvxopt is None:
        print("SKIP cvxopt rows: cvxopt is not importable (Debian: apt-get install -y python3-cvxopt)")
    print(f"max relative objective difference: {worst_obj:.2e} (target 1e-6)")
    print(f"max prediction difference (square-loss programs): {worst_pred:.2e} (target 1e-5)")
    print("max |df| is over the loss set P (all points for agnostic programs): the optimum is unique there for the square loss")
    print("* absolute/huber programs: the optimal predictions need not be unique (loss not strictly convex), shown for information")


def sklearn_fit_child(path_x, path_y):
    code = (
        "import numpy as np, time, resource, sys\n"
        "from sklearn.kernel_ridge import KernelRidge\n"
        f"X = np.loadtxt({path_x!r}, delimiter=','); y = np.loadtxt({path_y!r})\n"
        "t = time.perf_counter(); KernelRidge(kernel='poly', degree=5, gamma=1.0, coef0=1.0).fit(X, y)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)\n"
    )
    out = subprocess.run(["/usr/bin/python3", "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def timing(tmp, sizes):
    print("== timing: Gram + reliable solve (C#, MK_5, n = 100, square loss, B = 20, tau_c = 0.05) vs KernelRidge(kernel='poly', degree=5).fit ==")
    if KernelRidge is None:
        print("SKIP timing: scikit-learn is not importable (Debian: apt-get install -y python3-sklearn)")
        return
    print(f"{'m':>6} {'C# gram s':>9} {'C# solve s':>10} {'C# total s':>10} {'it':>3} {'exit':<10} {'gap':>9} {'C# peak MiB':>11} {'KRR fit s':>9} {'KRR peak MiB':>12} {'ratio':>6}")
    for m in sizes:
        line = dotnet("time", tmp, str(m), "100", "5").strip().split(",")
        _, _, _, _, g, s, total, it, exit_, gap, viol, peak, system, rank = line
        krr_s, krr_mib = sklearn_fit_child(os.path.join(tmp, f"X_time{m}.csv"), os.path.join(tmp, f"y_time{m}.csv"))
        print(f"{m:>6} {float(g):>9.3f} {float(s):>10.3f} {float(total):>10.3f} {it:>3} {exit_:<10} {float(gap):>9.1e} {float(peak):>11.0f} {krr_s:>9.3f} {krr_mib:>12.0f} {float(total) / krr_s:>6.2f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,4000,8000")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(REPO, "Bench", "ReluVerified.Bench"), "-v", "q", "-nologo"],
                   check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as tmp:
        agreement(tmp)
        budget_agreement(tmp)
        if not args.no_timing:
            timing(tmp, [int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
