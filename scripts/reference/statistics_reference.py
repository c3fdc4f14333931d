#!/usr/bin/python3
"""Reference values for tests/LocUnlearn.Tests/Evaluation/PairedStatisticsTests.cs, from scipy (Debian's python3-scipy).

Run: /usr/bin/python3 scripts/reference/statistics_reference.py
The C# tests hard-code what this prints; the suite itself needs no Python.
TOST is written out from its definition (two one-sided t-tests, Schuirmann 1987) with scipy's t distribution.
"""
import numpy as np
from scipy import stats

def tost(d, margin):
    n, m, se = len(d), d.mean(), d.std(ddof=1) / np.sqrt(len(d))
    return max(stats.t.sf((m + margin) / se, n - 1), stats.t.cdf((m - margin) / se, n - 1))

a = np.array([0.82, 0.79, 0.85, 0.80, 0.77])
b = np.array([0.78, 0.80, 0.79, 0.74, 0.76])
d = a - b
print("paired t (5 seeds):", stats.ttest_rel(a, b))
print("TOST margin 0.05:", tost(d, 0.05), "margin 0.1:", tost(d, 0.1))
print("Cohen's d_z:", d.mean() / d.std(ddof=1))
d2 = np.array([-1.2, 0.3, 0.4])
print("paired t (3 seeds):", stats.ttest_1samp(d2, 0))
print("TOST margin 1.0 (3 seeds):", tost(d2, 1.0))
# The hand-built WGA study of ResultTablesTests (Oracle minus Random per seed).
for name, d, margin in [("AUES", np.array([0.10, 0.07, 0.07]), 0.05), ("MU95", np.array([0.5, -0.5, 1.0]), 1.0)]:
    print(name, "paired t:", stats.ttest_1samp(d, 0), "TOST:", tost(d, margin), "d_z:", d.mean() / d.std(ddof=1))
