namespace ReluVerified.Cli.Commands;

/// <summary>Reads a CSV for a saved model and checks that its feature columns are the model's, in order.</summary>
internal static class ModelInput
{
    internal static CsvTable Read(ReliableReluModel model, string path, bool requireLabels, char? delimiter = null)
    {
        string label = "y";
        var table = CsvTable.Read(path, label, requireLabels, delimiter);
        CheckColumns(model, path, table.FeatureNames);
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
}
