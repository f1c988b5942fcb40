using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Distributions;

/// <summary>Applies a <see cref="LabelModel"/> to points, with caller-supplied randomness (same seed, same labels).</summary>
public static class Labelling
{
    /// <summary>Labels every point of <paramref name="points"/> with <paramref name="model"/>.</summary>
    public static LabelledSample Label(LabelModel model, PointSet points, Random rng)
    {
        Preconditions.NotNull(model);
        Preconditions.NotNull(points);
        Preconditions.NotNull(rng);
        Preconditions.Check(model.Dimension == points.Dimension, nameof(points),
            $"the label model expects dimension {model.Dimension} but the points have {points.Dimension}.");
        var labels = new double[points.Count];
        for (int i = 0; i < points.Count; i++) labels[i] = Draw(model, points[i], rng);
        return new LabelledSample(points, ImmutableArray.Create(labels));
    }

    /// <summary>Draws points from <paramref name="distribution"/> and labels them: the usual way tests and the demo make data.</summary>
    public static LabelledSample Sample(SphereDistribution distribution, LabelModel model, int count, Random rng)
        => Label(model, SphereSampler.Sample(distribution, count, rng), rng);

    private static double Draw(LabelModel model, ReadOnlySpan<double> x, Random rng)
    {
        switch (model)
        {
            case LabelModel.PlantedRelu or LabelModel.PlantedDepth2 or LabelModel.MaxOfPlanes:
                return model.Target(x);
            case LabelModel.BoundedNoise noisy:
                double clean = Draw(noisy.Inner, x, rng);
                return Vectors.Clip01(clean + noisy.Amplitude * (2 * rng.NextDouble() - 1));
            case LabelModel.ReliableAgnostic r:
                double s = TensorPrimitives.Dot(r.Weights.AsSpan(), x);
                double u = rng.NextDouble(), v = RandomDraws.OpenUniform(rng);
                if (s <= 0) return u < r.ZeroSidePositiveRate ? v : 0.0;
                if (u < r.PositiveSideCorruptionRate) return v;
                double noise = r.PositiveSideNoise * (2 * rng.NextDouble() - 1);
                return Math.Min(1.0, Math.Max(s + noise, s / 2));
            default:
                throw new ArgumentException($"unknown label model {model.GetType().Name}", nameof(model));
        }
    }
}
