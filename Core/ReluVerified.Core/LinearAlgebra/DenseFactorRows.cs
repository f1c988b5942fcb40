using System.Buffers;
using System.Numerics.Tensors;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// <see cref="IFactorRows"/> over a factor held in this process (S-lowrank): OpenBLAS dgemv and dsyrk, or managed loops.
/// The weighted normal matrix is accumulated over blocks of <see cref="BlockRows"/> rows of sqrt(D) L (rows with d_i = 0
/// skipped), in row order, so the same d gives the same bits. Immutable; equality is the factor's.
/// </summary>
/// <param name="Factor">L (m x r, row-major).</param>
internal sealed record DenseFactorRows(Matrix Factor) : IFactorRows
{
    /// <summary>Rows of sqrt(D) L formed at once when building L'DL.</summary>
    internal const int BlockRows = 4096;

    public int Rows => Factor.Rows;

    public int Rank => Factor.Columns;

    public double[] Times(double[] x, ComputeBackend backend)
    {
        var f = new double[Rows];
        DenseProducts.Gemv(Factor.AsSpan(), Rows, Rank, transpose: false, x, f, NativeBlas.UseNative(backend));
        return f;
    }

    public double[] TransposeTimes(double[] v, ComputeBackend backend)
    {
        var t = new double[Rank];
        DenseProducts.Gemv(Factor.AsSpan(), Rows, Rank, transpose: true, v, t, NativeBlas.UseNative(backend));
        return t;
    }

    public double[] RowSquaredNorms()
    {
        var norms = new double[Rows];
        for (int i = 0; i < norms.Length; i++) norms[i] = TensorPrimitives.Dot(Factor.Row(i), Factor.Row(i));
        return norms;
    }

    public void AddWeightedGram(double[] d, double[] target, ComputeBackend backend)
    {
        int r = Rank;
        bool native = NativeBlas.UseNative(backend);
        var rows = new List<int>();
        for (int i = 0; i < d.Length; i++) if (d[i] != 0) rows.Add(i);
        if (rows.Count == 0) return;
        int block = Math.Min(rows.Count, BlockRows);
        // scratch from the shared pool: a fresh array of this size is paid again in page faults on every call (the pool may
        // hand out up to twice the length asked for, a power of two, and keep it after the solve: one block of rows)
        var scaled = ArrayPool<double>.Shared.Rent(checked(block * r));
        for (int start = 0; start < rows.Count; start += block)
        {
            int count = Math.Min(block, rows.Count - start);
            for (int k = 0; k < count; k++)
            {
                int i = rows[start + k];
                TensorPrimitives.Multiply(Factor.Row(i), Math.Sqrt(d[i]), scaled.AsSpan(k * r, r));
            }
            if (native)
                DenseProducts.SyrkLower(scaled.AsSpan(0, count * r), r, count, transpose: true, beta: 1.0, target);
            else
            {
                for (int k = 0; k < count; k++)
                {
                    var row = scaled.AsSpan(k * r, r);
                    for (int i = 0; i < r; i++)
                        if (row[i] != 0) TensorPrimitives.MultiplyAdd(row[..(i + 1)], row[i], target.AsSpan(i * r, i + 1), target.AsSpan(i * r, i + 1));
                }
            }
        }
        ArrayPool<double>.Shared.Return(scaled);
    }

    public double RowDot(int i, int j) => TensorPrimitives.Dot(Factor.Row(i), Factor.Row(j));
}
