using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Distributed;

/// <summary>
/// One shard's factor rows L_s (m_s x r, in file order) and the products of Core/ReluVerified.Core/LinearAlgebra/IFactorRows.cs
/// restricted to them, computed by Core's in-memory implementation (Core/ReluVerified.Core/LinearAlgebra/DenseFactorRows.cs:
/// OpenBLAS when present, else managed loops), which the coordinator's <see cref="GrainFactorRows"/> assembles. Every
/// product is deterministic: the same rows and arguments give the same bits. Immutable after construction.
/// </summary>
internal sealed class ShardRows
{
    private readonly DenseFactorRows _rows;

    /// <summary>Wraps <paramref name="count"/> rows of length <paramref name="rank"/>, row-major (owned: the caller keeps no reference, so no copy).</summary>
    public ShardRows(int count, int rank, double[] data) => _rows = new DenseFactorRows(Matrix.Own(count, rank, data));

    /// <summary>m_s.</summary>
    public int Count => _rows.Rows;

    /// <summary>r.</summary>
    public int Rank => _rows.Rank;

    /// <summary>L_s x (length m_s).</summary>
    public double[] Times(double[] x)
    {
        Check(x.Length == Rank, $"x has {x.Length} entries for rank {Rank}.");
        return _rows.Times(x, ComputeBackend.Auto);
    }

    /// <summary>L_s' v (length r).</summary>
    public double[] TransposeTimes(double[] v)
    {
        Check(v.Length == Count, $"v has {v.Length} entries for {Count} rows.");
        return _rows.TransposeTimes(v, ComputeBackend.Auto);
    }

    /// <summary>||L_i||^2 for every row.</summary>
    public double[] RowSquaredNorms() => _rows.RowSquaredNorms();

    /// <summary>Row i (a copy).</summary>
    public double[] Row(int i)
    {
        Check(i >= 0 && i < Count, $"row {i} is not among the shard's {Count} rows.");
        return _rows.Factor.Row(i).ToArray();
    }

    /// <summary>
    /// The lower triangle of sum over the rows with d_i != 0 of d_i L_i' L_i, packed by rows (entry (a, b), b &lt;= a, at
    /// a (a + 1) / 2 + b; r (r + 1) / 2 entries): half the r x r matrix on the wire.
    /// </summary>
    public double[] WeightedGram(double[] d)
    {
        Check(d.Length == Count, $"d has {d.Length} entries for {Count} rows.");
        int r = Rank;
        var full = new double[(long)r * r];
        _rows.AddWeightedGram(d, full, ComputeBackend.Auto);
        var packed = new double[(long)r * (r + 1) / 2];
        for (int a = 0; a < r; a++) full.AsSpan(a * r, a + 1).CopyTo(packed.AsSpan((int)((long)a * (a + 1) / 2), a + 1));
        return packed;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
