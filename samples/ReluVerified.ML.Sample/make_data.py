# Writes data.csv, the sample's data (run once; the file is committed): 300 rows, x uniform on [-1, 1]^3,
# y = clip(max(0, 0.9 x0 - 0.6 x1 + 0.3 x2 + 0.1) + noise on the positive rows, 0, 1), random seed 16.
import random

random.seed(16)
with open("data.csv", "w") as f:
    f.write("x0,x1,x2,Label\n")
    for _ in range(300):
        x = [random.uniform(-1, 1) for _ in range(3)]
        z = 0.9 * x[0] - 0.6 * x[1] + 0.3 * x[2] + 0.1
        y = 0.0 if z <= 0 else min(1.0, max(0.0, z + random.gauss(0, 0.05)))
        f.write(",".join(f"{v:.6f}" for v in x) + f",{y:.6f}\n")
