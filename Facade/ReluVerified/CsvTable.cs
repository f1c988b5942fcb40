using System.Collections.Immutable;
using System.Globalization;
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
    /// CSV. With <paramref name="requireLabels"/>, a missing label column is an error.
    /// </summary>
    public static CsvTable Read(string path, string labelName = "y", bool requireLabels = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ParquetTable.Read(path, labelName, requireLabels);
        if (!File.Exists(path)) throw new DataFormatException($"{path}: file not found.");
        using var reader = new StreamReader(path);
        return Parse(reader, path, labelName, requireLabels);
    }

    /// <summary>Parses CSV text from a reader; <paramref name="source"/> names it in error messages.</summary>
    public static CsvTable Parse(TextReader reader, string source, string labelName = "y", bool requireLabels = true)
    {
        string? header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header)) throw new DataFormatException($"{source}: the file is empty; expected a header row naming the columns.");
        var names = header.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        for (int j = 0; j < names.Length; j++)
        {
            if (names[j].Length == 0) throw new DataFormatException($"{source} line 1: column {j + 1} has an empty name.");
            int first = Array.IndexOf(names, names[j]);
            if (first != j) throw new DataFormatException($"{source} line 1: column name '{names[j]}' appears twice (columns {first + 1} and {j + 1}).");
        }
        int labelIndex = Array.IndexOf(names, labelName);
        if (labelIndex < 0 && requireLabels)
            throw new DataFormatException($"{source} line 1: no label column '{labelName}' among [{string.Join(", ", names)}]; name it with labelName.");
        var featureIdx = Enumerable.Range(0, names.Length).Where(j => j != labelIndex).ToArray();
        if (featureIdx.Length == 0) throw new DataFormatException($"{source} line 1: there is no feature column besides the label '{labelName}'.");

        var features = new List<double>();
        var labels = new List<double>();
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new DataFormatException($"{source} line {lineNumber}: {cells.Length} values but the header has {names.Length} columns.");
            foreach (int j in featureIdx) features.Add(Number(cells[j], source, lineNumber, names[j]));
            if (labelIndex >= 0) labels.Add(Number(cells[labelIndex], source, lineNumber, names[labelIndex]));
        }
        int rows = labelIndex >= 0 ? labels.Count : features.Count / featureIdx.Length;
        if (rows == 0) throw new DataFormatException($"{source}: the header is followed by no data rows.");
        return new CsvTable(
            [.. featureIdx.Select(j => names[j])],
            Matrix.Create(rows, featureIdx.Length, features.ToArray()),
            labelIndex >= 0 ? [.. labels] : default,
            labelName);
    }

    internal static double Number(string cell, string source, int line, string column)
    {
        var text = cell.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new DataFormatException($"{source} line {line}, column '{column}': '{text}' is not a number.");
        if (!double.IsFinite(value))
            throw new DataFormatException($"{source} line {line}, column '{column}': {text} is not a finite number.");
        return value;
    }
}
