namespace ReluVerified.Distributed;

/// <summary>
/// Predictions of a fitted kernel model (<see cref="ReliableReluModel"/>, e.g. from <see cref="ClusterFit.Fit(IClusterClient, string, ReliableReluOptions, string, int, IProgress{Core.Learning.LearnerProgress}, char?, CancellationToken)"/>)
/// for every row of a data file, computed on an Orleans cluster: the file is cut into shards as for a fit, each shard grain
/// scores its rows with the model's kernel expansion, and the coordinator applies the model's output rule and returns the
/// predictions in file order. Equal to <see cref="FittedModel.Predict(Core.LinearAlgebra.Matrix, CancellationToken)"/> on the
/// file's rows up to the rounding of the kernel sums.
/// </summary>
public static class ClusterPredict
{
    /// <summary>
    /// The predictions h(x) of <paramref name="model"/> for the rows of <paramref name="path"/> (CSV, or Parquet by extension;
    /// its label column <paramref name="labelName"/>, when present, is ignored), in file order. <paramref name="shards"/> is
    /// K (0: two per active silo). The model must be a kernel model embedded with none or max-norm scaling (the
    /// recipes a cluster fits); its feature count must be the file's.
    /// </summary>
    public static double[] Predict(IClusterClient client, ReliableReluModel model, string path, string labelName = "y", int shards = 0,
        char? delimiter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(labelName);
        ArgumentOutOfRangeException.ThrowIfNegative(shards);
        var hypothesis = model.Hypothesis ?? throw new ArgumentException("the model has no kernel expansion (the max-affine-lspa task): predict on one machine.", nameof(model));
        var recipe = new ScoringRecipe(EmbeddingCode.Of(model.Embedding), KernelCode.Of(hypothesis.Kernel), hypothesis.Support.Count, hypothesis.Support.Dimension,
            hypothesis.Support.Coordinates.ToArray(), [.. hypothesis.Coefficients]);
        var fleet = new ShardFleet(client, Guid.NewGuid(), shards > 0 ? shards : ClusterFile.DefaultShards(ClusterFile.ActiveSilos(client).GetAwaiter().GetResult()));
        try
        {
            var (layout, sources) = ClusterFile.Open(fleet, path, labelName, false, delimiter, cancellationToken).GetAwaiter().GetResult();
            if (layout.FeatureNames.Length != model.Embedding.InputDimension)
                throw new DataFormatException($"{path} line 1: {layout.FeatureNames.Length} feature columns; the model was fitted on {model.Embedding.InputDimension}.");
            var scores = fleet.All(ShardCallKind.Score, (s, grain) => grain.Scores(sources[s], recipe, cancellationToken), cancellationToken).GetAwaiter().GetResult();
            return [.. scores.SelectMany(part => part).Select(hypothesis.Rule.Apply)];
        }
        finally
        {
            fleet.ReleaseAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }
    }
}
