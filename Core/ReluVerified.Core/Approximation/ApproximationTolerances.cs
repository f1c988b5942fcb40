namespace ReluVerified.Core.Approximation;

/// <summary>
/// The numeric tolerances of the approximation code (L-approx), in one place, each with what it bounds and why its value
/// is safe. Kept beside the approximation code so this area can evolve without touching the shared
/// <see cref="Tolerances"/>; merge them there when convenient.
/// </summary>
public static class ApproximationTolerances
{
    /// <summary>
    /// Relative gap at which the certifier stops refining: the certified sup error is at most (1 + this) times a value
    /// |p(t) - f(t)| actually attained (plus <see cref="CertificateAbsoluteGap"/>). Half a percent keeps certificates
    /// tight (the checks demand 5%) while the branch and bound stays at a few hundred boxes at degree 40.
    /// </summary>
    public const double CertificateRelativeGap = 0.005;

    /// <summary>
    /// Absolute gap added to <see cref="CertificateRelativeGap"/>. Double-precision enclosures of sum_k c_k cos(k theta)
    /// have a floor of about (d + 1) 2^-52 sum |c_k|, ~1e-14 at degree 300, so errors below this are not refined further;
    /// below ~1e-7 (sigmoids at high degree) the certifier's box budget, not this gap, usually decides how loose the bound is.
    /// </summary>
    public const double CertificateAbsoluteGap = 1e-12;

    /// <summary>
    /// Rounding allowance when a polynomial of degree &lt;= 60 with sum |c_k| &lt;= 4 is evaluated in double by Clenshaw's
    /// recurrence on [-1, 1]: the forward error is below (2 d + 2) 2^-53 sum |c_k| ~ 5e-14; 1e-12 leaves a wide margin.
    /// </summary>
    public const double ClenshawEvaluation = 1e-12;
}
