using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Properties.Generators;

/// <summary>
/// A shrinkable description of a test sample: which marginal on the sphere, its dimension, how many points, and the
/// seed everything is drawn from. Properties build the distribution and the points from it, so a failure prints a
/// case that replays exactly, and shrinking reduces dimension and sample size.
/// </summary>
public sealed record SphereCase(SphereKind Kind, int Dimension, int Count, int Seed)
{
    /// <summary>The distribution (its directions and bases drawn from <see cref="Seed"/>).</summary>
    public SphereDistribution Distribution()
    {
        var rng = new Random(Seed);
        var direction = Direction(rng, Dimension);
        return Kind switch
        {
            SphereKind.Uniform => new SphereDistribution.Uniform(Dimension),
            SphereKind.Cap => new SphereDistribution.Cap(direction, 1 + 40 * rng.NextDouble()),
            SphereKind.CapMixture => new SphereDistribution.CapMixture(
                [new SphereDistribution.Cap(direction, 30), new SphereDistribution.Cap(Direction(rng, Dimension), 5), new SphereDistribution.Cap(Direction(rng, Dimension), 0.5)],
                [0.5, 0.3, 0.2]),
            SphereKind.Subspace => SphereDistribution.Subspace.Random(Dimension, 1 + rng.Next(Dimension), rng),
            SphereKind.Imbalanced => new SphereDistribution.ImbalancedHalves(direction, rng.NextDouble() < 0.5 ? 0.05 : 0.95),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
        };
    }

    /// <summary>A planted unit direction drawn from the case's seed (shared by label models in properties).</summary>
    public double[] PlantedDirection() => Direction(new Random(unchecked(Seed * 31 + 7)), Dimension);

    /// <summary>The points, drawn with seed <see cref="Seed"/> + 1.</summary>
    public PointSet Points() => SphereSampler.Sample(Distribution(), Count, new Random(unchecked(Seed + 1)));

    private static double[] Direction(Random rng, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1;
        if (v.All(x => x == 0)) v[0] = 1;
        return v;
    }
}

/// <summary>The marginals the generators cover.</summary>
public enum SphereKind
{
    /// <summary>Uniform on the sphere.</summary>
    Uniform,
    /// <summary>A von Mises-Fisher cap.</summary>
    Cap,
    /// <summary>A mixture of three caps of different concentrations.</summary>
    CapMixture,
    /// <summary>A random low-dimensional subspace.</summary>
    Subspace,
    /// <summary>Heavily imbalanced halves (5% / 95%).</summary>
    Imbalanced,
}
