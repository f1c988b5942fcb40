namespace ReluVerified.Distributed;

/// <summary>
/// Observers of a cluster fit's inner events, for checks (the test project reaches them through <c>InternalsVisibleTo</c>).
/// The fit waits for each call; <see cref="FactorBuilt"/> runs on the fit's thread, <see cref="ShardRebuilt"/> on the
/// thread pool (shards are rebuilt concurrently). Null members are not called.
/// </summary>
internal sealed class FitHooks
{
    /// <summary>Called once every shard holds its factor rows, before the solve (the shard grains' fit id is its argument).</summary>
    public Action<Guid>? FactorBuilt { get; init; }

    /// <summary>Called when a shard was rebuilt from its recipe on a new activation, with the failure that caused it.</summary>
    public Action<int, Exception>? ShardRebuilt { get; init; }
}
