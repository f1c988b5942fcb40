using System.Collections.Immutable;

namespace ReluVerified;

/// <summary>One seeded train/test split of a comparison: every method's figures and trade-off curve on its test rows.</summary>
/// <param name="Index">The split (0-based).</param>
/// <param name="Seed">Its seed: the comparison's seed plus <paramref name="Index"/>.</param>
/// <param name="TrainCount">Rows every method was fitted on (before its own held-out split).</param>
/// <param name="TestCount">Rows every method was evaluated on.</param>
/// <param name="Rows">One row per method, in the order they ran.</param>
/// <param name="Curves">One trade-off curve per method, in the same order.</param>
public sealed record ComparisonSplit(int Index, int Seed, int TrainCount, int TestCount, ImmutableArray<ComparisonRow> Rows, ImmutableArray<TradeOffCurve> Curves)
{
    /// <inheritdoc />
    public bool Equals(ComparisonSplit? other) => other is not null && Index == other.Index && Seed == other.Seed && TrainCount == other.TrainCount
        && TestCount == other.TestCount && Rows.SequenceEqual(other.Rows) && Curves.SequenceEqual(other.Curves);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Index, Seed, TrainCount, TestCount, Rows.Length);
}
