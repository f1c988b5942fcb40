"""Python peers of `compare-peers` (section 6 of the algorithm notes), timed on the files the C# side wrote.

Usage: /usr/bin/python3 peers_compare.py DIR d lam B tau_c m_cvx repeats
DIR holds train.csv and test.csv (header x0..x{n-1},y; rows already on the unit sphere) and alpha_krr.csv (our krr
coefficients, one per line). Prints one line per peer:
    peer,<name>,<median seconds>,<test mse or objective>,<agreement with ours>
or `skip,<name>,<reason>` when a package is absent. Peers:
  sklearn-krr-precomputed  KernelRidge(alpha = m lam, kernel='precomputed') on K = MK_d(X X^T), built with numpy
                           (agreement: max |alpha_sklearn - alpha_ours| / max |alpha_ours|)
  sklearn-krr-poly         KernelRidge(kernel='poly', degree=d, gamma=1, coef0=1): (x.x' + 1)^d, a different kernel of the
                           same degree; the usual scikit-learn choice
  cvxopt-reliable          the reliable program of section 4 on the first m_cvx training rows, square loss:
                           min (1/m) sum_{y>0} ((K a)_i - y_i)^2  s.t. (K a)_i <= tau_c for y_i = 0, a'Ka <= B
                           as a cone QP (coneqp), the norm bound as a second-order cone through K = F F'
"""
import sys, time

def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]

def main():
    directory, d, lam, B, tau_c, m_cvx, repeats = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
    try:
        import numpy as np
    except ImportError as e:
        print(f"skip,all,numpy missing ({e}); apt-get install -y python3-numpy")
        return
    train = np.loadtxt(f"{directory}/train.csv", delimiter=",", skiprows=1)
    test = np.loadtxt(f"{directory}/test.csv", delimiter=",", skiprows=1)
    X, y, Xt, yt = train[:, :-1], train[:, -1], test[:, :-1], test[:, -1]
    m = len(y)
    ours = np.loadtxt(f"{directory}/alpha_krr.csv")

    def mk(A, C):
        G = A @ C.T
        K = np.ones_like(G)
        for _ in range(d):
            K *= G
            K += 1.0
        return K

    try:
        from sklearn.kernel_ridge import KernelRidge
    except ImportError as e:
        print(f"skip,sklearn-krr-precomputed,scikit-learn missing ({e}); apt-get install -y python3-sklearn")
        print(f"skip,sklearn-krr-poly,scikit-learn missing ({e}); apt-get install -y python3-sklearn")
    else:
        times, model = [], None
        for _ in range(repeats):
            t = time.perf_counter()
            K = mk(X, X)
            model = KernelRidge(alpha=m * lam, kernel="precomputed").fit(K, y)
            pred = np.clip(model.predict(mk(Xt, X)), 0, 1)
            times.append(time.perf_counter() - t)
        mse = float(np.mean((pred - yt) ** 2))
        agreement = float(np.max(np.abs(model.dual_coef_ - ours)) / np.max(np.abs(ours)))
        print(f"peer,sklearn-krr-precomputed,{median(times):.6f},{mse:.6g},{agreement:.3g}")
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            model = KernelRidge(alpha=m * lam, kernel="poly", degree=d, gamma=1.0, coef0=1.0).fit(X, y)
            pred = np.clip(model.predict(Xt), 0, 1)
            times.append(time.perf_counter() - t)
        mse = float(np.mean((pred - yt) ** 2))
        print(f"peer,sklearn-krr-poly,{median(times):.6f},{mse:.6g},nan")

    try:
        from cvxopt import matrix, solvers
    except ImportError as e:
        print(f"skip,cvxopt-reliable,cvxopt missing ({e}); apt-get install -y python3-cvxopt")
        return
    solvers.options["show_progress"] = False
    Xc, yc = X[:m_cvx], y[:m_cvx]
    mc = len(yc)
    t = time.perf_counter()
    K = mk(Xc, Xc)
    w, V = np.linalg.eigh(K)
    F = V * np.sqrt(np.clip(w, 0, None))          # K = F F'
    P = K[yc > 0]
    Q = 2.0 / mc * P.T @ P + 1e-10 * np.eye(mc)   # tiny ridge: coneqp needs a well-posed KKT system
    q = -2.0 / mc * P.T @ yc[yc > 0]
    Z = K[yc == 0]
    G = np.vstack([Z, np.zeros((1, mc)), -F.T])
    h = np.concatenate([np.full(len(Z), tau_c), [np.sqrt(B)], np.zeros(mc)])
    dims = {"l": len(Z), "q": [mc + 1], "s": []}
    sol = solvers.coneqp(matrix(Q), matrix(q), matrix(G), matrix(h), dims)
    seconds = time.perf_counter() - t
    a = np.array(sol["x"]).ravel()
    f = K @ a
    objective = float(np.sum((f[yc > 0] - yc[yc > 0]) ** 2) / mc)
    violation = float(max(0.0, np.max(f[yc == 0] - tau_c) if np.any(yc == 0) else 0.0, a @ K @ a - B))
    print(f"peer,cvxopt-reliable,{seconds:.6f},{objective:.6g},{violation:.3g}")
    print(f"status,cvxopt-reliable,{sol['status']}")

if __name__ == "__main__":
    main()
