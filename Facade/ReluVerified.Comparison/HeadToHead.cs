using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// Runs every applicable learner on the same seeded splits and reports the reliable-learning figures side by side
/// (docs/comparison.md): the baselines peer:alphatron, peer:glmtron, peer:isotron, peer:gd-relu,
/// peer:krr, peer:krr-np, the ML.NET tree ensembles thresholded by the Neyman-Pearson umbrella rule (fasttree-np,
/// fastforest-np, lightgbm-np; <see cref="TreeBaseline"/>), the two-part hurdle (hurdle-np; <see cref="HurdleBaseline"/>),
/// then the reliable learner (T2.1) as a user gets it and its agnostic variant (R2.2). Fair by construction: per split one
/// seeded content-hash split into train and test, one embedding of the baselines fitted on the training rows and applied to
/// both parts, the same seed for every method's own held-out split, and each method's documented hyper-parameters. The
/// reliable learner is <see cref="ReliableRelu"/>.Fit on the RAW training rows with default <see cref="ReliableReluOptions"/>
/// except eps, delta, seed, the comparison's loss and, by <see cref="ComparisonOptions.CalibrateReliable"/>, calibration
/// (when the training rows hold too few zero labels to calibrate, it is fitted without, noted in the row's parameters).
/// Every method also yields a trade-off curve (<see cref="TradeOff"/>).
/// </summary>
public static class HeadToHead
{
    /// <summary>
    /// Ends a row's parameters when a thresholded method's held-out part held too few zero labels to calibrate
    /// (NeymanPearson.RequiredCount: ceil(ln delta / ln(1 - eps))) and it fell back to an uncalibrated threshold.
    /// </summary>
    public const string CalibrationRefused = "calibration=refused(too-few-zero-labels)";

    /// <summary>XORed into the seed of the train/test split, so it is independent of the methods' held-out splits.</summary>
    public const int TestSplitSalt = 0x5EED7E57;

    /// <summary>The method names in the order they run.</summary>
    public static ImmutableArray<string> MethodNames { get; } =
        [.. BaselineMethods.All.Select(BaselineMethods.Name), .. TreeKinds.Select(TreeBaseline.Name), HurdleBaseline.Name, "reliable", "agnostic"];

    /// <summary>
    /// The baselines whose output is thresholded by the Neyman-Pearson umbrella rule at the comparison's eps: krr-np, the
    /// tree ensembles and the hurdle (the reference set for the reliable learner's positive loss at a false-positive budget).
    /// </summary>
    public static ImmutableArray<string> ThresholdedBaselines { get; } =
        [BaselineMethods.Name(BaselineMethod.KrrNp), .. TreeKinds.Select(TreeBaseline.Name), HurdleBaseline.Name];

    /// <summary>
    /// The methods that never read eps or delta (alphatron, glmtron, isotron, gd-relu, krr: they select by held-out squared
    /// error and have no threshold), so their fits and figures on a split are the same at every eps: a benchmark over
    /// several eps may fit them once per split and repeat their rows.
    /// </summary>
    public static ImmutableArray<string> EpsilonFreeMethods { get; } =
        [.. new[] { BaselineMethod.Alphatron, BaselineMethod.Glmtron, BaselineMethod.Isotron, BaselineMethod.GdRelu, BaselineMethod.Krr }.Select(BaselineMethods.Name)];

    private static ImmutableArray<TreeEnsembleKind> TreeKinds => [TreeEnsembleKind.FastTree, TreeEnsembleKind.FastForest, TreeEnsembleKind.LightGbm];

    /// <summary>
    /// Compares the methods of <paramref name="options"/> on raw rows <paramref name="x"/> with labels <paramref name="y"/>
    /// in [0,1], over <see cref="ComparisonOptions.Splits"/> seeded splits. <paramref name="onRow"/>, when given, sees each
    /// row as soon as its method finishes (for progress output).
    /// </summary>
    public static ComparisonResult Run(Matrix x, double[] y, ComparisonOptions? options = null, Action<ComparisonRow>? onRow = null, CancellationToken cancellationToken = default)
    {
        options ??= new ComparisonOptions();
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(options.TestFraction > 0 && options.TestFraction < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.TestFraction, "TestFraction must lie in (0, 1).");
        if (options.Splits < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Splits, "Splits must be at least 1.");
        if (options.CurveLevels < 1) throw new ArgumentOutOfRangeException(nameof(options), options.CurveLevels, "CurveLevels must be at least 1.");
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i]) || y[i] < 0 || y[i] > 1)
                throw new ArgumentException($"y row {i} is {y[i]}: labels must lie in [0, 1] for the reliable learners and their baselines (rescale them, e.g. log(1 + y) / log(1 + max y)).", nameof(y));
        var unknown = options.Methods.IsDefault ? [] : options.Methods.Where(m => !MethodNames.Contains(m)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"unknown method(s) {string.Join(", ", unknown)}; choose among: {string.Join(", ", MethodNames)}.", nameof(options));
        Baseline.Validate(options.Baselines with { Scale = options.Scale, Epsilon = options.Epsilon, Delta = options.Delta });
        TreeBaseline.Validate(options.Trees with { Epsilon = options.Epsilon, Delta = options.Delta });

        var requested = options.Methods.IsDefaultOrEmpty ? MethodNames : [.. MethodNames.Where(options.Methods.Contains)];
        var notes = ImmutableArray.CreateBuilder<string>();
        foreach (var kind in TreeKinds)
            if (requested.Contains(TreeBaseline.Name(kind)) && TreeBaseline.Unavailable(kind) is string problem)
                notes.Add($"{TreeBaseline.Name(kind)} left out: {problem}");
        var methods = requested.Where(m => !TreeKinds.Any(k => TreeBaseline.Name(k) == m && TreeBaseline.Unavailable(k) is not null)).ToImmutableArray();
        if (methods.IsEmpty) throw new ArgumentException("no requested method can run here: " + string.Join(" ", notes), nameof(options));

        // The rows the splits hash: raw rows scaled by the largest norm (a function of the multiset of rows, so no split
        // depends on row order).
        var raw = Baseline.SplitKey(x, y);
        var splits = Enumerable.Range(0, options.Splits)
            .Select(s => RunSplit(x, y, raw, options, s, methods, onRow, cancellationToken)).ToImmutableArray();
        return ComparisonResult.Create(splits, options.Baselines.LossFunction().Describe(), options, notes.ToImmutable());
    }

    /// <summary>Draws <paramref name="count"/> rows from a built-in scenario with the comparison seed and compares on them (points already on the sphere: the baselines' embedding is "none").</summary>
    public static ComparisonResult RunScenario(Scenario scenario, int count, ComparisonOptions? options = null, Action<ComparisonRow>? onRow = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new ComparisonOptions();
        if (count < 20) throw new ArgumentOutOfRangeException(nameof(count), count, "a comparison needs at least 20 rows.");
        var sample = scenario.Draw(count, options.Seed);
        return Run(sample.Points.Coordinates, [.. sample.Labels], options with { Scale = ScaleKind.None }, onRow, cancellationToken) with { Source = $"scenario {scenario.Name}" };
    }

    private static ComparisonSplit RunSplit(Matrix x, double[] y, LabelledSample raw, ComparisonOptions options, int split, ImmutableArray<string> methods,
        Action<ComparisonRow>? onRow, CancellationToken cancellationToken)
    {
        int seed = options.Seed + split;
        // The train/test split hashes with a salted seed: with the methods' own seed it would put every training row on
        // the same side of their held-out split (the same hash of the same row), leaving their selection parts empty.
        var parts = DataPartition.Split(raw, seed ^ TestSplitSalt, 0, options.TestFraction);
        if (parts.Fit.Length < 10 || parts.Calibration.Length < 1)
            throw new ArgumentException($"{x.Rows} rows are too few to compare: the split left {parts.Fit.Length} training and {parts.Calibration.Length} test rows.", nameof(x));
        var trainRaw = Rows(x, parts.Fit.AsSpan());
        var testRaw = Rows(x, parts.Calibration.AsSpan());
        var embedding = Embedding.Fit(OptionNames.Name(options.Scale), options.Bias, trainRaw, nameof(x));
        var train = new LabelledSample(embedding.Apply(trainRaw, nameof(x)), [.. parts.Fit.Select(i => y[i])]);
        var test = new LabelledSample(embedding.Apply(testRaw, nameof(x)), [.. parts.Calibration.Select(i => y[i])]);
        var baselineOptions = options.Baselines with { Scale = ScaleKind.None, Bias = false, Seed = seed, Epsilon = options.Epsilon, Delta = options.Delta };
        var treeOptions = options.Trees with { Seed = seed, Epsilon = options.Epsilon, Delta = options.Delta };
        var loss = baselineOptions.LossFunction();
        var trainKey = raw.Select(parts.Fit.AsSpan());
        var trainX = train.Points.Coordinates;
        var testX = test.Points.Coordinates;
        double[] trainY = [.. train.Labels];

        var rows = ImmutableArray.CreateBuilder<ComparisonRow>();
        var curves = ImmutableArray.CreateBuilder<TradeOffCurve>();
        foreach (var method in methods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (row, output) = method switch
            {
                _ when BaselineMethods.All.Any(b => BaselineMethods.Name(b) == method) => Measure(method, split,
                    () => Baseline.FitEmbedded(BaselineMethods.Parse(method), train, trainKey, baselineOptions, ComputeBackend.Auto, cancellationToken),
                    fit => OutputOf(fit.Hypothesis, test.Points),
                    fit => string.Join(" ", fit.Parameters.Select(p => $"{p.Key}={p.Value.ToString("G4", CultureInfo.InvariantCulture)}"))
                        + (fit.Calibration is { Succeeded: false } ? " " + CalibrationRefused : "")),
                _ when TreeKinds.Any(k => TreeBaseline.Name(k) == method) => Measure(method, split,
                    () => TreeBaseline.Fit(TreeKinds.First(k => TreeBaseline.Name(k) == method), trainX, trainY, trainKey, treeOptions, cancellationToken),
                    model => Thresholded(model.Scores(testX), model.Threshold),
                    model => model.Describe()),
                HurdleBaseline.Name => Measure(method, split,
                    () => HurdleBaseline.Fit(trainX, trainY, trainKey, treeOptions, cancellationToken),
                    model => Hurdle(model.Probabilities(testX), model.Magnitudes(testX), model.Threshold),
                    model => model.Describe()),
                "reliable" => MeasureReliable(split, trainRaw, trainY, testRaw, new ReliableReluOptions
                {
                    Seed = seed, Epsilon = options.Epsilon, Delta = options.Delta, Loss = baselineOptions.Loss, Calibrate = options.CalibrateReliable ? null : false,
                }, cancellationToken),
                "agnostic" => MeasureReliable(split, trainX, trainY, testX, new ReliableReluOptions
                {
                    Task = ReluTask.Agnostic, Scale = ScaleKind.None, Seed = seed, Epsilon = options.Epsilon, Delta = options.Delta, Loss = baselineOptions.Loss,
                }, cancellationToken),
                _ => throw new InvalidOperationException($"method '{method}' has no runner."),
            };
            var metrics = Metrics.Of(output.Predictions, test.Labels.AsSpan(), loss);
            var measured = row with { ConditionalFalsePositiveRate = metrics.ConditionalFalsePositiveRate ?? double.NaN, FalsePositiveRate = metrics.FalsePositiveRate,
                PositiveLoss = metrics.PositiveLoss, Loss = metrics.Loss };
            rows.Add(measured);
            curves.Add(TradeOff.Curve(method, output.Scores, output.Values, output.Predictions, test.Labels.AsSpan(), loss, options.CurveLevels));
            onRow?.Invoke(measured);
        }
        return new ComparisonSplit(split, seed, train.Count, test.Count, rows.ToImmutable(), curves.ToImmutable());
    }

    /// <summary>A method's test output: scores s, the values v it predicts where switched on, and its predictions h.</summary>
    private sealed record Output(double[] Scores, double[] Values, double[] Predictions);

    /// <summary>A Core baseline: its scores before the output rule or link; v = clip_[0,1](s) under a threshold rule, else the prediction itself.</summary>
    private static Output OutputOf(BaselineHypothesis hypothesis, PointSet points)
    {
        var scores = hypothesis.Scores(points);
        return hypothesis switch
        {
            BaselineHypothesis.Kernelised { Hypothesis.Rule: OutputRule.ReliableThreshold t } => Thresholded(scores, t.Threshold),
            BaselineHypothesis.Kernelised k => Same(scores, [.. scores.Select(k.Hypothesis.Rule.Apply)]),
            BaselineHypothesis.SingleIndex s => Same(scores, [.. scores.Select(s.Hypothesis.Link.Apply)]),
            _ => throw new InvalidOperationException("unknown hypothesis kind"),
        };
    }

    /// <summary>h = 0 below tau, clip_[0,1](s) above; v = clip_[0,1](s).</summary>
    private static Output Thresholded(double[] scores, double tau)
    {
        var rule = new OutputRule.ReliableThreshold(tau);
        return new Output(scores, [.. scores.Select(s => Math.Clamp(s, 0.0, 1.0))], [.. scores.Select(rule.Apply)]);
    }

    /// <summary>A method with no threshold of its own: v = h.</summary>
    private static Output Same(double[] scores, double[] predictions) => new(scores, predictions, predictions);

    /// <summary>The hurdle: s = p, v = clip_[0,1](g), h = 1{p &gt;= tau} v.</summary>
    private static Output Hurdle(double[] probabilities, double[] magnitudes, double tau)
        => new(probabilities, [.. magnitudes.Select(g => Math.Clamp(g, 0.0, 1.0))], HurdleModel.Combine(probabilities, magnitudes, tau));

    private static (ComparisonRow, Output) MeasureReliable(int split, Matrix trainX, double[] trainY, Matrix testX, ReliableReluOptions reliableOptions, CancellationToken cancellationToken)
    {
        string note = "";
        var (row, output) = Measure(reliableOptions.Task == ReluTask.Agnostic ? "agnostic" : "reliable", split, () =>
        {
            try
            {
                return ReliableRelu.Fit(trainX, trainY, reliableOptions, cancellationToken: cancellationToken);
            }
            catch (ArgumentException e) when (reliableOptions.Calibrate == true && e.ParamName == "labels" && e.Message.Contains("calibrat", StringComparison.Ordinal))
            {
                // Too few zero-labelled rows to calibrate tau: fit without calibration instead, and say so.
                note = " " + CalibrationRefused;
                return ReliableRelu.Fit(trainX, trainY, reliableOptions with { Calibrate = false }, cancellationToken: cancellationToken);
            }
        },
        model => new Output([], [], model.Predict(testX, cancellationToken)),
        model => string.Create(CultureInfo.InvariantCulture, $"degree={model.Report.Degree} weight={model.Report.Weight:G4} scale={OptionNames.Name(model.Options.Scale!.Value)}")
            + (model.Report.Threshold is double t ? string.Create(CultureInfo.InvariantCulture, $" threshold={t:G4}") : "")
            + (model.Options.Calibrate == true ? " calibrated" : "")
            + (model.Options.Kernel is { } kernel ? $" kernel={kernel}" : "")
            + (model.Report.ZeroPenalty is double lambda ? string.Create(CultureInfo.InvariantCulture, $" lambda={lambda:G4}") : ""), out var fitted);
        if (fitted.Report.Warnings.Any(w => w.StartsWith("not calibrated", StringComparison.Ordinal))) note = " " + CalibrationRefused;
        // Scores for the trade-off curve, outside the timed prediction.
        var scores = fitted.Scores(testX, cancellationToken);
        var values = fitted.Predictor is Predictor.KernelExpansion { Hypothesis.Rule: OutputRule.ReliableThreshold }
            ? [.. scores.Select(s => Math.Clamp(s, 0.0, 1.0))] : output.Predictions;
        return (row with { Parameters = row.Parameters + note }, output with { Scores = scores, Values = values });
    }

    private static (ComparisonRow, Output) Measure<T>(string name, int split, Func<T> fit, Func<T, Output> predict, Func<T, string> describe)
        => Measure(name, split, fit, predict, describe, out _);

    /// <summary>Fits and predicts, timing both and counting managed allocations; the figures are filled in by the caller.</summary>
    private static (ComparisonRow, Output) Measure<T>(string name, int split, Func<T> fit, Func<T, Output> predict, Func<T, string> describe, out T model)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        model = fit();
        double fitMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var output = predict(model);
        double predictMs = clock.Elapsed.TotalMilliseconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (new ComparisonRow(name, split, double.NaN, double.NaN, double.NaN, double.NaN, fitMs, predictMs, allocated, describe(model)), output);
    }

    private static Matrix Rows(Matrix x, ReadOnlySpan<int> indices)
    {
        var data = new double[indices.Length * x.Columns];
        for (int k = 0; k < indices.Length; k++) x.Row(indices[k]).CopyTo(data.AsSpan(k * x.Columns, x.Columns));
        return Matrix.Create(indices.Length, x.Columns, data);
    }
}
