using ReluVerified.Core.Approximation;
using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using ReluVerified.Core.Regression;
using ReluVerified.Core.Hypotheses;

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

    /// <summary>Norm bounds tried with the Gaussian kernel (k(x, x) = 1) when <see cref="ReliableReluOptions.Weight"/> is null.</summary>
    public static ImmutableArray<double> DefaultGaussianWeights { get; } = [1.0, 4.0, 16.0, 64.0];

    /// <summary>
    /// Multipliers lambda of the FP-budgeted program (T2.1-budget) that a recommended reliable fit selects among when
    /// <see cref="ReliableReluOptions.ZeroPenalty"/> is null (+infinity, the theorem's hard program, is not among them: it
    /// was never selected on the six data sets of docs/comparison-real.md, and lambda above the hard program's largest
    /// multiplier gives its solution back anyway, Proofs/T2.1-budgeted-program.md).
    /// </summary>
    public static ImmutableArray<double> DefaultPenalties { get; } = [3.0, 1.0, 0.3, 0.1, 0.03];

    /// <summary>Multipliers of the median-heuristic gamma that a cross-validated Gaussian fit selects among (when <see cref="ReliableReluOptions.Gamma"/> is null).</summary>
    public static ImmutableArray<double> DefaultGammaScales { get; } = [0.25, 1.0];

    /// <summary>Rows above which a recommended fit without a <see cref="ReliableReluOptions.Rank"/> uses a Nystroem factor (S-lowrank).</summary>
    public const int RecommendedExactRows = 2000;

    /// <summary>The rank of that factor.</summary>
    public const int RecommendedRank = 400;

    /// <summary>
    /// <paramref name="options"/> with every null field filled by its recipe (<see cref="LearnerRecipe"/>), for
    /// <paramref name="rows"/> training rows: scale, bias, kernel, folds and (recommended fits on more than
    /// <see cref="RecommendedExactRows"/> rows) a rank. Calibration is left for Fit,
    /// which needs the labels to decide it; <see cref="ReliableReluOptions.ZeroPenalty"/> stays null (the recipe's grid).
    /// </summary>
    public static ReliableReluOptions Resolve(ReliableReluOptions options, int rows)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool recommended = options.Recipe == LearnerRecipe.Recommended && options.Task == ReluTask.Reliable;
        var kernel = options.Kernel ?? (recommended ? KernelKind.Gaussian : KernelKind.Multinomial);
        int folds = options.Folds ?? (recommended ? 3 : 0);
        return options with
        {
            Scale = options.Scale ?? (recommended ? ScaleKind.Standardize : ScaleKind.MaxNorm),
            Bias = options.Bias ?? recommended,
            Kernel = kernel,
            Folds = folds,
            Calibrate = recommended ? options.Calibrate : options.Calibrate ?? false,
            Rank = options.Rank ?? (recommended && rows > RecommendedExactRows ? RecommendedRank : null),
        };
    }

    /// <summary>
    /// Fits a model to rows <paramref name="x"/> and labels <paramref name="y"/>: <see cref="Fit(TrainingData, ReliableReluOptions, IProgress{LearnerProgress}, CancellationToken)"/>
    /// without sample weights, feature names or landmarks.
    /// </summary>
    public static ReliableReluModel Fit(double[][] x, double[] y, ReliableReluOptions? options = null,
        IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default)
        => Fit(TrainingData.FromRows(x, y), options, progress, cancellationToken);

    /// <summary>As the jagged-array overload for rows in a matrix.</summary>
    public static ReliableReluModel Fit(Matrix x, double[] y, ReliableReluOptions? options = null,
        IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Fit(new TrainingData(x, [.. y]), options, progress, cancellationToken);
    }

    /// <summary>
    /// Fits a model to <paramref name="data"/> (T2.1, R2.2 and the other tasks of <see cref="ReluTask"/>). Progress is
    /// reported per phase; cancellation stops between and inside phases. Same data, options and seed give the same bits.
    /// </summary>
    /// <remarks>
    /// Before any work the exact path's memory is estimated (<see cref="MemoryEstimate"/>) and compared with the memory
    /// available to this process; when it would not fit, the fit is refused with a <see cref="MemoryBudgetException"/> naming
    /// <see cref="ReliableReluOptions.Rank"/> and a rank that fits. <see cref="TrainingData.Landmarks"/> make the fit
    /// low-rank with r = their count (S-lowrank).
    /// </remarks>
    public static ReliableReluModel Fit(TrainingData data, ReliableReluOptions? options = null,
        IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ReliableReluOptions();
        ArgumentNullException.ThrowIfNull(data);
        var x = data.X ?? throw new ArgumentException("X is null.", nameof(data));
        if (data.Y.IsDefault) throw new ArgumentException("Y is uninitialised.", nameof(data));
        var y = data.Y;
        var landmarks = data.Landmarks;
        double[]? sampleWeights = data.SampleWeights is { } w ? (w.IsDefault ? throw new ArgumentException("SampleWeights is uninitialised.", nameof(data)) : [.. w]) : null;
        Validate(options);
        options = Resolve(options, x.Rows);
        var warnings = ImmutableArray.CreateBuilder<string>();
        if (landmarks is not null && landmarks.Columns != x.Columns)
            throw new ArgumentException($"Landmarks have {landmarks.Columns} columns; X has {x.Columns}.", nameof(data));
        if (landmarks is not null && landmarks.Rows == 0) throw new ArgumentException("Landmarks has no rows.", nameof(data));
        if (options.Task != ReluTask.MaxAffineLspa)
            MemoryEstimate.Check(x.Rows, x.Columns, landmarks?.Rows ?? options.Rank, MemoryEstimate.AvailableBytes());
        var (lower, upper) = LabelRange(options.Task);
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(data));
        CheckNotDegenerate(x, y, options.Task, warnings);
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i]) || y[i] < lower || y[i] > upper)
                throw new ArgumentException(lower == 0
                    ? $"y row {i} is {y[i]}: labels must lie in [0, 1] (0 marks a point where the ReLU must predict 0)."
                    : $"y row {i} is {y[i]}: the {TaskName(options.Task)} task needs labels in [-1, 1].", nameof(data));
        if (sampleWeights is not null)
        {
            if (sampleWeights.Length != x.Rows) throw new ArgumentException($"SampleWeights has {sampleWeights.Length} entries but x has {x.Rows} rows.", nameof(data));
            for (int i = 0; i < sampleWeights.Length; i++)
                if (!double.IsFinite(sampleWeights[i]) || sampleWeights[i] < 0)
                    throw new ArgumentException($"SampleWeights row {i} is {sampleWeights[i]}: weights must be finite and non-negative.", nameof(data));
        }
        var names = data.FeatureNames is { } given ? given : [.. Enumerable.Range(0, x.Columns).Select(j => $"x{j}")];
        if (names.IsDefault || names.Length != x.Columns) throw new ArgumentException($"{(names.IsDefault ? 0 : names.Length)} feature names for {x.Columns} columns.", nameof(data));

        // A calibrated fit with a fitted embedding (max-norm, standardize) splits on the raw rows first and fits the embedding
        // on the fit and selection rows only: the calibration rows then shape nothing but tau, which the umbrella bound needs.
        if (options.Calibrate is null)
        {
            // the recommended recipe calibrates whenever the calibration part holds enough zero-labelled rows
            var trial = Settings(options with { Calibrate = true });
            var raw = PointSet.Trusted(x, PointDomain.Ball); // the rows as they are, shared: the partition hashes them
            var trialParts = KernelLearner.Partition(new LabelledSample(raw, [.. y]), trial, sampleWeights);
            int zeros = NeymanPearson.DistinctRows(raw, trialParts.Calibration.Where(i => y[i] == 0)).Length, required = NeymanPearson.RequiredCount(options.Epsilon, options.Delta);
            options = options with { Calibrate = zeros >= required };
            if (zeros < required)
                warnings.Add($"not calibrated: the calibration part would hold {zeros} distinct zero-labelled rows (a repeated row counts once) and the Neyman-Pearson rule needs {required} at eps = {options.Epsilon}, "
                    + $"delta = {options.Delta}. The threshold was chosen on cross-validated scores, an estimate that bounds nothing; add zero-labelled rows or raise eps or delta to get a calibrated bound.");
        }
        var settings = options.Task == ReluTask.MaxAffineLspa ? null : Settings(options);
        DataPartition? parts = null;
        var embeddingRows = x;
        if (settings is { Calibrates: true } && options.Scale != ScaleKind.None)
        {
            parts = KernelLearner.Partition(new LabelledSample(PointSet.Trusted(x, PointDomain.Ball), [.. y]), settings, sampleWeights);
            var kept = parts.Fit.Concat(parts.Selection).Order().ToArray();
            var keptRows = LargeArrays.Uninitialized((long)kept.Length * x.Columns); // row copies: every entry written
            for (int k = 0; k < kept.Length; k++) x.Row(kept[k]).CopyTo(keptRows.AsSpan(k * x.Columns, x.Columns));
            embeddingRows = Matrix.Own(kept.Length, x.Columns, keptRows);
        }
        // Core reads no clock: the facade times the fit (embedding included) through the progress Core reports
        var fitClock = new FitClock(progress);
        var embedding = Embedding.Fit(OptionNames.Name(options.Scale!.Value), options.Bias!.Value, embeddingRows, nameof(x));
        var sample = new LabelledSample(embedding.Apply(x, nameof(x)), [.. y]);
        if (options.Task == ReluTask.MaxAffineLspa)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            progress?.Report(new LearnerProgress(LearnerPhase.Solve, 1, 1, $"{options.Restarts} restarts, k = {options.Pieces}"));
            var lspa = LeastSquaresPartition.Fit(sample.Select(DataPartition.CanonicalOrder(sample, options.Seed)), options.Pieces, options.Restarts, options.Seed, 100, lower, upper, cancellationToken);
            var predictor = new Predictor.MaxAffine(lspa.Hypothesis);
            var predictions = lspa.Hypothesis.Predict(sample.Points);
            var lspaReport = TaskReports.Lspa(options, lspa, Metrics.Of(predictions, sample.Labels.AsSpan(), options.LossFunction()), clock.Elapsed.TotalMilliseconds);
            return new ReliableReluModel(options, embedding, predictor, lspaReport with { Warnings = [.. lspaReport.Warnings, .. warnings] }, names) { LabelName = data.LabelName };
        }
        var learnerSettings = settings!;
        if (landmarks is not null)
            learnerSettings = learnerSettings with { LowRank = new LowRankSettings(landmarks.Rows, new LandmarkMethod.Supplied(embedding.Apply(landmarks, nameof(landmarks)))) };
        var fit = KernelLearner.Fit(sample, sampleWeights is null ? default : [.. sampleWeights], learnerSettings, fitClock, cancellationToken, parts);
        var timings = fitClock.Stop();
        if (fit.Threshold is double tau && !double.IsNaN(tau) && fit.Solver.Predictions.All(f => f < tau))
            warnings.Add($"the model predicts 0 on every fit row (threshold {tau:G4} is above every fit score): it has no false positives and learns nothing; "
                + "lower eps only if that is intended, otherwise add data, raise eps or try another kernel or weight.");
        if (fit.Calibration?.RepeatedRowsWarning() is string repeated) warnings.Add(repeated);
        var report = TaskReports.Kernel(options, learnerSettings, fit, embedding, timings) with { Warnings = warnings.ToImmutable() };
        return new ReliableReluModel(options, embedding, new Predictor.KernelExpansion(fit.Hypothesis), report, names) { LabelName = data.LabelName };
    }

    /// <summary>
    /// The fewest rows from which a fit can learn anything sensible: with fewer, no held-out estimate and no bound of the fit
    /// report means anything. The library fits such data with a warning (<see cref="Degenerate"/>); the <c>relu</c>
    /// command line refuses it.
    /// </summary>
    public const int MinimumRows = 10;

    /// <summary>
    /// Why nothing sensible can be learned from <paramref name="rows"/> rows with labels <paramref name="y"/> for
    /// <paramref name="task"/>, or null: fewer than <see cref="MinimumRows"/> rows, or every label 0 for the reliable task
    /// (its best hypothesis is then h = 0, which predicts nothing).
    /// </summary>
    public static string? Degenerate(int rows, IEnumerable<double> y, ReluTask task)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (rows < MinimumRows) return $"the data has {rows} row{(rows == 1 ? "" : "s")}; a fit needs at least {MinimumRows} to learn anything sensible: add rows.";
        if (task == ReluTask.Reliable && y.All(v => v == 0))
            return $"every label is 0 in the {rows} rows: the reliable task then learns h = 0, which predicts nothing; add rows with positive labels.";
        return null;
    }

    /// <summary>
    /// Warns where the data is degenerate (<see cref="Degenerate"/>) or the fit merely risky (fewer rows than feature
    /// columns: a kernel fit can interpolate them).
    /// </summary>
    private static void CheckNotDegenerate(Matrix x, ImmutableArray<double> y, ReluTask task, ImmutableArray<string>.Builder warnings)
    {
        if (Degenerate(x.Rows, y, task) is string reason) warnings.Add(reason);
        if (x.Rows < x.Columns)
            warnings.Add($"{x.Rows} rows for {x.Columns} feature columns: fewer rows than features, so the fit can interpolate the rows; its training figures say little about new data.");
    }

    /// <summary>The label range a task accepts: [0,1] for the ReLU tasks, [-1,1] for the regression tasks.</summary>
    public static (double Lower, double Upper) LabelRange(ReluTask task)
        => task is ReluTask.Reliable or ReluTask.Agnostic or ReluTask.Depth2 or ReluTask.Depth2Agnostic ? (0.0, 1.0) : (-1.0, 1.0);

    /// <summary>The task's name as written in files and on the command line, e.g. "max-affine-lspa".</summary>
    public static string TaskName(ReluTask task) => task switch
    {
        ReluTask.Reliable => "reliable",
        ReluTask.Agnostic => "agnostic",
        ReluTask.Depth2 => "depth2",
        ReluTask.Depth2Agnostic => "depth2-agnostic",
        ReluTask.Leaky => "leaky",
        ReluTask.MaxAffine => "max-affine",
        ReluTask.MaxAffineLspa => "max-affine-lspa",
        _ => "polynomial",
    };

    /// <summary>Parses a task name written by <see cref="TaskName"/>.</summary>
    public static ReluTask ParseTask(string name)
        => Enum.GetValues<ReluTask>().FirstOrDefault(t => TaskName(t) == name, (ReluTask)(-1)) is var t && Enum.IsDefined(t)
            ? t : throw new ArgumentException($"unknown task '{name}': use {string.Join(", ", Enum.GetValues<ReluTask>().Select(TaskName))}.", nameof(name));

    /// <summary>
    /// The resolved learner settings for <paramref name="options"/> (derivations in Proofs/T2.1-reliable-relu.md and
    /// Proofs/T2.3-depth2-and-leaky.md, Proofs/T2.4-polynomial.md and Proofs/T2.6-max-affine.md): which program, candidate degrees and weights, kernel family and output range.
    /// </summary>
    public static LearnerSettings Settings(ReliableReluOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loss = options.LossFunction();
        var (lower, upper) = LabelRange(options.Task);
        bool reliable = options.Task is ReluTask.Reliable or ReluTask.Depth2;
        double lipschitz = loss is Core.Losses.Loss.Square ? 2 * (upper - lower) : loss.Assumptions.Lipschitz;
        double tauC = options.ConstraintLevel ?? options.Epsilon / (4 * lipschitz);
        var theory = options.TheoryParameters && options.Task is ReluTask.Reliable or ReluTask.Agnostic
            ? TheoryReluApproximation(tauC) ?? throw new ArgumentException($"no certified ReLU approximation of degree <= 400 reaches tau_c = {tauC}; set Degree and Weight.", nameof(options))
            : null;
        bool gaussian = options.Kernel == KernelKind.Gaussian;
        ImmutableArray<int> degrees = gaussian ? [0] : options.Degree is int d ? [d] : theory is not null ? [theory.Degree] : options.Task switch
        {
            ReluTask.Depth2 or ReluTask.Depth2Agnostic => [2, 3, 4, 5],
            ReluTask.MaxAffine => [2, 3],
            ReluTask.Polynomial => throw new ArgumentException("the polynomial task needs the target degree: set Degree.", nameof(options)),
            _ => DefaultDegrees,
        };
        ImmutableArray<double> weights = options.Weight is double b ? [b]
            : gaussian ? DefaultGaussianWeights
            : theory is not null ? [theory.Weight]
            : options.Task is ReluTask.Depth2 or ReluTask.Depth2Agnostic ? [4.0, 16.0, 64.0, 256.0] : DefaultWeights;
        KernelFamily family = gaussian ? new KernelFamily.Gaussian(options.Gamma, options.Gamma is null && (options.Folds ?? 0) >= 2 ? DefaultGammaScales : [])
            : options.Task == ReluTask.MaxAffine ? new KernelFamily.Tournament(Math.Max(1, (int)Math.Ceiling(Math.Log2(options.Pieces))))
            : new KernelFamily.Multinomial();
        bool recommended = options.Recipe == LearnerRecipe.Recommended && options.Task == ReluTask.Reliable;
        ImmutableArray<double> penalties = options.ZeroPenalty is double lambda ? [lambda] : recommended ? DefaultPenalties : [double.PositiveInfinity];
        ComparatorClass comparator = gaussian ? new ComparatorClass.NoTheorem("gaussian") : options.Task switch
        {
            ReluTask.Depth2 or ReluTask.Depth2Agnostic => new ComparatorClass.Depth2(options.Units),
            ReluTask.Leaky => new ComparatorClass.Leaky(options.Slope),
            ReluTask.MaxAffine => new ComparatorClass.MaxAffine(options.Pieces),
            ReluTask.Polynomial => new ComparatorClass.Polynomial(),
            _ => new ComparatorClass.Relu(),
        };
        return new LearnerSettings(reliable ? ProgramTask.Reliable : ProgramTask.Agnostic, degrees, weights,
            tauC, options.Threshold, options.Calibrate == true && reliable, options.Epsilon, options.Delta, loss, options.Seed, LearnerSettings.LearnerSolver,
            family, lower, upper, options.Rank is int rank ? new LowRankSettings(rank, OptionNames.Method(options.Landmarks)) : null, comparator,
            penalties, options.Folds ?? 0, options.SelectionRows);
    }

    /// <summary>The smallest Chebyshev degree whose certified ReLU error is at most <paramref name="tauC"/> (L-approx), for tau_c &gt;= 1e-3.</summary>
    internal static ApproximationCertificate? TheoryReluApproximation(double tauC)
        => tauC >= 1e-3 ? ApproximationTable.SmallestDegree(new TargetFunction.Relu(), tauC, ApproximationMethod.Chebyshev, 400).Certificate : null;

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
        if (!Enum.IsDefined(o.Task)) throw new ArgumentOutOfRangeException(nameof(o.Task), o.Task, "unknown task.");
        if (o.Units < 1 || o.Units > 1000) throw new ArgumentOutOfRangeException(nameof(o.Units), o.Units, "Units must lie in 1..1000.");
        if (o.Pieces < 1 || o.Pieces > 64) throw new ArgumentOutOfRangeException(nameof(o.Pieces), o.Pieces, "Pieces must lie in 1..64.");
        if (o.Restarts < 1 || o.Restarts > 10000) throw new ArgumentOutOfRangeException(nameof(o.Restarts), o.Restarts, "Restarts must lie in 1..10000.");
        if (o.Slope is double a && !(a >= 0 && a <= 1)) throw new ArgumentOutOfRangeException(nameof(o.Slope), a, "Slope must lie in [0, 1].");
        if (LabelRange(o.Task).Lower < 0 && o.Loss != LossKind.Square)
            throw new ArgumentException($"the {TaskName(o.Task)} task is a square-loss regression (T2.4, T2.6); choose the square loss.", nameof(o.Loss));
        if (o.Rank is int r && r < 1) throw new ArgumentOutOfRangeException(nameof(o.Rank), r, "Rank must be at least 1.");
        Defined(o.Landmarks, nameof(o.Landmarks));
        if (o.Kernel is KernelKind kernel) Defined(kernel, nameof(o.Kernel));
        if (o.Scale is ScaleKind scale) Defined(scale, nameof(o.Scale));
        Defined(o.Loss, nameof(o.Loss));
        if (o.Kernel == KernelKind.Gaussian && o.Task is not (ReluTask.Reliable or ReluTask.Agnostic))
            throw new ArgumentException($"the gaussian kernel is offered for the reliable and agnostic tasks; the {TaskName(o.Task)} task's theorem needs the multinomial kernel.", nameof(o.Kernel));
        if (o.Gamma is double g && !(g > 0 && double.IsFinite(g))) throw new ArgumentOutOfRangeException(nameof(o.Gamma), g, "Gamma must be positive and finite.");
        if (o.ZeroPenalty is double p && !(p >= 0)) throw new ArgumentOutOfRangeException(nameof(o.ZeroPenalty), p, "ZeroPenalty (lambda) must be non-negative (+infinity: the hard program).");
        if (o.Folds is int k && (k < 0 || k == 1 || k > 20)) throw new ArgumentOutOfRangeException(nameof(o.Folds), k, "Folds must be 0 (one held-out part) or lie in 2..20.");
        if (o.SelectionRows is int s && s < 2) throw new ArgumentOutOfRangeException(nameof(o.SelectionRows), s, "SelectionRows must be at least 2.");
        if (o.ZeroPenalty is double p2 && double.IsFinite(p2) && o.Folds == 0)
            throw new ArgumentException("a finite ZeroPenalty (the FP-budgeted program) is selected with cross-validation: leave Folds unset or set it to 2..20.", nameof(o.ZeroPenalty));
    }

    /// <summary>Refuses an enum value outside its declared names (a cast integer), naming the value and the allowed ones.</summary>
    internal static void Defined<T>(T value, string name) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is not one of {string.Join(", ", Enum.GetNames<T>().Select(v => $"{typeof(T).Name}.{v}"))}.");
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
}
