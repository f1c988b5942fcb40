using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Hypotheses;

/// <summary>
/// A learned hypothesis f(x) = sum_j alpha_j k(s_j, x) over support points s_j, followed by an <see cref="OutputRule"/>
/// (T2.1, R2.2). Points must already be embedded in the ball. Immutable; equality is structural.
/// </summary>
public sealed record KernelHypothesis
{
    private const int Batch = 2048;

    /// <summary>The kernel k.</summary>
    public Kernel Kernel { get; }

    /// <summary>The support points s_j (the training points the program was solved on).</summary>
    public PointSet Support { get; }

    /// <summary>The coefficients alpha_j.</summary>
    public ImmutableArray<double> Coefficients { get; }

    /// <summary>How scores become predictions.</summary>
    public OutputRule Rule { get; }

    /// <summary>Creates the hypothesis; there must be one finite coefficient per support point.</summary>
    public KernelHypothesis(Kernel kernel, PointSet support, ImmutableArray<double> coefficients, OutputRule rule)
    {
        Kernel = Preconditions.NotNull(kernel);
        Support = Preconditions.NotNull(support);
        Rule = Preconditions.NotNull(rule);
        Preconditions.Check(!coefficients.IsDefault && coefficients.Length == support.Count, nameof(coefficients),
            $"{nameof(coefficients)} has {(coefficients.IsDefault ? 0 : coefficients.Length)} entries for {support.Count} support points.");
        Preconditions.AllFinite(coefficients.AsSpan(), nameof(coefficients));
        Coefficients = coefficients;
    }

    /// <summary>The raw scores f(x) (before the output rule), computed in batches of 2048 rows to bound memory.</summary>
    public double[] Scores(PointSet points, ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(points);
        Preconditions.Check(points.Dimension == Support.Dimension, nameof(points),
            $"{nameof(points)} have dimension {points.Dimension}; the hypothesis expects {Support.Dimension}.");
        return ScoresOf(Kernel, Support, Coefficients.AsSpan(), points, backend, cancellationToken);
    }

    /// <summary>
    /// The scores sum_j alpha_j k(s_j, x) of <paramref name="points"/> for a support and coefficients already checked by
    /// the caller, in batches of 2048 rows: <see cref="Scores"/> without building a hypothesis (the learner scores its
    /// candidates this way before it knows their output rule).
    /// </summary>
    internal static double[] ScoresOf(Kernel kernel, PointSet support, ReadOnlySpan<double> alpha, PointSet points, ComputeBackend backend,
        CancellationToken cancellationToken)
    {
        var scores = new double[points.Count];
        for (int start = 0; start < points.Count; start += Batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(Batch, points.Count - start);
            var indices = Enumerable.Range(start, count).ToArray();
            var batch = count == points.Count ? points : points.Select(indices);
            var cross = GramEngine.Cross(kernel, batch, support, backend, cancellationToken);
            GramEngine.MatVec(cross, alpha, backend).CopyTo(scores, start);
        }
        return scores;
    }

    /// <summary>The predictions h(x).</summary>
    public double[] Predict(PointSet points, ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
        => Scores(points, backend, cancellationToken).Select(Rule.Apply).ToArray();

    /// <inheritdoc />
    public bool Equals(KernelHypothesis? other) => other is not null && Kernel.Equals(other.Kernel) && Rule.Equals(other.Rule)
        && Support.Equals(other.Support) && StructuralEquality.Equal(Coefficients, other.Coefficients);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kernel, Rule, Support, StructuralEquality.Hash(Coefficients.AsSpan()));
}
