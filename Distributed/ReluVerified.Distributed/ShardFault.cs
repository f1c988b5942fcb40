namespace ReluVerified.Distributed;

/// <summary>A shard grain's failure as a value: its kind and the message the caller will read.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">The message, naming the file, line and column where the data are at fault.</param>
/// <param name="SuggestedRank">For <see cref="FaultKind.Memory"/>: the rank that would fit (<see cref="MemoryBudgetException.SuggestedRank"/>).</param>
[GenerateSerializer, Immutable]
internal sealed record ShardFault(FaultKind Kind, string Message, int SuggestedRank = 0)
{
    /// <summary>The fault of an exception a shard's work threw, or null when it is not one the caller should see as such.</summary>
    public static ShardFault? Of(Exception e) => e switch
    {
        DataFormatException => new ShardFault(FaultKind.Data, e.Message),
        MemoryBudgetException m => new ShardFault(FaultKind.Memory, m.Message, m.SuggestedRank),
        ArgumentException a => new ShardFault(FaultKind.Argument, a.Message),
        IOException or UnauthorizedAccessException => new ShardFault(FaultKind.Io, e.Message),
        _ => null,
    };

    /// <summary>The exception the coordinator raises for this fault (the single-machine fit's type where there is one).</summary>
    public Exception ToException() => Kind switch
    {
        FaultKind.Data => new DataFormatException(Message),
        FaultKind.Memory => new MemoryBudgetException(Message, SuggestedRank),
        FaultKind.Argument => new ArgumentException(Message),
        FaultKind.Io => new IOException(Message),
        _ => new InvalidOperationException(Message),
    };
}
