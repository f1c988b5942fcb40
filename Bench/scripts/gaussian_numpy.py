"""numpy side of `gaussian-vs-numpy`: times the Gaussian Gram exp(-gamma * squared distances) built from one BLAS product.

Usage: /usr/bin/python3 gaussian_numpy.py X.bin m n gamma repeats
K = exp(-gamma * max(0, |x_i|^2 + |x_j|^2 - 2 X X^T)), every step in place on the product's buffer (X @ X.T is one
dsyrk/dgemm call in OpenBLAS). Prints one line: numpy_gram_ms=<median> checksum=<sum of K> min_diagonal=<min of K_ii>.
"""
import sys, time
import numpy as np

path, m, n, gamma, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(path, dtype='<f8').reshape(m, n)

def gram():
    sq = np.einsum('ij,ij->i', X, X)
    K = X @ X.T
    K *= -2.0
    K += sq[:, None]
    K += sq[None, :]
    np.maximum(K, 0.0, out=K)
    K *= -gamma
    np.exp(K, out=K)
    return K

times = []
for _ in range(repeats):
    t = time.perf_counter(); K = gram(); times.append((time.perf_counter() - t) * 1e3)
print(f"numpy_gram_ms={np.median(times):.2f} checksum={K.sum():.10e} min_diagonal={K.diagonal().min():.17g}")
