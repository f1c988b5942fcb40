namespace ReluVerified.Properties.Statistics;

/// <summary>
/// Deviation bounds for the statistical properties. Every held-out claim is written as "the mean of a per-point quantity X
/// is at most 0 in the population" (X a paired difference of losses on the same test points), and checked as
/// "the test mean of X is at most <see cref="EmpiricalBernsteinSlack"/>": if the claim holds, that check fails with probability
/// at most delta. The slack scales with the observed spread of X, so a claim can be tested with a margin far below the
/// worst-case (Hoeffding) slack when the losses are small, which is what lets the trivial predictors fail.
/// </summary>
public static class Concentration
{
    /// <summary>
    /// The empirical Bernstein slack for n i.i.d. values in an interval of width <paramref name="range"/> (known in advance):
    /// with probability at least 1 - delta, |mean - E X| on the chosen side is at most
    /// sqrt(2 V ln(2/delta) / n) + 7 R ln(2/delta) / (3 (n - 1)), V the unbiased sample variance. The bound holds for either
    /// side separately (apply it to -X), so it serves upper and lower checks alike.
    /// </summary>
    public static double EmpiricalBernsteinSlack(ReadOnlySpan<double> values, double range, double delta)
    {
        int n = values.Length;
        if (n < 2) return double.PositiveInfinity;
        double mean = Mean(values), squares = 0;
        foreach (double v in values) squares += (v - mean) * (v - mean);
        double variance = squares / (n - 1), log = Math.Log(2 / delta);
        return Math.Sqrt(2 * variance * log / n) + 7 * range * log / (3.0 * (n - 1));
    }

    /// <summary>The arithmetic mean (0 for no values).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return 0;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }
}
