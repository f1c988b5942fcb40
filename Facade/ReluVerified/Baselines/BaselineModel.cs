using ReluVerified.Core.Baselines;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// A fitted baseline (section 6 of the algorithm notes; peer ids in <see cref="BaselineMethod"/>): the method, its
/// options, the embedding of raw rows into the ball and the Core fit (hypothesis, chosen hyper-parameters, trace).
/// Immutable; obtained only from <see cref="Baseline"/>.Fit or <see cref="Load"/>.
/// </summary>
public sealed class BaselineModel
{
    internal BaselineModel(BaselineMethod method, BaselineOptions options, Embedding embedding, BaselineFit fit)
    {
        Method = method;
        Options = options;
        Embedding = embedding;
        Fit = fit;
    }

    /// <summary>The method.</summary>
    public BaselineMethod Method { get; }

    /// <summary>The options the model was fitted with.</summary>
    public BaselineOptions Options { get; }

    /// <summary>How raw rows are mapped into the unit ball.</summary>
    public Embedding Embedding { get; }

    /// <summary>The Core fit: hypothesis, chosen hyper-parameters, selection figure, trace, calibration.</summary>
    public BaselineFit Fit { get; }

    /// <summary>Predictions h(x) for raw rows (same columns as the training rows).</summary>
    public double[] Predict(double[][] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predict(ReliableRelu.Rows(x, nameof(x)));
    }

    /// <summary>Predictions h(x) for raw rows held in a matrix.</summary>
    public double[] Predict(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Fit.Hypothesis.Predict(Embedding.Apply(x, nameof(x)));
    }

    /// <summary>False-positive rate, positive loss and loss on labelled rows (averaged over all rows, as in the paper).</summary>
    public Metrics Evaluate(double[][] x, double[] y, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Evaluate(ReliableRelu.Rows(x, nameof(x)), y, cancellationToken);
    }

    /// <summary>As <see cref="Evaluate(double[][], double[], CancellationToken)"/> for rows in a matrix.</summary>
    public Metrics Evaluate(Matrix x, double[] y, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i])) throw new ArgumentException($"y row {i} is {y[i]}: labels must be finite.", nameof(y));
        cancellationToken.ThrowIfCancellationRequested();
        return Metrics.Of(Predict(x), y, Options.LossFunction());
    }

    /// <summary>Writes the model as versioned JSON (format "reluverified-baseline"), atomically.</summary>
    public void Save(string path) => BaselineFile.Save(this, path);

    /// <summary>Reads a model written by <see cref="Save"/>; a damaged or inconsistent file gives a <see cref="ModelFormatException"/>.</summary>
    public static BaselineModel Load(string path) => BaselineFile.Load(path);
}
