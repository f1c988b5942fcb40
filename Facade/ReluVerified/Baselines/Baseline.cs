using System.Collections.Immutable;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// Entry point of the baselines (docs/comparison.md): <c>Baseline.Fit(method, x, y, options)</c> returns a
/// fitted <see cref="BaselineModel"/>, with the same facade shape and seeds as <see cref="ReliableRelu"/>. Validation
/// happens here, once. Rows are embedded as the reliable learner embeds them, and the held-out split is the reliable
/// learner's content-hash split with the same seed: methods that select on held-out data fit on 75% and select on 25%
/// (krr-np: fit 60%, select 20%, calibrate 20%, as the reliable learner with calibration); gd-relu, which selects nothing,
/// fits on every row.
/// </summary>
public static class Baseline
{
    private const double SelectionFraction = 0.25;
    private const double CalibratedSelectionFraction = 0.2;
    private const double CalibrationFraction = 0.2;

    /// <summary>Fits <paramref name="method"/> to raw rows <paramref name="x"/> and labels <paramref name="y"/> in [0,1].</summary>
    public static BaselineModel Fit(BaselineMethod method, double[][] x, double[] y, BaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Fit(method, ReliableRelu.Rows(x, nameof(x)), y, options, cancellationToken);
    }

    /// <summary>As the jagged-array overload for rows in a matrix.</summary>
    public static BaselineModel Fit(BaselineMethod method, Matrix x, double[] y, BaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BaselineOptions();
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Validate(options);
        _ = BaselineMethods.Name(method);
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i]) || y[i] < 0 || y[i] > 1)
                throw new ArgumentException($"y row {i} is {y[i]}: labels must lie in [0, 1] (0 marks a point where the ReLU must predict 0).", nameof(y));
        var embedding = Embedding.Fit(OptionNames.Name(options.Scale), options.Bias, x, nameof(x));
        var sample = new LabelledSample(embedding.Apply(x, nameof(x)), [.. y]);
        return new BaselineModel(method, options, embedding, FitEmbedded(method, sample, SplitKey(x, y), options, ComputeBackend.Auto, cancellationToken));
    }

    /// <summary>
    /// The rows the held-out split hashes: the raw rows divided by their largest norm. The largest norm is an exact function
    /// of the set of rows, so these bits (unlike a standardised embedding's, whose column sums round differently in another
    /// row order) do not depend on the order of the rows, and neither does the split.
    /// </summary>
    internal static LabelledSample SplitKey(Matrix x, double[] y)
        => new(Embedding.Fit("max-norm", false, x, nameof(x)).Apply(x, nameof(x)), [.. y]);

    /// <summary>Fits on rows already embedded in the unit ball (the comparison embeds once for every method).</summary>
    /// <param name="method">The method.</param>
    /// <param name="sample">Embedded rows and labels.</param>
    /// <param name="splitKey">The same rows in the same order as hashed by the held-out split (see <see cref="SplitKey"/>).</param>
    /// <param name="options">Hyper-parameters.</param>
    /// <param name="backend">Dense linear algebra backend.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    internal static BaselineFit FitEmbedded(BaselineMethod method, LabelledSample sample, LabelledSample splitKey, BaselineOptions options, ComputeBackend backend, CancellationToken cancellationToken)
    {
        if (method == BaselineMethod.GdRelu)
            return GradientRelu.Fit(sample.Select(DataPartition.CanonicalOrder(splitKey, options.Seed)), options.Seed, options.Restarts, options.Steps, cancellationToken);
        bool calibrates = method == BaselineMethod.KrrNp;
        var parts = DataPartition.Split(splitKey, options.Seed, calibrates ? CalibratedSelectionFraction : SelectionFraction, calibrates ? CalibrationFraction : 0);
        if (parts.Fit.Length == 0 || parts.Selection.Length == 0 || (calibrates && parts.Calibration.Length == 0))
            throw new ArgumentException($"{sample.Count} rows are too few for {BaselineMethods.Name(method)}: the fit, selection{(calibrates ? " and calibration" : "")} parts must each hold a row.", "x");
        var fit = sample.Select(parts.Fit.AsSpan());
        var selection = sample.Select(parts.Selection.AsSpan());
        var degrees = options.Degrees;
        return method switch
        {
            BaselineMethod.Alphatron => Alphatron.Fit(fit, selection, [.. degrees.Distinct().Order().Select(d => (Kernel)new Kernel.Multinomial(d))],
                options.Iterations ?? Alphatron.DefaultIterations, backend, cancellationToken),
            BaselineMethod.Glmtron => Glmtron.Fit(fit, selection, options.Iterations ?? Glmtron.DefaultIterations, cancellationToken),
            BaselineMethod.Isotron => Isotron.Fit(fit, selection, options.Iterations ?? Isotron.DefaultIterations, cancellationToken),
            BaselineMethod.Krr => KernelRidge.Fit(fit, selection, degrees, options.Lambdas, backend, cancellationToken),
            BaselineMethod.KrrNp => NeymanPearsonRidge.Fit(fit, selection, sample.Select(parts.Calibration.AsSpan()), degrees, options.Lambdas,
                options.Epsilon, options.Delta, backend, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown baseline method."),
        };
    }

    internal static void Validate(BaselineOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Degrees.IsDefaultOrEmpty || o.Degrees.Any(d => d < 0 || d > 30)) throw new ArgumentOutOfRangeException(nameof(o.Degrees), "Degrees must be non-empty, each in 0..30.");
        if (o.Lambdas.IsDefaultOrEmpty || o.Lambdas.Any(l => !(l > 0 && double.IsFinite(l)))) throw new ArgumentOutOfRangeException(nameof(o.Lambdas), "Lambdas must be non-empty, each positive and finite.");
        if (o.Iterations is int t && t <= 0) throw new ArgumentOutOfRangeException(nameof(o.Iterations), t, "Iterations must be positive.");
        if (o.Restarts <= 0) throw new ArgumentOutOfRangeException(nameof(o.Restarts), o.Restarts, "Restarts must be positive.");
        if (o.Steps <= 0) throw new ArgumentOutOfRangeException(nameof(o.Steps), o.Steps, "Steps must be positive.");
        if (!(o.Epsilon > 0 && o.Epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(o.Epsilon), o.Epsilon, "Epsilon must lie in (0, 1).");
        if (!(o.Delta > 0 && o.Delta < 1)) throw new ArgumentOutOfRangeException(nameof(o.Delta), o.Delta, "Delta must lie in (0, 1).");
        ReliableRelu.Defined(o.Scale, nameof(o.Scale));
        ReliableRelu.Defined(o.Loss, nameof(o.Loss));
    }
}
