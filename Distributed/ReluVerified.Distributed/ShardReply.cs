namespace ReluVerified.Distributed;

/// <summary>
/// A shard grain's answer: a value, or the fault that stopped it (outcomes as values; no exception crosses the wire), with
/// the seconds the shard's work took where it ran (measured in the grain, from the start to the end of the work on the
/// silo's thread pool: no queueing, messaging or serialisation). The coordinator sums them into
/// <see cref="ClusterCosts"/>.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value (default when <paramref name="Fault"/> is set).</param>
/// <param name="Fault">The failure, or null.</param>
/// <param name="Seconds">The compute seconds of the work that gave this answer (0 when the answer needed no work).</param>
[GenerateSerializer, Immutable]
internal sealed record ShardReply<T>(T? Value, ShardFault? Fault, double Seconds = 0)
{
    /// <summary>A successful answer whose work took <paramref name="seconds"/>.</summary>
    public static ShardReply<T> Ok(T value, double seconds = 0) => new(value, null, seconds);

    /// <summary>A failed answer.</summary>
    public static ShardReply<T> Failed(ShardFault fault, double seconds = 0) => new(default, fault, seconds);
}
