using System.Collections.Immutable;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Losses;

namespace ReluVerified;

/// <summary>
/// Trade-off curves (docs/comparison.md: the Neyman-Pearson view, least positive loss under a false-positive
/// budget). Every method is read as a score s(x) and a value v(x) it predicts where it is switched on: for the kernel
/// methods, the tree ensembles and the reliable learner s is the score before the output rule and v = clip_[0,1](s) (or the
/// method's own link or clip); for the hurdle s is the classifier's probability and v = clip_[0,1](g). The sweep switches
/// on the rows with s &gt;= t for t the q-quantile of the test scores (the order statistic s_(floor(q n)), q = j / levels,
/// j = 0..levels; q = 1 switches nothing on) and records the test figures of h_t = 1{s &gt;= t} v. Raising t only removes
/// rows from {h_t != 0}, so both false-positive rates are non-increasing in q.
/// </summary>
public static class TradeOff
{
    /// <summary>The curve of one method on one test set.</summary>
    /// <param name="method">The method's name.</param>
    /// <param name="scores">s(x) per test row.</param>
    /// <param name="values">v(x) per test row.</param>
    /// <param name="predictions">The method's own predictions h(x) (its operating point).</param>
    /// <param name="labels">The test labels.</param>
    /// <param name="loss">The loss of the positive-loss figure.</param>
    /// <param name="levels">The number of steps of the sweep (at least 1).</param>
    public static TradeOffCurve Curve(string method, ReadOnlySpan<double> scores, ReadOnlySpan<double> values, ReadOnlySpan<double> predictions,
        ReadOnlySpan<double> labels, Loss loss, int levels)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(loss);
        if (levels < 1) throw new ArgumentOutOfRangeException(nameof(levels), levels, "levels must be at least 1.");
        int n = labels.Length;
        if (n == 0 || scores.Length != n || values.Length != n || predictions.Length != n)
            throw new ArgumentException($"scores ({scores.Length}), values ({values.Length}) and predictions ({predictions.Length}) need one entry per label ({n}), and at least one.", nameof(scores));
        for (int i = 0; i < n; i++)
            if (double.IsNaN(scores[i])) throw new ArgumentException($"scores row {i} is NaN: the method produced no score there.", nameof(scores));
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        var h = new double[n];
        var points = ImmutableArray.CreateBuilder<TradeOffPoint>(levels + 1);
        for (int j = 0; j <= levels; j++)
        {
            double level = (double)j / levels;
            double threshold = j == levels ? double.PositiveInfinity : sorted[Math.Min(n - 1, (int)Math.Floor(level * n))];
            for (int i = 0; i < n; i++) h[i] = scores[i] >= threshold ? values[i] : 0.0;
            points.Add(Point(level, j == levels ? null : threshold, Metrics.Of(h, labels, loss)));
        }
        return new TradeOffCurve(method, points.MoveToImmutable(), Point(double.NaN, null, Metrics.Of(predictions, labels, loss)));
    }

    /// <summary>
    /// The average of one method's curves over splits: point j is the coordinate-wise mean of the splits' points j (the
    /// same quantile level q_j of each split's own test scores), and the operating point the mean of the operating points.
    /// </summary>
    public static TradeOffCurve Average(IReadOnlyList<TradeOffCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("nothing to average.", nameof(curves));
        var first = curves[0];
        if (curves.Any(c => c.Method != first.Method || c.Points.Length != first.Points.Length))
            throw new ArgumentException("curves to average must belong to one method and have the same levels.", nameof(curves));
        if (curves.Count == 1) return first;
        TradeOffPoint Mean(Func<TradeOffCurve, TradeOffPoint> pick) => new(
            pick(first).Level, null,
            curves.Average(c => pick(c).ConditionalFalsePositiveRate),
            curves.Average(c => pick(c).FalsePositiveRate),
            curves.Average(c => pick(c).PositiveLoss));
        return new TradeOffCurve(first.Method, [.. Enumerable.Range(0, first.Points.Length).Select(j => Mean(c => c.Points[j]))], Mean(c => c.OperatingPoint));
    }

    private static TradeOffPoint Point(double level, double? threshold, Metrics m)
        => new(level, threshold, m.ConditionalFalsePositiveRate ?? double.NaN, m.FalsePositiveRate, m.PositiveLoss);
}
