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
    /// Smallest eigenvalue of a Gram matrix, per m^2 (d + 1): entries carry ~1e-16 (d + 1) rounding and a symmetric eigen-solver
    /// has backward error ~m 1e-16 ||K||_2 with ||K||_2 &lt;= m (d + 1), so a PSD matrix can show eigenvalues down to about
    /// -m^2 (d + 1) 1e-16; 1e-13 per m^2 (d + 1) leaves a factor of 1000, while a kernel that is not PSD shows eigenvalues of
    /// order -1.
    /// </summary>
    internal const double EigenvalueRounding = 1e-13;

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

    /// <summary>
    /// The regression learners' clause (<see cref="Learning.RegressionClaim"/>): held-out square loss at most this share of
    /// the best constant's. Measured over 150 generated cases each (noise-free planted targets on dimensions 2..6, 700
    /// training rows), the largest ratios were 0.026 (leaky ReLU, four slopes), 0.051 (max-k-affine, tournament kernel; LSPA
    /// lower) and 0.061 (depth-2 networks); the best constant has ratio 1 and the zero function at least 1, and their paired
    /// excess exceeded its slack by a factor of at least 1.7 on every case.
    /// </summary>
    internal const double RegressionLossShare = 0.2;

    /// <summary>
    /// T2.4 on the sphere with noise-free labels: off-diagonal and linear monomials are identifiable (only sum x_i^2 = 1 ties
    /// the squares to the constant), and what remains is the ridge-like bias of the norm bound B = 4 on coefficients of size
    /// &lt;= 0.3. Measured errors stayed below 0.001 over 200 cases; the zero polynomial's error is at least 0.1, and a fit
    /// that shrank every coefficient by 3% would miss by up to 0.009.
    /// </summary>
    internal const double PolynomialCoefficient = 0.005;

    /// <summary>
    /// Inner products with an explicit multinomial feature map (at most 5461 coordinates here) and squared norms of RKHS
    /// vectors: sums of that many products round at ~1e-16 times the count relative to the sum of their magnitudes, so
    /// 1e-12 of that magnitude bounds the rounding with a factor of ~100 to spare.
    /// </summary>
    internal const double FeatureMapRelative = 1e-12;

    /// <summary>
    /// A certificate's weight (sum of squared exact monomial coefficients, correctly rounded) against the sum of squares of
    /// the rounded coefficients: each square moves by ~2 ulps and at most 41 positive terms are added, so 1e-13 relative.
    /// </summary>
    internal const double WeightRelative = 1e-13;

    /// <summary>
    /// The peers' learning clause (<see cref="Learning.RegressionClaim"/> applied to the baselines on 200 training rows of a
    /// planted problem with 5% adversarial positives): fresh square loss at most this share of the best constant's. Measured
    /// over 100 problems, the largest ratios were 0.37 (Alphatron), 0.24 (GLMtron), 0.20 (Isotron), 0.20 (GD on the ReLU)
    /// and 0.23 (kernel ridge); with only 12..60 training rows they reach 0.86, which is why these checks fit on 200.
    /// </summary>
    internal const double PeerLossShare = 0.5;
}
