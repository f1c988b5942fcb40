using FsCheck;
using FsCheck.Fluent;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Properties.Generators;
using ReluVerified.Properties.Learning;

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

/// <summary>
/// A planted problem on which a peer's learning is checked (<see cref="RegressionClaim"/> with share
/// <see cref="TestTolerances.PeerLossShare"/>): uniform points on S^{n-1}, reliable-agnostic labels with 5% adversarial
/// positives, <see cref="Count"/> rows to fit and as many to select on, and <see cref="FreshCount"/> fresh rows to judge on.
/// </summary>
/// <param name="Dimension">n in 2..6.</param>
/// <param name="Seed">Seed of the planted weights and the draws.</param>
public sealed record PeerProblem(int Dimension, int Seed)
{
    /// <summary>Rows of the fit and of the selection draw.</summary>
    public const int Count = 200;

    /// <summary>Rows of the fresh draw.</summary>
    public const int FreshCount = 5000;

    private PlantedCase Case => new(SphereKind.Uniform, Dimension, 1, Seed);

    /// <summary>The fit draw (stream 0) and the selection draw (stream 1).</summary>
    public LabelledSample Draw(int stream) => Case.Draw(Count, stream);

    /// <summary>The claim for <paramref name="hypothesis"/> on the fresh draw (stream 2) against the mean label of the fit draw.</summary>
    public RegressionClaim.Verdict Check(BaselineHypothesis hypothesis) => Check(points => hypothesis.Predict(points));

    /// <summary>The claim for a predictor on the fresh draw, e.g. a constant: <c>points =&gt; new double[points.Count]</c>.</summary>
    public RegressionClaim.Verdict Check(Func<PointSet, double[]> predict)
    {
        var fresh = Fresh;
        return RegressionClaim.Evaluate(predict(fresh.Points), fresh.Labels.AsSpan(), BestConstant, 1, TestTolerances.PeerLossShare);
    }

    /// <summary>The best constant: the mean label of the fit draw.</summary>
    public double BestConstant => Draw(0).Labels.Average();

    /// <summary>The fresh draw.</summary>
    public LabelledSample Fresh => Case.Draw(FreshCount, 2);
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

    /// <summary>Peer problems with n in 2..6 (no shrinking: the seed fixes everything).</summary>
    public static Arbitrary<PeerProblem> PeerProblems()
        => Arb.From(from dimension in Gen.Choose(2, 6) from seed in Gen.Choose(0, int.MaxValue - 2) select new PeerProblem(dimension, seed));

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
