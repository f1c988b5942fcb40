using System.Collections.Immutable;

namespace ReluVerified.Distributed;

/// <summary>
/// The coordinator's running account of one fleet's shard work (<see cref="ShardFleet"/>): per shard and kind of call, the
/// compute seconds the shards reported (<see cref="ShardReply{T}.Seconds"/>) and the calls answered; per kind, the rounds
/// (a round calls some shards at once and waits for all of them), the seconds the coordinator waited in them and, summed
/// over rounds, the largest shard's compute seconds in each; and the rebuilds after faults. Shards answer concurrently,
/// so every update takes a lock; <see cref="Costs"/> reads the account as a value.
/// </summary>
internal sealed class CostLedger
{
    private static readonly int Kinds = Enum.GetValues<ShardCallKind>().Length;

    private readonly object _gate = new();
    private readonly double[,] _seconds;
    private readonly int[,] _calls;
    private readonly int[] _rounds;
    private readonly double[] _wait;
    private readonly double[] _critical;
    private int _rebuilds;
    private double _rebuildSeconds;

    /// <summary>An empty account for <paramref name="shards"/> shards.</summary>
    public CostLedger(int shards)
    {
        Shards = shards;
        _seconds = new double[Kinds, shards];
        _calls = new int[Kinds, shards];
        _rounds = new int[Kinds];
        _wait = new double[Kinds];
        _critical = new double[Kinds];
    }

    /// <summary>The number of shards K.</summary>
    public int Shards { get; }

    /// <summary>Charges one answered call of <paramref name="shard"/> that computed for <paramref name="seconds"/>.</summary>
    public void Charge(ShardCallKind kind, int shard, double seconds)
    {
        lock (_gate)
        {
            _seconds[(int)kind, shard] += seconds;
            _calls[(int)kind, shard]++;
        }
    }

    /// <summary>Records one round: the coordinator waited <paramref name="waitSeconds"/>; its slowest shard computed for <paramref name="criticalSeconds"/>.</summary>
    public void Round(ShardCallKind kind, double waitSeconds, double criticalSeconds)
    {
        lock (_gate)
        {
            _rounds[(int)kind]++;
            _wait[(int)kind] += waitSeconds;
            _critical[(int)kind] += criticalSeconds;
        }
    }

    /// <summary>Records a shard rebuilt from its recipe on a new activation, whose build computed for <paramref name="seconds"/>.</summary>
    public void Rebuilt(double seconds)
    {
        lock (_gate)
        {
            _rebuilds++;
            _rebuildSeconds += seconds;
        }
    }

    /// <summary>The rounds of <paramref name="kind"/> so far.</summary>
    public int Rounds(ShardCallKind kind)
    {
        lock (_gate) return _rounds[(int)kind];
    }

    /// <summary>The calls of <paramref name="kind"/> that <paramref name="shard"/> answered so far.</summary>
    public int Calls(ShardCallKind kind, int shard)
    {
        lock (_gate) return _calls[(int)kind, shard];
    }

    /// <summary>
    /// The account as a fit's costs (the fit's rounds of kinds Read, Build and Product; Score rounds are no part of a fit),
    /// with the coordinator's wall seconds of the passes and of the solve, measured by the caller, and the silos and machines it saw.
    /// </summary>
    public ClusterCosts Costs(int silos, int machines, double passesSeconds, double solveSeconds)
    {
        lock (_gate)
        {
            ShardCallKind[] fit = [ShardCallKind.Read, ShardCallKind.Build, ShardCallKind.Product];
            return new ClusterCosts(Shards, silos, machines, Row(ShardCallKind.Read), Row(ShardCallKind.Build), Row(ShardCallKind.Product),
                [.. Enumerable.Range(0, Shards).Select(s => _calls[(int)ShardCallKind.Product, s])], _rounds[(int)ShardCallKind.Product],
                fit.Sum(k => _rounds[(int)k]), fit.Sum(k => _wait[(int)k]), fit.Sum(k => _critical[(int)k]), _rebuilds, _rebuildSeconds,
                passesSeconds, solveSeconds, _wait[(int)ShardCallKind.Product]);
        }
    }

    private ImmutableArray<double> Row(ShardCallKind kind) => [.. Enumerable.Range(0, Shards).Select(s => _seconds[(int)kind, s])];
}
