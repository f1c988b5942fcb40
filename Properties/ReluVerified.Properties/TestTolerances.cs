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
    /// lower) and 0.061 (depth-2 networks): 0.15 leaves a factor of 2.5. The best constant has ratio 1 and the zero function
    /// at least 1 (their paired excess exceeded its slack by a factor of at least 1.7 on every case); a linear kernel (d = 1)
    /// fitted to the same depth-2 and max-affine targets has ratios spread over 0..1 (on a concentrated marginal such targets
    /// are nearly linear) and fails the claim on about half of the cases.
    /// </summary>
    internal const double RegressionLossShare = 0.15;

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
    /// over 300 problems (both OpenBLAS kernels), the largest ratios were 0.27 (Alphatron, 60 iterations), 0.28 (GLMtron),
    /// 0.23 (Isotron), 0.24 (GD on the ReLU) and 0.24 (kernel ridge); with only 12..60 training rows they reach 0.86, which
    /// is why these checks fit on 200. The best constant and the zero function failed the clause on every problem.
    /// </summary>
    internal const double PeerLossShare = 0.5;

    /// <summary>Results computed by the same operations in the same order on the same inputs are bitwise equal: no slack.</summary>
    internal const double Exact = 0.0;

    /// <summary>
    /// About 4.5 ulps of 1: one operation (an addition and a clip, a product by |1 - a|, a Horner step on t = 1 - O(1e-16))
    /// on values of order 1 moves a result by at most a few ulps of 1.
    /// </summary>
    internal const double HornerUlp = 1e-15;

    /// <summary>
    /// Kernel ridge against MathNet's dense LU: K + m lambda I has condition number at most 1 + (d+1) / lambda &lt;= 5e3 here
    /// (d &lt;= 4, lambda &gt;= 1e-3), so two backward-stable solves agree to ~1e4 * 1e-16 relative; 1e-9 leaves a wide margin.
    /// </summary>
    internal const double KrrClosedFormRelative = 1e-9;

    /// <summary>A projection onto the ball divides by the norm: the result's norm is 1 within a few ulps.</summary>
    internal const double ProjectedNorm = 1e-12;

    /// <summary>
    /// GLMtron against Alphatron with the linear kernel: the same arithmetic in different association orders (dot products in
    /// w-space versus kernel mat-vecs); after 30 contracting steps on values of order 1 the drift is ~1e-14: 1e-9 leaves a wide margin.
    /// </summary>
    internal const double GlmtronAlphatronAgreement = 1e-9;

    /// <summary>PAV and brute force average the same few values in different orders: 1e-12 absolute on values in [-1, 1].</summary>
    internal const double PavProjectionAbsolute = 1e-12;

    /// <summary>
    /// The streaming and in-memory S-lowrank programs are the same rows in the same order; their factor rows come from the same
    /// kernel rows and map, computed in blocks holding the rows in another order, which can change the last bits of a BLAS
    /// dot product; the interior-point iterates then differ by rounding, well below the 1e-8 certified gap: 1e-7 on scores of size &lt;= ~10.
    /// </summary>
    internal const double StreamRounding = 1e-7;

    /// <summary>Residual traces summed over the same rows in another order: rounding of m terms of size &lt;= d + 1, relative to trace K.</summary>
    internal const double ResidualTraceRelative = 1e-9;

    /// <summary>
    /// Low-rank factors: kernel entries are at most d + 1 &lt;= 5; sums of r &lt;= 120 products of factor entries carry rounding of
    /// ~1e-13 (measured differences of the residual trace reach ~1e-12 on degenerate Grams): 1e-9 absolute leaves room without
    /// hiding a wrong factor. Also the relative slack on ||u||^2 &lt;= B for a factor program's solution.
    /// </summary>
    internal const double FactorRounding = 1e-9;

    /// <summary>
    /// With every point a landmark, K~ = K (K + eI)^(-1) K differs from K by at most the jitter e = 1e-10 * mean diagonal in
    /// exact arithmetic; the Cholesky of the near-singular W adds rounding of order u * cond on the tiny eigen-directions only
    /// (measured up to ~1e-8 on rank-deficient MK_1 Grams): 1e-6 relative to the largest diagonal entry.
    /// </summary>
    internal const double FullLandmarkRelative = 1e-6;

    /// <summary>
    /// At full rank K~ differs from K by the rounding of the factorisation (~1e-12); both solves are certified to their gaps,
    /// so their objectives agree within gap + gap + this sensitivity allowance (objectives are O(1)).
    /// </summary>
    internal const double FullRankSensitivity = 1e-6;

    /// <summary>The residual of projecting a sampled point onto its subspace's orthonormal basis (orthonormal to ~1e-12) is rounding-level.</summary>
    internal const double SubspaceResidual = 1e-9;

    /// <summary>
    /// A depth-2 certificate's RKHS norm bound widens sum_j |a_j| sqrt(sum_i beta_i^2 ||w_j||^{2i}) by a relative 1e-12 against
    /// rounding; comparisons with a norm computed here (from the same rounded coefficients) allow 1e-9 relative.
    /// </summary>
    internal const double CertificateNormRelative = 1e-9;

    /// <summary>
    /// The unit roundoff u = 2^-53 of double precision, in which the Gaussian allowances below are counted.
    /// </summary>
    internal const double UnitRoundoff = 1.0 / (1L << 53);

    /// <summary>
    /// Gaussian kernel entries (P-gaussian) on points of the unit ball of R^n against the direct formula
    /// exp(-gamma sum_k (x_k - x'_k)^2): the engine's distance |x|^2 + |x'|^2 - 2 x.x' adds three inner products of n terms,
    /// each within about n u of its value (Cauchy-Schwarz: the magnitudes sum to at most 1), and rounds the combination of values
    /// up to 4: (4n + 12) u; the direct distance rounds each difference, square and partial sum of terms up to 4: (4n + 12) u.
    /// exp(-gamma d) moves by at most gamma |delta d| for d &gt;= 0 and rounds within 2 ulps of a value &lt;= 1. The allowance
    /// doubles that: u (gamma (16 n + 48) + 4). A wrong sign of the cross term or a missing norm moves entries by order 1.
    /// </summary>
    internal static double GaussianEntry(double gamma, int dimension) => UnitRoundoff * (gamma * (16.0 * dimension + 48) + 4);
}
