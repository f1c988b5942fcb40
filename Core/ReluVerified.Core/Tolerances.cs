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

    /// <summary>
    /// Relative gap at which the certifier (L-approx) stops refining: the certified sup error is at most
    /// (1 + this) times a value |p(t) - f(t)| actually attained. Half a percent keeps certificates tight (the checks demand
    /// 5%) while the branch and bound stays within a few thousand boxes at degree 40.
    /// </summary>
    public const double CertificateRelativeGap = 0.005;

    /// <summary>
    /// Absolute gap added to <see cref="CertificateRelativeGap"/>: the floor of double-precision enclosures of
    /// sum_k c_k cos(k theta) is about (d + 1) 2^-52 sum |c_k|, ~1e-14 at degree 300, so smaller errors (sigmoids at high
    /// degree) are not refined further than this; below ~1e-9 the box budget of the certifier, not this gap, usually decides.
    /// </summary>
    public const double CertificateAbsoluteGap = 1e-12;
}
