using Microsoft.ML;
using Microsoft.ML.Runtime;
using ReluVerified.Core.Learning;

namespace ReluVerified.ML;

/// <summary>
/// The entry of the reliable ReLU learner (T2.1) in ML.NET's catalog: <c>mlContext.Regression.Trainers.ReliableRelu(...)</c>.
/// </summary>
public static class ReliableReluCatalog
{
    /// <summary>
    /// A <see cref="ReliableReluTrainer"/>: fits the reliable ReLU learner of T2.1 (or the task of
    /// <see cref="ReliableReluOptions.Task"/>) to the Single feature vectors in <paramref name="featureColumnName"/> and the
    /// Single labels in <paramref name="labelColumnName"/> (in [0, 1]; 0 marks a row where the ReLU must predict 0), and
    /// appends a Single "Score" column of predictions h(x).
    /// </summary>
    /// <param name="catalog">ML.NET's regression trainers.</param>
    /// <param name="options">The learner's options; null: the defaults (recommended recipe, reliable task, eps = 0.1, delta = 0.05).</param>
    /// <param name="labelColumnName">The label column.</param>
    /// <param name="featureColumnName">The feature column.</param>
    /// <param name="exampleWeightColumnName">An optional column of per-row loss weights.</param>
    /// <param name="log">
    /// Where the fit's progress and guarantee go as log messages; pass the <see cref="MLContext"/> to see them in
    /// <see cref="MLContext.Log"/> (ML.NET gives a catalog extension no public access to its context, so it is passed here).
    /// </param>
    /// <param name="progress">The caller's own progress.</param>
    /// <param name="cancellationToken">Stops the fit.</param>
    public static ReliableReluTrainer ReliableRelu(this RegressionCatalog.RegressionTrainers catalog, ReliableReluOptions? options = null,
        string labelColumnName = "Label", string featureColumnName = "Features", string? exampleWeightColumnName = null,
        IChannelProvider? log = null, IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ReliableReluTrainer(options, labelColumnName, featureColumnName, exampleWeightColumnName, log, progress, cancellationToken);
    }
}
