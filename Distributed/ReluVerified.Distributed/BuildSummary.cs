namespace ReluVerified.Distributed;

/// <summary>
/// What a shard's build produced besides its factor rows (<see cref="ShardWork.Build"/>): its labels and the sums that enter
/// the S-lowrank report, each summed over its rows in file order. A rebuilt shard must give the same bits
/// (<see cref="SameAs"/>). A message: arrays keep reference equality.
/// </summary>
/// <param name="Count">The shard's row count.</param>
/// <param name="KernelTrace">sum_i k(x_i, x_i).</param>
/// <param name="Residual">sum_i max(0, k(x_i, x_i) - ||L_i||^2).</param>
/// <param name="MaxResidual">max(0, max_i (k(x_i, x_i) - ||L_i||^2)).</param>
/// <param name="Labels">The labels, in file order.</param>
[GenerateSerializer, Immutable]
internal sealed record BuildSummary(int Count, double KernelTrace, double Residual, double MaxResidual, double[] Labels)
{
    /// <summary>Whether <paramref name="other"/> has the same count, sums and labels, bit for bit.</summary>
    public bool SameAs(BuildSummary other) => Count == other.Count && KernelTrace.Equals(other.KernelTrace) && Residual.Equals(other.Residual)
        && MaxResidual.Equals(other.MaxResidual) && Labels.AsSpan().SequenceEqual(other.Labels);
}
