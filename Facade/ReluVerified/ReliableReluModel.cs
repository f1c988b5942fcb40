using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// A fitted model of any task (T2.1, R2.2, T2.3, T2.4, T2.6, leaky ReLU, the LSPA heuristic): the embedding of raw rows
/// into the ball, the predictor h, the options it was fitted with and its <see cref="FitReport"/>. Immutable; obtained
/// only from <c>ReliableRelu.Fit</c> or <see cref="Load"/>, so predicting before fitting cannot be written.
/// </summary>
public sealed class ReliableReluModel : FittedModel
{
    internal ReliableReluModel(ReliableReluOptions options, Embedding embedding, Predictor predictor, FitReport report, ImmutableArray<string> featureNames)
        : base(embedding)
    {
        Options = options;
        Predictor = predictor;
        Report = report;
        FeatureNames = featureNames;
    }

    /// <summary>The options the model was fitted with.</summary>
    public ReliableReluOptions Options { get; }

    /// <summary>The learned predictor on embedded rows (a kernel expansion, or max-k-affine pieces for the LSPA heuristic).</summary>
    public Predictor Predictor { get; }

    /// <summary>The kernel hypothesis, for the kernel tasks (null for the LSPA heuristic).</summary>
    public KernelHypothesis? Hypothesis => (Predictor as Predictor.KernelExpansion)?.Hypothesis;

    /// <summary>The fit report (parameters, certificate, guarantee, timings).</summary>
    public FitReport Report { get; }

    /// <summary>Names of the feature columns, in order.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>
    /// Name of the label column the model was fitted on (<see cref="TrainingData.LabelName"/>); null when the data named none
    /// or the model was read from a file of format version 1, which did not store it.
    /// </summary>
    public string? LabelName { get; internal init; }

    /// <summary>
    /// The model file format version this model is written in: <see cref="ModelCodec.ModelFormatVersion"/> for a fit, the
    /// file's own version for a model read from a file, so a file read and written again is unchanged.
    /// </summary>
    internal int FormatVersion { get; init; } = ModelCodec.ModelFormatVersion;

    /// <summary>This model with <see cref="LabelName"/> set to <paramref name="labelName"/>.</summary>
    internal ReliableReluModel WithLabelName(string? labelName)
        => new(Options, Embedding, Predictor, Report, FeatureNames) { LabelName = labelName, FormatVersion = FormatVersion };

    /// <summary>The kernel scores f(x) before thresholding and clipping.</summary>
    public double[] Scores(Matrix x, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predictor.Scores(Embedding.Apply(x, nameof(x)), cancellationToken);
    }

    private protected override Core.Losses.Loss EvaluationLoss => Options.LossFunction();

    private protected override double[] PredictEmbedded(PointSet points, CancellationToken cancellationToken) => Predictor.Predict(points, cancellationToken);

    /// <summary>
    /// Reads a model written by <see cref="FittedModel.Save"/> (format "reluverified-model"); a truncated, corrupted,
    /// wrong-version or inconsistent file, or a baseline file, gives a <see cref="ModelFormatException"/>.
    /// </summary>
    public static new ReliableReluModel Load(string path) => ModelCodec.Load<ReliableReluModel>(path);
}
