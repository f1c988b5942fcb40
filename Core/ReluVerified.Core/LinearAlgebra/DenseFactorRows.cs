using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
            int count = Math.Min(block, rows.Count - start), first = start;
            // scaled in parallel chunks, each entry on its own (the bits do not depend on the split)
            Parallel.For(0, (count + ChunkRows - 1) / ChunkRows, c =>
            {
                for (int k = c * ChunkRows; k < Math.Min(count, (c + 1) * ChunkRows); k++)
                {
                    int i = rows[first + k];
                    TensorPrimitives.Multiply(Factor.Row(i), Math.Sqrt(d[i]), scaled.AsSpan(k * r, r));
                }
            });
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
        for (int start = 0; start < rows.Count; start += block)
        {
            int count = Math.Min(block, rows.Count - start), first = start;
            // the rows are scaled and rounded in parallel chunks (each entry on its own, so the bits do not depend on the
            // split): ssyrk runs on every core, and this pass over the changed rows of L had one
            Parallel.For(0, (count + ChunkRows - 1) / ChunkRows, c =>
            {
                var scaledRow = new double[r];
                for (int k = c * ChunkRows; k < Math.Min(count, (c + 1) * ChunkRows); k++)
                {
                    int i = rows[first + k];
                    TensorPrimitives.Multiply(Factor.Row(i), Math.Sqrt(d[i]), scaledRow);
                    TensorPrimitives.ConvertTruncating<double, float>(scaledRow, scaled.AsSpan(k * r, r));
                }
            });
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
    /// <param name="rows">The rows i of the sum.</param>
    /// <param name="d">The weights (length m).</param>
    /// <param name="y">The vector (length r).</param>
    /// <param name="portable">True: the portable loop of <see cref="ChunkSumPortable"/> whatever the machine (for checks and
    /// Bench's <c>factor-products</c>, which compare the two loops).</param>
    internal double[] WeightedGramTimes(int[] rows, double[] d, double[] y, bool portable = false)
    {
        int r = Rank, chunks = (rows.Length + ChunkRows - 1) / ChunkRows;
        var partial = new double[chunks][];
        bool wide = !portable && Vector256.IsHardwareAccelerated;
        Parallel.For(0, chunks, c =>
        {
            int from = c * ChunkRows, to = Math.Min(rows.Length, (c + 1) * ChunkRows);
            partial[c] = wide ? ChunkSumWide(rows, d, y, from, to) : ChunkSumPortable(rows, d, y, from, to);
        });
        var total = new double[r];
        foreach (var sum in partial) TensorPrimitives.Add(total, sum, total);
        return total;
    }

    /// <summary>
    /// The sum of one chunk of <see cref="WeightedGramTimes"/> with 256-bit vectors, in explicit SIMD compiled fully optimised
    /// at its first call (a hot loop of a short run otherwise starts in the runtime's unoptimised tier: measured in a
    /// development build at m = 2000, one product over 903 rows of rank 935, 3-4 ms with TensorPrimitives' dot and axpy,
    /// 0.3-0.8 ms with an explicit loop). The dot product keeps four independent sums (one sum waits on each multiply-add's
    /// latency) and fetches the next row's cache lines while it reads this one: the rows of Z are scattered among the loss
    /// rows, and the hardware prefetcher does not follow a jump to another row. Against <see cref="ChunkSumPortable"/> (one
    /// sum, no prefetch): docs/solver.md, "Refinement products at scale".
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe double[] ChunkSumWide(int[] rows, double[] d, double[] y, int from, int to)
    {
        const int width = 4; // doubles in a Vector256
        int r = Rank, whole = r - r % (4 * width);
        var sum = new double[r];
        ref double ys = ref MemoryMarshal.GetArrayDataReference(y);
        ref double sums = ref MemoryMarshal.GetArrayDataReference(sum);
        for (int k = from; k < to; k++)
        {
            var row = Factor.Row(rows[k]);
            ref double rs = ref MemoryMarshal.GetReference(row);
            ref double next = ref k + 1 < to ? ref MemoryMarshal.GetReference(Factor.Row(rows[k + 1])) : ref rs;
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            int j = 0;
            for (; j < whole; j += 4 * width)
            {
                if (Sse.IsSupported)
                {
                    // the 128 bytes of the next row at the same offset: two cache lines (a prefetch is a hint: it never faults,
                    // and an address made stale by the collector moving the array would only waste it)
                    var ahead = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref next, j));
                    Sse.Prefetch0(ahead);
                    Sse.Prefetch0(ahead + 64);
                }
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rs, (nuint)j), Vector256.LoadUnsafe(ref ys, (nuint)j), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rs, (nuint)(j + width)), Vector256.LoadUnsafe(ref ys, (nuint)(j + width)), a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rs, (nuint)(j + 2 * width)), Vector256.LoadUnsafe(ref ys, (nuint)(j + 2 * width)), a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rs, (nuint)(j + 3 * width)), Vector256.LoadUnsafe(ref ys, (nuint)(j + 3 * width)), a3);
            }
            double dot = Vector256.Sum((a0 + a1) + (a2 + a3));
            for (; j < r; j++) dot += row[j] * y[j];
            double a = d[rows[k]] * dot;
            var va = Vector256.Create(a);
            for (j = 0; j < whole; j += width)
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rs, (nuint)j), Vector256.LoadUnsafe(ref sums, (nuint)j)).StoreUnsafe(ref sums, (nuint)j);
            for (; j < r; j++) sum[j] += a * row[j];
        }
        return sum;
    }

    /// <summary>
    /// The sum of one chunk of <see cref="WeightedGramTimes"/> with <see cref="Vector{T}"/> of the machine's width and one
    /// partial dot product: for machines without 256-bit vectors (the loop of every machine until 2026-11-30).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] ChunkSumPortable(int[] rows, double[] d, double[] y, int from, int to)
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
