using System.Collections.Immutable;
using Xunit;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// The model of <see cref="ClusterCosts.ModelledSeconds"/> on costs written by hand: T(k) = C + S M / k + N l with the stated
/// C, S, M, N and l; on the measured machines it gives the measured wall; it falls with k, never below C + N l (so never
/// below the coordinator's own time); and costs compare their arrays element by element.
/// </summary>
public sealed class Cluster_Costs_Model_Tests
{
    /// <summary>The model's terms are sums of a few exact binary fractions or tenths: 1e-12 relative covers their rounding.</summary>
    private const double Rounding = 1e-12;

    /// <summary>
    /// Two shards on two silos of one machine (M = 1): read 1 + 2, build 3 + 4, products 5 + 6 s (W = 21); walls 12 + 20 s,
    /// waits 25 s (C = 7); 15 rounds whose slowest shards computed 22 s (S = 22, l = 3 / 15 = 0.2 s, N l = 3 s).
    /// </summary>
    private static ClusterCosts Example(double productOfShard1 = 6, int machines = 1)
        => new(2, 2, machines, [1, 2], [3, 4], [5, productOfShard1], [10, 10], 10, 15, 25, 22, 0, 0, 12, 20, 14);

    [Fact]
    public void The_model_is_the_coordinators_time_plus_the_shards_part_scaled_by_machines_plus_the_rounds_latency()
    {
        var costs = Example();
        Assert.Equal(7, costs.CoordinatorSeconds, Rounding);
        Assert.Equal(6, costs.CoordinatorSolveSeconds, Rounding);
        Assert.Equal(21, costs.ShardSeconds, Rounding);
        Assert.Equal(0.2, costs.LatencySeconds, Rounding);
        foreach (int k in new[] { 1, 2, 3, 7, 100 })
            Assert.True(Math.Abs(costs.ModelledSeconds(k) - (7 + 22.0 / k + 3)) <= Rounding * 32, $"T({k}) = {costs.ModelledSeconds(k):R}");
        // on the measured machine the model gives the measured wall (12 + 20 s)
        Assert.Equal(costs.WallSeconds, costs.ModelledSeconds(1), Rounding * 32);
        // measured on two machines: k = 2 is the measurement, k = 1 twice the shards' part
        var two = Example(machines: 2);
        Assert.Equal(two.WallSeconds, two.ModelledSeconds(2), Rounding * 32);
        Assert.Equal(7 + 44 + 3, two.ModelledSeconds(1), Rounding * 54);
        Assert.Throws<ArgumentOutOfRangeException>(() => costs.ModelledSeconds(0));
    }

    [Fact]
    public void The_modelled_time_falls_with_k_and_stays_above_the_coordinators_time()
    {
        var costs = Example();
        for (int k = 1; k < 1000; k++) Assert.True(costs.ModelledSeconds(k + 1) < costs.ModelledSeconds(k), $"T({k + 1}) >= T({k})");
        double floor = costs.CoordinatorSeconds + costs.Rounds * costs.LatencySeconds;
        Assert.True(costs.ModelledSeconds(int.MaxValue) >= floor);
        Assert.True(costs.ModelledSeconds(int.MaxValue) - floor < 1e-6);
        Assert.True(floor >= costs.CoordinatorSeconds);

        // no rounds: no latency; waits longer than the walls (clock skew): no negative coordinator time
        var odd = costs with { Rounds = 0, WaitSeconds = 40 };
        Assert.Equal(0, odd.LatencySeconds);
        Assert.Equal(0, odd.CoordinatorSeconds);
        Assert.Equal(22, odd.ModelledSeconds(1), Rounding);
    }

    [Fact]
    public void Costs_compare_their_per_shard_arrays_element_by_element()
    {
        Assert.Equal(Example(), Example());
        Assert.Equal(Example().GetHashCode(), Example().GetHashCode());
        Assert.NotEqual(Example(), Example(productOfShard1: 6.5));
        Assert.NotEqual(Example(), Example() with { ShardProductCalls = ImmutableArray.Create(10, 9) });
        Assert.NotEqual(Example(), Example(machines: 2));
        Assert.Contains("k=2 21.00 s", Example().Describe([1, 2]), StringComparison.Ordinal);
    }
}
