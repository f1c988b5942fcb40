namespace ReluVerified.Distributed;

/// <summary>
/// Where one shard's rows are in a data file, and how to read them: a contiguous run of rows in file order. CSV: the rows
/// whose first byte lies in [<see cref="Start"/>, <see cref="End"/>) (<see cref="CsvRanges"/>). Parquet: the row groups
/// [<see cref="Start"/>, <see cref="End"/>). Built by <see cref="ShardPlan"/>; immutable.
/// </summary>
/// <param name="Path">The data file, as every silo sees it.</param>
/// <param name="LabelName">The label column's name.</param>
/// <param name="RequireLabels">Whether a missing label column is an error (fits) or allowed (predictions).</param>
/// <param name="Parquet">Whether the file is Parquet.</param>
/// <param name="Separator">The CSV separator (',' for Parquet).</param>
/// <param name="Start">CSV: the first byte of the range. Parquet: the first row group.</param>
/// <param name="End">CSV: the byte after the range. Parquet: the row group after the last.</param>
/// <param name="FirstLine">CSV: the file's line (1-based, the header is line 1) on which the shard's first row starts; 0 for Parquet.</param>
/// <param name="RowOffset">The number of rows in the shards before this one (its first row's 0-based position in the file); 0 until counted.</param>
[GenerateSerializer, Immutable]
internal sealed record ShardSource(string Path, string LabelName, bool RequireLabels, bool Parquet, char Separator, long Start, long End, int FirstLine, int RowOffset);
