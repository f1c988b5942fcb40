using ReluVerified.Core;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Properties.Approximation;

/// <summary>T2.3 as a property: a depth-2 ReLU network is approximated unit by unit within ||a||_1 times the unit error.</summary>
public sealed class T2_3_Properties
{
    [Property(MaxTest = 80)]
    public Property Depth2_approximant_is_within_the_certified_error_on_the_sphere()
    {
        var cases = from n in Gen.Choose(2, 5)
                    from k in Gen.Choose(1, 6)
                    from d in Gen.Choose(2, 30)
                    from outer in Gen.ArrayOf(ApproximationGens.Uniform(-1, 1), k)
                    from directions in Gen.ArrayOf(ApproximationGens.SpherePoint(n), k)
                    from norms in Gen.ArrayOf(ApproximationGens.Uniform(0, 1), k)
                    from xs in Gen.ArrayOf(ApproximationGens.SpherePoint(n), 8)
                    select (d, outer, inner: directions.Zip(norms, (w, r) => w.Select(v => v * r).ToArray()).ToArray(), xs);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var net = Gadgets.Depth2(ApproximationGens.Certificate(new TargetFunction.Relu(), c.d), c.outer, c.inner);
            // Each unit is evaluated in double: k x ClenshawEvaluation covers the rounding.
            double slack = c.outer.Length * Tolerances.ClenshawEvaluation;
            return c.xs.All(x => Math.Abs(net.Evaluate(x) - net.EvaluateNetwork(x)) <= net.ErrorBound + slack);
        });
    }
}
