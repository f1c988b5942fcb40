"""scikit-learn's Nystroem + Ridge on the data `scale large ... DIR` wrote (docs/scale.md).

Usage: /usr/bin/python3 Bench/scripts/scale_sklearn.py DIR n d r seed [alpha]
DIR holds X_train.bin, y_train.bin, X_test.bin, y_test.bin (raw little-endian float64, rows of n features). Fits
Nystroem(kernel='poly', degree=d, gamma=1, coef0=1, n_components=r, random_state=seed) followed by Ridge(alpha) (default
alpha 1e-3), i.e. the poly kernel (x.x' + 1)^d of the same degree as MK_d (scikit-learn has no multinomial kernel), and
prints one CSV line: peer,m,r,fit_s,predict_s,test_mse,peak_mib. Prints `skip,<reason>` when numpy or scikit-learn is absent.
"""
import resource, sys, time

def main():
    directory, n, d, r, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    alpha = float(sys.argv[6]) if len(sys.argv) > 6 else 1e-3
    try:
        import numpy as np
        from sklearn.kernel_approximation import Nystroem
        from sklearn.linear_model import Ridge
    except ImportError as e:
        print(f"skip,numpy/scikit-learn missing ({e}); apt-get install -y python3-sklearn python3-numpy")
        return
    X = np.fromfile(f"{directory}/X_train.bin", dtype="<f8").reshape(-1, n)
    y = np.fromfile(f"{directory}/y_train.bin", dtype="<f8")
    Xt = np.fromfile(f"{directory}/X_test.bin", dtype="<f8").reshape(-1, n)
    yt = np.fromfile(f"{directory}/y_test.bin", dtype="<f8")
    start = time.perf_counter()
    feature_map = Nystroem(kernel="poly", degree=d, gamma=1.0, coef0=1.0, n_components=r, random_state=seed)
    Z = feature_map.fit_transform(X)
    ridge = Ridge(alpha=alpha).fit(Z, y)
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    predictions = np.clip(ridge.predict(feature_map.transform(Xt)), 0.0, 1.0)
    predict_s = time.perf_counter() - start
    mse = float(np.mean((predictions - yt) ** 2))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("peer,m,r,fit_s,predict_s,test_mse,peak_mib")
    print(f"sklearn-nystroem-poly+ridge,{len(y)},{r},{fit_s:.6g},{predict_s:.6g},{mse:.6g},{peak_mib:.6g}")

if __name__ == "__main__":
    main()
