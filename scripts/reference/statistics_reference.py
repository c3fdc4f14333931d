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
# Power of the two-sided paired t-test (noncentral t), and the minimum detectable difference at 80% power.
def power(n, delta, sd, alpha=0.05):
    df, ncp = n - 1, delta * np.sqrt(n) / sd
    crit = stats.t.ppf(1 - alpha / 2, df)
    return stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp)
for n, delta, sd in [(3, 0.1, 0.05), (5, 0.02, 0.03), (10, 0.5, 1.0)]:
    print(f"power n={n} delta={delta} sd={sd}:", power(n, delta, sd))
from scipy.optimize import brentq
for n, sd in [(3, 0.05), (5, 0.03)]:
    print(f"mde80 n={n} sd={sd}:", brentq(lambda d: power(n, d, sd) - 0.8, 1e-9, 100 * sd))
