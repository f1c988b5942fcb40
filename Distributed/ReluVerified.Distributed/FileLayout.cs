namespace ReluVerified.Distributed;

/// <summary>
/// What a data file's header (CSV) or schema (Parquet) says, read on a silo by <see cref="ShardFile.Describe"/>: enough for
/// the coordinator to split the file into shards (<see cref="ShardPlan.Split"/>) without opening it itself. A message between
/// the coordinator and a shard grain: nothing compares layouts, so its arrays keep reference equality.
/// </summary>
/// <param name="Parquet">Whether the file is Parquet (by extension, as the facade's readers decide).</param>
/// <param name="FeatureNames">The feature columns, in file order.</param>
/// <param name="HasLabels">Whether the file has the label column.</param>
/// <param name="Separator">The CSV separator, given or detected from the header line (',' for Parquet).</param>
/// <param name="DataStart">CSV: the byte offset of the first line after the header. Parquet: 0.</param>
/// <param name="Length">CSV: the file's length in bytes. Parquet: the number of row groups.</param>
/// <param name="RowGroupRows">Parquet: the row count of each row group, in file order. CSV: empty.</param>
[GenerateSerializer, Immutable]
internal sealed record FileLayout(bool Parquet, string[] FeatureNames, bool HasLabels, char Separator, long DataStart, long Length, long[] RowGroupRows);
