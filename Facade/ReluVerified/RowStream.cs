using System.Collections.Immutable;
using Parquet;
using Parquet.Schema;

namespace ReluVerified;

/// <summary>
/// Reads a CSV or Parquet file (chosen by extension, as <see cref="CsvTable.Read"/>) one row at a time, so that files larger
/// than memory can be fitted (<see cref="StreamingFit"/>) and predicted in batches. Errors name the file, line or row group,
/// and column, as the in-memory readers do. Every enumeration re-opens the file: passes are independent.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="FeatureNames">The feature columns, in file order.</param>
/// <param name="LabelName">The label column's name.</param>
/// <param name="HasLabels">Whether the file has the label column.</param>
/// <param name="Separator">The CSV separator, given or detected when the stream was opened (',' for Parquet).</param>
internal sealed record RowStream(string Path, ImmutableArray<string> FeatureNames, string LabelName, bool HasLabels, char Separator = ',')
{
    /// <summary>
    /// Opens <paramref name="path"/> and reads its header (CSV, through <see cref="CsvRows"/>: the separator is
    /// <paramref name="delimiter"/>, or detected from the header line) or schema (Parquet).
    /// </summary>
    public static RowStream Open(string path, string labelName = "y", bool requireLabels = true, char? delimiter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new DataFormatException($"{path}: file not found.");
        if (!IsParquet(path))
        {
            using var reader = new StreamReader(path);
            var layout = CsvRows.ReadHeader(reader, path, labelName, requireLabels, delimiter);
            return new RowStream(path, layout.FeatureNames, labelName, layout.HasLabels, layout.Separator);
        }
        string[] names;
        using (var stream = File.OpenRead(path))
            names = [.. ParquetReader.ReadSchemaAsync(stream).GetAwaiter().GetResult().GetDataFields().Select(f => f.Name)];
        int labelIndex = Array.IndexOf(names, labelName);
        if (labelIndex < 0 && requireLabels)
            throw new DataFormatException($"{path}: no label column '{labelName}' among [{string.Join(", ", names)}]; name it with labelName.");
        var features = names.Where((_, j) => j != labelIndex).ToImmutableArray();
        if (features.Length == 0) throw new DataFormatException($"{path}: there is no feature column besides the label '{labelName}'.");
        return new RowStream(path, features, labelName, labelIndex >= 0);
    }

    private static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Rows as (features, label); the label is NaN when the file has none.</summary>
    public IEnumerable<(double[] Features, double Label)> Rows()
        => IsParquet(Path) ? ParquetRows() : CsvFileRows();

    /// <summary>Rows in batches of at most <paramref name="batchSize"/>.</summary>
    public IEnumerable<IReadOnlyList<(double[] Features, double Label)>> Batches(int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be positive.");
        var batch = new List<(double[], double)>(batchSize);
        foreach (var row in Rows())
        {
            batch.Add(row);
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<(double[], double)>(batchSize);
            }
        }
        if (batch.Count > 0) yield return batch;
    }

    private IEnumerable<(double[], double)> CsvFileRows()
    {
        using var reader = new StreamReader(Path);
        var layout = CsvRows.ReadHeader(reader, Path, LabelName, HasLabels, Separator);
        using var body = CsvRows.OpenBody(reader, layout);
        int next = 2;
        while (true)
        {
            var x = new double[layout.FeatureIndices.Length];
            if (!CsvRows.Next(body, layout, ref next, x, out double label)) yield break;
            yield return (x, label);
        }
    }

    /// <summary>
    /// The rows of the Parquet row groups [<paramref name="firstGroup"/>, <paramref name="endGroup"/>) (null: to the last),
    /// one group's columns in memory at a time; a cluster shard reads its run of groups through it
    /// (Distributed/ReluVerified.Distributed/ShardFile.cs).
    /// </summary>
    internal IEnumerable<(double[], double)> ParquetRows(int firstGroup = 0, int? endGroup = null)
    {
        using var stream = File.OpenRead(Path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            var features = FeatureNames.Select(name => fields.First(f => f.Name == name)).ToArray();
            var label = HasLabels ? fields.First(f => f.Name == LabelName) : null;
            for (int g = firstGroup; g < Math.Min(endGroup ?? reader.RowGroupCount, reader.RowGroupCount); g++)
            {
                // one row group's columns at a time: memory O(rows of a group x columns)
                var (columns, labels, rows) = ParquetTable.ReadGroup(reader, g, features, label, Path);
                for (int i = 0; i < rows; i++)
                {
                    var x = new double[features.Length];
                    for (int k = 0; k < x.Length; k++) x[k] = columns[k][i];
                    yield return (x, labels is null ? double.NaN : labels[i]);
                }
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
