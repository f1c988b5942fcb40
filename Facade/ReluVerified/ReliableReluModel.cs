using System.Collections.Immutable;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// A fitted model of any task (T2.1, R2.2, T2.3, T2.4, T2.6, leaky ReLU, the LSPA heuristic): the embedding of raw rows into the ball, the predictor h, the options it was fitted with and its <see cref="FitReport"/>. Immutable; obtained only from
/// <c>ReliableRelu.Fit</c>
/// or <see cref="Load"/>, so predicting before fitting cannot be written.
/// </summary>
public sealed class ReliableReluModel
{
    internal ReliableReluModel(ReliableReluOptions options, Embedding embedding, Predictor predictor, FitReport report, ImmutableArray<string> featureNames)
    {
        Options = options;
        Embedding = embedding;
        Predictor = predictor;
        Report = report;
        FeatureNames = featureNames;
    }

    /// <summary>The options the model was fitted with.</summary>
    public ReliableReluOptions Options { get; }

    /// <summary>How raw rows are mapped into the unit ball.</summary>
    public Embedding Embedding { get; }

    /// <summary>The learned predictor on embedded rows (a kernel expansion, or max-k-affine pieces for the LSPA heuristic).</summary>
    public Predictor Predictor { get; }

    /// <summary>The kernel hypothesis, for the kernel tasks (null for the LSPA heuristic).</summary>
    public KernelHypothesis? Hypothesis => (Predictor as Predictor.KernelExpansion)?.Hypothesis;

    /// <summary>The fit report (parameters, certificate, guarantee, timings).</summary>
    public FitReport Report { get; }

    /// <summary>Names of the feature columns, in order.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>Predictions h(x) for raw rows (same columns as the training rows).</summary>
    public double[] Predict(double[][] x, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predict(ReliableRelu.Rows(x, nameof(x)), cancellationToken);
    }

    /// <summary>Predictions h(x) for raw rows held in a matrix.</summary>
    public double[] Predict(Matrix x, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predictor.Predict(Embedding.Apply(x, nameof(x)), cancellationToken);
    }

    /// <summary>The kernel scores f(x) before thresholding and clipping.</summary>
    public double[] Scores(Matrix x, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predictor.Scores(Embedding.Apply(x, nameof(x)), cancellationToken);
    }

    /// <summary>
    /// Joint false-positive rate, positive loss and loss of the model on labelled rows (averaged over all rows, as in the
    /// paper), and the conditional false-positive rate (over the zero-labelled rows).
    /// </summary>
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
        return Metrics.Of(Predict(x, cancellationToken), y, Options.LossFunction());
    }

    /// <summary>Writes the model as versioned JSON, atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    public void Save(string path) => ModelFile.Save(this, path);

    /// <summary>Reads a model written by <see cref="Save"/>; a truncated, corrupted, wrong-version or inconsistent file gives a <see cref="ModelFormatException"/>.</summary>
    public static ReliableReluModel Load(string path) => ModelFile.Load(path);
}
