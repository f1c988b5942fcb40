using System.Collections.Immutable;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// A numeric CSV file: a header row, then one row per example. One column (default <c>y</c>) holds the label; every
/// other column is a feature. Parsing uses the invariant culture; errors name the file, line and column.
/// </summary>
/// <param name="FeatureNames">Feature column names, in file order.</param>
/// <param name="Features">The feature values, one row per data line.</param>
/// <param name="Labels">The labels, or default when the file has no label column and none was required.</param>
/// <param name="LabelName">The label column's name.</param>
internal sealed record CsvTable(ImmutableArray<string> FeatureNames, Matrix Features, ImmutableArray<double> Labels, string LabelName)
{
    /// <summary>Whether the file had a label column.</summary>
    public bool HasLabels => !Labels.IsDefault;

    /// <summary>
    /// Reads <paramref name="path"/>, chosen by extension: <c>.parquet</c> through <see cref="ParquetTable"/>, anything else as
    /// CSV (<see cref="CsvRows"/>: the separator is <paramref name="delimiter"/>, or detected from the header line). With
    /// <paramref name="requireLabels"/>, a missing label column is an error.
    /// </summary>
    public static CsvTable Read(string path, string labelName = "y", bool requireLabels = true, char? delimiter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ParquetTable.Read(path, labelName, requireLabels);
        if (!File.Exists(path)) throw new DataFormatException($"{path}: file not found.");
        using var reader = new StreamReader(path);
        return Parse(reader, path, labelName, requireLabels, delimiter);
    }

    /// <summary>Parses CSV text from a reader (<see cref="CsvRows"/>); <paramref name="source"/> names it in error messages.</summary>
    public static CsvTable Parse(TextReader reader, string source, string labelName = "y", bool requireLabels = true, char? delimiter = null)
    {
        var layout = CsvRows.ReadHeader(reader, source, labelName, requireLabels, delimiter);
        int n = layout.FeatureIndices.Length;
        using var body = CsvRows.OpenBody(reader, layout);
        // rows go into blocks of about 64k values, copied once into the matrix: peak memory about twice the features
        int blockRows = Math.Max(1, 65536 / n);
        var blocks = new List<double[]>();
        var labels = new List<double>();
        long rows = 0;
        int next = 2;
        while (true)
        {
            if (rows % blockRows == 0) blocks.Add(new double[blockRows * n]);
            if (!CsvRows.Next(body, layout, ref next, blocks[^1].AsSpan((int)(rows % blockRows) * n, n), out double label)) break;
            if (layout.HasLabels) labels.Add(label);
            rows++;
        }
        if (rows == 0) throw new DataFormatException($"{source}: the header is followed by no data rows.");
        if (rows * n > Array.MaxLength) throw new DataFormatException($"{source}: {rows} rows x {n} features do not fit in one array; read it in batches (relu fit --stream).");
        var features = LargeArrays.Uninitialized(rows * n); // every entry is copied in below
        for (int b = 0; b < blocks.Count; b++)
        {
            long offset = (long)b * blockRows * n;
            int length = (int)Math.Min(blocks[b].Length, features.Length - offset);
            blocks[b].AsSpan(0, length).CopyTo(features.AsSpan((int)offset));
            blocks[b] = [];
        }
        return new CsvTable(layout.FeatureNames, Matrix.Own((int)rows, n, features), layout.HasLabels ? [.. labels] : default, labelName);
    }
}
