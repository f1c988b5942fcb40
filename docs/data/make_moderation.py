"""Makes docs/data/moderation.csv: a synthetic but realistic-looking content-moderation table.

Each row is a comment: length (characters), toxicity (a classifier score in [0,1]), caps_ratio, links, account_age_days.
The label y in [0,1] is the severity a moderator assigned; 0 means the comment was approved. The planted rule is a ReLU
with an offset in standardised features, so `--scale standardize --bias` can represent it; 8% of approved-looking
comments were nevertheless flagged by moderators (adversarial positives), and severities carry noise.
Run: /usr/bin/python3 docs/data/make_moderation.py  (numpy; seed 2026)
"""
import numpy as np

rng = np.random.default_rng(2026)
m = 2000
length = rng.lognormal(4.5, 0.8, m).round()
toxicity = rng.beta(1.2, 4.0, m).round(4)
caps = rng.beta(1.0, 9.0, m).round(4)
links = rng.poisson(0.4, m)
age = rng.exponential(400, m).round()
X = np.column_stack([length, toxicity, caps, links, age])
Z = (X - X.mean(0)) / X.std(0)
w = np.array([0.05, 0.75, 0.35, 0.25, -0.30])
score = (Z @ w - 0.35) / 4.0
y = np.maximum(0.0, score)
positive = y > 0
y[positive] = np.clip(y[positive] + rng.uniform(-0.03, 0.03, positive.sum()), 0.01, 1.0)
flagged = (~positive) & (rng.random(m) < 0.08)
y[flagged] = rng.uniform(0.05, 0.6, flagged.sum())
with open("docs/data/moderation.csv", "w") as f:
    f.write("length,toxicity,caps_ratio,links,account_age_days,y\n")
    for row, label in zip(X, y):
        f.write(f"{row[0]:.0f},{row[1]:.4f},{row[2]:.4f},{row[3]:.0f},{row[4]:.0f},{label:.4f}\n")
