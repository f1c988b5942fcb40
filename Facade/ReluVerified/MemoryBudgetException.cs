namespace ReluVerified;

/// <summary>
/// A fit refused before any work because its memory estimate (<see cref="MemoryEstimate"/>) exceeds what is available; the
/// message names the remedy, <see cref="ReliableReluOptions.Rank"/> (S-lowrank). An <see cref="ArgumentException"/> on <c>Rank</c>: the command line
/// reports it as bad input.
/// </summary>
public sealed class MemoryBudgetException : ArgumentException
{
    /// <summary>Creates the exception with its message and the suggested rank (0: none fits).</summary>
    public MemoryBudgetException(string message, int suggestedRank) : base(message, "Rank") => SuggestedRank = suggestedRank;

    /// <summary>The rank suggested in the message (0 when even rank 1 does not fit).</summary>
    public int SuggestedRank { get; }
}
