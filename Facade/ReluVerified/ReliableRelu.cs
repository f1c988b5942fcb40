using ReluVerified.Core.Approximation;
using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Optimization;

namespace ReluVerified;

/// <summary>
/// Entry point of the reliable ReLU learner (T2.1) and its agnostic variant (R2.2): <c>ReliableRelu.Fit(x, y, options)</c>
/// returns a fitted <see cref="ReliableReluModel"/>. Validation happens here, once: errors name the argument, the row and
/// the column. Same data, options and seed give the same bits.
/// </summary>
public static class ReliableRelu
{
    /// <summary>Degrees tried when <see cref="ReliableReluOptions.Degree"/> is null.</summary>
    public static ImmutableArray<int> DefaultDegrees { get; } = [2, 3, 4];

    /// <summary>Norm bounds tried when <see cref="ReliableReluOptions.Weight"/> is null.</summary>
    public static ImmutableArray<double> DefaultWeights { get; } = [4.0, 16.0, 64.0];

    /// <summary>
    /// Fits a model to rows <paramref name="x"/> (any scale: the embedding in <paramref name="options"/> maps them into
    /// the unit ball) and labels <paramref name="y"/> in [0,1]. <paramref name="sampleWeights"/> (optional, non-negative)
    /// weight each row's loss. Progress is reported per phase; cancellation stops between and inside phases.
    /// </summary>
    public static ReliableReluModel Fit(double[][] x, double[] y, ReliableReluOptions? options = null, double[]? sampleWeights = null,
        IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Fit(Rows(x, nameof(x)), y, options, sampleWeights, progress, cancellationToken, featureNames);
    }

    /// <summary>As the jagged-array overload for rows in a matrix.</summary>
    public static ReliableReluModel Fit(Matrix x, double[] y, ReliableReluOptions? options = null, double[]? sampleWeights = null,
        IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default, IReadOnlyList<string>? featureNames = null)
    {
        options ??= new ReliableReluOptions();
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Validate(options);
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i]) || y[i] < 0 || y[i] > 1)
                throw new ArgumentException($"y row {i} is {y[i]}: labels must lie in [0, 1] (0 marks a point where the ReLU must predict 0).", nameof(y));
        if (sampleWeights is not null)
        {
            if (sampleWeights.Length != x.Rows) throw new ArgumentException($"sampleWeights has {sampleWeights.Length} entries but x has {x.Rows} rows.", nameof(sampleWeights));
            for (int i = 0; i < sampleWeights.Length; i++)
                if (!double.IsFinite(sampleWeights[i]) || sampleWeights[i] < 0)
                    throw new ArgumentException($"sampleWeights row {i} is {sampleWeights[i]}: weights must be finite and non-negative.", nameof(sampleWeights));
        }
        var names = featureNames is null ? [.. Enumerable.Range(0, x.Columns).Select(j => $"x{j}")] : featureNames.ToImmutableArray();
        if (names.Length != x.Columns) throw new ArgumentException($"{names.Length} feature names for {x.Columns} columns.", nameof(featureNames));

        var embedding = Embedding.Fit(options.Scale, options.Bias, x, nameof(x));
        var sample = new LabelledSample(embedding.Apply(x, nameof(x)), [.. y]);
        var settings = Settings(options);
        var fit = KernelLearner.Fit(sample, sampleWeights is null ? default : [.. sampleWeights], settings, progress, cancellationToken);
        return new ReliableReluModel(options, embedding, fit.Hypothesis, Report(options, settings, fit), names);
    }

    /// <summary>The resolved learner settings for <paramref name="options"/> (the derivation is in Proofs/T2.1-reliable-relu.md).</summary>
    public static LearnerSettings Settings(ReliableReluOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loss = options.LossFunction();
        double tauC = options.ConstraintLevel ?? options.Epsilon / (4 * loss.Assumptions.Lipschitz);
        return new LearnerSettings(
            options.Task == ReluTask.Reliable ? ProgramTask.Reliable : ProgramTask.Agnostic,
            options.Degree is int d ? [d] : DefaultDegrees,
            options.Weight is double b ? [b] : DefaultWeights,
            tauC, options.Threshold, options.Calibrate, options.Epsilon, options.Delta, loss, options.Seed, SolverOptions.Default);
    }

    internal static void Validate(ReliableReluOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!(o.Epsilon > 0 && o.Epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(o.Epsilon), o.Epsilon, "Epsilon must lie in (0, 1).");
        if (!(o.Delta > 0 && o.Delta < 1)) throw new ArgumentOutOfRangeException(nameof(o.Delta), o.Delta, "Delta must lie in (0, 1).");
        if (o.Degree is int d && (d < 0 || d > 30)) throw new ArgumentOutOfRangeException(nameof(o.Degree), d, "Degree must lie in 0..30.");
        if (o.Weight is double b && !(b > 0 && double.IsFinite(b))) throw new ArgumentOutOfRangeException(nameof(o.Weight), b, "Weight (B) must be positive and finite.");
        if (o.ConstraintLevel is double c && !double.IsFinite(c)) throw new ArgumentOutOfRangeException(nameof(o.ConstraintLevel), c, "ConstraintLevel must be finite.");
        if (o.Threshold is double t && !double.IsFinite(t)) throw new ArgumentOutOfRangeException(nameof(o.Threshold), t, "Threshold must be finite.");
        if (o.Loss == LossKind.Huber && !(o.HuberDelta > 0 && double.IsFinite(o.HuberDelta))) throw new ArgumentOutOfRangeException(nameof(o.HuberDelta), o.HuberDelta, "HuberDelta must be positive.");
        if (o.Scale is not ("none" or "max-norm" or "standardize")) throw new ArgumentException($"Scale '{o.Scale}' is not one of none, max-norm, standardize.", nameof(o.Scale));
    }

    internal static Matrix Rows(double[][] x, string name)
    {
        if (x.Length == 0) throw new ArgumentException($"{name} has no rows.", name);
        int n = x[0]?.Length ?? throw new ArgumentException($"{name} row 0 is null.", name);
        if (n == 0) throw new ArgumentException($"{name} row 0 has no columns.", name);
        var data = new double[x.Length * n];
        for (int i = 0; i < x.Length; i++)
        {
            var row = x[i] ?? throw new ArgumentException($"{name} row {i} is null.", name);
            if (row.Length != n) throw new ArgumentException($"{name} row {i} has {row.Length} columns; row 0 has {n}.", name);
            for (int j = 0; j < n; j++)
                if (!double.IsFinite(row[j])) throw new ArgumentException($"{name} row {i} column {j} is {row[j]}: features must be finite numbers.", name);
            row.CopyTo(data, i * n);
        }
        return Matrix.Create(x.Length, n, data);
    }

    /// <summary>
    /// What L-approx asks for at this tau_c: the smallest Chebyshev degree whose certified ReLU error is at most tau_c, and
    /// its weight. Searched only for tau_c &gt;= 1e-3 (degree &lt;= ~300), so a report never spends seconds on it.
    /// </summary>
    private static (int Degree, double Weight)? TheoryApproximation(double tauC)
    {
        if (!(tauC >= 1e-3)) return null;
        var found = ApproximationTable.SmallestDegree(new TargetFunction.Relu(), tauC, ApproximationMethod.Chebyshev, 400).Certificate;
        return found is null ? null : (found.Degree, found.Weight);
    }

    private static FitReport Report(ReliableReluOptions options, LearnerSettings settings, LearnerFit fit)
    {
        var certificate = TheoryApproximation(fit.ConstraintLevel);
        double? theorySamples = certificate is null ? null
            : TheoremGuarantee.For(fit.FitCount, certificate.Value.Degree, certificate.Value.Weight, fit.ConstraintLevel, 2 * fit.ConstraintLevel,
                settings.Delta, settings.Loss.Assumptions.Lipschitz, settings.Loss.Assumptions.BoundOnUnitInterval).RequiredSamples(settings.Epsilon);
        var g = fit.Guarantee;
        bool calibrated = fit.Calibration?.Succeeded == true;
        string theoryText = g.Describe(settings.Epsilon);
        var statement = settings.Task == ProgramTask.Agnostic
            ? $"Rademacher bound, probability >= {1 - settings.Delta:G4} over {fit.FitCount} training rows: loss <= best ReLU's loss + approximation error + {g.PositiveLossSlack:G4} (Rademacher term {g.Rademacher:G4})."
            : calibrated
                ? $"False-positive rate <= {settings.Epsilon} on fresh data with probability >= {1 - settings.Delta:G4} (Neyman-Pearson calibration on {fit.Calibration!.ZeroCount} held-out zero-labelled rows). {theoryText}"
                : theoryText;
        return new FitReport
        {
            Task = options.Task == ReluTask.Reliable ? "reliable" : "agnostic",
            Loss = settings.Loss.Describe(),
            Epsilon = settings.Epsilon,
            Delta = settings.Delta,
            Degree = fit.Degree,
            Weight = fit.NormBound,
            Threshold = double.IsNaN(fit.Threshold) ? null : fit.Threshold,
            ConstraintLevel = fit.ConstraintLevel,
            Objective = fit.Solver.Objective,
            DualityGap = fit.Solver.DualityGap,
            MaxViolation = fit.Solver.MaxViolation,
            Iterations = fit.Solver.Iterations,
            Exit = fit.Solver.Exit.ToString(),
            Timings = new FitTimings(fit.GramMilliseconds, fit.SolveMilliseconds, fit.TotalMilliseconds),
            Train = fit.Train,
            Guarantee = new FitGuarantee(statement, g.Rademacher, g.FalsePositiveBound, g.PositiveLossSlack, g.ThresholdAdmissible,
                g.RequiredSamples(settings.Epsilon), certificate?.Degree, certificate?.Weight, theorySamples, calibrated ? settings.Epsilon : null),
            Candidates = fit.Candidates,
            Calibration = fit.Calibration,
            Parts = [fit.FitCount, fit.SelectionCount, fit.CalibrationCount],
        };
    }
}
