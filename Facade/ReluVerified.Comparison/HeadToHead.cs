using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// Runs every applicable learner on the same split and reports the reliable-learning figures side by side (section 6 of
/// the algorithm notes): the baselines peer:alphatron, peer:glmtron, peer:isotron, peer:gd-relu, peer:krr, peer:krr-np,
/// then the reliable learner (T2.1, with Neyman-Pearson calibration; when the training rows hold too few zero labels to
/// calibrate, with the theorem's threshold 2 tau_c, noted in the row's parameters) and its agnostic variant (R2.2). Fair by
/// construction: one seeded content-hash split into train and test, one embedding fitted on the training rows and applied
/// to both parts, the same seed for every method's own held-out split, and each method's documented hyper-parameters.
/// </summary>
public static class HeadToHead
{
    /// <summary>XORed into the seed of the train/test split, so it is independent of the methods' held-out splits.</summary>
    public const int TestSplitSalt = 0x5EED7E57;

    /// <summary>The method names in the order they run.</summary>
    public static ImmutableArray<string> MethodNames { get; } = [.. BaselineMethods.All.Select(BaselineMethods.Name), "reliable", "agnostic"];

    /// <summary>
    /// Compares every method on raw rows <paramref name="x"/> with labels <paramref name="y"/> in [0,1].
    /// <paramref name="onRow"/>, when given, sees each row as soon as its method finishes (for progress output).
    /// </summary>
    public static ComparisonResult Run(Matrix x, double[] y, ComparisonOptions? options = null, Action<ComparisonRow>? onRow = null, CancellationToken cancellationToken = default)
    {
        options ??= new ComparisonOptions();
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(options.TestFraction > 0 && options.TestFraction < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.TestFraction, "TestFraction must lie in (0, 1).");
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i]) || y[i] < 0 || y[i] > 1)
                throw new ArgumentException($"y row {i} is {y[i]}: labels must lie in [0, 1] for the reliable learners and their baselines.", nameof(y));
        var baselineOptions = options.Baselines with { Scale = "none", Bias = false, Seed = options.Seed, Epsilon = options.Epsilon, Delta = options.Delta };
        Baseline.Validate(baselineOptions);

        // One split by a seeded hash of each row's content (rows scaled by the largest norm so they form a point set; the
        // scaling is a function of the multiset of rows, so the split does not depend on row order), then one embedding
        // fitted on the training rows.
        var raw = Baseline.SplitKey(x, y);
        // The train/test split hashes with a salted seed: with the methods' own seed it would put every training row on
        // the same side of their held-out split (the same hash of the same row), leaving their selection parts empty.
        var parts = DataPartition.Split(raw, options.Seed ^ TestSplitSalt, 0, options.TestFraction);
        if (parts.Fit.Length < 10 || parts.Calibration.Length < 1)
            throw new ArgumentException($"{x.Rows} rows are too few to compare: the split left {parts.Fit.Length} training and {parts.Calibration.Length} test rows.", nameof(x));
        var trainRaw = Rows(x, parts.Fit);
        var testRaw = Rows(x, parts.Calibration);
        var embedding = Embedding.Fit(options.Scale, options.Bias, trainRaw, nameof(x));
        var train = new LabelledSample(embedding.Apply(trainRaw, nameof(x)), [.. parts.Fit.Select(i => y[i])]);
        var test = new LabelledSample(embedding.Apply(testRaw, nameof(x)), [.. parts.Calibration.Select(i => y[i])]);
        var loss = baselineOptions.LossFunction();
        var trainKey = raw.Select(parts.Fit);

        var rows = ImmutableArray.CreateBuilder<ComparisonRow>();
        void Add(ComparisonRow row) { rows.Add(row); onRow?.Invoke(row); }
        foreach (var method in BaselineMethods.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Add(Measure(BaselineMethods.Name(method), test, loss,
                () => Baseline.FitEmbedded(method, train, trainKey, baselineOptions, ComputeBackend.Auto, cancellationToken),
                fit => fit.Hypothesis.Predict(test.Points),
                fit => string.Join(" ", fit.Parameters.Select(p => $"{p.Key}={p.Value.ToString("G4", CultureInfo.InvariantCulture)}"))));
        }
        var trainX = train.Points.Coordinates;
        var testX = test.Points.Coordinates;
        double[] trainY = [.. train.Labels];
        foreach (var (name, task) in new[] { ("reliable", ReluTask.Reliable), ("agnostic", ReluTask.Agnostic) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reliableOptions = new ReliableReluOptions
            {
                Task = task, Scale = "none", Seed = options.Seed, Epsilon = options.Epsilon, Delta = options.Delta,
                Calibrate = task == ReluTask.Reliable, Loss = baselineOptions.Loss,
            };
            string note = "";
            Func<ReliableReluModel> fitReliable = () =>
            {
                try
                {
                    return ReliableRelu.Fit(trainX, trainY, reliableOptions, cancellationToken: cancellationToken);
                }
                catch (ArgumentException e) when (reliableOptions.Calibrate && e.ParamName == "labels" && e.Message.Contains("calibrat", StringComparison.Ordinal))
                {
                    // Too few zero-labelled rows to calibrate tau: fit with the theorem's threshold 2 tau_c instead, and say so.
                    note = " calibration=refused(too-few-zero-labels)";
                    return ReliableRelu.Fit(trainX, trainY, reliableOptions with { Calibrate = false }, cancellationToken: cancellationToken);
                }
            };
            Add(Measure(name, test, loss, fitReliable,
                model => model.Predict(testX, cancellationToken),
                model => string.Create(CultureInfo.InvariantCulture, $"degree={model.Report.Degree} weight={model.Report.Weight:G4}")
                    + (model.Report.Threshold is double t ? string.Create(CultureInfo.InvariantCulture, $" threshold={t:G4}") : "") + note));
        }
        return new ComparisonResult(rows.ToImmutable(), train.Count, test.Count, loss.Describe(), options);
    }

    /// <summary>Draws <paramref name="count"/> rows from a built-in scenario with the comparison seed and compares on them (points already on the sphere: no rescaling).</summary>
    public static ComparisonResult RunScenario(Scenario scenario, int count, ComparisonOptions? options = null, Action<ComparisonRow>? onRow = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new ComparisonOptions();
        if (count < 20) throw new ArgumentOutOfRangeException(nameof(count), count, "a comparison needs at least 20 rows.");
        var sample = scenario.Draw(count, options.Seed);
        return Run(sample.Points.Coordinates, [.. sample.Labels], options with { Scale = "none" }, onRow, cancellationToken);
    }

    private static ComparisonRow Measure<T>(string name, LabelledSample test, Core.Losses.Loss loss, Func<T> fit, Func<T, double[]> predict, Func<T, string> describe)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var model = fit();
        double fitMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var predictions = predict(model);
        double predictMs = clock.Elapsed.TotalMilliseconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var metrics = Metrics.Of(predictions, test.Labels.AsSpan(), loss);
        return new ComparisonRow(name, metrics.FalsePositiveRate, metrics.PositiveLoss, metrics.Loss, fitMs, predictMs, allocated, describe(model));
    }

    private static Matrix Rows(Matrix x, int[] indices)
    {
        var data = new double[indices.Length * x.Columns];
        for (int k = 0; k < indices.Length; k++) x.Row(indices[k]).CopyTo(data.AsSpan(k * x.Columns, x.Columns));
        return Matrix.Create(indices.Length, x.Columns, data);
    }
}
