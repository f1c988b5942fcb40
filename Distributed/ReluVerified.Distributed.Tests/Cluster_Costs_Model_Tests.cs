using System.Collections.Immutable;
using Xunit;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// The model of <see cref="ClusterCosts.ModelledSeconds"/> on costs written by hand: T(k) = C + W / k + N l with the stated
/// C, W, N and l; it falls with k, never below C + N l (so never below the coordinator's own time); and costs compare
/// their arrays element by element.
/// </summary>
public sealed class Cluster_Costs_Model_Tests
{
    /// <summary>The model's terms are sums of a few exact binary fractions or tenths: 1e-12 relative covers their rounding.</summary>
    private const double Rounding = 1e-12;

    /// <summary>
    /// Two shards: read 1 + 2, build 3 + 4, products 5 + 6 s (W = 21); walls 12 + 20 s, waits 25 s (C = 7); 15 rounds whose
    /// slowest shards computed 22 s (l = 3 / 15 = 0.2 s, N l = 3 s).
    /// </summary>
    private static ClusterCosts Example(double productOfShard1 = 6) => new(2, 2, [1, 2], [3, 4], [5, productOfShard1], [10, 10], 10, 15, 25, 22, 0, 0, 12, 20, 14);

    [Fact]
    public void The_model_is_the_coordinators_time_plus_the_shards_work_over_k_plus_the_rounds_latency()
    {
        var costs = Example();
        Assert.Equal(7, costs.CoordinatorSeconds, Rounding);
        Assert.Equal(6, costs.CoordinatorSolveSeconds, Rounding);
        Assert.Equal(21, costs.ShardSeconds, Rounding);
        Assert.Equal(0.2, costs.LatencySeconds, Rounding);
        foreach (int k in new[] { 1, 2, 3, 7, 100 })
            Assert.True(Math.Abs(costs.ModelledSeconds(k) - (7 + 21.0 / k + 3)) <= Rounding * 31, $"T({k}) = {costs.ModelledSeconds(k):R}");
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
        Assert.Equal(21, odd.ModelledSeconds(1), Rounding);
    }

    [Fact]
    public void Costs_compare_their_per_shard_arrays_element_by_element()
    {
        Assert.Equal(Example(), Example());
        Assert.Equal(Example().GetHashCode(), Example().GetHashCode());
        Assert.NotEqual(Example(), Example(productOfShard1: 6.5));
        Assert.NotEqual(Example(), Example() with { ShardProductCalls = ImmutableArray.Create(10, 9) });
        Assert.Contains("k=2 20.50 s", Example().Describe([1, 2]), StringComparison.Ordinal);
    }
}
