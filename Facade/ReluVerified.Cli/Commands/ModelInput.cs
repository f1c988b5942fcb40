namespace ReluVerified.Cli.Commands;

/// <summary>Reads a CSV for a saved model and checks that its feature columns are the model's, in order.</summary>
internal static class ModelInput
{
    internal static CsvTable Read(ReliableReluModel model, string path, bool requireLabels)
    {
        string label = "y";
        var table = CsvTable.Read(path, label, requireLabels);
        var expected = model.FeatureNames;
        for (int j = 0; j < expected.Length; j++)
            if (j >= table.FeatureNames.Length || table.FeatureNames[j] != expected[j])
                throw new DataFormatException($"{path} line 1: feature column {j + 1} should be '{expected[j]}' (the model was fitted on [{string.Join(", ", expected)}]) but is '{(j < table.FeatureNames.Length ? table.FeatureNames[j] : "missing")}'.");
        if (table.FeatureNames.Length != expected.Length)
            throw new DataFormatException($"{path} line 1: {table.FeatureNames.Length} feature columns; the model was fitted on {expected.Length} ([{string.Join(", ", expected)}]).");
        return table;
    }
}
