"""numpy side of `gram-vs-numpy`: times X @ X.T followed by the degree-d Horner map, and one mat-vec.

Usage: /usr/bin/python3 gram_numpy.py X.bin m n d repeats
Prints one line: numpy_gram_ms=<median> numpy_matvec_ms=<median> checksum=<sum of K>.
"""
import sys, time
import numpy as np

path, m, n, d, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(path, dtype='<f8').reshape(m, n)
v = np.full(m, 1.0 / m)

def gram():
    G = X @ X.T
    K = np.ones_like(G)
    for _ in range(d):
        K *= G
        K += 1.0
    return K

times, mv = [], []
for _ in range(repeats):
    t = time.perf_counter(); K = gram(); times.append((time.perf_counter() - t) * 1e3)
for _ in range(repeats * 5):
    t = time.perf_counter(); y = K @ v; mv.append((time.perf_counter() - t) * 1e3)
print(f"numpy_gram_ms={np.median(times):.2f} numpy_matvec_ms={np.median(mv):.3f} checksum={K.sum():.10e}")
