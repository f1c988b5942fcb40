using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// Solves (K + r I) alpha = y for a symmetric positive semi-definite K and r &gt; 0 by Cholesky (peer:krr), with
/// <see cref="SymmetricFactor"/>: LAPACK dpotrf and CBLAS dtrsv through OpenBLAS when it is available, the managed factorisation
/// otherwise; the answers agree to rounding (checked in the properties). Pure: K and y are copied.
/// </summary>
internal static class RidgeSolve
{
    internal static double[] Solve(Matrix gram, double ridge, ReadOnlySpan<double> rhs, ComputeBackend backend)
    {
        int m = gram.Rows;
        var a = gram.ToArray();
        for (int i = 0; i < m; i++) a[(long)i * m + i] += ridge;
        var (factor, failed, pivot) = SymmetricFactor.Attempt(a, m, NativeBlas.UseNative(backend));
        if (factor is null)
            throw new InvalidOperationException($"the ridge system is not positive definite (pivot {failed} is {pivot:G3}); raise lambda.");
        var b = rhs.ToArray();
        factor.SolveInPlace(b);
        return b;
    }
}
