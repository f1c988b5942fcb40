using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Kernels;

/// <summary>
/// Kernel matrices for the learners (L-kernel, P-gaussian): the symmetric Gram matrix K_ij = k(x_i, x_j), the cross-kernel
/// matrix K(X_new, X_train) and kernel mat-vecs. Managed path: register-blocked SIMD tiles (4 rows x 2 vectors) that apply the
/// kernel map inside the tile (no second pass over memory), one triangle only, multi-threaded. Native path: OpenBLAS
/// dsyrk/dgemm followed by the same SIMD kernel map. Both give the same entries to <see cref="Tolerances.BackendAgreement"/>
/// for dot-product kernels. Kernels that read squared norms (<see cref="Kernel.UsesNorms"/>, the Gaussian) receive them beside
/// the dot products: in a Gram matrix each point's squared norm is the very number the engine computes as its diagonal dot
/// product (the tile's own fused multiply-add sequence, or dsyrk's diagonal), so the distance of a point to itself is exactly 0
/// and the Gaussian's diagonal exactly 1.
/// Pure from outside: inputs are never modified and every call allocates its own result.
/// </summary>
public static unsafe class GramEngine
{
    private const int TileRows = 4;
    private const int MirrorBlock = 64;

    /// <summary>True when the native OpenBLAS path can run on this machine.</summary>
    public static bool NativeAvailable => NativeBlas.IsAvailable;

    /// <summary>The symmetric m x m Gram matrix of <paramref name="kernel"/> on <paramref name="points"/>.</summary>
    public static Matrix Gram(Kernel kernel, PointSet points, ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(points);
        int m = points.Count, n = points.Dimension;
        var result = LargeArrays.Zeroed((long)m * m);
        var options = Options(cancellationToken);
        if (NativeBlas.UseNative(backend))
        {
            DenseProducts.SyrkLower(points.Coordinates.AsSpan(), m, n, transpose: false, beta: 0.0, result);
            cancellationToken.ThrowIfCancellationRequested();
            if (kernel.UsesNorms)
            {
                // the squared norms are dsyrk's own diagonal, read before any row is mapped
                var norms = new double[m];
                for (int i = 0; i < m; i++) norms[i] = result[(long)i * m + i];
                Parallel.For(0, m, options, i => kernel.TransformInPlace(result.AsSpan(i * m, i + 1), norms[i], norms.AsSpan(0, i + 1)));
            }
            else
            {
                Parallel.For(0, m, options, i => kernel.TransformInPlace(result.AsSpan(i * m, i + 1), 0.0, default));
            }
        }
        else
        {
            var norms = kernel.UsesNorms ? SquaredNorms(points.Coordinates.AsSpan(), m, n) : null;
            Tiles(kernel, points.Coordinates.AsSpan(), m, norms, points.Coordinates.AsSpan(), m, norms, n, result, lowerOnly: true, options);
            // the tile's x_i . x_i is this very norm already; writing k(x_i, x_i) from it makes that a rule, not a coincidence
            if (norms is not null)
                for (int i = 0; i < m; i++) result[(long)i * m + i] = kernel.Transform(norms[i], norms[i], norms[i]);
        }
        MirrorLowerToUpper(result, m, options);
        var gram = Matrix.Own(m, m, result);
        gram.Facts.KnownExactlySymmetric(); // the upper triangle is a copy of the lower one
        // a kernel PSD in exact arithmetic with a proven bound e on every entry's rounding: the stored K is within
        // ||E||_2 <= ||E||_F <= m e of the PSD Gram matrix of the stored points, so lambda_min(K) >= -m e without any check
        // (Proofs/T2.1-reliable-program.md, "Input checks", step 0)
        double entry = kernel.EntryRoundingBound(SquaredNormBound(points.Coordinates.AsSpan(), m, n), n);
        if (double.IsFinite(m * entry)) gram.Facts.VerifiedPositiveSemidefinite(m * entry);
        return gram;
    }

    /// <summary>
    /// An upper bound on max_i |x_i|^2: the largest computed sum of squares (off by at most gamma_n of the exact one, any order),
    /// raised by 4 gamma_n (which also covers the rounding of that product).
    /// </summary>
    internal static double SquaredNormBound(ReadOnlySpan<double> coordinates, int m, int n)
    {
        double largest = 0;
        for (int i = 0; i < m; i++)
        {
            var row = coordinates.Slice(i * n, n);
            largest = Math.Max(largest, TensorPrimitives.Dot(row, row));
        }
        return largest * (1 + 4 * RoundingError.Gamma(n));
    }

    /// <summary>The p x q cross-kernel matrix K_ij = k(rows_i, columns_j) (predictions use rows = new points, columns = training points).</summary>
    public static Matrix Cross(Kernel kernel, PointSet rows, PointSet columns, ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(rows);
        Preconditions.NotNull(columns);
        Preconditions.Check(rows.Dimension == columns.Dimension, nameof(rows),
            $"{nameof(rows)} have dimension {rows.Dimension} but {nameof(columns)} have {columns.Dimension}.");
        int p = rows.Count, q = columns.Count, n = rows.Dimension;
        var result = LargeArrays.Zeroed((long)p * q);
        var options = Options(cancellationToken);
        var rowNorms = kernel.UsesNorms ? SquaredNorms(rows.Coordinates.AsSpan(), p, n) : null;
        var columnNorms = kernel.UsesNorms ? SquaredNorms(columns.Coordinates.AsSpan(), q, n) : null;
        if (NativeBlas.UseNative(backend))
            NativeCross(kernel, rows.Coordinates.AsSpan(), p, rowNorms, columns.Coordinates.AsSpan(), q, columnNorms, n, result, options);
        else
            Tiles(kernel, rows.Coordinates.AsSpan(), p, rowNorms, columns.Coordinates.AsSpan(), q, columnNorms, n, result, lowerOnly: false, options);
        return Matrix.Own(p, q, result);
    }

    /// <summary>
    /// C = kappa(A B', norms) through OpenBLAS dgemm and the SIMD kernel map, into <paramref name="c"/> (p x q, row-major):
    /// the native half of <see cref="Cross"/>, also used by the Nystroem factor's row blocks. The squared norms are read
    /// only when the kernel uses them (then neither may be null).
    /// </summary>
    internal static void NativeCross(Kernel kernel, ReadOnlySpan<double> rows, int p, double[]? rowNorms, ReadOnlySpan<double> columns, int q,
        double[]? columnNorms, int n, double[] c, ParallelOptions options)
    {
        DenseProducts.Gemm(rows, columns, p, q, n, transposeB: true, c);
        options.CancellationToken.ThrowIfCancellationRequested();
        if (kernel.UsesNorms)
            Parallel.For(0, p, options, i => kernel.TransformInPlace(c.AsSpan(i * q, q), rowNorms![i], columnNorms));
        else
            Parallel.For(0, p, options, i => kernel.TransformInPlace(c.AsSpan(i * q, q), 0.0, default));
    }

    /// <summary>
    /// |a_i|^2 for each of the <paramref name="count"/> rows, summed by the same sequence of fused multiply-adds from 0 that a
    /// managed tile uses for a dot product, so a tile's a_i . a_i is bitwise this number.
    /// </summary>
    internal static double[] SquaredNorms(ReadOnlySpan<double> rows, int count, int n)
    {
        var norms = new double[count];
        for (int i = 0; i < count; i++)
        {
            var row = rows.Slice(i * n, n);
            double sum = 0;
            for (int k = 0; k < n; k++) sum = Math.FusedMultiplyAdd(row[k], row[k], sum);
            norms[i] = sum;
        }
        return norms;
    }

    /// <summary>The kernel mat-vec K v (memory-bound: one pass over K).</summary>
    public static double[] MatVec(Matrix kernelMatrix, ReadOnlySpan<double> vector, ComputeBackend backend = ComputeBackend.Auto)
    {
        Preconditions.NotNull(kernelMatrix);
        Preconditions.Check(vector.Length == kernelMatrix.Columns, nameof(vector),
            $"{nameof(vector)} has length {vector.Length}; the matrix has {kernelMatrix.Columns} columns.");
        if (!NativeBlas.UseNative(backend)) return DenseProducts.MatVecManaged(kernelMatrix, vector.ToArray());
        var y = new double[kernelMatrix.Rows];
        DenseProducts.Gemv(kernelMatrix.AsSpan(), kernelMatrix.Rows, kernelMatrix.Columns, transpose: false, vector, y, native: true);
        return y;
    }

    private static ParallelOptions Options(CancellationToken token) => new() { CancellationToken = token };

    /// <summary>
    /// C[i, j] = kappa(a_i . b_j, |a_i|^2, |b_j|^2) for i &lt; p, j &lt; q (only tiles touching the lower triangle when
    /// <paramref name="lowerOnly"/>). Tiles of 4 rows x 2 SIMD vectors of columns; B is transposed into contiguous zero-padded
    /// panels once, so the inner loop streams one panel: 2 loads, 4 broadcasts and 8 fused multiply-adds per k. The squared
    /// norms (null unless the kernel uses them) are copied into zero-padded buffers so that a tile may read whole vectors.
    /// </summary>
    private static void Tiles(Kernel kernel, ReadOnlySpan<double> a, int p, double[]? aNorms, ReadOnlySpan<double> b, int q, double[]? bNorms, int n,
        double[] c, bool lowerOnly, ParallelOptions options)
    {
        int w = Vector<double>.Count;
        int tileCols = 2 * w;
        int qPad = (q + tileCols - 1) / tileCols * tileCols;
        int pPad = (p + TileRows - 1) / TileRows * TileRows;
        // B packed as contiguous panels: panel t holds columns t*tileCols.. as n rows of tileCols values.
        var bt = new double[(long)n * qPad];
        for (int j = 0; j < q; j++)
        {
            int panel = j / tileCols, lane = j % tileCols;
            for (int k = 0; k < n; k++)
                bt[((long)panel * n + k) * tileCols + lane] = b[j * n + k];
        }
        var ap = new double[(long)pPad * n];
        a.CopyTo(ap);
        double[]? aNormsPadded = null, bNormsPadded = null;
        if (aNorms is not null && bNorms is not null)
        {
            aNormsPadded = new double[pPad];
            aNorms.CopyTo(aNormsPadded, 0);
            bNormsPadded = new double[qPad];
            bNorms.CopyTo(bNormsPadded, 0);
        }
        int rowTiles = pPad / TileRows;
        Parallel.For(0, rowTiles, options, t =>
        {
            // interleave heavy and light row tiles of the triangle across workers
            int tile = lowerOnly ? (t % 2 == 0 ? rowTiles - 1 - t / 2 : t / 2) : t;
            int i0 = tile * TileRows;
            int jEnd = lowerOnly ? Math.Min(q, i0 + TileRows) : q;
            fixed (double* pa = ap)
            fixed (double* pb = bt)
            fixed (double* pc = c)
            fixed (double* an = aNormsPadded)
            fixed (double* bn = bNormsPadded)
            {
                for (int j0 = 0; j0 < jEnd; j0 += tileCols)
                    Tile(kernel, pa + (long)i0 * n, pb + (long)j0 * n, n, pc, i0, j0, p, q, w, an, bn);
            }
        });
    }

    /// <summary>One 4 x 2w tile; <paramref name="aNorms"/> and <paramref name="bNorms"/> are null for kernels that ignore norms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(Kernel kernel, double* a, double* panel, int n, double* c, int i0, int j0, int p, int q, int w, double* aNorms, double* bNorms)
    {
        Vector<double> c00 = default, c01 = default, c10 = default, c11 = default,
                       c20 = default, c21 = default, c30 = default, c31 = default;
        double* a0 = a, a1 = a + n, a2 = a + 2 * n, a3 = a + 3 * n;
        for (int k = 0; k < n; k++)
        {
            double* row = panel + (long)k * 2 * w;
            var b0 = Unsafe.ReadUnaligned<Vector<double>>(row);
            var b1 = Unsafe.ReadUnaligned<Vector<double>>(row + w);
            var x0 = new Vector<double>(a0[k]);
            var x1 = new Vector<double>(a1[k]);
            var x2 = new Vector<double>(a2[k]);
            var x3 = new Vector<double>(a3[k]);
            c00 = Vector.FusedMultiplyAdd(x0, b0, c00); c01 = Vector.FusedMultiplyAdd(x0, b1, c01);
            c10 = Vector.FusedMultiplyAdd(x1, b0, c10); c11 = Vector.FusedMultiplyAdd(x1, b1, c11);
            c20 = Vector.FusedMultiplyAdd(x2, b0, c20); c21 = Vector.FusedMultiplyAdd(x2, b1, c21);
            c30 = Vector.FusedMultiplyAdd(x3, b0, c30); c31 = Vector.FusedMultiplyAdd(x3, b1, c31);
        }
        if (aNorms == null)
        {
            Store(kernel, c00, c01, default, default, default, c, i0, j0, p, q, w);
            Store(kernel, c10, c11, default, default, default, c, i0 + 1, j0, p, q, w);
            Store(kernel, c20, c21, default, default, default, c, i0 + 2, j0, p, q, w);
            Store(kernel, c30, c31, default, default, default, c, i0 + 3, j0, p, q, w);
            return;
        }
        var bLeft = Unsafe.ReadUnaligned<Vector<double>>(bNorms + j0);
        var bRight = Unsafe.ReadUnaligned<Vector<double>>(bNorms + j0 + w);
        Store(kernel, c00, c01, new Vector<double>(aNorms[i0]), bLeft, bRight, c, i0, j0, p, q, w);
        Store(kernel, c10, c11, new Vector<double>(aNorms[i0 + 1]), bLeft, bRight, c, i0 + 1, j0, p, q, w);
        Store(kernel, c20, c21, new Vector<double>(aNorms[i0 + 2]), bLeft, bRight, c, i0 + 2, j0, p, q, w);
        Store(kernel, c30, c31, new Vector<double>(aNorms[i0 + 3]), bLeft, bRight, c, i0 + 3, j0, p, q, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Kernel kernel, Vector<double> left, Vector<double> right, Vector<double> rowNorm, Vector<double> leftNorms,
        Vector<double> rightNorms, double* c, int i, int j0, int p, int q, int w)
    {
        if (i >= p) return;
        left = kernel.TransformVector(left, rowNorm, leftNorms);
        right = kernel.TransformVector(right, rowNorm, rightNorms);
        double* dst = c + (long)i * q + j0;
        if (j0 + 2 * w <= q)
        {
            Unsafe.WriteUnaligned(dst, left);
            Unsafe.WriteUnaligned(dst + w, right);
            return;
        }
        int valid = q - j0;
        for (int t = 0; t < valid; t++) dst[t] = t < w ? left[t] : right[t - w];
    }

    /// <summary>Copies the strict lower triangle onto the upper one in cache-sized blocks.</summary>
    private static void MirrorLowerToUpper(double[] c, int m, ParallelOptions options)
    {
        int blocks = (m + MirrorBlock - 1) / MirrorBlock;
        Parallel.For(0, blocks, options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (bi) =>
        {
            int iStart = bi * MirrorBlock, iEnd = Math.Min(m, iStart + MirrorBlock);
            for (int bj = bi; bj < blocks; bj++)
            {
                int jStart = bj * MirrorBlock, jEnd = Math.Min(m, jStart + MirrorBlock);
                for (int i = iStart; i < iEnd; i++)
                    for (int j = Math.Max(jStart, i + 1); j < jEnd; j++)
                        c[(long)i * m + j] = c[(long)j * m + i];
            }
        });
    }
}
