using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Properties.Approximation;

/// <summary>
/// L-rkhs-norm as properties: the weight B = sum beta_i^2 against the coefficient bound (d+1)(4e)^{2d} max|p|^2, and the
/// monotonicity the theory predicts.
/// </summary>
public sealed class LRkhsNorm_Properties
{
    [Property(MaxTest = 100)]
    public Property Theory_weight_bound_increases_with_degree()
        => Prop.ForAll(Gen.Choose(0, 100).ToArbitrary(), Gen.Choose(1, 20).ToArbitrary(), ApproximationGens.Uniform(0.1, 2).ToArbitrary(),
            (d, step, m) => TheoryBounds.WeightBound(d, m) < TheoryBounds.WeightBound(d + step, m));

    [Property(MaxTest = 60)]
    public Property Achieved_weight_never_exceeds_the_coefficient_bound()
        => Prop.ForAll(ApproximationGens.Targets.ToArbitrary(), Gen.Choose(0, 40).ToArbitrary(), ApproximationGens.Methods.ToArbitrary(), (f, d, m) =>
        {
            var c = ApproximationGens.Certificate(f, d, m);
            return c.Weight <= c.Theory.WeightBound;
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

    [Property(MaxTest = 100)]
    public Property Depth2_norm_bound_does_not_grow_when_inner_weights_shrink()
        // ||v_j||^2 = sum_i beta_i^2 ||w_j||^{2i} is non-decreasing in ||w_j||.
        => Prop.ForAll(Gen.Choose(1, 30).ToArbitrary(), ApproximationGens.SpherePoint(3).ToArbitrary(), ApproximationGens.Uniform(0, 1).ToArbitrary(),
            (d, w, s) =>
            {
                var relu = ApproximationGens.Certificate(new TargetFunction.Relu(), d);
                var full = Gadgets.Depth2(relu, [1.0], [w]);
                var shrunk = Gadgets.Depth2(relu, [1.0], [w.Select(x => x * s).ToArray()]);
                return shrunk.RkhsNormBound <= full.RkhsNormBound && full.RkhsNormBound <= Math.Sqrt(relu.Weight) * (1 + 1e-9);
            });
}
