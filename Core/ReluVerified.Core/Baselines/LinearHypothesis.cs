using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// A single-index hypothesis h(x) = u(w . x) on embedded points (peer:glmtron, peer:isotron, peer:gd-relu): a weight
/// vector w and a non-decreasing link u. Immutable; equality is structural.
/// </summary>
public sealed record LinearHypothesis
{
    /// <summary>The weight vector w.</summary>
    public ImmutableArray<double> Weights { get; }

    /// <summary>The link u.</summary>
    public MonotoneLink Link { get; }

    /// <summary>Creates the hypothesis; w must be non-empty and finite.</summary>
    public LinearHypothesis(ImmutableArray<double> weights, MonotoneLink link)
    {
        Preconditions.Check(!weights.IsDefaultOrEmpty, nameof(weights), $"{nameof(weights)} is empty.");
        Preconditions.AllFinite(weights.AsSpan(), nameof(weights));
        Weights = weights;
        Link = Preconditions.NotNull(link);
    }

    /// <summary>The scores w . x.</summary>
    public double[] Scores(PointSet points)
    {
        Preconditions.NotNull(points);
        Preconditions.Check(points.Dimension == Weights.Length, nameof(points),
            $"{nameof(points)} have dimension {points.Dimension}; the hypothesis expects {Weights.Length}.");
        var w = Weights.AsSpan();
        var scores = new double[points.Count];
        for (int i = 0; i < scores.Length; i++) scores[i] = TensorPrimitives.Dot(w, points[i]);
        return scores;
    }

    /// <summary>The predictions u(w . x).</summary>
    public double[] Predict(PointSet points) => Scores(points).Select(Link.Apply).ToArray();

    /// <inheritdoc />
    public bool Equals(LinearHypothesis? other) => other is not null && Link.Equals(other.Link) && StructuralEquality.Equal(Weights, other.Weights);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Link, StructuralEquality.Hash(Weights.AsSpan()));
}
