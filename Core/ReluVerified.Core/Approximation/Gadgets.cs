namespace ReluVerified.Core.Approximation;

/// <summary>
/// The gadget algebra on certificates (L-approx, T2.3, T2.6): new certified approximations from a certified ReLU (or |t|)
/// approximation, with error bounds proved by the identities, not re-measured:
/// LeakyReLU_a(t) = a t + (1-a) ReLU(t); |t| = ReLU(t) + ReLU(-t); max(a, b) = a + ReLU(b - a);
/// depth-2 networks sum_j a_j ReLU(w_j . x); and the max-k-affine tournament max(a, b) = (a+b)/2 + |(a-b)/2|.
/// </summary>
public static class Gadgets
{
    /// <summary>
    /// Leaky ReLU / PReLU with slope a from a ReLU certificate: q(t) = a t + (1-a) p(t), so
    /// sup |q - LeakyReLU_a| = |1-a| sup |p - ReLU|. The coefficients (1-a) c_k (+ a for T_1) are rounded to double;
    /// the rounding (each |T_k| &lt;= 1) is added to the bound, which stays rigorous.
    /// </summary>
    public static ApproximationCertificate Leaky(ApproximationCertificate relu, double slope)
    {
        RequireRelu(relu);
        Preconditions.Finite(slope);
        Preconditions.Check(relu.Degree >= 1, nameof(relu), "The ReLU certificate must have degree at least 1 to carry a t.");
        var oneMinusA = Interval.Point(1.0) - Interval.Point(slope);
        var c = relu.Polynomial.Chebyshev;
        var q = new double[c.Length];
        double slack = 0.0;
        for (int k = 0; k < c.Length; k++)
        {
            var exact = c[k] * oneMinusA;
            if (k == 1) exact += slope;
            double stored = exact.Lo + (exact.Hi - exact.Lo) / 2;
            q[k] = stored;
            slack = Interval.Up(slack + Math.Max(Interval.Up(exact.Hi - stored), Interval.Up(stored - exact.Lo)));
        }
        var polynomial = Polynomial.FromChebyshev(q);
        double bound = Interval.Up(Interval.Up(oneMinusA.Mag * relu.SupError) + slack);
        return new ApproximationCertificate(new TargetFunction.Leaky(slope), ApproximationMethod.Gadget, polynomial,
            bound, 0.0, Certifier.MaxAbs(polynomial).Upper);
    }

    /// <summary>
    /// |t| from a ReLU certificate: q(t) = p(t) + p(-t), i.e. Chebyshev coefficients 2 c_k for even k and 0 for odd k
    /// (exact); sup |q - |t|| &lt;= 2 sup |p - ReLU|.
    /// </summary>
    public static ApproximationCertificate Abs(ApproximationCertificate relu)
    {
        RequireRelu(relu);
        var c = relu.Polynomial.Chebyshev;
        var q = new double[c.Length];
        for (int k = 0; k < c.Length; k += 2) q[k] = 2 * c[k];
        var polynomial = Polynomial.FromChebyshev(q);
        return new ApproximationCertificate(new TargetFunction.Abs(), ApproximationMethod.Gadget, polynomial,
            Interval.Up(2 * relu.SupError), 0.0, Certifier.MaxAbs(polynomial).Upper);
    }

    /// <summary>
    /// max(a, b) ~ a + p(b - a) for |b - a| &lt;= 1, within relu.SupError (plus double rounding of the evaluation).
    /// </summary>
    public static double Max(ApproximationCertificate relu, double a, double b)
    {
        RequireRelu(relu);
        Preconditions.Finite(a);
        Preconditions.Finite(b);
        Preconditions.Check(Math.Abs(b - a) <= 1.0, nameof(b), $"max(a, b) = a + ReLU(b - a) needs |b - a| <= 1, got a = {a}, b = {b}.");
        return a + relu.Polynomial.Evaluate(b - a);
    }

    /// <summary>
    /// The depth-2 network f(x) = sum_j a_j ReLU(w_j . x) with ||w_j|| &lt;= 1, approximated unit by unit (T2.3):
    /// sup over the unit ball of |sum_j a_j p(w_j . x) - f(x)| &lt;= ||a||_1 sup |p - ReLU|, and the approximant is
    /// &lt;v, psi_d(x)&gt; with ||v|| &lt;= sum_j |a_j| sqrt(sum_i beta_i^2 ||w_j||^{2i}) (L-rkhs-norm).
    /// </summary>
    public static Depth2Certificate Depth2(ApproximationCertificate relu, IReadOnlyList<double> outerWeights, IReadOnlyList<double[]> innerWeights)
    {
        RequireRelu(relu);
        Preconditions.NotNull(outerWeights);
        Preconditions.NotNull(innerWeights);
        Preconditions.Check(outerWeights.Count == innerWeights.Count && outerWeights.Count >= 1, nameof(innerWeights),
            $"Need one inner weight vector per outer weight (>= 1): got {outerWeights.Count} outer and {innerWeights.Count} inner.");
        int n = innerWeights[0]?.Length ?? 0;
        for (int j = 0; j < innerWeights.Count; j++)
        {
            Preconditions.Check(innerWeights[j] is not null && innerWeights[j].Length == n && n >= 1, nameof(innerWeights),
                $"innerWeights[{j}] must have dimension {n} like innerWeights[0].");
            Preconditions.AllFinite(innerWeights[j], $"{nameof(innerWeights)}[{j}]");
            double norm = Math.Sqrt(innerWeights[j].Sum(v => v * v));
            Preconditions.Check(norm <= 1 + Tolerances.UnitNorm, nameof(innerWeights), $"||innerWeights[{j}]|| = {norm} exceeds 1.");
            Preconditions.Finite(outerWeights[j], $"{nameof(outerWeights)}[{j}]");
        }
        return new Depth2Certificate(relu, [.. outerWeights], [.. innerWeights.Select(w => (double[])w.Clone())]);
    }

    /// <summary>
    /// The depth-2 certificate with the smallest unit degree such that ||a||_1 sup |p - ReLU| &lt;= epsilon (T2.3; with
    /// ||a||_2 &lt;= 1 this is eps/sqrt(k) per unit, degree O(sqrt(k)/eps)); null when no degree up to maxDegree suffices.
    /// </summary>
    public static Depth2Certificate? Depth2ForError(IReadOnlyList<double> outerWeights, IReadOnlyList<double[]> innerWeights,
        double epsilon, int maxDegree = ApproximationTable.DefaultMaxDegree)
    {
        Preconditions.NotNull(outerWeights);
        double l1 = outerWeights.Sum(Math.Abs);
        Preconditions.Check(l1 > 0, nameof(outerWeights), "At least one outer weight must be nonzero.");
        var search = ApproximationTable.SmallestDegree(new TargetFunction.Relu(), epsilon / l1 * (1 - 1e-12), ApproximationMethod.Chebyshev, maxDegree);
        return search.Certificate is null ? null : Depth2(search.Certificate, outerWeights, innerWeights);
    }

    /// <summary>
    /// The tournament for max-k-affine (T2.6): ceil(log2 k) levels of max(a, b) = (a+b)/2 + q((a-b)/2) with q the
    /// certified |t| approximation. For inputs in [-1/2, 1/2], errors add per level (each level adds sup |q - |t||) and
    /// degrees multiply (d^levels in the inputs).
    /// </summary>
    public static TournamentCertificate Tournament(ApproximationCertificate abs, int arity)
    {
        Preconditions.NotNull(abs);
        Preconditions.Check(abs.Function is TargetFunction.Abs, nameof(abs), $"The tournament needs an |t| certificate, got {abs.Function.Describe()}.");
        Preconditions.Check(arity >= 1, nameof(arity), $"arity must be at least 1, got {arity}.");
        int levels = 0;
        while ((1 << levels) < arity) levels++;
        double error = 0.0;
        for (int l = 0; l < levels; l++) error = Interval.Up(error + abs.SupError);
        Preconditions.Check(error <= 0.5, nameof(abs),
            $"{levels} levels of error {abs.SupError} accumulate to {error} > 1/2: the inner arguments would leave [-1, 1].");
        return new TournamentCertificate(abs, arity, levels, error);
    }

    private static void RequireRelu(ApproximationCertificate relu)
    {
        Preconditions.NotNull(relu);
        Preconditions.Check(relu.Function is TargetFunction.Relu, nameof(relu), $"Expected a ReLU certificate, got {relu.Function.Describe()}.");
    }
}
