using System.Collections.Immutable;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Learning;

/// <summary>
/// Splits rows into fit / selection / calibration parts by a seeded hash of each row's CONTENT (features and label),
/// never by position, and lists every part in the order of that hash: the split and the order in which rows reach the
/// solver, and so the whole fit, are the same bits whatever the order of the input rows. Copies of one row are told
/// apart by their rank among the copies (rows with identical content are interchangeable, so the rank does not depend on
/// input order): the j-th copy has its own hash, so repeated rows are split like distinct ones instead of all landing in
/// the same part (which would leave a held-out part that is no random sample of the data, e.g. with discrete features).
/// With per-row weights (the optional <c>weights</c> argument) the weight joins the content, so copies that differ only
/// in weight also reach the solver in an order that does not depend on the input's.
/// </summary>
/// <param name="Fit">Indices of rows the program is solved on.</param>
/// <param name="Selection">Indices of rows used to choose (d, B).</param>
/// <param name="Calibration">Indices of rows used to calibrate tau.</param>
public sealed record DataPartition(ImmutableArray<int> Fit, ImmutableArray<int> Selection, ImmutableArray<int> Calibration)
{
    /// <summary>
    /// Partitions with the given fractions for selection and calibration (the rest is fitted on). Optional per-row
    /// <paramref name="weights"/> (empty: all equal) count as part of each row's content: rows with the same features and
    /// label but different weights are then ordered by weight.
    /// </summary>
    public static DataPartition Split(LabelledSample sample, int seed, double selectionFraction, double calibrationFraction, ReadOnlySpan<double> weights = default)
    {
        Preconditions.NotNull(sample);
        var fit = new List<int>();
        var selection = new List<int>();
        var calibration = new List<int>();
        var w = Weights(sample, weights);
        var order = CanonicalOrder(sample, w, seed, out var hashes);
        int copy = 0;
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            // identical rows are adjacent in the canonical order: count this row's rank among its copies
            copy = k > 0 && Compare(sample, hashes, order[k - 1], i) == 0 ? copy + 1 : 0;
            double u = copy == 0 ? hashes[i] : CopyHash(hashes[i], copy);
            if (u < calibrationFraction) calibration.Add(i);
            else if (u < calibrationFraction + selectionFraction) selection.Add(i);
            else fit.Add(i);
        }
        return new DataPartition([.. fit], [.. selection], [.. calibration]);
    }

    /// <summary>
    /// Row indices sorted by the seeded content hash (ties, which only identical rows share in practice, by the bits of
    /// the row, then by <paramref name="weights"/> when given): a permutation of the input that every permutation of the
    /// input maps to the same sequence of rows (of (row, label, weight) triples with weights).
    /// </summary>
    public static int[] CanonicalOrder(LabelledSample sample, int seed, ReadOnlySpan<double> weights = default)
    {
        Preconditions.NotNull(sample);
        return CanonicalOrder(sample, Weights(sample, weights), seed, out _);
    }

    private static double[]? Weights(LabelledSample sample, ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty) return null;
        Preconditions.Check(weights.Length == sample.Count, nameof(weights), $"{nameof(weights)} has {weights.Length} entries for {sample.Count} rows.");
        return weights.ToArray();
    }

    private static int[] CanonicalOrder(LabelledSample sample, double[]? weights, int seed, out double[] hashes)
    {
        var h = new double[sample.Count];
        for (int i = 0; i < sample.Count; i++) h[i] = UnitHash(sample.Points[i], sample.Labels[i], seed);
        var order = Enumerable.Range(0, sample.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = Compare(sample, h, a, b);
            return c != 0 || weights is null ? c : weights[a].CompareTo(weights[b]);
        });
        hashes = h;
        return order;
    }

    /// <summary>Orders rows by hash, then features, then label (0 exactly when they are copies of one row).</summary>
    private static int Compare(LabelledSample sample, double[] hashes, int a, int b)
    {
        int c = hashes[a].CompareTo(hashes[b]);
        if (c != 0) return c;
        var ra = sample.Points[a];
        var rb = sample.Points[b];
        for (int j = 0; j < ra.Length; j++)
        {
            c = ra[j].CompareTo(rb[j]);
            if (c != 0) return c;
        }
        return sample.Labels[a].CompareTo(sample.Labels[b]);
    }

    /// <summary>FNV-1a over the seed and the bits of the row, mapped to [0, 1).</summary>
    internal static double UnitHash(ReadOnlySpan<double> row, double label, int seed)
    {
        ulong h = 14695981039346656037UL ^ (ulong)(uint)seed;
        h *= 1099511628211UL;
        foreach (double v in row) h = Mix(h, BitConverter.DoubleToUInt64Bits(v == 0 ? 0.0 : v));
        h = Mix(h, BitConverter.DoubleToUInt64Bits(label == 0 ? 0.0 : label));
        return ToUnit(Finalise(h));
    }

    /// <summary>The hash of the <paramref name="copy"/>-th copy (copy &gt;= 1) of a row whose own hash is <paramref name="rowHash"/>.</summary>
    internal static double CopyHash(double rowHash, int copy)
        => ToUnit(Finalise(BitConverter.DoubleToUInt64Bits(rowHash) ^ (0x9e3779b97f4a7c15UL * (ulong)copy)));

    private static ulong Mix(ulong h, ulong bits)
    {
        for (int b = 0; b < 8; b++)
        {
            h ^= (bits >> (8 * b)) & 0xff;
            h *= 1099511628211UL;
        }
        return h;
    }

    /// <summary>The splitmix64 finaliser (full avalanche).</summary>
    private static ulong Finalise(ulong h)
    {
        h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL; h ^= h >> 27; h *= 0x94d049bb133111ebUL; h ^= h >> 31;
        return h;
    }

    private static double ToUnit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    public bool Equals(DataPartition? other) => other is not null && StructuralEquality.Equal(Fit, other.Fit)
        && StructuralEquality.Equal(Selection, other.Selection) && StructuralEquality.Equal(Calibration, other.Calibration);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Fit.IsDefault ? 0 : Fit.Length, Selection.IsDefault ? 0 : Selection.Length, Calibration.IsDefault ? 0 : Calibration.Length);
}
