using MathNet.Numerics.Statistics;

namespace ReluVerified;

/// <summary>Mean and spread of one figure over the splits of a comparison.</summary>
/// <param name="Mean">The mean.</param>
/// <param name="StandardDeviation">The sample standard deviation (divisor count - 1); 0 for one split.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Count">The number of values (splits).</param>
public sealed record Spread(double Mean, double StandardDeviation, double Min, double Max, int Count)
{
    /// <summary>The spread of <paramref name="values"/> (at least one); a NaN among them makes every figure NaN.</summary>
    public static Spread Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("a spread needs at least one value.", nameof(values));
        if (values.Any(double.IsNaN)) return new Spread(double.NaN, double.NaN, double.NaN, double.NaN, values.Count);
        var (mean, deviation) = values.Count == 1 ? (values[0], 0.0) : values.MeanStandardDeviation();
        return new Spread(mean, deviation, values.Min(), values.Max(), values.Count);
    }
}
