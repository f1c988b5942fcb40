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
    /// but one, and a column whose spread is below 1e-12 of its mean (so that it counts as constant): the means and deviations equal, bit for bit, those of sorting the values and then the squared
    /// deviations, and a permutation of the rows (seeded shuffle) leaves every bit in place.
    /// </summary>
    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 2001)]
    [InlineData(3, 7)]
    public void Standardize_statistics_are_the_sorted_sums_whatever_the_row_order(int seed, int m)
    {
        const int n = 6;
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
