namespace ReluVerified.Distributed;

/// <summary>
/// One shard of one fit (key: the fit's id and the shard's index, so concurrent fits never share a grain): it reads its
/// contiguous part of the data file on the silo that hosts it, keeps its factor rows in memory (never in storage), and
/// answers the r-space solver's products for them (<see cref="GrainFactorRows"/>). Every answer is a
/// <see cref="ShardReply{T}"/>; a method that needs the factor rows answers <see cref="FaultKind.NotBuilt"/> on an
/// activation that does not hold them, and the coordinator sends the build recipe again (<see cref="ShardFleet"/>).
/// The passes over the file may run long: their response timeout is <see cref="PassTimeout"/>.
/// </summary>
internal interface IShardGrain : IGrainWithGuidCompoundKey
{
    /// <summary>The response timeout of the calls that read the file.</summary>
    const string PassTimeout = "02:00:00";

    /// <summary>The file's layout (<see cref="ShardFile.Describe"/>), read where the shards run.</summary>
    [ResponseTimeout(PassTimeout)]
    Task<ShardReply<FileLayout>> Describe(string path, string labelName, bool requireLabels, char? delimiter);

    /// <summary>CSV: the terminators and quotes of the source's byte range (<see cref="CsvRanges.Scan(string, long, long, long)"/>).</summary>
    [ResponseTimeout(PassTimeout)]
    Task<ShardReply<LineScan>> Scan(ShardSource source, long dataStart);

    /// <summary>Pass 1 (<see cref="ShardWork.Statistics"/>).</summary>
    [ResponseTimeout(PassTimeout)]
    Task<ShardReply<ShardStatistics>> Statistics(ShardSource source, bool identity, double lower, double upper, CancellationToken cancellationToken);

    /// <summary>Pass 2 (<see cref="ShardWork.Candidates"/>).</summary>
    [ResponseTimeout(PassTimeout)]
    Task<ShardReply<ShardCandidates>> Candidates(ShardSource source, EmbeddingCode embedding, int rank, int seed, CancellationToken cancellationToken);

    /// <summary>
    /// Pass 3 (<see cref="ShardWork.Build"/>): builds and keeps the factor rows; an activation that already holds them (the
    /// recipe of a fit and shard never changes) answers with its summary at once.
    /// </summary>
    [ResponseTimeout(PassTimeout)]
    Task<ShardReply<BuildSummary>> Build(ShardRecipe recipe, CancellationToken cancellationToken);

    /// <summary>L_s x.</summary>
    Task<ShardReply<double[]>> Times(double[] x);

    /// <summary>L_s' v_s.</summary>
    Task<ShardReply<double[]>> TransposeTimes(double[] v);

    /// <summary>||L_i||^2 for the shard's rows.</summary>
    Task<ShardReply<double[]>> RowSquaredNorms();

    /// <summary>The packed lower triangle of sum_i d_i L_i' L_i over the shard's rows (<see cref="ShardRows.WeightedGram"/>).</summary>
    Task<ShardReply<double[]>> WeightedGram(double[] d);

    /// <summary>The shard's row <paramref name="index"/> (0-based within the shard).</summary>
    Task<ShardReply<double[]>> Row(int index);

    /// <summary>The kernel scores of the source's rows (<see cref="ShardWork.Scores"/>); keeps nothing.</summary>
    [ResponseTimeout(PassTimeout)]
    Task<ShardReply<double[]>> Scores(ShardSource source, ScoringRecipe recipe, CancellationToken cancellationToken);

    /// <summary>Drops the factor rows and asks the runtime to deactivate this activation when it is idle.</summary>
    Task Release();
}
