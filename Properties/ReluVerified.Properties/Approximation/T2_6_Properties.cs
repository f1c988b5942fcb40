using ReluVerified.Core;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Properties.Approximation;

/// <summary>T2.6 as a property: the max tournament is within levels x the |t| error, with degree d^levels.</summary>
public sealed class T2_6_Properties
{
    [Property(MaxTest = 100)]
    public Property Tournament_approximates_the_max_within_the_summed_level_errors()
    {
        var cases = from k in Gen.Choose(1, 9)
                    from d in Gen.Choose(2, 15).Select(h => 2 * h) // even d >= 4: 4 levels x |t| error 0.124 stay below 1/2
                    from values in Gen.ArrayOf(ApproximationGens.Uniform(-0.5, 0.5), k)
                    select (d, values);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var abs = Gadgets.Abs(ApproximationGens.Certificate(new TargetFunction.Relu(), c.d));
            var t = Gadgets.Tournament(abs, c.values.Length);
            double slack = Math.Max(1, t.Levels) * Tolerances.ClenshawEvaluation; // double evaluation per level
            long expectedDegree = (long)Math.Pow(c.d, t.Levels);
            return (Math.Abs(t.Evaluate(c.values) - c.values.Max()) <= t.ErrorBound + slack).Label("error")
                .And((t.Degree == expectedDegree).Label("degree d^levels"))
                .And((t.Levels == (int)Math.Ceiling(Math.Log2(c.values.Length))).Label("levels"));
        });
    }
}
