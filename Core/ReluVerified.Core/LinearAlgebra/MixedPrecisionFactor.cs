
namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// A single-precision Cholesky factor of an SPD matrix M (T2.1's m-space Newton systems, where the factorisation is the
/// cost of an iteration) whose solves are refined in double against an exact product x -> M x: the answer has the
/// accuracy of a double solve whenever cond(M) eps_single &lt; 1, at about half the factorisation time. When refinement
/// does not reach <see cref="RefinementTolerance"/> the solve reports failure and the caller falls back to double.
/// Native (OpenBLAS spotrf, strsv) only.
/// </summary>
internal sealed unsafe class MixedPrecisionFactor
{
    /// <summary>Refined residual ||M x - b|| / ||b|| accepted as a double-quality solve.</summary>
    internal const double RefinementTolerance = 1e-11;

    /// <summary>Refinement steps tried before giving up.</summary>
    internal const int MaxRefinements = 6;

    private readonly double[] _a;
    private readonly int _n;

    private MixedPrecisionFactor(double[] a, int n)
    {
        _a = a;
        _n = n;
    }

    /// <summary>
    /// Factors the single-precision matrix held in <paramref name="a"/>: n^2 floats (row-major; only the lower triangle, diagonal
    /// included, is read, and it is overwritten by the factor) in the storage of a double array of at least n^2 / 2 entries.
    /// Null when a pivot is not positive.
    /// </summary>
    internal static MixedPrecisionFactor? TryFactor(double[] a, int n)
    {
        int info = 0, nn = n, lda = n;
        byte uplo = (byte)'U';
        fixed (double* storage = a) NativeBlas.Spotrf(&uplo, &nn, (float*)storage, &lda, &info);
        return info == 0 ? new MixedPrecisionFactor(a, n) : null;
    }

    /// <summary>
    /// Solves M x = b to double accuracy by iterative refinement with <paramref name="multiply"/> (x -> M x in double).
    /// Returns null when refinement stalls (M too ill-conditioned for the single-precision factor).
    /// </summary>
    internal double[]? Solve(double[] b, Func<double[], double[]> multiply, bool refine = true)
    {
        int n = _n;
        double normB = Math.Sqrt(b.Sum(v => v * v));
        var x = new double[n];
        if (normB == 0) return x;
        var r = (double[])b.Clone();
        var work = new float[n];
        double previous = double.PositiveInfinity;
        for (int step = 0; step <= MaxRefinements; step++)
        {
            for (int i = 0; i < n; i++) work[i] = (float)r[i];
            // spotrf's upper factor U (A = U'U, column-major) is L = U' in the lower triangle of the row-major storage
            fixed (double* storage = _a)
            fixed (float* pw = work)
            {
                NativeBlas.Strsv(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.NoTrans, NativeBlas.NonUnit, n, (float*)storage, n, pw, 1);
                NativeBlas.Strsv(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.Trans, NativeBlas.NonUnit, n, (float*)storage, n, pw, 1);
            }
            for (int i = 0; i < n; i++) x[i] += work[i];
            if (!refine) return x;
            var mx = multiply(x);
            double norm = 0;
            for (int i = 0; i < n; i++) { r[i] = b[i] - mx[i]; norm += r[i] * r[i]; }
            norm = Math.Sqrt(norm) / normB;
            if (!double.IsFinite(norm)) return null;
            if (norm <= RefinementTolerance) return x;
            if (norm > 0.5 * previous) return null; // not contracting: cond(M) eps_single is too large
            previous = norm;
        }
        return null;
    }
}
