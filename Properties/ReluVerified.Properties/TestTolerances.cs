namespace ReluVerified.Properties;

/// <summary>Tolerances used by the property suites, each with its reason (engineering rule 7).</summary>
internal static class TestTolerances
{
    /// <summary>
    /// Kernel values are polynomials of degree &lt;= 8 in a dot product of magnitude &lt;= 1, evaluated by Horner:
    /// the rounding error is below (degree + 1) * 2 ulps of the largest partial sum, far below 1e-12 relative.
    /// </summary>
    internal const double KernelRelative = 1e-12;

    /// <summary>Symmetry is exact by construction (same products, same order); no slack at all.</summary>
    internal const double Exact = 0.0;
}
