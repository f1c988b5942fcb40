using System.Collections.Immutable;

namespace ReluVerified.Core.LowRank;

/// <summary>
/// A Nystroem factor built by <see cref="StreamingNystroem.Factor"/> (S-lowrank) from rows read in batches, with what a
/// learner needs besides it: the labels and the rows' input positions in factor-row order, and the kernel trace and largest
/// residual diagonal entry that enter the S-lowrank report (Proofs/S-lowrank.md). Immutable; equality is structural.
/// </summary>
public sealed record StreamedFactor
{
    /// <summary>The factor; row k of <see cref="NystroemFactor.Factor"/> belongs to input row <see cref="Order"/>[k].</summary>
    public NystroemFactor Factor { get; }

    /// <summary>The labels in factor-row order.</summary>
    public ImmutableArray<double> Labels { get; }

    /// <summary>The input positions (0-based, counted over all batches) in factor-row order: the canonical order of <see cref="Geometry.RowOrder"/>.</summary>
    public ImmutableArray<int> Order { get; }

    /// <summary>trace(K) = sum_i k(x_i, x_i), summed in input order.</summary>
    public double KernelTrace { get; }

    /// <summary>max_i (k(x_i, x_i) - ||L_i||^2): the largest residual diagonal entry (unclamped).</summary>
    public double MaxResidual { get; }

    /// <summary>Pairs a factor with its rows' labels and positions; the counts must match the factor's rows.</summary>
    public StreamedFactor(NystroemFactor factor, ImmutableArray<double> labels, ImmutableArray<int> order, double kernelTrace, double maxResidual)
    {
        Factor = Preconditions.NotNull(factor);
        Preconditions.Check(!labels.IsDefault && labels.Length == factor.Factor.Rows, nameof(labels), $"{nameof(labels)} needs one entry per factor row ({factor.Factor.Rows}).");
        Preconditions.Check(!order.IsDefault && order.Length == factor.Factor.Rows, nameof(order), $"{nameof(order)} needs one entry per factor row ({factor.Factor.Rows}).");
        Labels = labels;
        Order = order;
        KernelTrace = kernelTrace;
        MaxResidual = maxResidual;
    }

    /// <inheritdoc />
    public bool Equals(StreamedFactor? other) => other is not null && Factor.Equals(other.Factor) && StructuralEquality.Equal(Labels, other.Labels)
        && StructuralEquality.Equal(Order, other.Order) && KernelTrace.Equals(other.KernelTrace) && MaxResidual.Equals(other.MaxResidual);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Factor, StructuralEquality.Hash(Labels.AsSpan()), Order.Length, KernelTrace, MaxResidual);
}
