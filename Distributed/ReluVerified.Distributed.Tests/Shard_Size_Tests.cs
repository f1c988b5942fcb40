using Xunit;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// A shard's factor rows live in one array: a fit whose largest shard would need more doubles than an array holds is
/// refused before any shard builds, naming how many shards would do; one at the limit passes.
/// </summary>
public sealed class Shard_Size_Tests
{
    [Fact]
    public void A_shard_too_large_for_one_array_is_refused_naming_the_shards_that_would_fit()
    {
        // 10,000,000 rows in 2 shards at rank 1000: 5e9 doubles in each
        var e = Assert.Throws<ArgumentException>(() => ClusterFit.CheckShardSize(1000, [5_000_000, 5_000_000], 2));
        Assert.Equal("shards", e.ParamName);
        Assert.Contains("a shard of 5000000 rows at rank 1000 needs 5000000000 doubles", e.Message);
        int suggested = int.Parse(System.Text.RegularExpressions.Regex.Match(e.Message, @"use about (\d+) shards").Groups[1].Value);
        Assert.True(10_000_000L / suggested * 1000 <= Array.MaxLength, $"{suggested} shards still leave a shard too large");
        // at the limit: accepted
        ClusterFit.CheckShardSize(1, [Array.MaxLength], 1);
        ClusterFit.CheckShardSize(1000, [2_000_000, 1], 2);
    }
}
