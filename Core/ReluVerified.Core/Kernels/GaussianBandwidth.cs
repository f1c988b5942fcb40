using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Kernels;

/// <summary>
/// The bandwidth of the Gaussian kernel from the data (P-gaussian): the median heuristic gamma = 1 / median |x_i - x_j|^2 over
/// a seeded sample of pairs of distinct points, so that k = exp(-1) at the median squared distance.
/// The result depends only on the set of distinct rows and the seed, never on the order of the rows or on how often a row
/// repeats: the rows are sorted lexicographically by their coordinates and copies are dropped (a canonical list that every
/// permutation of the input, with or without repeats, maps to the same sequence), then pairs of positions in that list are
/// drawn by a <see cref="Random"/> seeded with the seed. Copies are dropped because a pair of equal rows has distance 0 and
/// carries no length scale: with them, data with many repeated rows (discrete features) could have median 0.
/// </summary>
public static class GaussianBandwidth
{
    /// <summary>Pairs sampled when the caller gives no number: the median of 2000 draws is within a few percent of the population's.</summary>
    public const int DefaultPairs = 2000;

    /// <summary>
    /// gamma = 1 / (median of |x_a - x_b|^2) over <paramref name="pairs"/> distinct unordered pairs {a, b} of distinct rows, drawn
    /// uniformly without repetition with <paramref name="seed"/> (every pair when there are at most that many). The squared
    /// distances are summed coordinate by coordinate from the differences (no cancellation); an even count takes the mean of
    /// the two middle values. Throws when fewer than two distinct rows exist (all rows equal: no length scale; give gamma
    /// yourself).
    /// </summary>
    public static double Median(PointSet points, int seed, int pairs = DefaultPairs)
    {
        Preconditions.NotNull(points);
        Preconditions.Positive(pairs);
        var rows = DistinctRows(points);
        int count = rows.Length;
        Preconditions.Check(count >= 2, nameof(points),
            $"{nameof(points)} holds {points.Count} rows but they are all equal: the median heuristic has no length scale. Pass gamma to Kernel.Gaussian yourself.");
        long all = (long)count * (count - 1) / 2;
        var distances = new double[(int)Math.Min(all, pairs)];
        if (all <= pairs)
        {
            int k = 0;
            for (int a = 0; a < count; a++)
                for (int b = a + 1; b < count; b++)
                    distances[k++] = SquaredDistance(points[rows[a]], points[rows[b]]);
        }
        else
        {
            var random = new Random(seed);
            var drawn = new HashSet<long>();
            int k = 0;
            while (k < distances.Length)
            {
                int a = random.Next(count), b = random.Next(count);
                if (a == b) continue;
                if (a > b) (a, b) = (b, a);
                if (!drawn.Add((long)a * count + b)) continue;
                distances[k++] = SquaredDistance(points[rows[a]], points[rows[b]]);
            }
        }
        Array.Sort(distances);
        int mid = distances.Length / 2;
        double median = distances.Length % 2 == 1 ? distances[mid] : 0.5 * (distances[mid - 1] + distances[mid]);
        // distinct rows of finite doubles have a positive squared distance unless every difference underflows when squared
        Preconditions.Check(median > 0, nameof(points),
            $"{nameof(points)}: the median squared distance between distinct rows underflows to 0 (rows differ by less than 1e-154). Pass gamma to Kernel.Gaussian yourself.");
        return 1.0 / median;
    }

    /// <summary>Indices of one row per distinct content, in lexicographic order of the coordinates (0 and -0 count as equal).</summary>
    private static int[] DistinctRows(PointSet points)
    {
        var order = Enumerable.Range(0, points.Count).ToArray();
        Comparison<int> compare = (a, b) => points[a].SequenceCompareTo(points[b]);
        Array.Sort(order, compare);
        var distinct = new List<int>(order.Length);
        foreach (int i in order)
            if (distinct.Count == 0 || compare(distinct[^1], i) != 0) distinct.Add(i);
        return [.. distinct];
    }

    private static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double d = x[k] - y[k];
            sum += d * d;
        }
        return sum;
    }
}
