using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// A fitted model of either kind: a <see cref="ReliableReluModel"/> (T2.1 and the other tasks of <see cref="ReluTask"/>)
/// or a <see cref="BaselineModel"/> (the peer methods of <see cref="BaselineMethod"/>). Both embed raw rows into the unit
/// ball and predict there; both are written by one codec (<see cref="ModelCodec"/>), and <see cref="Load"/> reads either
/// kind. Immutable; obtained only from a fit or a load.
/// </summary>
public abstract class FittedModel
{
    private protected FittedModel(Embedding embedding) => Embedding = embedding;

    /// <summary>How raw rows are mapped into the unit ball.</summary>
    public Embedding Embedding { get; }

    /// <summary>The loss <see cref="Evaluate(Matrix, double[], CancellationToken)"/> reports.</summary>
    private protected abstract Core.Losses.Loss EvaluationLoss { get; }

    /// <summary>Predictions h(x) for rows already embedded by <see cref="Embedding"/>.</summary>
    private protected abstract double[] PredictEmbedded(PointSet points, CancellationToken cancellationToken);

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
        return PredictEmbedded(Embedding.Apply(x, nameof(x)), cancellationToken);
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
        cancellationToken.ThrowIfCancellationRequested();
        return Metrics.Of(Predict(x, cancellationToken), y, EvaluationLoss);
    }

    /// <summary>Writes the model as versioned JSON (<see cref="ModelCodec"/>), atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    public void Save(string path) => ModelCodec.Save(this, path);

    /// <summary>
    /// Reads a model file of either kind (format "reluverified-model" or "reluverified-baseline"); a truncated, corrupted,
    /// wrong-version or inconsistent file gives a <see cref="ModelFormatException"/>.
    /// </summary>
    public static FittedModel Load(string path) => ModelCodec.Load(path);
}
