namespace ReluVerified.Core.Geometry;

/// <summary>
/// The canonical order of labelled rows that the learners in the repository use (T2.1's split and fit order, S-lowrank's
/// uniform landmarks): rows sorted by a seeded hash of their CONTENT (the bits of the features and the label, with -0 read
/// as 0), then lexicographically by features, then by label, then (a total order) by position in the input. Rows that tie on
/// everything but position are copies of one row, so the order lists the same sequence of rows whatever the order of the
/// input and whether the rows are in memory (Core/ReluVerified.Core/Learning/DataPartition.cs) or streamed in batches
/// (Core/ReluVerified.Core/LowRank/StreamingNystroem.cs).
/// </summary>
public static class RowOrder
{
    /// <summary>FNV-1a over the seed and the bits of the row and its label, finalised by splitmix64 and mapped to [0, 1).</summary>
    public static double Hash(ReadOnlySpan<double> row, double label, int seed)
    {
        ulong h = 14695981039346656037UL ^ (ulong)(uint)seed;
        h *= 1099511628211UL;
        foreach (double v in row) h = Mix(h, BitConverter.DoubleToUInt64Bits(v == 0 ? 0.0 : v));
        h = Mix(h, BitConverter.DoubleToUInt64Bits(label == 0 ? 0.0 : label));
        return ToUnit(Finalise(h));
    }

    /// <summary>
    /// Compares two rows by hash, then features (lexicographically), then label: 0 exactly when they are copies of one row
    /// (for rows of one dimension; of two rows where one is a prefix of the other, the shorter comes first).
    /// </summary>
    public static int Compare(double hashA, ReadOnlySpan<double> rowA, double labelA, double hashB, ReadOnlySpan<double> rowB, double labelB)
    {
        int c = hashA.CompareTo(hashB);
        return c != 0 ? c : CompareContent(rowA, labelA, rowB, labelB);
    }

    /// <summary>Compares two rows by features (lexicographically), then label, leaving their hashes aside.</summary>
    public static int CompareContent(ReadOnlySpan<double> rowA, double labelA, ReadOnlySpan<double> rowB, double labelB)
    {
        int n = Math.Min(rowA.Length, rowB.Length);
        for (int j = 0; j < n; j++)
        {
            int c = rowA[j].CompareTo(rowB[j]);
            if (c != 0) return c;
        }
        int d = rowA.Length.CompareTo(rowB.Length);
        return d != 0 ? d : labelA.CompareTo(labelB);
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
}
