using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Distributions;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// The max-of-planes label model (T2.6's class restricted to [0,1], the comparison's "max-of-planes" scenario): every
/// label is clip_[0,1](max_j w_j . x), hence in [0,1], and zero exactly where every plane is non-positive.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 30)]
public class MaxOfPlanes_Label_Properties
{
    [Property]
    public Property Labels_are_the_clipped_max_of_the_planes(SphereCase points)
    {
        var scenario = Scenarios.Create("max-of-planes", points.Dimension, points.Seed);
        var planes = ((LabelModel.MaxOfPlanes)scenario.Labels).Planes;
        var sample = scenario.Draw(Math.Min(points.Count, 100), points.Seed);
        bool ok = true;
        for (int i = 0; i < sample.Count && ok; i++)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j < planes.Rows; j++) best = Math.Max(best, TensorPrimitives.Dot(planes.Row(j), sample.Points[i]));
            double expected = Math.Clamp(best, 0, 1);
            ok = Math.Abs(sample.Labels[i] - expected) <= TestTolerances.Exact && sample.Labels[i] is >= 0 and <= 1;
        }
        return ok.Label($"case {points}: a label differs from clip(max_j w_j . x)");
    }
}
