using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] RowSquaredNorms()
    {
        var norms = new double[Rows];
        for (int i = 0; i < norms.Length; i++) norms[i] = TensorPrimitives.Dot(Factor.Row(i), Factor.Row(i));
        return norms;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// <see cref="AddWeightedGram"/> in single precision, for the mixed-precision r-space Newton matrices of T2.1
    /// (<see cref="MixedPrecisionFactor"/>): the rows of sqrt(D) L are rounded to single and their Gram matrix is added by
    /// OpenBLAS ssyrk to the lower triangle of <paramref name="target"/> (r x r floats, row-major). With spotrf, about half the
    /// time of the double matrix and factorisation (docs/solver.md, "Single-precision r-space Newton matrices": 1.45-1.5 s
    /// against 3.1 s per iteration at rank 5151); its rounding is the factor's, which the refined solves correct. Native only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void AddWeightedGramSingle(double[] d, Span<float> target)
    {
        int r = Rank;
        var rows = new List<int>();
        for (int i = 0; i < d.Length; i++) if (d[i] != 0) rows.Add(i);
        if (rows.Count == 0) return;
        int block = Math.Min(rows.Count, BlockRows);
        var scaled = ArrayPool<float>.Shared.Rent(checked(block * r)); // pooled for the reason given in AddWeightedGram
        var scaledRow = new double[r];
        for (int start = 0; start < rows.Count; start += block)
        {
            int count = Math.Min(block, rows.Count - start);
            for (int k = 0; k < count; k++)
            {
                int i = rows[start + k];
                TensorPrimitives.Multiply(Factor.Row(i), Math.Sqrt(d[i]), scaledRow);
                TensorPrimitives.ConvertTruncating<double, float>(scaledRow, scaled.AsSpan(k * r, r));
            }
            DenseProducts.SyrkLower(scaled.AsSpan(0, count * r), r, count, transpose: true, beta: 1.0f, target);
        }
        ArrayPool<float>.Shared.Return(scaled);
    }

    /// <summary>Rows per chunk of <see cref="WeightedGramTimes"/>: a fixed split, so the sum's grouping does not depend on threads.</summary>
    internal const int ChunkRows = 256;

    /// <summary>
    /// sum over i in <paramref name="rows"/> of d_i (L_i . y) L_i' (length r) in one pass over those rows, each read once and
    /// used twice while in cache: at most half the memory traffic of L'(D (L y)) by two products with the whole of L. Chunks of
    /// <see cref="ChunkRows"/> rows are summed in parallel and their sums added in chunk order, so the same arguments give
    /// the same bits. For the refinement products of mixed-precision r-space Newton solves (T2.1).
    /// </summary>
    internal double[] WeightedGramTimes(int[] rows, double[] d, double[] y)
    {
        int r = Rank, chunks = (rows.Length + ChunkRows - 1) / ChunkRows;
        var partial = new double[chunks][];
        Parallel.For(0, chunks, c => partial[c] = ChunkSum(rows, d, y, c * ChunkRows, Math.Min(rows.Length, (c + 1) * ChunkRows)));
        var total = new double[r];
        foreach (var sum in partial) TensorPrimitives.Add(total, sum, total);
        return total;
    }

    /// <summary>
    /// The sum of one chunk of <see cref="WeightedGramTimes"/>, in explicit SIMD compiled fully optimised at its first call: a
    /// hot loop of a short run otherwise starts in the runtime's unoptimised tier (measured in a development build at m = 2000,
    /// one product over 903 rows of rank 935: 3-4 ms with TensorPrimitives' dot and axpy, 0.6-0.9 ms with them and tiered
    /// compilation switched off, 0.3-0.8 ms with this loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] ChunkSum(int[] rows, double[] d, double[] y, int from, int to)
    {
        int r = Rank, width = Vector<double>.Count, whole = r - r % width;
        var sum = new double[r];
        var ys = MemoryMarshal.Cast<double, Vector<double>>(y.AsSpan(0, whole));
        var sums = MemoryMarshal.Cast<double, Vector<double>>(sum.AsSpan(0, whole));
        for (int k = from; k < to; k++)
        {
            var row = Factor.Row(rows[k]);
            var rs = MemoryMarshal.Cast<double, Vector<double>>(row[..whole]);
            var acc = Vector<double>.Zero;
            for (int j = 0; j < rs.Length; j++) acc += rs[j] * ys[j];
            double dot = Vector.Sum(acc);
            for (int j = whole; j < r; j++) dot += row[j] * y[j];
            double a = d[rows[k]] * dot;
            var va = new Vector<double>(a);
            for (int j = 0; j < rs.Length; j++) sums[j] += va * rs[j];
            for (int j = whole; j < r; j++) sum[j] += a * row[j];
        }
        return sum;
    }

    public double RowDot(int i, int j) => TensorPrimitives.Dot(Factor.Row(i), Factor.Row(j));
}
