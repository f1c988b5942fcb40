namespace ReluVerified.Distributed;

/// <summary>
/// What one pass over a CSV shard's byte range [start, end) found (<see cref="CsvRanges.Scan(string, long, long, long)"/>): the
/// line terminators ('\n', or a '\r' not followed by '\n') and quote characters in it, so that the coordinator can number
/// every shard's lines and find a line break inside a quoted value (<see cref="ShardPlan.Number"/>).
/// </summary>
/// <param name="LineStart">The first line start at or after start (the byte after a terminator), or the file's length when none.</param>
/// <param name="Terminators">The number of line terminators in [start, end).</param>
/// <param name="Quotes">The number of '"' bytes in [start, end).</param>
/// <param name="FirstEvenTerminator">The index (among the range's terminators) of the first one preceded in the range by an even number of quotes, or -1.</param>
/// <param name="FirstOddTerminator">The index of the first terminator preceded in the range by an odd number of quotes, or -1.</param>
[GenerateSerializer, Immutable]
internal sealed record LineScan(long LineStart, long Terminators, long Quotes, long FirstEvenTerminator, long FirstOddTerminator);
