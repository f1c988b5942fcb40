using Parquet;

namespace ReluVerified.Distributed;

/// <summary>
/// Reads a data file's layout and one shard's rows on a silo, through the facade's readers: the header and its checks
/// (<see cref="RowStream.Open"/>, <see cref="CsvRows"/>), Sep for CSV values, <see cref="RowStream.ParquetRows"/> for
/// Parquet row groups, so that values, errors and their messages (file, line or row group, column) are the single-machine
/// fit's. Every call opens the file afresh.
/// </summary>
internal static class ShardFile
{
    /// <summary>
    /// The layout of <paramref name="path"/>: its columns and, for CSV, where the data start and end; for Parquet, its row
    /// groups' sizes. A missing file is a <see cref="FileNotFoundException"/> naming it.
    /// </summary>
    public static FileLayout Describe(string path, string labelName, bool requireLabels, char? delimiter)
    {
        Exists(path);
        var stream = RowStream.Open(path, labelName, requireLabels, delimiter);
        if (!IsParquet(path))
            return new FileLayout(false, [.. stream.FeatureNames], stream.HasLabels, stream.Separator, CsvRanges.DataStart(path), new FileInfo(path).Length, []);
        using var file = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
        try
        {
            var rows = new long[reader.RowGroupCount];
            for (int g = 0; g < rows.Length; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                rows[g] = group.RowCount;
            }
            return new FileLayout(true, [.. stream.FeatureNames], stream.HasLabels, ',', 0, rows.Length, rows);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Whether the facade reads <paramref name="path"/> as Parquet (by extension).</summary>
    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses a path that this machine cannot see, naming it.</summary>
    public static void Exists(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found on {Environment.MachineName}; every silo must see the data file at the same path (a shared or copied file).", path);
    }

    /// <summary>The shard's rows in file order as (features, label); the label is NaN when the file has none.</summary>
    public static IEnumerable<(double[] Features, double Label)> Rows(ShardSource source)
    {
        Exists(source.Path);
        return source.Parquet ? ParquetRows(source) : CsvRows(source);
    }

    /// <summary>The shard's rows in batches of at most <paramref name="size"/>, in file order.</summary>
    public static IEnumerable<List<(double[] Features, double Label)>> Batches(ShardSource source, int size)
    {
        var batch = new List<(double[], double)>(size);
        foreach (var row in Rows(source))
        {
            batch.Add(row);
            if (batch.Count < size) continue;
            yield return batch;
            batch = new List<(double[], double)>(size);
        }
        if (batch.Count > 0) yield return batch;
    }

    private static IEnumerable<(double[], double)> CsvRows(ShardSource source)
    {
        CsvLayout layout;
        using (var header = new StreamReader(source.Path))
            layout = ReluVerified.CsvRows.ReadHeader(header, source.Path, source.LabelName, source.RequireLabels, source.Separator);
        long dataStart = CsvRanges.DataStart(source.Path);
        long from = CsvRanges.LineStart(source.Path, source.Start, dataStart), to = CsvRanges.LineStart(source.Path, source.End, dataStart);
        if (from >= to) yield break;
        using var reader = CsvRanges.OpenRange(source.Path, from, to);
        using var body = ReluVerified.CsvRows.OpenBody(reader, layout);
        int next = source.FirstLine;
        while (true)
        {
            var x = new double[layout.FeatureIndices.Length];
            if (!ReluVerified.CsvRows.Next(body, layout, ref next, x, out double label, source.FirstLine)) yield break;
            yield return (x, label);
        }
    }

    /// <summary>The rows of the shard's run of row groups [Start, End), read as the single-machine reader reads a file.</summary>
    private static IEnumerable<(double[], double)> ParquetRows(ShardSource source)
        => RowStream.Open(source.Path, source.LabelName, source.RequireLabels).ParquetRows((int)source.Start, (int)source.End);
}
