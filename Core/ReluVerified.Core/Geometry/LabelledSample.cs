using System.Collections.Immutable;

namespace ReluVerified.Core.Geometry;

/// <summary>
/// Points with labels y in [0,1] (the reliable model) or [-1,1] (regression tasks). Immutable; equality is structural.
/// </summary>
public sealed record LabelledSample
{
    /// <summary>The inputs.</summary>
    public PointSet Points { get; }

    /// <summary>One label per point.</summary>
    public ImmutableArray<double> Labels { get; }

    /// <summary>Pairs points with labels; the counts must match and every label must be finite.</summary>
    public LabelledSample(PointSet points, ImmutableArray<double> labels)
    {
        Points = Preconditions.NotNull(points);
        Preconditions.Check(!labels.IsDefault, nameof(labels), "labels is uninitialised.");
        Preconditions.Check(labels.Length == points.Count, nameof(labels),
            $"{nameof(labels)} has {labels.Length} entries but there are {points.Count} points.");
        Preconditions.AllFinite(labels.AsSpan(), nameof(labels));
        Labels = labels;
    }

    /// <summary>Number of labelled points.</summary>
    public int Count => Points.Count;

    /// <summary>The rows with the given indices, in that order.</summary>
    public LabelledSample Select(ReadOnlySpan<int> indices)
    {
        var labels = ImmutableArray.CreateBuilder<double>(indices.Length);
        foreach (int i in indices) labels.Add(Labels[i]);
        return new LabelledSample(Points.Select(indices), labels.MoveToImmutable());
    }

    /// <inheritdoc />
    public bool Equals(LabelledSample? other)
        => other is not null && Points.Equals(other.Points) && StructuralEquality.Equal(Labels, other.Labels);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Points, StructuralEquality.Hash(Labels.AsSpan()));
}
