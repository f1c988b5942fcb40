using System.Collections.Immutable;
using System.Diagnostics;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Hypotheses;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;

namespace ReluVerified.Distributed;

/// <summary>
/// Fits the low-rank model of Facade/ReluVerified/StreamingFit.cs (S-lowrank, one degree and weight, uniform landmarks) on an
/// Orleans cluster: the data file is cut into K shards, contiguous and in file order (CSV by byte ranges, Parquet by row
/// groups), each owned by a shard grain that reads its part where it runs and keeps its factor rows in memory. This
/// coordinator runs in the client process:
/// <list type="number">
/// <item>statistics: every shard's row count, label checks and largest row norm, giving the embedding;</item>
/// <item>landmarks: every shard's first r embedded rows in the canonical order of <see cref="RowOrder"/>, merged into the
/// file's first r rows (the in-memory learner's uniform landmarks), then T from Core/ReluVerified.Core/LowRank/Nystroem.cs;</item>
/// <item>factor rows: every shard builds L_s = C_s T from the recipe it is sent (<see cref="ShardRecipe"/>);</item>
/// <item>the solve and the finish of Core/ReluVerified.Core/Learning/KernelLearner.cs over the shards' rows
/// (<see cref="GrainFactorRows"/>), whose products sum the shards' parts in shard order.</item>
/// </list>
/// The factor rows are StreamingFit's (in file order rather than the canonical order), so objective, certificate and
/// predictions equal its own up to the rounding of sums taken in another order. A shard whose silo dies is rebuilt on a live
/// one from its recipe (<see cref="ShardFleet"/>); every shard grain is released when the fit ends, however it ends.
/// <see cref="Run"/> also returns what the fit cost, shard by shard, and a model of its time on k machines
/// (<see cref="ClusterCosts"/>).
/// </summary>
public static class ClusterFit
{
    /// <summary>How long the release of a fit's shards may take before the fit returns anyway (best effort).</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Fits <paramref name="path"/> (CSV, or Parquet by extension; every silo must see it at that path) with
    /// <paramref name="options"/> on the cluster that <paramref name="client"/> is connected to: the same checks, errors
    /// (file, line, column) and model as <see cref="StreamingFit.Fit"/>. <paramref name="shards"/> is K (0: two per active
    /// silo); <paramref name="delimiter"/> is the CSV separator (null: detected from the header line). Progress per pass,
    /// then the solver's. Blocks until the fit ends; cancelling throws <see cref="OperationCanceledException"/>.
    /// The model of <see cref="Run"/>, without its costs.
    /// </summary>
    public static ReliableReluModel Fit(IClusterClient client, string path, ReliableReluOptions options, string labelName = "y", int shards = 0,
        IProgress<LearnerProgress>? progress = null, char? delimiter = null, CancellationToken cancellationToken = default)
        => RunObserved(client, path, options, labelName, shards, progress, delimiter, null, cancellationToken).Model;

    /// <summary>
    /// The fit of <see cref="Fit"/> (same arguments, checks, errors and model) with what it cost: per shard, the compute
    /// seconds of reading, building and the solver's products as the shard grains measured them, the calls, the rebuilds
    /// after faults, and the coordinator's wall and own seconds (<see cref="ClusterCosts"/>, whose
    /// <see cref="ClusterCosts.ModelledSeconds"/> models the fit's time on k machines from them).
    /// </summary>
    public static ClusterFitResult Run(IClusterClient client, string path, ReliableReluOptions options, string labelName = "y", int shards = 0,
        IProgress<LearnerProgress>? progress = null, char? delimiter = null, CancellationToken cancellationToken = default)
        => RunObserved(client, path, options, labelName, shards, progress, delimiter, null, cancellationToken);

    /// <summary>The fit and its costs (<see cref="Run"/>), with <paramref name="hooks"/> told of its inner events (<see cref="FitHooks"/>).</summary>
    internal static ClusterFitResult RunObserved(IClusterClient client, string path, ReliableReluOptions options, string labelName, int shards,
        IProgress<LearnerProgress>? progress, char? delimiter, FitHooks? hooks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(labelName);
        ArgumentOutOfRangeException.ThrowIfNegative(shards);
        var (resolved, settings, rank) = StreamingFit.Prepare(options);
        options = resolved;
        int silos = Wait(ClusterFile.ActiveSilos(client)), machines = Wait(ClusterFile.ActiveMachines(client));
        var clock = Stopwatch.StartNew();
        var fleet = new ShardFleet(client, Guid.NewGuid(), shards > 0 ? shards : ClusterFile.DefaultShards(silos), hooks);
        try
        {
            var factor = BuildFactor(fleet, path, options, settings, rank, labelName, delimiter, progress, cancellationToken);
            double passesMilliseconds = clock.Elapsed.TotalMilliseconds;
            hooks?.FactorBuilt?.Invoke(fleet.Fit);
            double factorMilliseconds = clock.Elapsed.TotalMilliseconds;
            var fit = Solve(factor, settings, progress, cancellationToken);
            // the passes over the file count as building the kernel matrix (the factor); the rest is the solve
            double totalMilliseconds = clock.Elapsed.TotalMilliseconds;
            var timings = new FitTimings(factorMilliseconds, totalMilliseconds - factorMilliseconds, totalMilliseconds);
            var model = new ReliableReluModel(options, factor.Embedding, new Predictor.KernelExpansion(fit.Hypothesis),
                TaskReports.Kernel(options, settings, fit, factor.Embedding, timings), factor.FeatureNames);
            // the costs leave out the time the hooks took (a check's own work, e.g. killing a silo)
            return new ClusterFitResult(model, fleet.Ledger.Costs(silos, machines, passesMilliseconds / 1000, (totalMilliseconds - factorMilliseconds) / 1000));
        }
        finally
        {
            fleet.ReleaseAsync(ReleaseTimeout).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The three passes over the file on <paramref name="fleet"/>'s shards (options already through StreamingFit's checks):
    /// statistics and embedding, landmarks and map, factor rows. The shards then hold the rows; the caller releases them.
    /// </summary>
    internal static ShardedFactor BuildFactor(ShardFleet fleet, string path, ReliableReluOptions options, LearnerSettings settings, int rank, string labelName,
        char? delimiter, IProgress<LearnerProgress>? progress, CancellationToken cancellationToken)
    {
        var (layout, sources) = Wait(ClusterFile.Open(fleet, path, labelName, true, delimiter, cancellationToken));
        var (placed, counts, embedding) = Statistics(fleet, sources, layout, options, path, cancellationToken);
        int m = counts.Sum();
        progress?.Report(new LearnerProgress(LearnerPhase.Read, 1, 4, $"pass 1 (statistics): {m} rows in {fleet.Count} shards"));

        var kernel = settings.Family.For(options.Degree!.Value);
        var code = EmbeddingCode.Of(embedding);
        var candidates = Wait(fleet.All(ShardCallKind.Read, (s, grain) => grain.Candidates(placed[s], code, rank, options.Seed, cancellationToken), cancellationToken));
        var firstRows = PointSet.FromRows(ShardPlan.Landmarks(candidates, rank), PointDomain.Ball, "landmarks");
        var landmarks = Nystroem.Independent(kernel, firstRows, ComputeBackend.Auto, cancellationToken);
        var (map, jitter) = Nystroem.Map(kernel, landmarks, ComputeBackend.Auto, cancellationToken);
        ClusterHosting.CheckMessageSize(landmarks.Count, counts.Max());
        CheckShardSize(landmarks.Count, counts, fleet.Count);
        progress?.Report(new LearnerProgress(LearnerPhase.Read, 2, 4, $"pass 2 (landmarks): {m}/{m} rows"));

        var recipes = Enumerable.Range(0, fleet.Count).Select(s => new ShardRecipe(placed[s], counts[s], code, KernelCode.Of(kernel),
            landmarks.Count, landmarks.Dimension, landmarks.Coordinates.ToArray(), map.ToArray())).ToArray();
        var summaries = Wait(fleet.Build(recipes, cancellationToken));
        double trace = 0, residual = 0, maxResidual = 0;
        foreach (var summary in summaries)
        {
            trace += summary.KernelTrace;
            residual += summary.Residual;
            maxResidual = Math.Max(maxResidual, summary.MaxResidual);
        }
        progress?.Report(new LearnerProgress(LearnerPhase.Gram, 3, 4, $"pass 3 (factor rows): {m}/{m} rows, rank {landmarks.Count}"));
        return new ShardedFactor([.. layout.FeatureNames], embedding, kernel, landmarks, map, jitter, new GrainFactorRows(fleet, counts, landmarks.Count, cancellationToken),
            [.. summaries.SelectMany(summary => summary.Labels)], trace, residual, maxResidual);
    }

    /// <summary>
    /// Pass 1: every shard's statistics, the first refused row in file order raised with StreamingFit's message (its
    /// position in the file), the shards placed in the file, and the embedding.
    /// </summary>
    private static (ImmutableArray<ShardSource> Placed, int[] Counts, Embedding Embedding) Statistics(ShardFleet fleet, ImmutableArray<ShardSource> sources,
        FileLayout layout, ReliableReluOptions options, string path, CancellationToken cancellationToken)
    {
        var (lower, upper) = ReliableRelu.LabelRange(options.Task);
        bool identity = options.Scale == ScaleKind.None;
        var statistics = Wait(fleet.All(ShardCallKind.Read, (s, grain) => grain.Statistics(sources[s], identity, lower, upper, cancellationToken), cancellationToken));
        long before = 0;
        double largest = 0;
        foreach (var shard in statistics)
        {
            if (shard.Problem is { } problem)
            {
                long row = before + problem.Row;
                throw problem.IsNorm
                    ? new ArgumentException($"{path} row {row} has norm {problem.Value:G6} > 1, but the embedding is ScaleKind.None: use Scale = ScaleKind.MaxNorm.", nameof(path))
                    : new ArgumentException($"{path} row {row}: label {problem.Value} is outside [{lower}, {upper}].", nameof(path));
            }
            before += shard.Count;
            largest = Math.Max(largest, shard.Largest);
        }
        if (before == 0) throw new DataFormatException($"{path}: the header is followed by no data rows.");
        if (before > int.MaxValue) throw new DataFormatException($"{path}: {before} rows; a fit takes at most {int.MaxValue}.");
        int n = layout.FeatureNames.Length;
        Embedding embedding = identity ? new Embedding.Identity(n, options.Bias == true) : new Embedding.MaxNorm(n, largest > 0 ? largest : 1.0, options.Bias == true);
        var counts = statistics.Select(shard => shard.Count).ToArray();
        return (ShardPlan.Place(sources, counts), counts, embedding);
    }

    /// <summary>
    /// The solve and finish of Core/ReluVerified.Core/Learning/KernelLearner.cs on the shards' factor rows: the program of
    /// T2.1 in the factor's coordinates, each product a call to every shard (<see cref="GrainFactorRows"/>).
    /// </summary>
    private static LearnerFit Solve(ShardedFactor factor, LearnerSettings settings, IProgress<LearnerProgress>? progress, CancellationToken cancellationToken)
    {
        var rows = new NystroemRows(factor.Kernel, factor.Landmarks, factor.Map, factor.Rows, factor.ResidualTrace, factor.Jitter);
        return KernelLearner.FitFactor(rows, factor.Labels, default, settings, factor.Report, progress, cancellationToken);
    }

    /// <summary>
    /// Refuses a shard whose factor rows (m_s x r doubles) would not fit in one .NET array, naming the number of shards
    /// that would (the rows are split evenly enough for the file's size, so a proportional count is a fair hint).
    /// </summary>
    internal static void CheckShardSize(int rank, IReadOnlyList<int> counts, int shards)
    {
        long largest = (long)counts.Max() * rank;
        if (largest <= Array.MaxLength) return;
        long needed = (long)Math.Ceiling((double)shards * largest / Array.MaxLength) + 1;
        throw new ArgumentException(
            $"a shard of {counts.Max()} rows at rank {rank} needs {largest} doubles, more than one array holds ({Array.MaxLength}); use about {needed} shards or more (--shards), or a smaller rank.",
            "shards");
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
