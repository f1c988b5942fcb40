namespace ReluVerified.Properties;

/// <summary>Tolerances and statistical margins used by the property suites, each with its reason.</summary>
internal static class TestTolerances
{
    /// <summary>
    /// Kernel values are polynomials of degree &lt;= 8 in a dot product of magnitude &lt;= 1, evaluated by Horner:
    /// the rounding error is below (degree + 1) * 2 ulps of the largest partial sum, far below 1e-12 relative.
    /// </summary>
    internal const double KernelRelative = 1e-12;

    /// <summary>
    /// Failure probability of each held-out statistical check (the empirical Bernstein slack of
    /// <see cref="Statistics.Concentration"/>) when the claim it tests holds. A run makes a few dozen such checks, so a
    /// correct implementation fails a run with probability below 1e-4; the slack grows only like sqrt(ln(1/delta)).
    /// </summary>
    internal const double HeldOutDelta = 1e-6;

    /// <summary>
    /// T2.1's positive-loss clause (<see cref="Learning.ReliableClaim"/>): the learned hypothesis may give up at most this
    /// share of the planted ReLU's advantage over the zero function. Measured over 300 informative planted cases
    /// (<see cref="Generators.Arbitraries.InformativePlantedCases"/>, 1200 training rows, d = 3, B = 16, calibrated tau) the
    /// largest share given up was 0.23 and the median 0.008; the zero function gives up all of it (share 1), and its paired
    /// excess exceeded its slack by a factor of at least 2 on every one of those cases.
    /// </summary>
    internal const double ReliableExcessShare = 0.5;

    /// <summary>
    /// A dual bound is evaluated in floating point (its sqrt(B s'K s) term): small negative gaps of ~1e-10 are observed at the
    /// sizes of the learner properties (m &lt;= 1000), so comparisons of a dual bound or an objective with an independently
    /// computed objective allow this much.
    /// </summary>
    internal const double DualBoundRounding = 1e-10;

    /// <summary>
    /// A score recomputed through the cross-kernel (prediction path) differs from the solver's K alpha by the rounding of a
    /// sum of m products |alpha_j| K_ij with K_ij &lt;= d + 1: relative to that scale, a few hundred ulps at most.
    /// </summary>
    internal const double ScoreRounding = 1e-12;
}
