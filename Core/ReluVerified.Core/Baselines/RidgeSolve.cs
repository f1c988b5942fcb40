using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// Solves (K + r I) alpha = y for a symmetric positive semi-definite K and r &gt; 0 by Cholesky (peer:krr): LAPACK
/// dpotrf/dpotrs through OpenBLAS when it is available, a managed right-looking Cholesky otherwise. Both factor the same
/// matrix; the answers agree to rounding (checked in the properties). Pure: K and y are copied.
/// </summary>
internal static unsafe class RidgeSolve
{
    internal static double[] Solve(Matrix gram, double ridge, ReadOnlySpan<double> rhs, ComputeBackend backend)
    {
        int m = gram.Rows;
        var a = gram.ToArray();
        for (int i = 0; i < m; i++) a[(long)i * m + i] += ridge;
        var b = rhs.ToArray();
        if (NativeBlas.UseNative(backend))
        {
            // Row-major symmetric = column-major symmetric: 'L' of the column-major view is the upper triangle here, and
            // dpotrf reads only that triangle of a symmetric matrix, so no transpose is needed.
            byte uplo = (byte)'L';
            int n = m, lda = m, nrhs = 1, ldb = m, info;
            fixed (double* pa = a)
            fixed (double* pb = b)
            {
                NativeBlas.Dpotrf(&uplo, &n, pa, &lda, &info);
                if (info != 0) throw new InvalidOperationException($"the ridge system is not positive definite (dpotrf info {info}); raise lambda.");
                NativeBlas.Dpotrs(&uplo, &n, &nrhs, pa, &lda, pb, &ldb, &info);
            }
            return b;
        }
        return SolveManaged(a, m, b);
    }

    /// <summary>Cholesky A = L L' in place (lower triangle, row-major), then forward and back substitution.</summary>
    private static double[] SolveManaged(double[] a, int m, double[] b)
    {
        for (int j = 0; j < m; j++)
        {
            var rowJ = a.AsSpan(j * m, j);
            double d = a[(long)j * m + j] - System.Numerics.Tensors.TensorPrimitives.Dot<double>(rowJ, rowJ);
            if (!(d > 0)) throw new InvalidOperationException($"the ridge system is not positive definite (pivot {j} is {d:G3}); raise lambda.");
            double l = Math.Sqrt(d);
            a[(long)j * m + j] = l;
            int jj = j;
            void Row(int i)
            {
                var rowI = new ReadOnlySpan<double>(a, i * m, jj);
                a[(long)i * m + jj] = (a[(long)i * m + jj] - System.Numerics.Tensors.TensorPrimitives.Dot(rowI, new ReadOnlySpan<double>(a, jj * m, jj))) / l;
            }
            if ((long)(m - j) * j > 1 << 16) Parallel.For(j + 1, m, Row);
            else for (int i = j + 1; i < m; i++) Row(i);
        }
        for (int i = 0; i < m; i++)
            b[i] = (b[i] - System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<double>(a, i * m, i), new ReadOnlySpan<double>(b, 0, i))) / a[(long)i * m + i];
        for (int i = m - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < m; k++) s -= a[(long)k * m + i] * b[k];
            b[i] = s / a[(long)i * m + i];
        }
        return b;
    }
}
