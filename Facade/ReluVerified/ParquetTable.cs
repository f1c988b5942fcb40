using System.Collections.Immutable;
using Parquet;
using Parquet.Schema;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// Parquet input and output (Parquet.Net) with the same shape as <see cref="CsvTable"/>: one label column (default
/// <c>y</c>), every other column a feature. Columns of type double, float, int or long are read as doubles; missing
/// values and non-finite numbers are errors naming the file, row group, row and column.
/// <see cref="CsvTable.Read"/> chooses this reader for files ending in <c>.parquet</c>.
/// </summary>
internal static class ParquetTable
{
    /// <summary>Reads <paramref name="path"/>. With <paramref name="requireLabels"/>, a missing label column is an error.</summary>
    public static CsvTable Read(string path, string labelName = "y", bool requireLabels = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new DataFormatException($"{path}: file not found.");
        using var stream = File.OpenRead(path);
        return ReadAsync(stream, path, labelName, requireLabels).GetAwaiter().GetResult();
    }

    private static async Task<CsvTable> ReadAsync(Stream stream, string source, string labelName, bool requireLabels)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw new DataFormatException($"{source}: not a readable Parquet file ({e.Message}).");
        }
        await using (reader)
        {
            var fields = reader.Schema.GetDataFields();
            var names = fields.Select(f => f.Name).ToArray();
            int labelIndex = Array.IndexOf(names, labelName);
            if (labelIndex < 0 && requireLabels)
                throw new DataFormatException($"{source}: no label column '{labelName}' among [{string.Join(", ", names)}]; name it with labelName.");
            var featureIdx = Enumerable.Range(0, names.Length).Where(j => j != labelIndex).ToArray();
            if (featureIdx.Length == 0) throw new DataFormatException($"{source}: there is no feature column besides the label '{labelName}'.");
            long total = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                total += group.RowCount;
            }
            if (total == 0) throw new DataFormatException($"{source}: the file holds no rows.");
            if (total * featureIdx.Length > Array.MaxLength) throw new DataFormatException($"{source}: {total} rows x {featureIdx.Length} features do not fit in one array.");
            int n = featureIdx.Length;
            var features = new double[total * n];
            var labels = labelIndex >= 0 ? new double[total] : null;
            long offset = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                int rows = checked((int)group.RowCount);
                for (int k = 0; k < n; k++)
                {
                    var column = await Column(group, fields[featureIdx[k]], rows, source, g, offset);
                    for (int i = 0; i < rows; i++) features[(offset + i) * n + k] = column[i];
                }
                if (labels is not null)
                    (await Column(group, fields[labelIndex], rows, source, g, offset)).CopyTo(labels, offset);
                offset += rows;
            }
            return new CsvTable([.. featureIdx.Select(j => names[j])], Matrix.Create((int)total, n, features),
                labels is null ? default : ImmutableArray.Create(labels), labelName);
        }
    }

    /// <summary>The given columns (and the label, when given) of row group <paramref name="group"/>.</summary>
    internal static (double[][] Columns, double[]? Labels, int Rows) ReadGroup(ParquetReader reader, int group, DataField[] features, DataField? label, string source)
    {
        using var rowGroup = reader.OpenRowGroupReader(group);
        int rows = checked((int)rowGroup.RowCount);
        var columns = new double[features.Length][];
        for (int k = 0; k < features.Length; k++) columns[k] = Column(rowGroup, features[k], rows, source, group, 0).GetAwaiter().GetResult();
        var labels = label is null ? null : Column(rowGroup, label, rows, source, group, 0).GetAwaiter().GetResult();
        return (columns, labels, rows);
    }

    private static async Task<double[]> Column(ParquetRowGroupReader group, DataField field, int rows, string source, int rowGroup, long offset)
    {
        var values = new double[rows];
        var type = field.ClrType;
        if (field.IsNullable)
        {
            if (type != typeof(double))
                throw new DataFormatException($"{source}: column '{field.Name}' is a nullable {type.Name}; only nullable doubles are read (write the column as double).");
            var nullable = new double?[rows];
            await group.ReadAsync<double>(field, nullable.AsMemory());
            for (int i = 0; i < rows; i++)
                values[i] = nullable[i] ?? throw new DataFormatException($"{source} row group {rowGroup}, row {offset + i}, column '{field.Name}': missing value.");
        }
        else if (type == typeof(double)) await group.ReadAsync<double>(field, values.AsMemory());
        else if (type == typeof(float)) { var v = new float[rows]; await group.ReadAsync<float>(field, v.AsMemory()); for (int i = 0; i < rows; i++) values[i] = v[i]; }
        else if (type == typeof(int)) { var v = new int[rows]; await group.ReadAsync<int>(field, v.AsMemory()); for (int i = 0; i < rows; i++) values[i] = v[i]; }
        else if (type == typeof(long)) { var v = new long[rows]; await group.ReadAsync<long>(field, v.AsMemory()); for (int i = 0; i < rows; i++) values[i] = v[i]; }
        else throw new DataFormatException($"{source}: column '{field.Name}' has type {type.Name}; features and labels must be double, float, int or long.");
        for (int i = 0; i < rows; i++)
            if (!double.IsFinite(values[i]))
                throw new DataFormatException($"{source} row group {rowGroup}, row {offset + i}, column '{field.Name}': {values[i]} is not a finite number.");
        return values;
    }

    /// <summary>
    /// Writes a table of doubles (feature columns, then the label column when <paramref name="labels"/> is given) in row groups
    /// of at most <paramref name="rowGroupSize"/> rows, atomically (a temporary file, then a rename).
    /// </summary>
    public static void Write(string path, IReadOnlyList<string> featureNames, Matrix features, ReadOnlySpan<double> labels, string labelName = "y",
        int rowGroupSize = 100_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(features);
        if (featureNames.Count != features.Columns) throw new ArgumentException($"{featureNames.Count} names for {features.Columns} feature columns.", nameof(featureNames));
        if (!labels.IsEmpty && labels.Length != features.Rows) throw new ArgumentException($"{labels.Length} labels for {features.Rows} rows.", nameof(labels));
        if (rowGroupSize < 1) throw new ArgumentOutOfRangeException(nameof(rowGroupSize), rowGroupSize, "rowGroupSize must be positive.");
        var y = labels.IsEmpty ? null : labels.ToArray();
        string temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
            WriteAsync(stream, featureNames, features, y, labelName, rowGroupSize).GetAwaiter().GetResult();
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task WriteAsync(Stream stream, IReadOnlyList<string> names, Matrix features, double[]? labels, string labelName, int rowGroupSize)
    {
        var fields = names.Select(name => new DataField(name, typeof(double), false)).ToList();
        if (labels is not null) fields.Add(new DataField(labelName, typeof(double), false));
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        int n = features.Columns;
        for (int start = 0; start < features.Rows; start += rowGroupSize)
        {
            int rows = Math.Min(rowGroupSize, features.Rows - start);
            using var group = writer.CreateRowGroup();
            var column = new double[rows];
            for (int k = 0; k < n; k++)
            {
                for (int i = 0; i < rows; i++) column[i] = features[start + i, k];
                await group.WriteAsync<double>(fields[k], column.AsMemory());
            }
            if (labels is not null) await group.WriteAsync<double>(fields[n], labels.AsMemory(start, rows));
        }
    }
}
