using FsCheck;
using FsCheck.Fluent;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Baselines;

/// <summary>A small labelled problem for the baseline properties: uniform points on S^{n-1} with reliable-agnostic labels.</summary>
/// <param name="Dimension">n.</param>
/// <param name="Count">Rows.</param>
/// <param name="Seed">Seed of the planted weights and the draw.</param>
public sealed record SmallProblem(int Dimension, int Count, int Seed)
{
    /// <summary>The labelled draw (stream separates independent draws of the same problem).</summary>
    public LabelledSample Draw(int stream = 0) => new PlantedCase(SphereKind.Uniform, Dimension, 1, Seed).Draw(Count, stream);
}

/// <summary>Arbitrary holders of the baseline properties (FsCheck 3: a non-static class of static methods).</summary>
public class BaselineArbitraries
{
    /// <summary>Problems with n in 2..6 and 12..60 rows; shrinks toward fewer rows and dimensions.</summary>
    public static Arbitrary<SmallProblem> SmallProblems()
    {
        var gen =
            from dimension in Gen.Choose(2, 6)
            from count in Gen.Choose(12, 60)
            from seed in Gen.Choose(0, int.MaxValue - 2)
            select new SmallProblem(dimension, count, seed);
        return Arb.From(gen, p => p.Count > 12 ? [p with { Count = Math.Max(12, p.Count / 2) }] : p.Dimension > 2 ? [p with { Dimension = p.Dimension - 1 }] : []);
    }

    /// <summary>Short weighted sequences (1..7 values in [-1, 1] on a grid of 1/8, weights in 1..4) for PAV against brute force.</summary>
    public static Arbitrary<(double[] Values, double[] Weights)> TinySequences()
    {
        var gen =
            from n in Gen.Choose(1, 7)
            from values in Gen.ArrayOf(Gen.Choose(-8, 8).Select(v => v / 8.0), n)
            from weights in Gen.ArrayOf(Gen.Choose(1, 4).Select(w => (double)w), n)
            select (Values: values, Weights: weights);
        return Arb.From(gen, s => s.Values.Length > 1 ? [(s.Values[..^1], s.Weights[..^1])] : []);
    }
}
