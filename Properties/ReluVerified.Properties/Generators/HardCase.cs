using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Properties.Generators;

/// <summary>
/// Hard inputs for the learners (issue-6 generators): marginals concentrated on the ReLU's boundary (w*.x near 0),
/// adversarial positive labels on the zero side, heavy class imbalance, low-dimensional subspaces, nearly duplicate
/// points, tiny samples and large dimension with few points. Everything is drawn from <see cref="Seed"/>; the shrinker
/// reduces dimension and sample count.
/// </summary>
public sealed record HardCase(HardKind Kind, int Dimension, int Count, int Seed)
{
    /// <summary>The planted unit weight vector w*.</summary>
    public double[] Weights()
    {
        var rng = new Random(unchecked(Seed * 17 + 3));
        var w = Enumerable.Range(0, Dimension).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        if (w.All(v => v == 0)) w[0] = 1;
        TensorPrimitives.Divide(w, TensorPrimitives.Norm<double>(w), w);
        return w;
    }

    /// <summary>The labelled sample: reliable-agnostic labels around w* (zero labels only where w*.x &lt;= 0).</summary>
    public LabelledSample Sample()
    {
        var rng = new Random(Seed);
        var w = Weights();
        var labels = new LabelModel.ReliableAgnostic(w, Kind == HardKind.AdversarialPositives ? 0.3 : 0.05, 0.02);
        PointSet points = Kind switch
        {
            HardKind.Boundary => SphereSampler.Sample(new SphereDistribution.Cap(Orthogonal(w, rng), 60), Count, rng),
            HardKind.Imbalanced => SphereSampler.Sample(new SphereDistribution.ImbalancedHalves(w, rng.NextDouble() < 0.5 ? 0.03 : 0.97), Count, rng),
            HardKind.Subspace => SphereSampler.Sample(SphereDistribution.Subspace.Random(Dimension, Math.Max(1, Dimension / 4), rng), Count, rng),
            HardKind.NearDuplicates => NearDuplicates(rng),
            _ => SphereSampler.Sample(new SphereDistribution.Uniform(Dimension), Count, rng),
        };
        return Labelling.Label(labels, points, rng);
    }

    private PointSet NearDuplicates(Random rng)
    {
        int bases = Math.Max(1, Count / 10);
        var basePoints = SphereSampler.Sample(new SphereDistribution.Uniform(Dimension), bases, rng);
        var data = new double[Count * Dimension];
        for (int i = 0; i < Count; i++)
        {
            var row = data.AsSpan(i * Dimension, Dimension);
            basePoints[i % bases].CopyTo(row);
            for (int j = 0; j < Dimension; j++) row[j] += 1e-9 * (rng.NextDouble() - 0.5);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm<double>(row), row);
        }
        return PointSet.FromRowMajor(Count, Dimension, data, PointDomain.Ball);
    }

    private static double[] Orthogonal(double[] w, Random rng)
    {
        var v = Enumerable.Range(0, w.Length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        TensorPrimitives.MultiplyAdd(w, -TensorPrimitives.Dot(w, v), v, v);
        if (TensorPrimitives.Norm<double>(v) < 1e-9) v[(Array.IndexOf(w, w.Max()) + 1) % w.Length] = 1;
        return v;
    }
}

/// <summary>The hard regimes <see cref="HardCase"/> covers.</summary>
public enum HardKind
{
    /// <summary>Uniform marginal (sizes and dimensions supply the hardness: tiny samples, n much larger than m).</summary>
    Uniform,
    /// <summary>Concentrated near w*.x = 0 (von Mises-Fisher, kappa 60, around a direction orthogonal to w*).</summary>
    Boundary,
    /// <summary>30% adversarial positive labels on the zero side.</summary>
    AdversarialPositives,
    /// <summary>97% or 3% of the points on the positive side.</summary>
    Imbalanced,
    /// <summary>A random subspace of dimension n/4.</summary>
    Subspace,
    /// <summary>Groups of ten points within 1e-9 of each other.</summary>
    NearDuplicates,
}
