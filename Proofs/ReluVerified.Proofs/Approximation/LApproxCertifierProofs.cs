using System.Numerics;
using ReluVerified.Core;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Approximation;

/// <summary>
/// L-approx, checked: the certifier's sup-norm bracket [Lower, Upper] contains the exact supremum and closes to the documented
/// gap (Upper &lt;= sup (1 + relative gap) + absolute gap), on polynomials whose supremum sits at t = 1, at t = -1, at the kink,
/// in the interior, or is zero. The reference supremum is computed independently in exact arithmetic: |p - f| on the dyadic
/// grid j / 2^10, then each local maximum refined on grids down to 2^-26 (for piecewise-linear targets with a kink at 0
/// and polynomials of degree &lt;= 24 that leaves under 1e-13 of the supremum unseen).
/// </summary>
public sealed class LApproxCertifierProofs
{
    private const int CoarseLog2 = 10, FineLog2 = 26;

    /// <summary>Slack for the final roundings in the certifier's own comparisons (a few ulps of values below 2).</summary>
    private const double Rounding = 1e-15;

    private static double ErrorAt(IReadOnlyList<double> c, int j, int k2, Func<BigInteger, BigInteger> f)
        => Math.Abs(ExactReference.ErrorAt(c, ExactReference.ScaledChebyshev(j, k2, c.Count - 1), k2, f(j)));

    /// <summary>max |p(t) - f(t)| over t in [-1, 1], f given as its exact value numerator(j) / 2^K at t = j / 2^K.</summary>
    private static double ReferenceSup(IReadOnlyList<double> c, Func<BigInteger, BigInteger> f)
    {
        int n = 1 << CoarseLog2;
        var coarse = new double[2 * n + 1];
        for (int j = -n; j <= n; j++) coarse[j + n] = ErrorAt(c, j, CoarseLog2, f);
        double best = coarse.Max();
        for (int i = 0; i < coarse.Length; i++)
        {
            // The first point of a plateau stands for it (refining the others finds the same value).
            bool localMax = (i == 0 || coarse[i] > coarse[i - 1]) && (i == coarse.Length - 1 || coarse[i] >= coarse[i + 1]);
            if (!localMax) continue;
            int center = i - n, k2 = CoarseLog2;
            while (k2 < FineLog2)
            {
                k2 += 2;
                center *= 4;
                int limit = 1 << k2, bestJ = center;
                double bestValue = -1;
                for (int s = -8; s <= 8; s++)
                {
                    int j = Math.Clamp(center + s, -limit, limit);
                    double v = ErrorAt(c, j, k2, f);
                    if (v > bestValue) (bestValue, bestJ) = (v, j);
                }
                center = bestJ;
                best = Math.Max(best, bestValue);
            }
        }
        return best;
    }

    private static readonly Func<BigInteger, BigInteger> Relu = j => BigInteger.Max(j, 0);
    private static readonly Func<BigInteger, BigInteger> Abs = BigInteger.Abs;
    private static readonly Func<BigInteger, BigInteger> Zero = _ => 0;

    private static void AssertBracket(SupNormBound bound, double exact, string what)
    {
        Assert.True(bound.Upper >= exact, $"{what}: certified upper bound {bound.Upper:R} below the exact supremum {exact:R}");
        Assert.True(bound.Lower <= exact * (1 + 1e-12) + Rounding, $"{what}: lower bound {bound.Lower:R} above the exact supremum {exact:R}");
        Assert.True(bound.ReachedTolerance, $"{what}: tolerance not reached after {bound.BoxesEvaluated} boxes");
        Assert.True(bound.Upper <= bound.Lower * (1 + Tolerances.ApproximationCertificateRelativeGap) + Tolerances.ApproximationCertificateAbsoluteGap + Rounding,
            $"{what}: [{bound.Lower:R}, {bound.Upper:R}] wider than the documented gap although the tolerance was reached");
        Assert.InRange(bound.BoxesEvaluated, 1, Certifier.MaxBoxes);
    }

    public static TheoryData<string, double[]> ReluCases() => new()
    {
        { "p = 0 (sup 1 at t = 1)", [0.0] },
        { "p = t (sup 1 at t = -1)", [0.0, 1.0] },
        { "p = (1 + t) / 2 (sup 1/2 at the kink)", [0.5, 0.5] },
        { "p = 1/2 (sup 1/2 at both ends)", [0.5] },
        { "p = 0.3 + 0.6 T_2 (sup 0.9 at t = 0)", [0.3, 0.0, 0.6] },
        { "interpolant d = 7", [.. ApproximationTable.Approximate(new TargetFunction.Relu(), 7).Polynomial.Chebyshev] },
        { "interpolant d = 16", [.. ApproximationTable.Approximate(new TargetFunction.Relu(), 16).Polynomial.Chebyshev] },
        { "remez d = 5", [.. ApproximationTable.Approximate(new TargetFunction.Relu(), 5, ApproximationMethod.Remez).Polynomial.Chebyshev] },
        { "remez d = 12", [.. ApproximationTable.Approximate(new TargetFunction.Relu(), 12, ApproximationMethod.Remez).Polynomial.Chebyshev] },
    };

    [Theory]
    [MemberData(nameof(ReluCases))]
    public void Relu_sup_error_bracket_contains_the_exact_supremum_and_meets_the_gap(string what, double[] chebyshev)
    {
        double exact = ReferenceSup(chebyshev, Relu);
        AssertBracket(Certifier.SupError(new TargetFunction.Relu(), Polynomial.FromChebyshev(chebyshev)), exact, what);
    }

    [Theory]
    [InlineData("p = 0 (sup 1 at both ends)", new[] { 0.0 })]
    [InlineData("p = t^2 (sup 1/4 at |t| = 1/2)", new[] { 0.5, 0.0, 0.5 })]
    [InlineData("p = t (sup 2 at t = -1)", new[] { 0.0, 1.0 })]
    public void Abs_sup_error_bracket_contains_the_exact_supremum_and_meets_the_gap(string what, double[] chebyshev)
    {
        double exact = ReferenceSup(chebyshev, Abs);
        AssertBracket(Certifier.SupError(new TargetFunction.Abs(), Polynomial.FromChebyshev(chebyshev)), exact, what);
    }

    [Theory]
    [InlineData("T_1", new[] { 0.0, 1.0 })]
    [InlineData("(1 - t) / 2 (max at t = -1 only)", new[] { 0.5, -0.5 })]
    [InlineData("(1 + t) / 2 (max at t = 1 only)", new[] { 0.5, 0.5 })]
    [InlineData("T_5", new[] { 0.0, 0.0, 0.0, 0.0, 0.0, 1.0 })]
    [InlineData("0.1 T_0 - 0.7 T_3 + 0.2 T_8", new[] { 0.1, 0.0, 0.0, -0.7, 0.0, 0.0, 0.0, 0.0, 0.2 })]
    public void Max_abs_bracket_contains_the_exact_maximum_and_meets_the_gap(string what, double[] chebyshev)
    {
        double exact = ReferenceSup(chebyshev, Zero);
        AssertBracket(Certifier.MaxAbs(Polynomial.FromChebyshev(chebyshev)), exact, what);
    }

    [Fact]
    public void A_zero_supremum_is_certified_to_the_absolute_gap()
    {
        // The relative gap alone can never close on 0 (Lower is 0): the absolute gap must, and quickly.
        var zero = Certifier.MaxAbs(Polynomial.FromChebyshev([0.0]));
        Assert.True(zero.ReachedTolerance, $"max |0|: {zero}");
        Assert.InRange(zero.Upper, 0, Tolerances.ApproximationCertificateAbsoluteGap);
        Assert.Equal(0.0, zero.Lower);
        Assert.InRange(zero.BoxesEvaluated, 1, 100);
    }

    [Fact]
    public void An_exhausted_box_budget_is_respected_and_reported_and_the_bound_stays_rigorous()
    {
        // p = t against leaky ReLU with slope 1 (which is t): the supremum is 0, but the Taylor remainder adds the curvature
        // bounds of p and of the target (1 each) instead of cancelling them, so on boxes of radius r the bound stays near r^2
        // and the absolute gap 1e-12 is out of reach: the budget must stop the search, and say so.
        var identity = Certifier.SupError(new TargetFunction.Leaky(1.0), Polynomial.FromChebyshev([0.0, 1.0]));
        Assert.False(identity.ReachedTolerance, $"leaky:1 vs t: {identity}");
        Assert.InRange(identity.BoxesEvaluated, Certifier.MaxBoxes - 1, Certifier.MaxBoxes);
        Assert.InRange(identity.Upper, 0, 1e-6);
        Assert.Equal(0.0, identity.Lower);
    }

    [Fact]
    public void Null_arguments_are_refused_naming_them()
    {
        var p = Polynomial.FromChebyshev([0.0, 1.0]);
        Assert.Equal("target", Assert.Throws<ArgumentNullException>(() => Certifier.SupError(null!, p)).ParamName);
        Assert.Equal("polynomial", Assert.Throws<ArgumentNullException>(() => Certifier.SupError(new TargetFunction.Relu(), null!)).ParamName);
        Assert.Equal("polynomial", Assert.Throws<ArgumentNullException>(() => Certifier.MaxAbs(null!)).ParamName);
    }

    [Theory]
    [InlineData(1.0, 5)]
    [InlineData(4.0, 6)]
    [InlineData(4.0, 15)]
    [InlineData(6.0, 10)]
    [InlineData(30.0, 8)]
    [InlineData(400.0, 3)]
    public void Sigmoid_sup_error_bracket_contains_the_refined_sampled_supremum(double steepness, int degree)
    {
        // Steepness 400 takes the generic branch and bound (the smooth path would need a reference degree above its cap);
        // the others the smooth one, steepness 1 with a Bernstein ellipse wider than 1 (semi-minor axis pi / 2).
        var sigmoid = new TargetFunction.Sigmoid(steepness);
        var p = ApproximationTable.Approximate(sigmoid, degree, ApproximationMethod.Remez).Polynomial;
        double sampled = SampledSup(p, sigmoid);
        var bound = Certifier.SupError(sigmoid, p);
        string what = $"sigmoid:{steepness} d={degree}";
        Assert.True(bound.Upper >= sampled - Tolerances.ClenshawEvaluation, $"{what}: upper {bound.Upper:R} below the sampled supremum {sampled:R}");
        Assert.True(bound.Lower <= sampled + Tolerances.ClenshawEvaluation, $"{what}: lower {bound.Lower:R} above the sampled supremum {sampled:R}");
        Assert.True(bound.Lower > 0, $"{what}: the lower bound must be attained, not 0");
        Assert.True(bound.ReachedTolerance, $"{what}: tolerance not reached after {bound.BoxesEvaluated} boxes");
        Assert.True(bound.Upper <= sampled * (1 + Tolerances.ApproximationCertificateRelativeGap) + Tolerances.ApproximationCertificateAbsoluteGap + Tolerances.ClenshawEvaluation,
            $"{what}: upper {bound.Upper:R} not within the documented gap of the sampled supremum {sampled:R}");
    }

    /// <summary>
    /// Sigmoids are not exact at dyadic points: the reference is |p - f| in double (Clenshaw and exp, within
    /// Tolerances.ClenshawEvaluation) on 4001 points, the eight highest local maxima refined by ternary search.
    /// </summary>
    private static double SampledSup(Polynomial p, TargetFunction target)
    {
        double Error(double t) => Math.Abs(p.Evaluate(t) - target.Evaluate(t));
        const int n = 4000;
        var grid = Enumerable.Range(0, n + 1).Select(j => Error(-1 + 2.0 * j / n)).ToArray();
        double sampled = grid.Max();
        var peaks = Enumerable.Range(0, n + 1)
            .Where(j => (j == 0 || grid[j] > grid[j - 1]) && (j == n || grid[j] >= grid[j + 1]))
            .OrderByDescending(j => grid[j]).Take(8); // the highest local maxima: the supremum is near one of them
        foreach (int j in peaks)
        {
            double a = Math.Max(-1, -1 + 2.0 * (j - 1) / n), b = Math.Min(1, -1 + 2.0 * (j + 1) / n);
            for (int step = 0; step < 60; step++)
            {
                double m1 = a + (b - a) / 3, m2 = b - (b - a) / 3;
                if (Error(m1) < Error(m2)) a = m1; else b = m2;
            }
            sampled = Math.Max(sampled, Error(a + (b - a) / 2));
        }
        return sampled;
    }

    [Theory]
    [InlineData(60, 1e-10)]
    [InlineData(400, 1e-9)]
    public void Near_exact_sigmoid_approximants_get_a_small_nonnegative_bracket_around_their_tiny_error(int degree, double certified)
    {
        // The Chebyshev interpolant of sigmoid:4 at degree 60 is within ~1e-19 of it (Bernstein ellipse with rho ~ 2), so
        // the sampled error is rounding noise far below Tolerances.ClenshawEvaluation: the bracket must still be a bracket
        // (Upper >= 0, Lower at most the noise level), and the smooth path certifies it within 1e-10 (its own rounding
        // allowance, the sum of the coefficient enclosure widths, is ~1.5e-11). Degree 400 is the smooth path's cap on the
        // reference degree: still certified there (the generic branch and bound on p - f would stop at its box budget near
        // 1e-7, the curvature floor).
        var sigmoid = new TargetFunction.Sigmoid(4);
        var p = ApproximationTable.Approximate(sigmoid, degree).Polynomial;
        double sampled = SampledSup(p, sigmoid);
        var bound = Certifier.SupError(sigmoid, p);
        Assert.True(bound.Upper >= sampled - Tolerances.ClenshawEvaluation && bound.Upper >= 0, $"d={degree}: upper {bound.Upper:R} below the sampled error {sampled:R}");
        Assert.InRange(bound.Lower, 0, sampled + Tolerances.ClenshawEvaluation);
        Assert.True(bound.Upper <= certified, $"d={degree}: upper {bound.Upper:R} above {certified}");
    }

    [Fact]
    public void Sigmoid_bound_sees_every_coefficient_of_a_polynomial_above_the_reference_degree()
    {
        // The reference degree N is at least the degree of p: a high coefficient (0.01 T_150, far above the ~110 that
        // sigmoid:4 itself needs) must show in the bound.
        var sigmoid = new TargetFunction.Sigmoid(4);
        var low = ApproximationTable.Approximate(sigmoid, 6, ApproximationMethod.Remez).Polynomial.Chebyshev;
        var c = new double[151];
        for (int k = 0; k < low.Length; k++) c[k] = low[k];
        c[150] = 0.01;
        var p = Polynomial.FromChebyshev(c);
        double sampled = SampledSup(p, sigmoid);
        var bound = Certifier.SupError(sigmoid, p);
        Assert.True(sampled > 0.01, $"sampled {sampled:R}");
        Assert.True(bound.Upper >= sampled - Tolerances.ClenshawEvaluation, $"upper {bound.Upper:R} below the sampled supremum {sampled:R}");
        Assert.True(bound.Lower <= sampled + Tolerances.ClenshawEvaluation, $"lower {bound.Lower:R} above the sampled supremum {sampled:R}");
        Assert.True(bound.Upper <= sampled * (1 + Tolerances.ApproximationCertificateRelativeGap) + Tolerances.ApproximationCertificateAbsoluteGap + Tolerances.ClenshawEvaluation,
            $"upper {bound.Upper:R} not within the documented gap of the sampled supremum {sampled:R}");
    }

    [Theory]
    [InlineData(ApproximationMethod.Chebyshev, 500)]
    [InlineData(ApproximationMethod.Remez, 2500)]
    public void Certifying_relu_at_degree_40_stays_within_its_box_cost(ApproximationMethod method, int boxes)
    {
        // The documented cost (Tolerances.ApproximationCertificateRelativeGap): at degree 40 the interpolant's certificate takes a
        // few hundred boxes (196 measured) and Remez's, whose error equioscillates at 42 points, about a thousand (1002). The
        // limits allow 2.5x, so they fail only when boxes are bounded much more loosely than the Taylor model on [a, b] allows.
        var relu = new TargetFunction.Relu();
        var p = ApproximationTable.Approximate(relu, 40, method).Polynomial;
        var bound = Certifier.SupError(relu, p);
        Assert.True(bound.ReachedTolerance);
        Assert.InRange(bound.BoxesEvaluated, 1, boxes);
    }

    [Theory]
    [InlineData("relu", 6)]
    [InlineData("relu", 19)]
    [InlineData("abs", 8)]
    [InlineData("shifted:0.75,0.25", 10)]
    [InlineData("sigmoid:5", 7)]
    [InlineData("relu", -1)] // p = t: the largest error, |t| at t = -1, is nearest the last grid point theta = pi (count - 1/2) / count
    public void Sampled_lower_bound_is_the_error_at_the_documented_theta_grid(string function, int degree)
    {
        // SampledLowerBound encloses |p - f| at theta_j = pi (j + 1/2) / count, skipping points whose enclosure straddles a
        // kink; its value is a rigorous lower bound on the supremum, hence at most the certified upper bound. The double
        // evaluation of p and f at those points agrees with the enclosures to Tolerances.ClenshawEvaluation.
        var target = TargetFunction.Parse(function);
        var p = degree < 0 ? Polynomial.FromChebyshev([0.0, 1.0]) : ApproximationTable.Approximate(target, degree).Polynomial;
        int count = 4 * (p.Degree + 1);
        double lower = Certifier.SampledLowerBound(p.Chebyshev.AsSpan(), target, count);
        double sampled = 0.0;
        for (int j = 0; j < count; j++)
        {
            double t = Math.Cos(Math.PI * (j + 0.5) / count);
            sampled = Math.Max(sampled, Math.Abs(p.Evaluate(t) - target.Evaluate(t)));
        }
        Assert.InRange(lower, sampled - Tolerances.ClenshawEvaluation, sampled + Tolerances.ClenshawEvaluation);
        Assert.True(lower <= Certifier.SupError(target, p).Upper);
    }

    /// <summary>
    /// The search starts from max(16, 4 (d + 1)) equal theta boxes over [0, pi] and stops as soon as the largest box bound is
    /// within the documented gap of the best point value. p = 1 + 10^-3 T_7 (d = 7, so 32 boxes of radius r = pi / 64): on
    /// each box the documented Taylor bound is |g0| + |g1| r + M2 r^2 / 2 &lt;= 1 + 10^-3 (1 + 7 pi / 64 + 49 (pi / 64)^2 / 2)
    /// &lt; 1.0015, while the best midpoint value is at least 1 + 10^-3 cos(7 pi / 64) &gt; 1.0009, and 1.0015 &lt;= 1.0009 (1 + 0.005):
    /// certified on the initial boxes alone, exactly 32 of them. A constant needs no refinement either: 16 boxes, the floor.
    /// On one box [0, pi] instead the same bound would be 1 + 10^-3 (1 + 7 pi / 2 + 49 (pi / 2)^2 / 2) &gt; 1.07: not certified.
    /// </summary>
    [Theory]
    [InlineData(7, 32)]
    [InlineData(0, 16)]
    public void A_polynomial_certified_on_the_initial_partition_costs_exactly_its_boxes(int degree, int boxes)
    {
        var c = new double[degree + 1];
        c[0] = 1;
        if (degree > 0) c[degree] = 1e-3;
        var bound = Certifier.MaxAbs(Polynomial.FromChebyshev(c));
        double exact = 1 + (degree > 0 ? 1e-3 : 0); // attained at t = 1 (T_7(1) = 1)
        AssertBracket(bound, exact, $"1 + 1e-3 T_{degree}");
        Assert.Equal(boxes, bound.BoxesEvaluated);
    }

    /// <summary>
    /// The Taylor model's remainder is M2 r^2 / 2 with M2 = sum_k k^2 |c_k| + the target's curvature bound. For p = t against
    /// leaky ReLU of slope 1 (which is t) the error is 0 and g' = 0, so each box's bound is its remainder alone, here
    /// (1 + 1) r^2 / 2 = r^2 (up to the enclosures' few ulps). Boxes are bisected largest bound first, so after the 16 initial
    /// boxes the 20,000-box budget completes nine levels of bisection (16 (2^9 - 1) = 8176 splits of the 9992) and part of
    /// the tenth: the largest remaining box has radius pi / (16 * 2^10), and the bound returned is r^2 for that r.
    /// </summary>
    [Fact]
    public void An_exhausted_budget_returns_the_documented_remainder_of_the_largest_remaining_box()
    {
        var identity = Certifier.SupError(new TargetFunction.Leaky(1.0), Polynomial.FromChebyshev([0.0, 1.0]));
        double r = Math.PI / (16 * 1024);
        double expected = (1 + 1) * r * r / 2;
        Assert.False(identity.ReachedTolerance);
        // tolerance: r comes from rounded box ends (relative 1e-15) and |g0| + |g1| r are enclosure widths (measured ~2e-15):
        // 1e-14 absolute; a remainder without p's curvature (half) or with r^2 doubled (four times) is far outside
        Assert.InRange(identity.Upper, expected * (1 - 1e-12), expected * (1 + 1e-12) + 1e-14);
    }

    /// <summary>
    /// The Taylor model's curvature bound M2 of p(cos theta) is sum_{k &gt;= 1} k^2 |c_k| (the constant term has no curvature),
    /// each product and partial sum moved up by an ulp: never below the exact sum, within a few ulps above it.
    /// </summary>
    [Fact]
    public void The_curvature_bound_is_the_sum_of_k_squared_times_the_absolute_coefficients()
    {
        static void AssertNear(double exact, double[] c)
            => Assert.InRange(Certifier.CurvatureBound(c), exact, exact * (1 + 1e-14)); // a few ulps: 2 per term
        Assert.Equal(0.0, Certifier.CurvatureBound([123.0]));
        AssertNear(4.0, [0.0, 0.0, 1.0]);
        AssertNear(1 + 4 * 0.5 + 16 * 0.25, [5.0, -1.0, 0.5, 0.0, -0.25]);
        AssertNear(400 * 0.5, [1.0, .. new double[19], -0.5]);
        double third = 1.0 / 3, plain = third + 4 * third + 9 * third; // the same products and sums, rounded to nearest
        AssertNear(plain, [0, third, -third, third]);
    }
}
