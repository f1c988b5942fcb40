using System.Numerics.Tensors;

namespace ReluVerified.Distributed;

/// <summary>
/// One shard's factor rows L_s (m_s x r, in file order) and the products of Core/ReluVerified.Core/LinearAlgebra/IFactorRows.cs
/// restricted to them, which the coordinator's <see cref="GrainFactorRows"/> assembles. Every product is deterministic: the
/// same rows and arguments give the same bits (parallel loops write disjoint outputs, each summed in a fixed order).
/// Immutable after construction.
/// </summary>
internal sealed class ShardRows
{
    /// <summary>Rows of sqrt(d) L scaled at once by <see cref="WeightedGram"/>.</summary>
    private const int GramBlockRows = 1024;

    private readonly double[] _data;

    /// <summary>Wraps <paramref name="count"/> rows of length <paramref name="rank"/>, row-major (owned: the caller keeps no reference, so no copy).</summary>
    public ShardRows(int count, int rank, double[] data)
    {
        if (data.Length != (long)count * rank) throw new ArgumentException($"{data.Length} values for {count} rows of rank {rank}.", nameof(data));
        (Count, Rank, _data) = (count, rank, data);
    }

    /// <summary>m_s.</summary>
    public int Count { get; }

    /// <summary>r.</summary>
    public int Rank { get; }

    /// <summary>L_s x (length m_s).</summary>
    public double[] Times(double[] x)
    {
        Check(x.Length == Rank, $"x has {x.Length} entries for rank {Rank}.");
        var f = new double[Count];
        Parallel.For(0, Count, i => f[i] = TensorPrimitives.Dot(RowSpan(i), x));
        return f;
    }

    /// <summary>L_s' v (length r), summed over the rows in order.</summary>
    public double[] TransposeTimes(double[] v)
    {
        Check(v.Length == Count, $"v has {v.Length} entries for {Count} rows.");
        var t = new double[Rank];
        for (int i = 0; i < Count; i++)
            if (v[i] != 0) TensorPrimitives.MultiplyAdd(RowSpan(i), v[i], t, t);
        return t;
    }

    /// <summary>||L_i||^2 for every row.</summary>
    public double[] RowSquaredNorms()
    {
        var norms = new double[Count];
        for (int i = 0; i < Count; i++) norms[i] = TensorPrimitives.Dot(RowSpan(i), RowSpan(i));
        return norms;
    }

    /// <summary>Row i (a copy).</summary>
    public double[] Row(int i)
    {
        Check(i >= 0 && i < Count, $"row {i} is not among the shard's {Count} rows.");
        return RowSpan(i).ToArray();
    }

    /// <summary>
    /// The lower triangle of sum over the rows with d_i != 0 of d_i L_i' L_i, packed by rows (entry (a, b), b &lt;= a, at
    /// a (a + 1) / 2 + b; r (r + 1) / 2 entries). Rows are scaled by sqrt(d_i) in blocks and added in order; the triangle's
    /// rows are computed in parallel, each by one thread.
    /// </summary>
    public double[] WeightedGram(double[] d)
    {
        Check(d.Length == Count, $"d has {d.Length} entries for {Count} rows.");
        int r = Rank;
        var packed = new double[(long)r * (r + 1) / 2];
        var chosen = Enumerable.Range(0, Count).Where(i => d[i] != 0).ToArray();
        var scaled = new double[(long)Math.Min(GramBlockRows, Math.Max(chosen.Length, 1)) * r];
        for (int start = 0; start < chosen.Length; start += GramBlockRows)
        {
            int count = Math.Min(GramBlockRows, chosen.Length - start);
            for (int k = 0; k < count; k++)
                TensorPrimitives.Multiply(RowSpan(chosen[start + k]), Math.Sqrt(d[chosen[start + k]]), scaled.AsSpan(k * r, r));
            Parallel.For(0, r, a =>
            {
                var target = packed.AsSpan((int)((long)a * (a + 1) / 2), a + 1);
                for (int k = 0; k < count; k++)
                {
                    var row = scaled.AsSpan(k * r, r);
                    if (row[a] != 0) TensorPrimitives.MultiplyAdd(row[..(a + 1)], row[a], target, target);
                }
            });
        }
        return packed;
    }

    private ReadOnlySpan<double> RowSpan(int i) => new(_data, (int)((long)i * Rank), Rank);

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
