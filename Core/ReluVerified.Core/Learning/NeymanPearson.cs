using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Learning;

/// <summary>
/// Neyman-Pearson umbrella calibration (T2.1, calibrated variant). With held-out zero-labelled scores s_(1) &lt;= ... &lt;= s_(n)
/// drawn i.i.d., the rule "non-zero iff f(x) &gt; s_(k)" has P(P(h != 0 | y = 0) &gt; eps) &lt;= P(Bin(n, 1-eps) &gt;= k) for ANY
/// score distribution (ties included): a bound on the conditional false-positive rate, hence on the joint one; the smallest k with that tail &lt;= delta is chosen, which keeps the threshold as low
/// (and the positive loss as small) as the guarantee allows. The learners calibrate on every held-out zero-labelled row and
/// report how many are distinct (<see cref="DistinctRows"/>, <see cref="ThresholdCalibration.RepeatedRowsWarning()"/>).
/// </summary>
public static class NeymanPearson
{
    /// <summary>Calibrates tau from held-out zero-labelled scores. Never throws for too few points: the outcome says so.</summary>
    public static ThresholdCalibration Calibrate(ReadOnlySpan<double> zeroScores, double epsilon, double delta)
    {
        Preconditions.Check(double.IsFinite(epsilon) && epsilon > 0 && epsilon < 1, nameof(epsilon), $"{nameof(epsilon)} must lie in (0, 1), got {epsilon}.");
        Preconditions.Check(double.IsFinite(delta) && delta > 0 && delta < 1, nameof(delta), $"{nameof(delta)} must lie in (0, 1), got {delta}.");
        Preconditions.AllFinite(zeroScores, nameof(zeroScores));
        int n = zeroScores.Length;
        int required = RequiredCount(epsilon, delta);
        if (n < required) return new ThresholdCalibration(false, double.NaN, 0, n, required, 1.0, epsilon, delta);
        var sorted = zeroScores.ToArray();
        Array.Sort(sorted);
        // Tail(k) = P(Bin(n, 1-eps) >= k) grows as k decreases: walk down from k = n adding pmf(k-1) while Tail <= delta.
        double logP = double.LogP1(-epsilon), logQ = Math.Log(epsilon);
        double logChoose = 0; // log C(n, n)
        int k = n;
        double tail = Math.Exp(n * logP);
        while (k > 1)
        {
            logChoose += Math.Log((double)k / (n - k + 1)); // log C(n, k-1)
            double pmf = Math.Exp(logChoose + (k - 1) * logP + (n - k + 1) * logQ);
            if (tail + pmf > delta) break;
            tail += pmf;
            k--;
        }
        return new ThresholdCalibration(true, Math.BitIncrement(sorted[k - 1]), k, n, required, tail, epsilon, delta);
    }

    /// <summary>
    /// The rows of <paramref name="rows"/> whose points are distinct, each kept at its first occurrence (the learners count
    /// them to warn about repeated calibration rows: copies of one record are not independent draws).
    /// </summary>
    internal static int[] DistinctRows(PointSet points, IEnumerable<int> rows)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<double[]>(RowComparer.Instance);
        return [.. rows.Where(i => seen.Add(points[i].ToArray()))];
    }

    /// <summary>Equality of rows by the bits of their coordinates.</summary>
    private sealed class RowComparer : IEqualityComparer<double[]>
    {
        internal static readonly RowComparer Instance = new();

        public bool Equals(double[]? a, double[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);

        public int GetHashCode(double[] row)
        {
            var hash = new HashCode();
            foreach (var v in row) hash.Add(v);
            return hash.ToHashCode();
        }
    }

    /// <summary>The least number of zero-labelled held-out points for which calibration at (eps, delta) is possible.</summary>
    public static int RequiredCount(double epsilon, double delta)
        => (int)Math.Ceiling(Math.Log(delta) / Math.Log(1 - epsilon) - 1e-9);

    /// <summary>P(Bin(n, p) &gt;= k) by direct summation in log space (reference for the checks).</summary>
    internal static double UpperTail(int n, double p, int k)
    {
        if (k <= 0) return 1.0;
        if (k > n) return 0.0;
        double total = 0;
        for (int j = k; j <= n; j++)
        {
            double logChoose = 0;
            for (int i = 1; i <= j; i++) logChoose += Math.Log((double)(n - j + i) / i);
            total += Math.Exp(logChoose + j * Math.Log(p) + (n - j) * Math.Log(1 - p));
        }
        return Math.Min(1.0, total);
    }
}
