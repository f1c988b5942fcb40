using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core;
using ReluVerified.Core.Distributions;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Distributions;

/// <summary>
/// The sampling substrate every theorem's property relies on: points land on S^{n-1}, draws are reproducible from
/// the seed and change with it, subspace samples stay in their subspace, and imbalanced halves hit their stated fraction within a
/// Hoeffding slack.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 80)]
public class Sphere_Distribution_Properties
{
    [Property]
    public Property Every_sampled_point_lies_on_the_unit_sphere(SphereCase sample)
    {
        var points = sample.Points();
        double worst = 0;
        for (int i = 0; i < points.Count; i++)
            worst = Math.Max(worst, Math.Abs(Math.Sqrt(TensorPrimitives.Dot(points[i], points[i])) - 1));
        return (worst <= Tolerances.UnitNorm && points.Count == sample.Count && points.Dimension == sample.Dimension)
            .Label($"max | ||x|| - 1 | = {worst:E2}").Classify(sample.Kind == SphereKind.Subspace, "subspace");
    }

    [Property]
    public Property The_same_seed_gives_the_same_bits_and_another_seed_other_points(SphereCase sample)
    {
        // Every marginal is continuous given its seed-drawn parameters, so another seed (other directions, bases and draws)
        // repeats a point with probability 0: a sampler that ignored the seed would pass the first half and fail the second.
        var again = sample.Points();
        var other = (sample with { Seed = unchecked(sample.Seed + 1) }).Points();
        bool overlap = Enumerable.Range(0, sample.Count).Any(i => again[i].SequenceEqual(other[i]));
        return (sample.Points().Equals(again) && !overlap).Label($"same seed equal: {sample.Points().Equals(again)}; a point repeated under another seed: {overlap}");
    }

    [Property]
    public Property Subspace_samples_stay_in_their_subspace(SphereCase sample)
    {
        var subspace = (SphereDistribution.Subspace)(sample with { Kind = SphereKind.Subspace }).Distribution();
        var points = SphereSampler.Sample(subspace, sample.Count, new Random(sample.Seed));
        double worst = 0;
        var projection = new double[sample.Dimension];
        for (int i = 0; i < points.Count; i++)
        {
            Array.Clear(projection);
            for (int a = 0; a < subspace.Basis.Rows; a++)
                TensorPrimitives.MultiplyAdd(subspace.Basis.Row(a), TensorPrimitives.Dot(subspace.Basis.Row(a), points[i]), projection, projection);
            TensorPrimitives.Subtract(points[i], projection, projection);
            worst = Math.Max(worst, TensorPrimitives.Norm<double>(projection));
        }
        return (worst <= TestTolerances.SubspaceResidual).Label($"max distance to the subspace {worst:E2} (k = {subspace.Basis.Rows})");
    }

    [Property(MaxTest = 40)]
    public Property Imbalanced_halves_hit_their_fraction_within_Hoeffding_slack(int seed, bool mostlyPositive)
    {
        const int m = 2000;
        const double delta = 1e-6;
        double fraction = mostlyPositive ? 0.9 : 0.1;
        var direction = new double[12];
        direction[seed & 7] = 1;
        var points = SphereSampler.Sample(new SphereDistribution.ImbalancedHalves(direction, fraction), m, new Random(seed));
        int positive = 0;
        for (int i = 0; i < m; i++) if (TensorPrimitives.Dot(direction, points[i]) > 0) positive++;
        double slack = Math.Sqrt(Math.Log(2 / delta) / (2 * m)); // Hoeffding, two-sided, delta = 1e-6
        double observed = (double)positive / m;
        return (Math.Abs(observed - fraction) <= slack).Label($"seed {seed}: observed {observed:F4}, expected {fraction}, slack {slack:F4}");
    }
}
