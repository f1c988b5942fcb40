using Orleans.Runtime;
using ReluVerified.Core.LinearAlgebra;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// The costs a cluster fit reports (<see cref="ClusterCosts"/>) on three in-process silos: one entry per shard, every
/// measured time positive, the calls counted one by one as the solver's products make them, the waits consistent with the
/// walls, and the model of the time on k machines falling with k towards the coordinator's own time. The rebuilds after a
/// killed silo are counted in Cluster_Fit_Tests' kill test.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class Cluster_Costs_Tests(ClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    /// <summary>The rounds of shard calls of passes 1 to 3 on a CSV file: layout, scan, statistics, landmark candidates, build.</summary>
    private const int PassRounds = 5;

    private readonly string _directory = Directory.CreateTempSubdirectory("relu-costs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_fits_costs_have_one_positive_entry_per_shard_and_waits_within_the_walls()
    {
        const int seed = 1811, shards = 5;
        var (x, y) = TestData.Planted(3000, 10, seed);
        string path = Path.Combine(_directory, "train.csv");
        TestData.WriteCsv(path, x, y);
        var options = TestData.Options(degree: 2, rank: 60, seed);
        int silos = (await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
        var (model, costs) = ClusterFit.Run(fixture.Client, path, options, shards: shards);
        output.WriteLine($"seed {seed}, {model.Report.Iterations} solver iterations\n{costs.Describe([1, 2, 4, 8])}");

        Assert.Equal(shards, costs.Shards);
        Assert.Equal(silos, costs.Silos);
        foreach (var perShard in new[] { costs.ReadSeconds, costs.BuildSeconds, costs.ProductSeconds })
        {
            Assert.Equal(shards, perShard.Length);
            Assert.All(perShard, seconds => Assert.True(seconds > 0, $"a shard reported {seconds} s"));
        }
        Assert.Equal(shards, costs.ShardProductCalls.Length);
        // every shard holds 600 rows, so every product but a weighted Gram whose weights are 0 on a shard calls every shard
        Assert.All(costs.ShardProductCalls, calls => Assert.InRange(calls, 1, costs.ProductCalls));
        Assert.True(costs.ProductCalls >= model.Report.Iterations, $"{costs.ProductCalls} products for {model.Report.Iterations} interior-point iterations");
        Assert.Equal(PassRounds + costs.ProductCalls, costs.Rounds);
        Assert.Equal(0, costs.Rebuilds);
        Assert.Equal(0, costs.RebuildSeconds);

        // the coordinator waits at least as long as the slowest shard computes, and never longer than it runs
        Assert.True(costs.CriticalSeconds > 0 && costs.CriticalSeconds <= costs.WaitSeconds, $"critical {costs.CriticalSeconds} s, waited {costs.WaitSeconds} s");
        Assert.True(costs.WaitSeconds <= costs.WallSeconds, $"waited {costs.WaitSeconds} s in a wall of {costs.WallSeconds} s");
        Assert.True(costs.SolveWaitSeconds > 0 && costs.SolveWaitSeconds <= costs.SolveSeconds, $"solve waited {costs.SolveWaitSeconds} s of {costs.SolveSeconds} s");
        Assert.True(costs.PassesSeconds > 0 && costs.CoordinatorSolveSeconds > 0, $"passes {costs.PassesSeconds} s, coordinator's solve {costs.CoordinatorSolveSeconds} s");
        // the in-process cluster's silos share one machine (one address): T(1) = C + S + N l is the measured wall
        Assert.Equal(1, costs.Machines);
        Assert.True(costs.ShardSeconds >= costs.CriticalSeconds, $"shards' seconds {costs.ShardSeconds} < critical {costs.CriticalSeconds}");
        Assert.True(Math.Abs(costs.ModelledSeconds(1) - costs.WallSeconds) <= 1e-9 * costs.WallSeconds + 1e-9,
            $"T(1) = {costs.ModelledSeconds(1)} s, wall {costs.WallSeconds} s");
        for (int k = 1; k < 64; k++) Assert.True(costs.ModelledSeconds(k + 1) < costs.ModelledSeconds(k), $"T({k + 1}) >= T({k})");
        Assert.True(costs.ModelledSeconds(1_000_000) >= costs.CoordinatorSeconds);

        Assert.Equal(model.Report.Objective, ClusterFit.Fit(fixture.Client, path, options, shards: shards).Report.Objective);
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the fits");
    }

    [Fact]
    public async Task The_costs_count_each_product_of_the_factor_rows_as_one_round_and_each_shard_called()
    {
        const int seed = 1812, rows = 1500, shards = 7;
        var (x, y) = TestData.Planted(rows, 8, seed);
        string path = Path.Combine(_directory, "train.csv");
        TestData.WriteCsv(path, x, y);
        var (options, settings, rank) = StreamingFit.Prepare(TestData.Options(degree: 2, rank: 30, seed));
        var fleet = new ShardFleet(fixture.Client, Guid.NewGuid(), shards);
        try
        {
            var factor = ClusterFit.BuildFactor(fleet, path, options, settings, rank, "y", null, null, CancellationToken.None);
            var counts = factor.Rows.Counts;
            Assert.All(counts, count => Assert.True(count > 0));
            var before = fleet.Ledger.Costs(ClusterFixture.Silos, 1, 0, 0);
            Assert.Equal(PassRounds, before.Rounds);
            Assert.Equal(0, before.ProductCalls);

            var random = new Random(seed);
            var r = factor.Rows.Rank;
            var expected = new int[shards];
            void Everyone() { for (int s = 0; s < shards; s++) expected[s]++; }
            factor.Rows.Times(new double[r], ComputeBackend.Auto);
            factor.Rows.Times([.. Enumerable.Range(0, r).Select(_ => random.NextDouble())], ComputeBackend.Auto);
            Everyone();
            Everyone();
            factor.Rows.TransposeTimes([.. Enumerable.Range(0, rows).Select(_ => random.NextDouble())], ComputeBackend.Auto);
            Everyone();
            factor.Rows.RowSquaredNorms();
            factor.Rows.RowSquaredNorms(); // cached: no second round
            Everyone();
            // weights 0 on the first 700 rows: the shards that hold none of the others are not called
            var d = Enumerable.Range(0, rows).Select(i => i < 700 ? 0.0 : 1.0).ToArray();
            factor.Rows.AddWeightedGram(d, new double[r * r], ComputeBackend.Auto);
            for (int s = 0, start = 0; s < shards; start += counts[s], s++)
                if (start + counts[s] > 700) expected[s]++;
            factor.Rows.RowDot(0, rows - 1); // two rounds: row 0 from the first shard, the last row from the last
            factor.Rows.RowDot(3, 3); // one round: the same row twice
            expected[0] += 2;
            expected[shards - 1]++;

            var costs = fleet.Ledger.Costs(ClusterFixture.Silos, 1, 0, 0);
            output.WriteLine($"seed {seed}: rows per shard [{string.Join(", ", counts)}], calls per shard [{string.Join(", ", costs.ShardProductCalls)}], "
                + $"product seconds [{string.Join(", ", costs.ProductSeconds.Select(t => $"{t * 1000:F2} ms"))}]");
            Assert.Equal(2 + 1 + 1 + 1 + 2 + 1, costs.ProductCalls);
            Assert.Equal(PassRounds + costs.ProductCalls, costs.Rounds);
            Assert.Equal(expected, costs.ShardProductCalls.ToArray());
            Assert.All(costs.ProductSeconds, seconds => Assert.True(seconds > 0));
            Assert.True(costs.SolveWaitSeconds > 0, "no wait recorded for the products");
            Assert.Equal(before.ReadSeconds.ToArray(), costs.ReadSeconds.ToArray());
            Assert.Equal(before.BuildSeconds.ToArray(), costs.BuildSeconds.ToArray());
        }
        finally
        {
            await fleet.ReleaseAsync(TimeSpan.FromSeconds(10));
            Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the release");
        }
    }
}
