namespace ReluVerified.Distributed;

/// <summary>A shard's first pass (<see cref="ShardWork.Statistics"/>): its row count, largest row norm and first refused row.</summary>
/// <param name="Count">The number of rows read (up to and excluding <paramref name="Problem"/>'s row when there is one).</param>
/// <param name="Largest">The largest Euclidean norm of a raw feature row (0 for no rows).</param>
/// <param name="Problem">The first row the fit refuses, or null.</param>
[GenerateSerializer, Immutable]
internal sealed record ShardStatistics(int Count, double Largest, RowProblem? Problem);
