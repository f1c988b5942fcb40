using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// The dense products every layer above uses (Gram matrices, kernel mat-vecs, factor products, Newton matrices), the only
/// place outside <see cref="NativeBlas"/> and the factorisations of this folder that calls OpenBLAS. All matrices are
/// row-major spans; each call checks nothing beyond what its callers validated at the public boundary.
/// </summary>
internal static unsafe class DenseProducts
{
    /// <summary>y = A x (or A' x with <paramref name="transpose"/>) for A rows x columns; OpenBLAS dgemv or the managed loop.</summary>
    internal static void Gemv(ReadOnlySpan<double> a, int rows, int columns, bool transpose, ReadOnlySpan<double> x, Span<double> y, bool native)
    {
        if (native)
        {
            fixed (double* pa = a)
            fixed (double* px = x)
            fixed (double* py = y)
                NativeBlas.Dgemv(NativeBlas.RowMajor, transpose ? NativeBlas.Trans : NativeBlas.NoTrans, rows, columns, 1.0, pa, columns, px, 1, 0.0, py, 1);
            return;
        }
        if (!transpose)
        {
            for (int i = 0; i < rows; i++) y[i] = TensorPrimitives.Dot(a.Slice(i * columns, columns), x);
            return;
        }
        y[..columns].Clear();
        for (int i = 0; i < rows; i++)
            if (x[i] != 0) TensorPrimitives.MultiplyAdd(a.Slice(i * columns, columns), x[i], y[..columns], y[..columns]);
    }

    /// <summary>
    /// A x for a symmetric n x n A: OpenBLAS dsymv on the lower triangle (which reads half of A, the cost of a
    /// product that is bound by memory traffic), or the managed row-by-row product of the whole matrix.
    /// </summary>
    internal static double[] Symv(Matrix a, ReadOnlySpan<double> x, bool native)
    {
        int n = a.Rows;
        var y = new double[n];
        if (!native)
        {
            Gemv(a.AsSpan(), n, n, transpose: false, x, y, native: false);
            return y;
        }
        fixed (double* pa = a.AsSpan())
        fixed (double* px = x)
        fixed (double* py = y)
            NativeBlas.Dsymv(NativeBlas.RowMajor, NativeBlas.Lower, n, 1.0, pa, n, px, 1, 0.0, py, 1);
        return y;
    }

    /// <summary>
    /// y = A x for a symmetric n x n A of which only the lower triangle of the row-major <paramref name="a"/> is read: OpenBLAS
    /// dsymv. Native only.
    /// </summary>
    internal static double[] SymvLower(double[] a, int n, double[] x)
    {
        var y = new double[n];
        fixed (double* pa = a)
        fixed (double* px = x)
        fixed (double* py = y)
            NativeBlas.Dsymv(NativeBlas.RowMajor, NativeBlas.Lower, n, 1.0, pa, n, px, 1, 0.0, py, 1);
        return y;
    }

    /// <summary>
    /// The lower triangle of C = beta C + A A' (A n x k) or, with <paramref name="transpose"/>, of C = beta C + A' A (A k x n):
    /// OpenBLAS dsyrk; C is n x n row-major. Native only: callers keep their own managed path.
    /// </summary>
    internal static void SyrkLower(ReadOnlySpan<double> a, int n, int k, bool transpose, double beta, Span<double> c)
    {
        fixed (double* pa = a)
        fixed (double* pc = c)
            NativeBlas.Dsyrk(NativeBlas.RowMajor, NativeBlas.Lower, transpose ? NativeBlas.Trans : NativeBlas.NoTrans, n, k, 1.0, pa, transpose ? n : k, beta, pc, n);
    }

    /// <summary>Single-precision <see cref="SyrkLower(ReadOnlySpan{double}, int, int, bool, double, Span{double})"/>: OpenBLAS ssyrk. Native only.</summary>
    internal static void SyrkLower(ReadOnlySpan<float> a, int n, int k, bool transpose, float beta, Span<float> c)
    {
        fixed (float* pa = a)
        fixed (float* pc = c)
            NativeBlas.Ssyrk(NativeBlas.RowMajor, NativeBlas.Lower, transpose ? NativeBlas.Trans : NativeBlas.NoTrans, n, k, 1.0f, pa, transpose ? n : k, beta, pc, n);
    }

    /// <summary>
    /// B = B U in place for B p x r (row-major) and U r x r upper triangular (row-major; its strict lower triangle is not
    /// read): OpenBLAS dtrmm, half the multiply-adds of <see cref="Gemm"/> with the same U (a Nystroem factor's rows C T,
    /// S-lowrank). Native only.
    /// </summary>
    internal static void TimesUpperTriangular(Span<double> b, int p, int r, ReadOnlySpan<double> upper)
    {
        fixed (double* pb = b)
        fixed (double* pu = upper)
            NativeBlas.Dtrmm(NativeBlas.RowMajor, NativeBlas.Right, NativeBlas.Upper, NativeBlas.NoTrans, NativeBlas.NonUnit, p, r, 1.0, pu, r, pb, r);
    }

    /// <summary>
    /// C = A B (or A B' with <paramref name="transposeB"/>) for A p x k, B k x q (or q x k), C p x q: OpenBLAS dgemm. Native only.
    /// </summary>
    internal static void Gemm(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int p, int q, int k, bool transposeB, Span<double> c)
    {
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
            NativeBlas.Dgemm(NativeBlas.RowMajor, NativeBlas.NoTrans, transposeB ? NativeBlas.Trans : NativeBlas.NoTrans, p, q, k, 1.0, pa, k, pb,
                transposeB ? k : q, 0.0, pc, q);
    }

    /// <summary>y = A v in managed code, rows in parallel chunks of 64 for large matrices.</summary>
    internal static double[] MatVecManaged(Matrix a, double[] v)
    {
        var y = new double[a.Rows];
        const int chunk = 64;
        int chunks = (a.Rows + chunk - 1) / chunk;
        if ((long)a.Rows * a.Columns < 1 << 16)
        {
            RowsTimesVector(a, v, y, 0, a.Rows);
            return y;
        }
        Parallel.For(0, chunks, c => RowsTimesVector(a, v, y, c * chunk, Math.Min(a.Rows, (c + 1) * chunk)));
        return y;
    }

    /// <summary>y[i] = a_i . v for i in [start, end): four rows per pass share each load of v.</summary>
    private static void RowsTimesVector(Matrix a, double[] v, double[] y, int start, int end)
    {
        int n = a.Columns, w = Vector<double>.Count, i = start;
        fixed (double* pa = a.AsSpan())
        fixed (double* pv = v)
        {
            for (; i + 4 <= end; i += 4)
            {
                double* r0 = pa + (long)i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
                Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
                int k = 0;
                for (; k + w <= n; k += w)
                {
                    var x = Unsafe.ReadUnaligned<Vector<double>>(pv + k);
                    s0 = Vector.FusedMultiplyAdd(Unsafe.ReadUnaligned<Vector<double>>(r0 + k), x, s0);
                    s1 = Vector.FusedMultiplyAdd(Unsafe.ReadUnaligned<Vector<double>>(r1 + k), x, s1);
                    s2 = Vector.FusedMultiplyAdd(Unsafe.ReadUnaligned<Vector<double>>(r2 + k), x, s2);
                    s3 = Vector.FusedMultiplyAdd(Unsafe.ReadUnaligned<Vector<double>>(r3 + k), x, s3);
                }
                double t0 = Vector.Sum(s0), t1 = Vector.Sum(s1), t2 = Vector.Sum(s2), t3 = Vector.Sum(s3);
                for (; k < n; k++)
                {
                    t0 += r0[k] * pv[k]; t1 += r1[k] * pv[k]; t2 += r2[k] * pv[k]; t3 += r3[k] * pv[k];
                }
                y[i] = t0; y[i + 1] = t1; y[i + 2] = t2; y[i + 3] = t3;
            }
            for (; i < end; i++) y[i] = TensorPrimitives.Dot(a.Row(i), v);
        }
    }
}
