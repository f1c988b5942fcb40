using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Approximation;
using ReluVerified.Core.Kernels;
using ReluVerified.Properties.Kernels;

namespace ReluVerified.Properties.Approximation;

/// <summary>
/// L-rkhs-norm as properties, each side computed independently: for p(t) = sum_i beta_i t^i and ||w|| &lt;= 1, the vector v of
/// <see cref="MultinomialFeatureMap.PolynomialOfProjection"/> satisfies &lt;v, psi_d(x)&gt; = p(w.x) for every x (psi_d from an
/// explicit tuple enumeration written for the checks, <see cref="ExplicitFeatures"/>) and ||v||^2 = sum_i beta_i^2 ||w||^{2i}
/// &lt;= B = sum_i beta_i^2, the <see cref="Polynomial.Weight"/> of p; the weights of certified approximations are the sums of
/// squares of their coefficients and stay below the classical coefficient bound; a depth-2 network's approximant is the
/// explicit vector sum_j a_j v_j, whose norm the certificate's RKHS bound dominates (sum rule), with equality for one unit.
/// </summary>
public sealed class LRkhsNorm_Properties
{
    /// <summary>Monomial coefficients j / 8 with |j| &lt;= 64: their squares and sums of up to 9 squares are exact in double.</summary>
    private static Gen<double[]> DyadicCoefficients(int degree) => Gen.ArrayOf(Gen.Choose(-64, 64).Select(j => j / 8.0), degree + 1);

    /// <summary>A vector of norm r in [0, 1] (r = 1 in a quarter of the cases, where the norm bound is attained).</summary>
    private static Gen<double[]> BallPoint(int n) =>
        from direction in ApproximationGens.SpherePoint(n)
        from r in Gen.Frequency((1, Gen.Constant(1.0)), (3, ApproximationGens.Uniform(0, 1)))
        select direction.Select(v => v * r).ToArray();

    [Property(MaxTest = 150)]
    public Property Polynomial_of_a_projection_is_an_inner_product_with_psi_and_has_norm_squared_sum_beta_i_squared_norm_w_to_the_2i()
    {
        var cases = from n in Gen.Choose(1, 4)
                    from d in Gen.Choose(0, 6)
                    from beta in DyadicCoefficients(d)
                    from w in BallPoint(n)
                    from xs in Gen.ArrayOf(ApproximationGens.SpherePoint(n), 4)
                    select (n, d, beta, w, xs);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var v = MultinomialFeatureMap.PolynomialOfProjection(c.w, c.beta);
            double r2 = c.w.Sum(t => t * t);
            double normSquared = v.Sum(t => t * t);
            double formula = 0, power = 1;
            for (int i = 0; i <= c.d; i++) { formula += c.beta[i] * c.beta[i] * power; power *= r2; }
            double weight = Polynomial.FromMonomial(c.beta).Weight, sumOfSquares = c.beta.Sum(b => b * b);
            double worst = 0;
            foreach (var x in c.xs)
            {
                var (inner, scale) = ExplicitFeatures.Dot(v, ExplicitFeatures.Of(x, c.d));
                double t = c.w.Zip(x, (a, b) => a * b).Sum(), p = 0;
                for (int i = c.d; i >= 0; i--) p = p * t + c.beta[i];
                // both sides sum at most 5461 products of magnitude <= scale: 1e-12 relative to that scale is far above rounding
                worst = Math.Max(worst, Math.Abs(inner - p) / (TestTolerances.FeatureMapRelative * Math.Max(scale, 1e-300)));
            }
            // ||v||^2 sums products of beta_i^2 and coordinates of w: both sides round at 1e-15 relative, far below 1e-12
            bool norm = Math.Abs(normSquared - formula) <= TestTolerances.FeatureMapRelative * Math.Max(formula, 1e-300);
            // the weight of a dyadic polynomial is exact (see DyadicCoefficients), and ||w|| <= 1 puts ||v||^2 below it
            bool weightIsSumOfSquares = weight == sumOfSquares && normSquared <= weight * (1 + TestTolerances.FeatureMapRelative);
            return (worst <= 1 && norm && weightIsSumOfSquares && v.Length == ExplicitFeatures.BlockStart(c.n, c.d + 1))
                .Label($"n = {c.n}, d = {c.d}, ||w||^2 = {r2:F4}: <v, psi(x)> - p(w.x) at most {worst:F3} x tolerance; ||v||^2 {normSquared:R} vs formula {formula:R}; weight {weight:R} vs sum beta^2 {sumOfSquares:R}");
        });
    }

    [Property(MaxTest = 60)]
    public Property Achieved_weight_is_the_sum_of_squared_coefficients_and_below_the_coefficient_bound()
        => Prop.ForAll(ApproximationGens.Targets.ToArbitrary(), Gen.Choose(0, 40).ToArbitrary(), ApproximationGens.Methods.ToArbitrary(), (f, d, m) =>
        {
            var c = ApproximationGens.Certificate(f, d, m);
            // Weight is sum beta_i^2 of the exact coefficients, Monomial their correctly rounded values: every square moves by
            // at most ~2 ulps and the sum of at most 41 positive terms adds 41 more, so 1e-13 relative is ample.
            double sumOfSquares = c.Coefficients.Sum(b => b * b);
            bool isSumOfSquares = Math.Abs(c.Weight - sumOfSquares) <= TestTolerances.WeightRelative * sumOfSquares;
            return (isSumOfSquares && c.Weight <= c.Theory.WeightBound)
                .Label($"{f.Describe()} d = {d}: weight {c.Weight:R}, sum of squared monomials {sumOfSquares:R}, bound {c.Theory.WeightBound:R}");
        });

    [Property(MaxTest = 60)]
    public Property Relu_interpolant_weight_grows_with_degree_within_each_parity()
        // Theory: weight 2^{Theta(d)} is necessary for error O(1/d); measured, the interpolant's weight grows at every step
        // of two degrees (odd and even degrees interleave because odd interpolants miss the kink node).
        => Prop.ForAll(Gen.Choose(1, 20).ToArbitrary(), Gen.Choose(1, 10).ToArbitrary(), (d, k) =>
        {
            int e = d + 2 * k; // same parity, at most 40
            var relu = new TargetFunction.Relu();
            return ApproximationGens.Certificate(relu, d).Weight < ApproximationGens.Certificate(relu, e).Weight;
        });

    [Property(MaxTest = 80)]
    public Property Depth2_approximant_is_the_explicit_vector_sum_a_j_v_j_and_its_norm_is_within_the_certified_bound()
    {
        var cases = from d in Gen.Choose(1, 6)
                    from k in Gen.Choose(1, 3)
                    from outer in Gen.ArrayOf(ApproximationGens.Uniform(-1, 1), k)
                    from inner in Gen.ArrayOf(BallPoint(3), k)
                    from xs in Gen.ArrayOf(ApproximationGens.SpherePoint(3), 4)
                    select (d, outer, inner, xs);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var relu = ApproximationGens.Certificate(new TargetFunction.Relu(), c.d);
            var net = Gadgets.Depth2(relu, c.outer, c.inner);
            var beta = relu.Coefficients.ToArray();
            var total = new double[ExplicitFeatures.BlockStart(3, c.d + 1)];
            for (int j = 0; j < c.outer.Length; j++)
            {
                var vj = MultinomialFeatureMap.PolynomialOfProjection(c.inner[j], beta);
                for (int q = 0; q < total.Length; q++) total[q] += c.outer[j] * vj[q];
            }
            double norm = Math.Sqrt(total.Sum(t => t * t)), l1 = c.outer.Sum(Math.Abs);
            // evaluating with the rounded monomial coefficients instead of the Chebyshev ones moves each unit by at most
            // MonomialRoundingBound; both evaluations round at the Clenshaw allowance
            double allowed = l1 * (relu.Polynomial.MonomialRoundingBound + Core.Tolerances.ClenshawEvaluation);
            double worst = c.xs.Max(x =>
            {
                var (inner, scale) = ExplicitFeatures.Dot(total, ExplicitFeatures.Of(x, c.d));
                return Math.Abs(inner - net.Evaluate(x)) - TestTolerances.FeatureMapRelative * scale;
            });
            bool sumRule = norm <= net.RkhsNormBound * (1 + TestTolerances.FeatureMapRelative) && net.RkhsNormBound <= l1 * Math.Sqrt(relu.Weight) * (1 + TestTolerances.CertificateNormRelative);
            // one unit: the bound is |a| ||v|| itself, up to the certificate's widening against rounding
            bool tight = c.outer.Length > 1 || Math.Abs(net.RkhsNormBound - norm) <= TestTolerances.CertificateNormRelative * Math.Max(norm, 1e-300);
            return (worst <= allowed && sumRule && tight)
                .Label($"d = {c.d}, k = {c.outer.Length}: |<V, psi> - approximant| exceeds the feature-map rounding by {worst:E2} (allowed {allowed:E2}); ||V|| {norm:R}, bound {net.RkhsNormBound:R}, ||a||_1 sqrt(B) {l1 * Math.Sqrt(relu.Weight):R}");
        });
    }
}
