using System.Diagnostics;
using Orleans.Placement;

namespace ReluVerified.Distributed;

/// <summary>
/// The shard grain (<see cref="IShardGrain"/>): its state is its factor rows and build summary, in memory only. Placed on the
/// silo with fewer activations of two drawn at random, so a fit's shards spread over the cluster; an activation idle for
/// 30 minutes is collected (a coordinator that died leaves nothing behind for long). The work runs on the thread pool
/// (<see cref="ShardWork"/>), timed there (<see cref="ShardReply{T}.Seconds"/>), and every expected failure comes back as a
/// <see cref="ShardFault"/>.
/// </summary>
[ActivationCountBasedPlacement]
[CollectionAgeLimit(Minutes = 30)]
internal sealed class ShardGrain : Grain, IShardGrain
{
    private ShardRows? _rows;
    private BuildSummary? _summary;

    /// <inheritdoc />
    public Task<ShardReply<FileLayout>> Describe(string path, string labelName, bool requireLabels, char? delimiter)
        => Run(() => ShardFile.Describe(path, labelName, requireLabels, delimiter), CancellationToken.None);

    /// <inheritdoc />
    public Task<ShardReply<LineScan>> Scan(ShardSource source, long dataStart)
        => Run(() =>
        {
            ShardFile.Exists(source.Path);
            return CsvRanges.Scan(source.Path, source.Start, source.End, dataStart);
        }, CancellationToken.None);

    /// <inheritdoc />
    public Task<ShardReply<ShardStatistics>> Statistics(ShardSource source, bool identity, double lower, double upper, CancellationToken cancellationToken)
        => Run(() => ShardWork.Statistics(source, identity, lower, upper, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<ShardReply<ShardCandidates>> Candidates(ShardSource source, EmbeddingCode embedding, int rank, int seed, CancellationToken cancellationToken)
        => Run(() => ShardWork.Candidates(source, embedding.ToEmbedding(), rank, seed, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<ShardReply<BuildSummary>> Build(ShardRecipe recipe, CancellationToken cancellationToken)
    {
        if (_summary is not null) return ShardReply<BuildSummary>.Ok(_summary);
        var reply = await Run(() => ShardWork.Build(recipe, cancellationToken), cancellationToken);
        if (reply.Fault is not null) return ShardReply<BuildSummary>.Failed(reply.Fault, reply.Seconds);
        (_rows, _summary) = reply.Value;
        return ShardReply<BuildSummary>.Ok(_summary!, reply.Seconds);
    }

    /// <inheritdoc />
    public Task<ShardReply<double[]>> Times(double[] x) => Built(rows => rows.Times(x));

    /// <inheritdoc />
    public Task<ShardReply<double[]>> TransposeTimes(double[] v) => Built(rows => rows.TransposeTimes(v));

    /// <inheritdoc />
    public Task<ShardReply<double[]>> RowSquaredNorms() => Built(rows => rows.RowSquaredNorms());

    /// <inheritdoc />
    public Task<ShardReply<double[]>> WeightedGram(double[] d) => Built(rows => rows.WeightedGram(d));

    /// <inheritdoc />
    public Task<ShardReply<double[]>> Row(int index) => Built(rows => rows.Row(index));

    /// <inheritdoc />
    public Task<ShardReply<double[]>> Scores(ShardSource source, ScoringRecipe recipe, CancellationToken cancellationToken)
        => Run(() => ShardWork.Scores(source, recipe, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task Release()
    {
        (_rows, _summary) = (null, null);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>A product of the factor rows, or <see cref="FaultKind.NotBuilt"/> when this activation holds none.</summary>
    private Task<ShardReply<double[]>> Built(Func<ShardRows, double[]> product)
    {
        var rows = _rows;
        if (rows is null)
            return Task.FromResult(ShardReply<double[]>.Failed(new ShardFault(FaultKind.NotBuilt, $"shard {this.GetPrimaryKey(out string? index)}/{index} holds no factor rows on {RuntimeIdentity}.")));
        return Run(() => product(rows), CancellationToken.None);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and times it there (wall seconds from its start to its end, so a
    /// wait for a free thread is not counted); an expected failure becomes a fault value, others propagate.
    /// </summary>
    private static async Task<ShardReply<T>> Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        long started = 0;
        try
        {
            return await Task.Run(() =>
            {
                started = Stopwatch.GetTimestamp();
                var value = work();
                return ShardReply<T>.Ok(value, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }, cancellationToken);
        }
        catch (Exception e) when (ShardFault.Of(e) is { } fault)
        {
            return ShardReply<T>.Failed(fault, started == 0 ? 0 : Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
