namespace ReluVerified.Core;

/// <summary>
/// Every numeric tolerance the library uses, in one place (engineering rule 7).
/// Each constant says what it bounds and why its value is safe.
/// </summary>
public static class Tolerances
{
    /// <summary>
    /// Slack on the Euclidean norm when a point is required to lie in the unit ball or on the unit sphere.
    /// Rows normalised in double precision have norms within a few ulps of 1; 1e-9 also admits data
    /// written to text with ~10 significant digits.
    /// </summary>
    public const double UnitNorm = 1e-9;

    /// <summary>
    /// Relative agreement promised between the managed and the native (OpenBLAS) Gram paths.
    /// Both sum the same products in different orders; the difference is a few ulps of the largest entry.
    /// </summary>
    public const double BackendAgreement = 1e-12;
}
