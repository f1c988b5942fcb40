namespace ReluVerified.Distributed;

/// <summary>A shard grain's answer: a value, or the fault that stopped it (outcomes as values; no exception crosses the wire).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value (default when <paramref name="Fault"/> is set).</param>
/// <param name="Fault">The failure, or null.</param>
[GenerateSerializer, Immutable]
internal sealed record ShardReply<T>(T? Value, ShardFault? Fault)
{
    /// <summary>A successful answer.</summary>
    public static ShardReply<T> Ok(T value) => new(value, null);

    /// <summary>A failed answer.</summary>
    public static ShardReply<T> Failed(ShardFault fault) => new(default, fault);
}
