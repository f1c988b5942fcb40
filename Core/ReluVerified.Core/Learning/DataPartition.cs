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
            double u = copy == 0 ? hashes[i] : RowOrder.CopyHash(hashes[i], copy);
            if (u < calibrationFraction) calibration.Add(i);
            else if (u < calibrationFraction + selectionFraction) selection.Add(i);
            else fit.Add(i);
        }
        return new DataPartition([.. fit], [.. selection], [.. calibration]);
    }

    /// <summary>
    /// Row indices in <see cref="RowOrder"/>'s canonical order (seeded content hash, then features, then label, then
    /// index), with <paramref name="weights"/>, when given, compared before the index: a total order, and a permutation of
    /// the input that every permutation of the input maps to the same sequence of rows (of (row, label, weight) triples
    /// with weights).
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
        Parallel.For(0, sample.Count, i => h[i] = RowOrder.Hash(sample.Points[i], sample.Labels[i], seed)); // each row on its own
        var order = Enumerable.Range(0, sample.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = Compare(sample, h, a, b);
            if (c == 0 && weights is not null) c = weights[a].CompareTo(weights[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        hashes = h;
        return order;
    }

    /// <summary>Orders rows by hash, then features, then label (0 exactly when they are copies of one row).</summary>
    private static int Compare(LabelledSample sample, double[] hashes, int a, int b)
        => RowOrder.Compare(hashes[a], sample.Points[a], sample.Labels[a], hashes[b], sample.Points[b], sample.Labels[b]);

    /// <inheritdoc />
    public bool Equals(DataPartition? other) => other is not null && StructuralEquality.Equal(Fit, other.Fit)
        && StructuralEquality.Equal(Selection, other.Selection) && StructuralEquality.Equal(Calibration, other.Calibration);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Fit.IsDefault ? 0 : Fit.Length, Selection.IsDefault ? 0 : Selection.Length, Calibration.IsDefault ? 0 : Calibration.Length);
}
