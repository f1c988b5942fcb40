using System.Diagnostics;
using System.Globalization;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace ReluVerified.Distributed;

/// <summary>
/// The coordinator's handle on one fit's shard grains, and the one retry wrapper every shard call goes through
/// (<see cref="Call{T}"/>). A failure that means the activation or its silo is gone (<see cref="IsLost"/>, or an answer
/// <see cref="FaultKind.NotBuilt"/>) is retried after a pause; once the shard has a build recipe, the retry first sends it
/// again, so the runtime's new activation (placed on a live silo) rebuilds the shard's rows from the data file, and the
/// rebuilt summary must equal the first build's bit for bit. After <see cref="MaxAttempts"/> attempts the call fails with
/// an error naming the shard. Calls are made in rounds (<see cref="Round{T}"/>: some shards at once, waiting for all), and
/// every answer's compute seconds, every round's wait and every rebuild go to the fleet's <see cref="Ledger"/>.
/// <see cref="ReleaseAsync"/> drops every shard's rows. Not thread-safe for recipes: the coordinator sets them once,
/// before the solve.
/// </summary>
internal sealed class ShardFleet
{
    /// <summary>Attempts of one shard call (the first and the retries).</summary>
    public const int MaxAttempts = 12;

    /// <summary>The longest pause between two attempts; pauses double from a quarter second up to it (about 38 s in all).</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private readonly IClusterClient _client;
    private readonly ShardRecipe?[] _recipes;
    private readonly BuildSummary?[] _summaries;
    private readonly bool[] _called; // the shards whose grain was ever called (the only ones that may hold anything)
    private readonly FitHooks? _hooks;

    /// <summary>The shards of fit <paramref name="fit"/> (a fresh id per fit, so that fits never share a grain).</summary>
    public ShardFleet(IClusterClient client, Guid fit, int count, FitHooks? hooks = null)
    {
        _client = client;
        Fit = fit;
        Count = count;
        _recipes = new ShardRecipe?[count];
        _summaries = new BuildSummary?[count];
        _called = new bool[count];
        _hooks = hooks;
        Ledger = new CostLedger(count);
    }

    /// <summary>The account of the shards' compute seconds, the rounds and the rebuilds of this fleet's calls so far.</summary>
    public CostLedger Ledger { get; }

    /// <summary>The fit's id (the first part of every shard grain's key).</summary>
    public Guid Fit { get; }

    /// <summary>The number of shards K.</summary>
    public int Count { get; }

    /// <summary>Shard <paramref name="shard"/>'s grain.</summary>
    public IShardGrain Grain(int shard) => _client.GetGrain<IShardGrain>(Fit, shard.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether <paramref name="e"/> means the activation or its silo is gone (the call may succeed on a new activation):
    /// the silo became unavailable, the message was rejected, the call timed out, or the connection failed.
    /// </summary>
    public static bool IsLost(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
        or ConnectionFailedException or GatewayTooBusyException;

    /// <summary>
    /// Calls shard <paramref name="shard"/> through the retry wrapper and returns its value and the compute seconds of the
    /// answer, which are charged to <paramref name="kind"/> in the <see cref="Ledger"/>; a fault other than
    /// <see cref="FaultKind.NotBuilt"/> is raised as the single-machine fit's exception (<see cref="ShardFault.ToException"/>).
    /// </summary>
    public async Task<(T Value, double Seconds)> Call<T>(int shard, ShardCallKind kind, Func<IShardGrain, Task<ShardReply<T>>> call, CancellationToken cancellationToken)
    {
        Exception? last = null;
        bool rebuild = false;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (attempt > 0 && last is not null && !(last is ShardLost lost && lost.Fault.Kind == FaultKind.NotBuilt))
                await Task.Delay(Pause(attempt), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            Volatile.Write(ref _called[shard], true);
            try
            {
                if (rebuild && _recipes[shard] is { } recipe)
                {
                    await Rebuild(shard, recipe, last!, cancellationToken).ConfigureAwait(false);
                    rebuild = false;
                }
                var reply = await call(Grain(shard)).ConfigureAwait(false);
                if (reply.Fault is null)
                {
                    Ledger.Charge(kind, shard, reply.Seconds);
                    return (reply.Value!, reply.Seconds);
                }
                if (reply.Fault.Kind != FaultKind.NotBuilt || _recipes[shard] is null) throw reply.Fault.ToException();
                (last, rebuild) = (new ShardLost(reply.Fault), true);
            }
            catch (Exception e) when (IsLost(e) && !cancellationToken.IsCancellationRequested)
            {
                (last, rebuild) = (e, true);
            }
        }
        throw new InvalidOperationException($"shard {shard} of {Count} (fit {Fit}) did not answer after {MaxAttempts} attempts; the last failure: {last?.Message}", last);
    }

    /// <summary>
    /// One round: calls <paramref name="shards"/> at once (<see cref="Call{T}"/> each), waits for every answer and returns
    /// the values in the order of <paramref name="shards"/>; the wait and the slowest shard's compute seconds go to the
    /// <see cref="Ledger"/> as a round of <paramref name="kind"/> (no round when <paramref name="shards"/> is empty).
    /// </summary>
    public async Task<T[]> Round<T>(ShardCallKind kind, IReadOnlyList<int> shards, Func<int, IShardGrain, Task<ShardReply<T>>> call, CancellationToken cancellationToken)
    {
        if (shards.Count == 0) return [];
        long started = Stopwatch.GetTimestamp();
        var answers = await Task.WhenAll(shards.Select(s => Call(s, kind, grain => call(s, grain), cancellationToken))).ConfigureAwait(false);
        Ledger.Round(kind, Stopwatch.GetElapsedTime(started).TotalSeconds, answers.Max(a => a.Seconds));
        return [.. answers.Select(a => a.Value)];
    }

    /// <summary>A round of every shard (<see cref="Round{T}"/>), the values in shard order.</summary>
    public Task<T[]> All<T>(ShardCallKind kind, Func<int, IShardGrain, Task<ShardReply<T>>> call, CancellationToken cancellationToken)
        => Round(kind, [.. Enumerable.Range(0, Count)], call, cancellationToken);

    /// <summary>A round of shard <paramref name="shard"/> alone (<see cref="Round{T}"/>).</summary>
    public async Task<T> One<T>(ShardCallKind kind, int shard, Func<IShardGrain, Task<ShardReply<T>>> call, CancellationToken cancellationToken)
        => (await Round(kind, [shard], (_, grain) => call(grain), cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Builds every shard from its recipe (pass 3) and keeps the recipes and summaries for rebuilds.</summary>
    public async Task<BuildSummary[]> Build(IReadOnlyList<ShardRecipe> recipes, CancellationToken cancellationToken)
    {
        if (recipes.Count != Count) throw new ArgumentException($"{recipes.Count} recipes for {Count} shards.", nameof(recipes));
        var summaries = await All(ShardCallKind.Build, (s, grain) => grain.Build(recipes[s], cancellationToken), cancellationToken).ConfigureAwait(false);
        for (int s = 0; s < Count; s++) (_recipes[s], _summaries[s]) = (recipes[s], summaries[s]);
        return summaries;
    }

    /// <summary>
    /// Drops the rows of every shard that was called and deactivates its grain (best effort: a shard whose silo is gone has
    /// nothing left to drop; failures are ignored and the whole takes at most <paramref name="timeout"/>).
    /// </summary>
    public async Task ReleaseAsync(TimeSpan timeout)
    {
        var releases = Enumerable.Range(0, Count).Where(s => Volatile.Read(ref _called[s])).Select(async s =>
        {
            try
            {
                await Grain(s).Release().WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // a lost shard holds nothing; an unreachable one is collected after its age limit (ShardGrain)
            }
        });
        await Task.WhenAll(releases).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends shard <paramref name="shard"/>'s recipe again and checks that the rebuilt summary is the first one; counts the
    /// rebuild and its compute seconds in the <see cref="Ledger"/> (not as a build: a fit without faults has none).
    /// </summary>
    private async Task Rebuild(int shard, ShardRecipe recipe, Exception cause, CancellationToken cancellationToken)
    {
        var built = await Grain(shard).Build(recipe, cancellationToken).ConfigureAwait(false);
        if (built.Fault is { } fault) throw fault.ToException();
        if (!built.Value!.SameAs(_summaries[shard]!))
            throw new InvalidOperationException($"shard {shard} of {Count} (rows {recipe.Source.RowOffset}..{recipe.Source.RowOffset + recipe.Count - 1} of {recipe.Source.Path}) "
                + "was rebuilt with other labels or sums than its first build: the file changed during the fit, or the silos compute differently.");
        Ledger.Rebuilt(built.Seconds);
        _hooks?.ShardRebuilt?.Invoke(shard, cause);
    }

    private static TimeSpan Pause(int attempt) => TimeSpan.FromMilliseconds(Math.Min(LongestPause.TotalMilliseconds, 250 * Math.Pow(2, attempt - 1)));

    /// <summary>A shard's answer that its activation holds no rows, carried as the cause of the rebuild it triggers.</summary>
    private sealed class ShardLost(ShardFault fault) : Exception(fault.Message)
    {
        public ShardFault Fault { get; } = fault;
    }
}
