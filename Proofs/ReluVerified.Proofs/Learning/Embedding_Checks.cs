using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// The standardising embedding's statistics (Core/ReluVerified.Core/Learning/Embedding.cs): each column's mean and
/// standard deviation are sums in ascending order of their terms, so they do not depend on row order. Since 2026-11-30 the
/// squared deviations are put in order by merging the two monotone runs of the sorted column instead of a second sort, and
/// the columns are computed in parallel; these checks hold the result to the two-sort definition bit for bit.
/// </summary>
public class Embedding_Checks
{
    /// <summary>
    /// Columns with both signs, repeated values, a constant column, a column whose values all lie on one side of the mean
    /// but one, and a column whose spread is below 1e-12 of its mean (so that it counts as constant) and one that holds both zeros: the means and deviations equal, bit for bit, those of sorting the values and then the squared
    /// deviations, and a permutation of the rows (seeded shuffle) leaves every bit in place.
    /// </summary>
    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 2001)]
    [InlineData(3, 7)]
    public void Standardize_statistics_are_the_sorted_sums_whatever_the_row_order(int seed, int m)
    {
        const int n = 7;
        var rng = new Random(seed);
        var data = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            data[i * n] = rng.NextDouble() * 4 - 2;                     // both signs
            data[i * n + 1] = Math.Round(rng.NextDouble() * 6) - 3;     // repeated values, some exactly at the mean
            data[i * n + 2] = 0.7;                                      // constant: deviation 1 by the rule
            data[i * n + 3] = i == 0 ? -1e6 : rng.NextDouble() * 1e-3;  // one far value below, the rest above the mean
            data[i * n + 4] = Math.Exp(rng.NextDouble() * 20 - 10);     // spread over many orders of magnitude
            data[i * n + 5] = 1e6 + (i % 3) * 1e-8;                     // a spread below 1e-12 of the mean: deviation 1 by the rule
            data[i * n + 6] = new[] { -0.0, 0.0, -1.5, 2.25 }[rng.Next(4)]; // both zeros, which compare equal, among other values
        }
        var raw = Matrix.Create(m, n, data);
        var fitted = Assert.IsType<Embedding.Standardize>(Embedding.Fit("standardize", bias: false, raw));
        for (int j = 0; j < n; j++)
        {
            var (mean, deviation) = TwoSorts(Enumerable.Range(0, m).Select(i => data[i * n + j]).ToArray());
            Assert.Equal(BitConverter.DoubleToInt64Bits(mean), BitConverter.DoubleToInt64Bits(fitted.Means[j]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(deviation), BitConverter.DoubleToInt64Bits(fitted.Deviations[j]));
        }
        var order = Enumerable.Range(0, m).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = Matrix.Create(m, n, order.SelectMany(i => data.Skip(i * n).Take(n)).ToArray());
        var again = Assert.IsType<Embedding.Standardize>(Embedding.Fit("standardize", bias: false, shuffled));
        Assert.Equal(fitted, again);
    }

    /// <summary>
    /// The radix sort behind the statistics (Core/ReluVerified.Core/Learning/RadixSort.cs) against Array.Sort on values of
    /// both signs over the whole range of doubles (subnormals, the extremes, repeats, both zeros): the same values in the same
    /// order, and the same multiset of bit patterns, so that only -0.0 and +0.0 may trade places. Lengths 0 to 3, a block of
    /// one repeated value (every pass skipped) and 100,000 values. Seed printed in each case.
    /// </summary>
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 1000)]
    [InlineData(5, 100_000)]
    public void The_radix_sort_orders_values_as_Array_Sort_does(int seed, int length)
    {
        var rng = new Random(seed);
        double[] special = [0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1.0, -1.0, 2.2250738585072014E-308];
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = rng.Next(4) switch
            {
                0 => special[rng.Next(special.Length)],
                1 => Math.Round(rng.NextDouble() * 8 - 4),
                _ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-300, 300)),
            };
        var expected = (double[])values.Clone();
        Array.Sort(expected);
        var sorted = (double[])values.Clone();
        RadixSort.Ascending(sorted, new double[length]);
        for (int i = 0; i < length; i++) Assert.True(sorted[i] == expected[i], $"seed {seed}: entry {i} is {sorted[i]:R}, Array.Sort has {expected[i]:R}");
        var bits = values.Select(BitConverter.DoubleToInt64Bits).Order();
        Assert.Equal(bits, sorted.Select(BitConverter.DoubleToInt64Bits).Order());
        var repeated = Enumerable.Repeat(-3.75, 17).ToArray();
        RadixSort.Ascending(repeated, new double[17]);
        Assert.All(repeated, v => Assert.Equal(-3.75, v));
    }

    /// <summary>The definition: the mean of the sorted values summed in order, then the squared deviations sorted and summed.</summary>
    private static (double Mean, double Deviation) TwoSorts(double[] column)
    {
        var values = (double[])column.Clone();
        Array.Sort(values);
        double sum = 0;
        foreach (double v in values) sum += v;
        double mean = sum / values.Length;
        var squares = values.Select(v => (v - mean) * (v - mean)).ToArray();
        Array.Sort(squares);
        double total = 0;
        foreach (double v in squares) total += v;
        double sd = Math.Sqrt(total / values.Length);
        return (mean, sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? sd : 1.0);
    }
}
