using ReluVerified.Core.Baselines;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;

namespace ReluVerified;

/// <summary>
/// A fitted baseline (the peer methods of <see cref="BaselineMethod"/>, compared in docs/comparison.md): the method, its
/// options, the embedding of raw rows into the ball and the Core fit (hypothesis, chosen hyper-parameters, trace).
/// Immutable; obtained only from <see cref="Baseline"/>.Fit or <see cref="Load"/>.
/// </summary>
public sealed class BaselineModel : FittedModel
{
    internal BaselineModel(BaselineMethod method, BaselineOptions options, Embedding embedding, BaselineFit fit) : base(embedding)
    {
        Method = method;
        Options = options;
        Fit = fit;
    }

    /// <summary>The method.</summary>
    public BaselineMethod Method { get; }

    /// <summary>The options the model was fitted with.</summary>
    public BaselineOptions Options { get; }

    /// <summary>The Core fit: hypothesis, chosen hyper-parameters, selection figure, trace, calibration.</summary>
    public BaselineFit Fit { get; }

    private protected override Core.Losses.Loss EvaluationLoss => Options.LossFunction();

    private protected override double[] PredictEmbedded(PointSet points, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Fit.Hypothesis.Predict(points);
    }

    /// <summary>
    /// Reads a baseline written by <see cref="FittedModel.Save"/> (format "reluverified-baseline"); a damaged or
    /// inconsistent file, or a reliable model's file, gives a <see cref="ModelFormatException"/>.
    /// </summary>
    public static new BaselineModel Load(string path) => ModelCodec.Load<BaselineModel>(path);
}
