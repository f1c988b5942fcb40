using System.Collections.Immutable;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// The built-in scenarios (planted ReLU under reliable-agnostic corruption, label noise only, marginals concentrated
/// near the ReLU's boundary, depth-2 network, imbalanced halves, max of planes). The planted parameters are drawn from
/// <c>new Random(parameterSeed)</c>, so a scenario is a fixed value for a given seed.
/// </summary>
public static class Scenarios
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static ImmutableArray<string> Names { get; } =
        ["reliable-agnostic", "label-noise", "boundary", "depth2", "imbalanced", "max-of-planes"];

    /// <summary>Builds the named scenario in dimension <paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static Scenario Create(string name, int dimension = 10, int parameterSeed = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (dimension < 2) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "scenarios need dimension at least 2.");
        var rng = new Random(parameterSeed);
        var w = UnitVector(rng, dimension);
        return name switch
        {
            "reliable-agnostic" => new Scenario(name,
                "Uniform on the sphere; planted ReLU; 10% adversarial positives on the zero side, noise 0.05 and 5% arbitrary labels on the positive side.",
                new SphereDistribution.Uniform(dimension), new LabelModel.ReliableAgnostic(w, 0.10, 0.05, 0.05)),
            "label-noise" => new Scenario(name,
                "Uniform on the sphere; planted ReLU with bounded uniform label noise of amplitude 0.1.",
                new SphereDistribution.Uniform(dimension), new LabelModel.BoundedNoise(new LabelModel.PlantedRelu(w), 0.1)),
            "boundary" => new Scenario(name,
                "Marginal concentrated (von Mises-Fisher, kappa 20) around a direction orthogonal to w*, so most points lie near the ReLU's kink.",
                new SphereDistribution.Cap(Orthogonal(rng, w), 20.0), new LabelModel.ReliableAgnostic(w, 0.05, 0.02)),
            "depth2" => new Scenario(name,
                "Uniform on the sphere; a planted depth-2 network of 3 ReLUs with output weights 0.5, 0.3, 0.2.",
                new SphereDistribution.Uniform(dimension),
                new LabelModel.PlantedDepth2([0.5, 0.3, 0.2], RandomRows(rng, 3, dimension))),
            "imbalanced" => new Scenario(name,
                "90% of the points on the zero side of w*; planted ReLU with 5% adversarial positives there.",
                new SphereDistribution.ImbalancedHalves(w, 0.1), new LabelModel.ReliableAgnostic(w, 0.05, 0.0)),
            "max-of-planes" => new Scenario(name,
                "Uniform on the sphere; y = clip_[0,1](max(0, w1.x, w2.x)), a noise-free max of two random unit planes and the zero plane (T2.6's class with labels in [0,1]).",
                new SphereDistribution.Uniform(dimension), new LabelModel.MaxOfPlanes(WithZeroRow(RandomRows(rng, 2, dimension)))),
            _ => throw new ArgumentException($"unknown scenario '{name}'; choose one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>A uniform unit vector: one draw of the uniform sphere distribution (the same stream of <paramref name="rng"/> as every uniform draw in Core).</summary>
    private static double[] UnitVector(Random rng, int n) => SphereSampler.Sample(new SphereDistribution.Uniform(n), 1, rng)[0].ToArray();

    private static double[] Orthogonal(Random rng, double[] w)
    {
        var v = UnitVector(rng, w.Length);
        double dot = 0;
        for (int i = 0; i < w.Length; i++) dot += v[i] * w[i];
        for (int i = 0; i < w.Length; i++) v[i] -= dot * w[i];
        return v;
    }

    private static Matrix WithZeroRow(Matrix rows)
    {
        var data = new double[(rows.Rows + 1) * rows.Columns];
        rows.AsSpan().CopyTo(data);
        return Matrix.Create(rows.Rows + 1, rows.Columns, data);
    }

    private static Matrix RandomRows(Random rng, int rows, int n)
    {
        var data = new double[rows * n];
        for (int r = 0; r < rows; r++) UnitVector(rng, n).CopyTo(data, r * n);
        return Matrix.Create(rows, n, data);
    }
}
