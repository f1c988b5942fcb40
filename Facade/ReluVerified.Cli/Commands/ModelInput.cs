namespace ReluVerified.Cli.Commands;

/// <summary>
/// Reads a CSV for a saved model: the label column is the one given, else the one the model was fitted with, else "y";
/// checks that the feature columns are the model's, in order, and that labels lie in the task's range.
/// </summary>
internal static class ModelInput
{
    /// <summary>The label column to read: <paramref name="given"/>, else the model's stored label name, else "y".</summary>
    internal static string Label(ReliableReluModel model, string? given) => given ?? model.LabelName ?? "y";

    internal static CsvTable Read(ReliableReluModel model, string path, bool requireLabels, string? label, char? delimiter = null,
        CancellationToken cancellationToken = default)
    {
        var table = CsvTable.Read(path, Label(model, label), requireLabels, delimiter, cancellationToken);
        CheckColumns(model, path, table.FeatureNames);
        if (table.HasLabels) CheckLabels(model, path, table);
        return table;
    }

    /// <summary>Checks that <paramref name="names"/> are the model's feature columns, in order.</summary>
    internal static void CheckColumns(ReliableReluModel model, string path, System.Collections.Immutable.ImmutableArray<string> names)
    {
        var expected = model.FeatureNames;
        for (int j = 0; j < expected.Length; j++)
            if (j >= names.Length || names[j] != expected[j])
                throw new DataFormatException($"{path} line 1: feature column {j + 1} should be '{expected[j]}' (the model was fitted on [{string.Join(", ", expected)}]) but is '{(j < names.Length ? names[j] : "missing")}'.");
        if (names.Length != expected.Length)
            throw new DataFormatException($"{path} line 1: {names.Length} feature columns; the model was fitted on {expected.Length} ([{string.Join(", ", expected)}]).");
    }

    /// <summary>Refuses a label outside the model's task range (<see cref="ReliableRelu.LabelRange"/>), naming file, line and column.</summary>
    private static void CheckLabels(ReliableReluModel model, string path, CsvTable table)
    {
        var (lower, upper) = ReliableRelu.LabelRange(model.Options.Task);
        for (int i = 0; i < table.Labels.Length; i++)
            if (table.Labels[i] < lower || table.Labels[i] > upper)
                throw new DataFormatException($"{path} {Where(path, i)}, column '{table.LabelName}': label {table.Labels[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)} "
                    + $"is outside [{lower}, {upper}], the labels of the {ReliableRelu.TaskName(model.Options.Task)} task; correct the row or remove it.");
    }

    /// <summary>Where data row <paramref name="row"/> (0-based) is: its 1-based line in a CSV file (the header is line 1, empty lines are skipped as the reader skips them), else its 1-based row.</summary>
    private static string Where(string path, int row)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return $"row {row + 1}";
        int line = 1, seen = -1;
        foreach (var text in File.ReadLines(path).Skip(1))
        {
            line++;
            if (text.Length > 0 && ++seen == row) return $"line {line}";
        }
        return $"row {row + 1}";
    }
}
