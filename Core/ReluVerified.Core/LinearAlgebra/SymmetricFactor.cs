using System.Numerics.Tensors;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// Cholesky factorisation of a symmetric positive definite n x n matrix held in a buffer the caller gives up
/// (T2.1's Newton systems). Native path: LAPACK dpotrf/dpotrs; managed path: a row-oriented right-looking Cholesky
/// with the same factor to rounding. Failure (a non-positive pivot) is a value: <see cref="TryFactor"/> returns null.
/// </summary>
internal sealed unsafe class SymmetricFactor
{
    private readonly double[] _a;
    private readonly int _n;
    private readonly bool _native;

    private SymmetricFactor(double[] a, int n, bool native)
    {
        _a = a;
        _n = n;
        _native = native;
    }

    /// <summary>Factors the symmetric matrix in <paramref name="a"/> (row-major, both triangles filled; overwritten).</summary>
    internal static SymmetricFactor? TryFactor(double[] a, int n, bool native) => Attempt(a, n, native).Factor;

    /// <summary>
    /// Factors like <see cref="TryFactor"/> and, on failure, reports the 0-based index of the first pivot that is not positive
    /// and its value (the diagonal of the Schur complement at that step; NaN when it is not finite). FailedPivot is -1 on success.
    /// </summary>
    internal static (SymmetricFactor? Factor, int FailedPivot, double Pivot) Attempt(double[] a, int n, bool native)
    {
        if (n == 0) return (new SymmetricFactor(a, n, native), -1, double.NaN);
        if (native)
        {
            int info = 0, nn = n, lda = n;
            byte uplo = (byte)'U'; // the upper triangle in column-major order is the lower triangle of our row-major buffer
            fixed (double* pa = a) NativeBlas.Dpotrf(&uplo, &nn, pa, &lda, &info);
            // LAPACK stores the offending pivot on the diagonal and returns its 1-based index in info
            return info == 0 ? (new SymmetricFactor(a, n, native), -1, double.NaN) : (null, info - 1, a[(long)(info - 1) * (n + 1)]);
        }
        int failed = ManagedFactor(a, n, out double pivot);
        return failed < 0 ? (new SymmetricFactor(a, n, native), -1, double.NaN) : (null, failed, pivot);
    }

    /// <summary>
    /// A factor computed elsewhere: L (A = L L') in the lower triangle of the row-major n x n buffer <paramref name="a"/>, as
    /// <see cref="Attempt"/> leaves it (the caller vouches that it is one; it is read, never written, by the solves).
    /// </summary>
    internal static SymmetricFactor OfLowerFactor(double[] a, int n, bool native) => new(a, n, native);

    /// <summary>
    /// The factor L (A = L L') in the lower triangle of the row-major n x n buffer, both paths (the upper triangle holds
    /// what the factorisation left there: read only the lower one).
    /// </summary>
    internal double[] LowerFactor => _a;

    /// <summary>Solves A x = b in place.</summary>
    internal void SolveInPlace(double[] b)
    {
        if (_n == 0) return;
        if (_native)
        {
            // the factor is L in the lower triangle of the row-major buffer (A = L L'): L y = b, then L' x = y
            fixed (double* pa = _a)
            fixed (double* pb = b)
            {
                NativeBlas.Dtrsv(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.NoTrans, NativeBlas.NonUnit, _n, pa, _n, pb, 1);
                NativeBlas.Dtrsv(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.Trans, NativeBlas.NonUnit, _n, pa, _n, pb, 1);
            }
            return;
        }
        // L y = b (L row-major lower), then L' x = y
        for (int i = 0; i < _n; i++)
        {
            var row = _a.AsSpan(i * _n, i);
            b[i] = (b[i] - TensorPrimitives.Dot<double>(row, b.AsSpan(0, i))) / _a[i * _n + i];
        }
        for (int i = _n - 1; i >= 0; i--)
        {
            b[i] /= _a[i * _n + i];
            double bi = b[i];
            var row = _a.AsSpan(i * _n, i);
            for (int k = 0; k < i; k++) b[k] -= row[k] * bi;
        }
    }

    /// <summary>
    /// Row-oriented Cholesky: row i of L from rows 0..i-1 (dot products), lower triangle of a row-major buffer. Returns -1, or the
    /// index of the first pivot that is not positive (its value in <paramref name="pivot"/>).
    /// </summary>
    private static int ManagedFactor(double[] a, int n, out double pivot)
    {
        pivot = double.NaN;
        for (int i = 0; i < n; i++)
        {
            var rowI = a.AsSpan(i * n, n);
            for (int j = 0; j < i; j++)
            {
                var rowJ = a.AsSpan(j * n, j);
                rowI[j] = (rowI[j] - TensorPrimitives.Dot<double>(rowI[..j], rowJ)) / a[j * n + j];
            }
            double diag = rowI[i] - TensorPrimitives.Dot<double>(rowI[..i], rowI[..i]);
            if (!(diag > 0) || !double.IsFinite(diag))
            {
                pivot = diag;
                return i;
            }
            rowI[i] = Math.Sqrt(diag);
        }
        return -1;
    }
}
