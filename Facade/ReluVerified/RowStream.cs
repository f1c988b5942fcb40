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
internal sealed record RowStream(string Path, ImmutableArray<string> FeatureNames, string LabelName, bool HasLabels)
{
    /// <summary>Opens <paramref name="path"/> and reads its header (CSV) or schema (Parquet).</summary>
    public static RowStream Open(string path, string labelName = "y", bool requireLabels = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new DataFormatException($"{path}: file not found.");
        string[] names;
        if (IsParquet(path))
        {
            using var stream = File.OpenRead(path);
            var schema = ParquetReader.ReadSchemaAsync(stream).GetAwaiter().GetResult();
            names = [.. schema.GetDataFields().Select(f => f.Name)];
        }
        else
        {
            using var reader = new StreamReader(path);
            string? header = reader.ReadLine();
            if (string.IsNullOrWhiteSpace(header)) throw new DataFormatException($"{path}: the file is empty; expected a header row naming the columns.");
            names = header.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        }
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
        => IsParquet(Path) ? ParquetRows() : CsvRows();

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

    private IEnumerable<(double[], double)> CsvRows()
    {
        using var reader = new StreamReader(Path);
        var names = reader.ReadLine()!.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        int labelIndex = Array.IndexOf(names, LabelName);
        var featureIdx = Enumerable.Range(0, names.Length).Where(j => j != labelIndex).ToArray();
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new DataFormatException($"{Path} line {lineNumber}: {cells.Length} values but the header has {names.Length} columns.");
            var x = new double[featureIdx.Length];
            for (int k = 0; k < featureIdx.Length; k++) x[k] = CsvTable.Number(cells[featureIdx[k]], Path, lineNumber, names[featureIdx[k]]);
            yield return (x, labelIndex >= 0 ? CsvTable.Number(cells[labelIndex], Path, lineNumber, names[labelIndex]) : double.NaN);
        }
    }

    private IEnumerable<(double[], double)> ParquetRows()
    {
        using var stream = File.OpenRead(Path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            var features = FeatureNames.Select(name => fields.First(f => f.Name == name)).ToArray();
            var label = HasLabels ? fields.First(f => f.Name == LabelName) : null;
            for (int g = 0; g < reader.RowGroupCount; g++)
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
