namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// The constants of the standard model of floating-point arithmetic (Proofs/T2.1-reliable-program.md, "Floating-point
/// certificate"): every operation on doubles returns the exact result times (1 + delta), |delta| &lt;= u = 2^-53, away from
/// underflow and overflow. In the bottom layer so that every layer states its rounding bounds with the same constants: the
/// kernels' a-priori bound on a Gram matrix's entries (T2.1's input checks, step 0) and the certificate's arithmetic
/// (Optimization's FloatingPoint).
/// </summary>
internal static class RoundingError
{
    /// <summary>The unit roundoff u = 2^-53 of IEEE double precision (round to nearest).</summary>
    internal const double U = 1.0 / 9007199254740992.0;

    /// <summary>gamma_n = n u / (1 - n u), the relative error bound of n roundings; +infinity when n u &gt;= 1 (no bound).</summary>
    internal static double Gamma(long n)
    {
        double nu = n * U;
        return nu < 1 ? nu / (1 - nu) : double.PositiveInfinity;
    }
}
