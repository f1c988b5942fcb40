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
    /// <summary>Values in the reader's first block (its later blocks are 2, 4 and 8 times that).</summary>
    private const int FirstBlockValues = 65536;

    /// <summary>Whether the file had a label column.</summary>
    public bool HasLabels => !Labels.IsDefault;

    /// <summary>
    /// Reads <paramref name="path"/>, chosen by extension: <c>.parquet</c> through <see cref="ParquetTable"/>, anything else as
    /// CSV (<see cref="CsvRows"/>: the separator is <paramref name="delimiter"/>, or detected from the header line). With
    /// <paramref name="requireLabels"/>, a missing label column is an error. A CSV read checks
    /// <paramref name="cancellationToken"/> at each block of rows (every 64k to 512k values).
    /// </summary>
    public static CsvTable Read(string path, string labelName = "y", bool requireLabels = true, char? delimiter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ParquetTable.Read(path, labelName, requireLabels);
        if (!File.Exists(path)) throw new DataFormatException($"{path}: file not found.");
        using var reader = new StreamReader(path);
        return Parse(reader, path, labelName, requireLabels, delimiter, cancellationToken);
    }

    /// <summary>
    /// Parses CSV text from a reader (<see cref="CsvRows"/>); <paramref name="source"/> names it in error messages;
    /// <paramref name="cancellationToken"/> is checked at each block of rows.
    /// </summary>
    public static CsvTable Parse(TextReader reader, string source, string labelName = "y", bool requireLabels = true, char? delimiter = null,
        CancellationToken cancellationToken = default)
    {
        var layout = CsvRows.ReadHeader(reader, source, labelName, requireLabels, delimiter);
        int n = layout.FeatureIndices.Length;
        using var body = CsvRows.OpenBody(reader, layout);
        // rows go into blocks, copied once into the matrix: peak memory about twice the features. The blocks grow from 64k
        // values to 512k (4 MiB, from which LargeArrays advises huge pages and faults a block's pages in on all cores before
        // the reader's one thread writes them), so a small file takes a small block and a large one few fresh pages per row
        var blocks = new List<(double[] Values, int Rows)>();
        var labels = new List<double>();
        double[] block = [];
        int filled = 0, capacity = 0;
        long rows = 0;
        int next = 2;
        while (true)
        {
            if (filled == capacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (capacity > 0) blocks.Add((block, filled));
                capacity = ((FirstBlockValues << Math.Min(blocks.Count, 3)) + n - 1) / n; // whole rows, at least the values named
                block = LargeArrays.Uninitialized((long)capacity * n); // rows are written before they are read; the unwritten tail is never read
                filled = 0;
            }
            if (!CsvRows.Next(body, layout, ref next, block.AsSpan(filled * n, n), out double label)) break;
            if (layout.HasLabels) labels.Add(label);
            filled++;
            rows++;
        }
        blocks.Add((block, filled));
        if (rows == 0) throw new DataFormatException($"{source}: the header is followed by no data rows.");
        if (rows * n > Array.MaxLength) throw new DataFormatException($"{source}: {rows} rows x {n} features do not fit in one array; read it in batches (relu fit --stream).");
        var features = LargeArrays.Uninitialized(rows * n); // every entry is copied in below
        long offset = 0;
        for (int b = 0; b < blocks.Count; b++)
        {
            int length = blocks[b].Rows * n;
            blocks[b].Values.AsSpan(0, length).CopyTo(features.AsSpan((int)offset, length));
            offset += length;
            blocks[b] = ([], 0);
        }
        return new CsvTable(layout.FeatureNames, Matrix.Own((int)rows, n, features), layout.HasLabels ? [.. labels] : default, labelName);
    }
}
