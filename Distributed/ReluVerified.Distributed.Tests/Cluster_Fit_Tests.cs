using System.Diagnostics;
using Orleans.Runtime;
using ReluVerified.Core.Learning;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// The cluster fit on three in-process silos gives StreamingFit's model (objective, certificate and predictions to 1e-10
/// relative) on CSV and Parquet files, survives a silo killed mid-fit with the same answer (its costs counting the
/// rebuilds), names a missing file, stops on cancellation, and leaves no shard grain behind in every case; ClusterPredict
/// gives the model's predictions.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class Cluster_Fit_Tests(ClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// The issue's bar: the cluster sums the same factor rows' products in another order (shard by shard, rows in file
    /// order rather than the canonical order), and the interior point's iterates differ by that rounding only. Relative to
    /// the objective for the objective, the dual bound and the gap (the gap is a difference of two such numbers), to the
    /// largest prediction for predictions.
    /// </summary>
    private const double Agreement = 1e-10;

    private const int Rows = 3000, Dimension = 10, Rank = 60;

    private readonly string _directory = Directory.CreateTempSubdirectory("relu-cluster-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Csv(int seed, out double[][] fresh)
    {
        var (x, y) = TestData.Planted(Rows, Dimension, seed);
        fresh = TestData.Planted(500, Dimension, seed + 1).X;
        string path = Path.Combine(_directory, $"train-{seed}.csv");
        TestData.WriteCsv(path, x, y);
        return path;
    }

    /// <summary>Asserts that two fits agree to <see cref="Agreement"/> and prints how closely.</summary>
    private void AssertSame(ReliableReluModel single, ReliableReluModel cluster, double[][] fresh, string what)
    {
        var (a, b) = (single.Report, cluster.Report);
        double scale = Math.Max(Math.Abs(a.Objective), double.Epsilon);
        double objective = Math.Abs(a.Objective - b.Objective) / scale;
        double gap = Math.Abs(a.DualityGap - b.DualityGap) / scale;
        double dual = Math.Abs(a.Objective - a.DualityGap - (b.Objective - b.DualityGap)) / scale;
        var (pa, pb) = (single.Predict(fresh), cluster.Predict(fresh));
        double largest = Math.Max(pa.Max(Math.Abs), double.Epsilon);
        double predictions = pa.Zip(pb, (p, q) => Math.Abs(p - q)).Max() / largest;
        output.WriteLine($"{what}: objective {a.Objective:R} / {b.Objective:R} (rel {objective:E1}), gap {a.DualityGap:E3} / {b.DualityGap:E3} (rel {gap:E1}), "
            + $"dual bound rel {dual:E1}, predictions rel {predictions:E1}, iterations {a.Iterations} / {b.Iterations}, exit {a.Exit} / {b.Exit}");
        Assert.Equal(a.Exit, b.Exit);
        Assert.True(objective <= Agreement, $"{what}: objective differs by {objective:E2} relative");
        Assert.True(gap <= Agreement, $"{what}: gap differs by {gap:E2} relative to the objective");
        Assert.True(dual <= Agreement, $"{what}: dual bound differs by {dual:E2} relative to the objective");
        Assert.True(predictions <= Agreement, $"{what}: predictions differ by {predictions:E2} relative");
        Assert.Equal(single.Embedding, cluster.Embedding);
        Assert.Equal(single.Hypothesis!.Support, cluster.Hypothesis!.Support);
        Assert.Equal(single.FeatureNames.ToArray(), cluster.FeatureNames.ToArray());
    }

    [Fact]
    public async Task A_cluster_fit_of_a_csv_file_is_the_streaming_fit_and_leaves_no_shard_behind()
    {
        const int seed = 1802;
        string path = Csv(seed, out var fresh);
        var options = TestData.Options(degree: 2, Rank, seed);
        var clock = Stopwatch.StartNew();
        var single = StreamingFit.Fit(path, options);
        var singleTime = clock.Elapsed;
        clock.Restart();
        var cluster = ClusterFit.Fit(fixture.Client, path, options, shards: 5);
        output.WriteLine($"seed {seed}; cluster started in {fixture.StartTime.TotalSeconds:F2} s; streaming fit {singleTime.TotalSeconds:F2} s, cluster fit {clock.Elapsed.TotalSeconds:F2} s");
        AssertSame(single, cluster, fresh, "csv, 5 shards");
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the fit");

        var predicted = ClusterPredict.Predict(fixture.Client, cluster, path, shards: 4);
        var local = cluster.Predict(RowStream.Open(path).Rows().Select(r => r.Features).ToArray());
        double largest = local.Max(Math.Abs);
        Assert.True(predicted.Zip(local, (p, q) => Math.Abs(p - q)).Max() <= Agreement * largest, "ClusterPredict differs from Predict");
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the prediction");
    }

    [Fact]
    public async Task A_cluster_fit_of_a_parquet_file_is_the_streaming_fit()
    {
        const int seed = 1803;
        var (x, y) = TestData.Planted(Rows, Dimension, seed);
        var fresh = TestData.Planted(500, Dimension, seed + 1).X;
        string path = Path.Combine(_directory, "train.parquet");
        TestData.WriteParquet(path, x, y, rowGroupSize: 450);
        var options = TestData.Options(degree: 3, Rank, seed);
        var single = StreamingFit.Fit(path, options);
        var cluster = ClusterFit.Fit(fixture.Client, path, options); // two shards per silo
        output.WriteLine($"seed {seed}");
        AssertSame(single, cluster, fresh, "parquet, 7 row groups, 6 shards");
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the fit");
    }

    [Fact]
    public async Task More_shards_than_rows_give_the_same_fit()
    {
        const int seed = 1807;
        var (x, y) = TestData.Planted(40, 4, seed);
        var fresh = TestData.Planted(50, 4, seed + 1).X;
        string path = Path.Combine(_directory, "small.csv");
        TestData.WriteCsv(path, x, y);
        var options = TestData.Options(degree: 2, rank: 10, seed);
        AssertSame(StreamingFit.Fit(path, options), ClusterFit.Fit(fixture.Client, path, options, shards: 50), fresh, "40 rows, 50 shards");
        output.WriteLine($"seed {seed}");
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the fit");
    }

    [Fact]
    public async Task A_silo_killed_after_the_factor_is_built_loses_only_its_shards_which_are_rebuilt_with_the_same_answer()
    {
        const int seed = 1804;
        string path = Csv(seed, out var fresh);
        var options = TestData.Options(degree: 2, Rank, seed);
        var single = StreamingFit.Fit(path, options);
        var clock = Stopwatch.StartNew();
        var baseline = ClusterFit.Fit(fixture.Client, path, options, shards: 6);
        var baselineTime = clock.Elapsed;
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the baseline fit");

        var rebuilt = new List<(int Shard, string Cause, TimeSpan At)>();
        string killed = "";
        TimeSpan killedAt = default;
        var hooks = new FitHooks
        {
            // the silo that hosts the most of this fit's shards dies (the first silo is spared, so the cluster keeps its oldest member)
            FactorBuilt = _ =>
            {
                var hosts = fixture.ShardActivations().GetAwaiter().GetResult();
                var victim = fixture.Cluster.Silos.Skip(1).OrderByDescending(s => hosts.GetValueOrDefault(s.SiloAddress)).First();
                Assert.True(hosts.GetValueOrDefault(victim.SiloAddress) > 0, $"no shard on a silo that may be killed: [{string.Join(", ", hosts.Select(h => $"{h.Key}: {h.Value}"))}]");
                killed = $"{victim.SiloAddress} with {hosts[victim.SiloAddress]} of 6 shards";
                fixture.Cluster.KillSiloAsync(victim).GetAwaiter().GetResult();
                killedAt = clock.Elapsed;
            },
            ShardRebuilt = (shard, cause) => { lock (rebuilt) rebuilt.Add((shard, cause.GetType().Name, clock.Elapsed)); },
        };
        clock.Restart();
        try
        {
            var (cluster, costs) = ClusterFit.RunObserved(fixture.Client, path, options, "y", 6, null, null, hooks, CancellationToken.None);
            var total = clock.Elapsed;
            output.WriteLine($"seed {seed}; killed {killed} at {killedAt.TotalSeconds:F2} s; shards rebuilt "
                + $"[{string.Join(", ", rebuilt.OrderBy(r => r.Shard).Select(r => $"{r.Shard} ({r.Cause}, {(r.At - killedAt).TotalSeconds:F2} s after the kill)"))}]; "
                + $"fit {total.TotalSeconds:F2} s against {baselineTime.TotalSeconds:F2} s without a kill; costs counted {costs.Rebuilds} rebuilds ({costs.RebuildSeconds:F3} s)");
            Assert.NotEmpty(rebuilt);
            // the costs count every rebuild the fleet reported, and each rebuild read and built its shard again
            Assert.Equal(rebuilt.Count, costs.Rebuilds);
            Assert.True(costs.RebuildSeconds > 0, "the rebuilds took no compute time");
            AssertSame(single, cluster, fresh, "csv, 6 shards, a silo killed");
            AssertSame(baseline, cluster, fresh, "the same cluster fit without the kill");
            Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the fit");
        }
        finally
        {
            while (fixture.Cluster.Silos.Count < ClusterFixture.Silos) await fixture.Cluster.StartAdditionalSiloAsync();
        }
    }

    [Fact]
    public async Task A_missing_data_file_is_an_error_naming_it()
    {
        string path = Path.Combine(_directory, "absent", "train.csv");
        var error = Assert.Throws<IOException>(() => ClusterFit.Fit(fixture.Client, path, TestData.Options(2, Rank, 1)));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        output.WriteLine(error.Message);
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the failed fit");
    }

    [Fact]
    public async Task A_cancelled_fit_throws_and_releases_every_shard_grain()
    {
        const int seed = 1805;
        string path = Csv(seed, out _);
        using var cancellation = new CancellationTokenSource();
        int activeWhenCancelled = 0;
        var hooks = new FitHooks
        {
            FactorBuilt = _ =>
            {
                activeWhenCancelled = fixture.ShardActivations().GetAwaiter().GetResult().Values.Sum();
                cancellation.Cancel();
            },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => ClusterFit.RunObserved(fixture.Client, path, TestData.Options(2, Rank, seed), "y", 5, null, null, hooks, cancellation.Token));
        Assert.Equal(5, activeWhenCancelled);
        Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the cancelled fit");
        output.WriteLine($"seed {seed}: {activeWhenCancelled} shard grains active when cancelled, none after");
    }

    [Fact]
    public void Bad_rows_are_refused_with_the_streaming_fits_messages()
    {
        const int seed = 1806;
        var (x, y) = TestData.Planted(1000, 3, seed);
        y[777] = 1.5; // a label outside [0, 1] in a later shard
        string path = Path.Combine(_directory, "label.csv");
        TestData.WriteCsv(path, x, y);
        var options = TestData.Options(2, 20, seed);
        var single = Assert.Throws<ArgumentException>(() => StreamingFit.Fit(path, options));
        var cluster = Assert.Throws<ArgumentException>(() => ClusterFit.Fit(fixture.Client, path, options, shards: 4));
        Assert.Equal(single.Message, cluster.Message);

        var lines = File.ReadAllLines(path);
        lines[612] = "1,2"; // a row with too few values (file line 613)
        File.WriteAllLines(path, lines);
        var parse = Assert.Throws<DataFormatException>(() => StreamingFit.Fit(path, options));
        var shard = Assert.Throws<DataFormatException>(() => ClusterFit.Fit(fixture.Client, path, options, shards: 4));
        Assert.Equal(parse.Message, shard.Message);
        output.WriteLine($"seed {seed}: {single.Message} | {parse.Message}");
    }
}
