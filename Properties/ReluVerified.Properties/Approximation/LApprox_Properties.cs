using ReluVerified.Core;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Properties.Approximation;

/// <summary>
/// L-approx as properties: certified polynomials stay within their certified error everywhere, the gadget identities
/// hold exactly on their domains, and the exact basis conversions round-trip.
/// </summary>
public sealed class LApprox_Properties
{
    [Property(MaxTest = 60)]
    public Property Polynomial_stays_within_its_certified_error_of_the_target_at_random_points()
    {
        var cases = from f in ApproximationGens.Targets
                    from d in Gen.Choose(1, 30)
                    from m in ApproximationGens.Methods
                    from ts in Gen.ArrayOf(ApproximationGens.Uniform(-1, 1), 16)
                    select (f, d, m, ts);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var cert = ApproximationGens.Certificate(c.f, c.d, c.m);
            // ClenshawEvaluation covers the double evaluation of p and f at the sampled points.
            return c.ts.All(t => Math.Abs(cert.Polynomial.Evaluate(t) - c.f.Evaluate(t)) <= cert.SupError + Tolerances.ClenshawEvaluation)
                   && cert.SupErrorLowerBound <= cert.SupError;
        });
    }

    [Property(MaxTest = 300)]
    public Property Leaky_relu_equals_a_t_plus_one_minus_a_relu_exactly_on_dyadic_points()
        => Prop.ForAll(ApproximationGens.Dyadic(10, 2).ToArbitrary(), ApproximationGens.Dyadic(20, 1).ToArbitrary(), (a, t) =>
            new TargetFunction.Leaky(a).Evaluate(t) == a * t + (1 - a) * new TargetFunction.Relu().Evaluate(t));

    [Property(MaxTest = 300)]
    public Property Abs_equals_relu_of_t_plus_relu_of_minus_t_exactly()
        => Prop.ForAll(ApproximationGens.Uniform(-1, 1).ToArbitrary(), t =>
        {
            var relu = new TargetFunction.Relu();
            return new TargetFunction.Abs().Evaluate(t) == relu.Evaluate(t) + relu.Evaluate(-t);
        });

    [Property(MaxTest = 300)]
    public Property Max_equals_a_plus_relu_of_b_minus_a_exactly_on_dyadic_points()
        => Prop.ForAll(ApproximationGens.Dyadic(20, 1).ToArbitrary(), ApproximationGens.Dyadic(20, 1).ToArbitrary(), (a, b) =>
            Math.Max(a, b) == a + new TargetFunction.Relu().Evaluate(b - a));

    [Property(MaxTest = 100)]
    public Property Gadget_polynomials_are_the_identities_applied_to_the_relu_polynomial()
    {
        var cases = from d in Gen.Choose(1, 30)
                    from a in ApproximationGens.Uniform(-1, 1)
                    from t in ApproximationGens.Uniform(-1, 1)
                    select (d, a, t);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var relu = ApproximationGens.Certificate(new TargetFunction.Relu(), c.d);
            var p = relu.Polynomial;
            var abs = Gadgets.Abs(relu).Polynomial;
            var leaky = Gadgets.Leaky(relu, c.a).Polynomial;
            double tol = Tolerances.ClenshawEvaluation;
            return (Math.Abs(abs.Evaluate(c.t) - (p.Evaluate(c.t) + p.Evaluate(-c.t))) <= tol).Label("abs = p(t) + p(-t)")
                .And((Math.Abs(leaky.Evaluate(c.t) - (c.a * c.t + (1 - c.a) * p.Evaluate(c.t))) <= tol).Label("leaky = a t + (1-a) p(t)"))
                .And((Math.Abs(Gadgets.Leaky(relu, c.a).SupError - Math.Abs(1 - c.a) * relu.SupError) <= TestTolerances.HornerUlp).Label("leaky error = |1-a| relu error"));
        });
    }

    [Property(MaxTest = 100)]
    public Property Dyadic_monomial_coefficients_round_trip_exactly_through_the_chebyshev_basis()
    {
        var cases = from d in Gen.Choose(0, 8)
                    from beta in Gen.ArrayOf(Gen.Choose(-1024, 1024).Select(i => i / 8.0), d + 1)
                    select beta;
        return Prop.ForAll(cases.ToArbitrary(), beta =>
        {
            var p = Polynomial.FromMonomial(beta);
            var again = Polynomial.FromChebyshev(p.Chebyshev.ToArray());
            return p.Monomial.SequenceEqual(beta) && again.Equals(p) && p.MonomialRoundingBound == 0;
        });
    }
}
