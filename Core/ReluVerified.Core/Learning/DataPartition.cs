using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Learning;

/// <summary>
/// Splits rows into fit / selection / calibration parts by a seeded hash of each row's CONTENT (features and label),
/// never by position, and lists every part in the order of that hash: the split and the order in which rows reach the
/// solver, and so the whole fit, are the same bits whatever the order of the input rows.
/// </summary>
/// <param name="Fit">Indices of rows the program is solved on.</param>
/// <param name="Selection">Indices of rows used to choose (d, B).</param>
/// <param name="Calibration">Indices of rows used to calibrate tau.</param>
public sealed record DataPartition(int[] Fit, int[] Selection, int[] Calibration)
{
    /// <summary>Partitions with the given fractions for selection and calibration (the rest is fitted on).</summary>
    public static DataPartition Split(LabelledSample sample, int seed, double selectionFraction, double calibrationFraction)
    {
        var fit = new List<int>();
        var selection = new List<int>();
        var calibration = new List<int>();
        var order = CanonicalOrder(sample, seed, out var hashes);
        foreach (int i in order)
        {
            double u = hashes[i];
            if (u < calibrationFraction) calibration.Add(i);
            else if (u < calibrationFraction + selectionFraction) selection.Add(i);
            else fit.Add(i);
        }
        return new DataPartition([.. fit], [.. selection], [.. calibration]);
    }

    /// <summary>
    /// Row indices sorted by the seeded content hash (ties, which only identical rows share in practice, by the bits of
    /// the row): a permutation of the input that every permutation of the input maps to the same sequence of rows.
    /// </summary>
    public static int[] CanonicalOrder(LabelledSample sample, int seed) => CanonicalOrder(sample, seed, out _);

    private static int[] CanonicalOrder(LabelledSample sample, int seed, out double[] hashes)
    {
        var h = new double[sample.Count];
        for (int i = 0; i < sample.Count; i++) h[i] = UnitHash(sample.Points[i], sample.Labels[i], seed);
        var order = Enumerable.Range(0, sample.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = h[a].CompareTo(h[b]);
            if (c != 0) return c;
            var ra = sample.Points[a];
            var rb = sample.Points[b];
            for (int j = 0; j < ra.Length; j++)
            {
                c = ra[j].CompareTo(rb[j]);
                if (c != 0) return c;
            }
            return sample.Labels[a].CompareTo(sample.Labels[b]);
        });
        hashes = h;
        return order;
    }

    /// <summary>FNV-1a over the seed and the bits of the row, mapped to [0, 1).</summary>
    internal static double UnitHash(ReadOnlySpan<double> row, double label, int seed)
    {
        ulong h = 14695981039346656037UL ^ (ulong)(uint)seed;
        h *= 1099511628211UL;
        foreach (double v in row) h = Mix(h, BitConverter.DoubleToUInt64Bits(v == 0 ? 0.0 : v));
        h = Mix(h, BitConverter.DoubleToUInt64Bits(label == 0 ? 0.0 : label));
        // final avalanche (splitmix64 finaliser)
        h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL; h ^= h >> 27; h *= 0x94d049bb133111ebUL; h ^= h >> 31;
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong h, ulong bits)
    {
        for (int b = 0; b < 8; b++)
        {
            h ^= (bits >> (8 * b)) & 0xff;
            h *= 1099511628211UL;
        }
        return h;
    }

    /// <inheritdoc />
    public bool Equals(DataPartition? other) => other is not null && Fit.AsSpan().SequenceEqual(other.Fit)
        && Selection.AsSpan().SequenceEqual(other.Selection) && Calibration.AsSpan().SequenceEqual(other.Calibration);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Fit.Length, Selection.Length, Calibration.Length);
}
