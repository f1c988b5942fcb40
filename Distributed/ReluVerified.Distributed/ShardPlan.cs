using System.Collections.Immutable;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Distributed;

/// <summary>
/// The coordinator's bookkeeping over shards, as pure functions: splitting a file into K contiguous shards in file order,
/// numbering the CSV shards' lines (and refusing a line break inside quotes), placing every shard's rows in the file, and
/// merging the shards' landmark candidates into the file's first r rows of the canonical order.
/// </summary>
internal static class ShardPlan
{
    /// <summary>
    /// K = <paramref name="shards"/> contiguous shards of the file <paramref name="layout"/> describes. CSV: the data bytes
    /// [DataStart, Length) cut into K ranges of (nearly) equal length; line numbers come later (<see cref="Number"/>).
    /// Parquet: row group g goes to the shard s with s / K &lt;= (rows before g) / (all rows) &lt; (s + 1) / K, so the shards
    /// hold runs of whole row groups of about equal row counts (some may be empty when there are fewer groups than shards).
    /// </summary>
    public static ImmutableArray<ShardSource> Split(FileLayout layout, string path, string labelName, bool requireLabels, int shards)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "at least one shard is needed.");
        var sources = ImmutableArray.CreateBuilder<ShardSource>(shards);
        if (!layout.Parquet)
        {
            long size = layout.Length - layout.DataStart;
            for (int s = 0; s < shards; s++)
            {
                long start = layout.DataStart + (long)((Int128)size * s / shards), end = layout.DataStart + (long)((Int128)size * (s + 1) / shards);
                sources.Add(new ShardSource(path, labelName, requireLabels, false, layout.Separator, start, end, 0, 0));
            }
            return sources.MoveToImmutable();
        }
        long total = layout.RowGroupRows.Sum();
        var before = new long[layout.RowGroupRows.Length + 1];
        for (int g = 0; g < layout.RowGroupRows.Length; g++) before[g + 1] = before[g] + layout.RowGroupRows[g];
        int first = 0;
        for (int s = 0; s < shards; s++)
        {
            int last = first;
            // group g belongs to shard s while (rows before g) * K < (s + 1) * total
            while (last < layout.RowGroupRows.Length && (s == shards - 1 || (Int128)before[last] * shards < (Int128)(s + 1) * total)) last++;
            sources.Add(new ShardSource(path, labelName, requireLabels, true, ',', first, last, 0, 0));
            first = last;
        }
        return sources.MoveToImmutable();
    }

    /// <summary>
    /// The CSV shards with their first lines numbered from every shard's <see cref="LineScan"/> (in shard order), or a
    /// <see cref="DataFormatException"/> naming the file and line when a line break lies inside a quoted value: a quote
    /// count that is odd before a terminator, counted from the data's start (the header's quotes are balanced, which
    /// Facade/ReluVerified/CsvRows.cs checks). Such a file cannot be cut at line breaks, and its values would span lines,
    /// which the facade's reader refuses anyway.
    /// </summary>
    public static ImmutableArray<ShardSource> Number(ImmutableArray<ShardSource> sources, IReadOnlyList<LineScan> scans)
    {
        if (scans.Count != sources.Length) throw new ArgumentException($"{scans.Count} scans for {sources.Length} shards.", nameof(scans));
        long terminators = 1, quotes = 0; // the header's line ends before the data; its quotes are balanced
        var numbered = ImmutableArray.CreateBuilder<ShardSource>(sources.Length);
        for (int s = 0; s < sources.Length; s++)
        {
            var (source, scan) = (sources[s], scans[s]);
            long inside = quotes % 2 == 0 ? scan.FirstOddTerminator : scan.FirstEvenTerminator;
            if (inside >= 0)
                throw new DataFormatException($"{source.Path} line {terminators + inside + 1}: a line break inside a quoted value (or a quote that is not closed); "
                    + "a cluster fit cuts a CSV file into byte ranges at line breaks and the CSV reader refuses values that span lines: "
                    + "remove the line break or close the quote, or convert the file to Parquet.");
            long firstLine = terminators + 1 + (scan.LineStart > source.Start ? 1 : 0);
            if (firstLine > int.MaxValue) throw new DataFormatException($"{source.Path}: more than {int.MaxValue} lines; split the file or convert it to Parquet.");
            numbered.Add(source with { FirstLine = (int)firstLine });
            terminators += scan.Terminators;
            quotes += scan.Quotes;
        }
        return numbered.MoveToImmutable();
    }

    /// <summary>The shards with their <see cref="ShardSource.RowOffset"/>: the rows of the shards before each, in shard order.</summary>
    public static ImmutableArray<ShardSource> Place(ImmutableArray<ShardSource> sources, IReadOnlyList<int> counts)
    {
        if (counts.Count != sources.Length) throw new ArgumentException($"{counts.Count} counts for {sources.Length} shards.", nameof(counts));
        var placed = ImmutableArray.CreateBuilder<ShardSource>(sources.Length);
        long offset = 0;
        for (int s = 0; s < sources.Length; s++)
        {
            placed.Add(sources[s] with { RowOffset = checked((int)offset) });
            offset += counts[s];
        }
        return placed.MoveToImmutable();
    }

    /// <summary>
    /// The first <paramref name="rank"/> rows of the canonical order among every shard's candidates (each shard's first rank
    /// rows in that order): sorted by <see cref="RowOrder.Compare"/>, then by position in the file, exactly as
    /// Core/ReluVerified.Core/LowRank/StreamingNystroem.cs's first pass orders its candidates, so the same rows in the same
    /// order (a total order, so the merge of the shards' lists is the whole file's list).
    /// </summary>
    public static IReadOnlyList<double[]> Landmarks(IReadOnlyList<ShardCandidates> shards, int rank)
    {
        var all = new List<(double Hash, double[] Point, double Label, int Position)>();
        foreach (var shard in shards)
            for (int k = 0; k < shard.Hashes.Length; k++)
                all.Add((shard.Hashes[k], shard.Points.AsSpan(k * shard.Dimension, shard.Dimension).ToArray(), shard.Labels[k], shard.Positions[k]));
        all.Sort((a, b) =>
        {
            int c = RowOrder.Compare(a.Hash, a.Point, a.Label, b.Hash, b.Point, b.Label);
            return c != 0 ? c : a.Position.CompareTo(b.Position);
        });
        return [.. all.Take(rank).Select(c => c.Point)];
    }
}
