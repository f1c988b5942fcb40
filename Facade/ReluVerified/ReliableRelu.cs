using ReluVerified.Core.Approximation;
using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using ReluVerified.Core.Regression;

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
    /// <remarks>
    /// Before any work the exact path's memory is estimated (<see cref="MemoryEstimate"/>) and compared with the memory
    /// available to this process; when it would not fit, the fit is refused with an error naming <c>--rank R</c> (option
    /// <see cref="ReliableReluOptions.Rank"/>) and a rank that fits. <paramref name="landmarks"/> (optional, raw rows like
    /// <paramref name="x"/>) are user-supplied Nystroem landmarks: the fit is then low-rank with r = their count (S-lowrank),
    /// whatever <see cref="ReliableReluOptions.Rank"/> and <see cref="ReliableReluOptions.Landmarks"/> say.
    /// </remarks>
    public static ReliableReluModel Fit(Matrix x, double[] y, ReliableReluOptions? options = null, double[]? sampleWeights = null,
        IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default, IReadOnlyList<string>? featureNames = null,
        Matrix? landmarks = null)
    {
        options ??= new ReliableReluOptions();
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Validate(options);
        if (landmarks is not null && landmarks.Columns != x.Columns)
            throw new ArgumentException($"landmarks have {landmarks.Columns} columns; x has {x.Columns}.", nameof(landmarks));
        if (landmarks is not null && landmarks.Rows == 0) throw new ArgumentException("landmarks has no rows.", nameof(landmarks));
        if (options.Task != ReluTask.MaxAffineLspa)
            MemoryEstimate.Check(x.Rows, x.Columns, landmarks?.Rows ?? options.Rank, MemoryEstimate.AvailableBytes());
        var (lower, upper) = LabelRange(options.Task);
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(y));
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i]) || y[i] < lower || y[i] > upper)
                throw new ArgumentException(lower == 0
                    ? $"y row {i} is {y[i]}: labels must lie in [0, 1] (0 marks a point where the ReLU must predict 0)."
                    : $"y row {i} is {y[i]}: the {TaskName(options.Task)} task needs labels in [-1, 1].", nameof(y));
        if (sampleWeights is not null)
        {
            if (sampleWeights.Length != x.Rows) throw new ArgumentException($"sampleWeights has {sampleWeights.Length} entries but x has {x.Rows} rows.", nameof(sampleWeights));
            for (int i = 0; i < sampleWeights.Length; i++)
                if (!double.IsFinite(sampleWeights[i]) || sampleWeights[i] < 0)
                    throw new ArgumentException($"sampleWeights row {i} is {sampleWeights[i]}: weights must be finite and non-negative.", nameof(sampleWeights));
        }
        var names = featureNames is null ? [.. Enumerable.Range(0, x.Columns).Select(j => $"x{j}")] : featureNames.ToImmutableArray();
        if (names.Length != x.Columns) throw new ArgumentException($"{names.Length} feature names for {x.Columns} columns.", nameof(featureNames));

        // A calibrated fit with a fitted embedding (max-norm, standardize) splits on the raw rows first and fits the embedding
        // on the fit and selection rows only: the calibration rows then shape nothing but tau, which the umbrella bound needs.
        var settings = options.Task == ReluTask.MaxAffineLspa ? null : Settings(options);
        DataPartition? parts = null;
        var embeddingRows = x;
        if (settings is { Calibrates: true } && options.Scale != "none")
        {
            parts = KernelLearner.Partition(new LabelledSample(PointSet.Trusted(x.Rows, x.Columns, x.ToArray(), PointDomain.Ball), [.. y]), settings, sampleWeights);
            var kept = parts.Fit.Concat(parts.Selection).Order().ToArray();
            embeddingRows = Matrix.Build(kept.Length, x.Columns, (i, j) => x[kept[i], j]);
        }
        var embedding = Embedding.Fit(options.Scale, options.Bias, embeddingRows, nameof(x));
        var sample = new LabelledSample(embedding.Apply(x, nameof(x)), [.. y]);
        if (options.Task == ReluTask.MaxAffineLspa)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            progress?.Report(new LearnerProgress("solve", 1, 1, $"{options.Restarts} restarts, k = {options.Pieces}"));
            var lspa = LeastSquaresPartition.Fit(sample.Select(DataPartition.CanonicalOrder(sample, options.Seed)), options.Pieces, options.Restarts, options.Seed, 100, lower, upper, cancellationToken);
            var predictor = new Predictor.MaxAffine(lspa.Hypothesis);
            var predictions = lspa.Hypothesis.Predict(sample.Points);
            return new ReliableReluModel(options, embedding, predictor, TaskReports.Lspa(options, lspa, Metrics.Of(predictions, sample.Labels.AsSpan(), options.LossFunction()), clock.Elapsed.TotalMilliseconds), names);
        }
        var learnerSettings = settings!;
        if (landmarks is not null)
            learnerSettings = learnerSettings with { LowRank = new LowRankSettings(landmarks.Rows, new LandmarkMethod.Supplied(embedding.Apply(landmarks, nameof(landmarks)))) };
        var fit = KernelLearner.Fit(sample, sampleWeights is null ? default : [.. sampleWeights], learnerSettings, progress, cancellationToken, parts);
        return new ReliableReluModel(options, embedding, new Predictor.KernelExpansion(fit.Hypothesis), TaskReports.Kernel(options, learnerSettings, fit, embedding), names);
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
        ImmutableArray<int> degrees = options.Degree is int d ? [d] : theory is not null ? [theory.Degree] : options.Task switch
        {
            ReluTask.Depth2 or ReluTask.Depth2Agnostic => [2, 3, 4, 5],
            ReluTask.MaxAffine => [2, 3],
            ReluTask.Polynomial => throw new ArgumentException("the polynomial task needs the target degree (Degree, --degree).", nameof(options)),
            _ => DefaultDegrees,
        };
        ImmutableArray<double> weights = options.Weight is double b ? [b]
            : theory is not null ? [theory.Weight]
            : options.Task is ReluTask.Depth2 or ReluTask.Depth2Agnostic ? [4.0, 16.0, 64.0, 256.0] : DefaultWeights;
        KernelFamily family = options.Task == ReluTask.MaxAffine
            ? new KernelFamily.Tournament(Math.Max(1, (int)Math.Ceiling(Math.Log2(options.Pieces))))
            : new KernelFamily.Multinomial();
        ComparatorClass comparator = options.Task switch
        {
            ReluTask.Depth2 or ReluTask.Depth2Agnostic => new ComparatorClass.Depth2(options.Units),
            ReluTask.Leaky => new ComparatorClass.Leaky(options.Slope),
            ReluTask.MaxAffine => new ComparatorClass.MaxAffine(options.Pieces),
            ReluTask.Polynomial => new ComparatorClass.Polynomial(),
            _ => new ComparatorClass.Relu(),
        };
        return new LearnerSettings(reliable ? ProgramTask.Reliable : ProgramTask.Agnostic, degrees, weights,
            tauC, options.Threshold, options.Calibrate && reliable, options.Epsilon, options.Delta, loss, options.Seed, SolverOptions.Default,
            family, lower, upper, options.Rank is int rank ? new LowRankSettings(rank, LandmarkMethod.Parse(options.Landmarks)) : null, comparator);
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
        if (o.Rank is int r && r < 1) throw new ArgumentOutOfRangeException(nameof(o.Rank), r, "Rank must be at least 1 (--rank R).");
        if (o.Landmarks is not ("uniform" or "kmeans++" or "leverage" or "pivoted"))
            throw new ArgumentException($"Landmarks '{o.Landmarks}' is not one of uniform, kmeans++, leverage, pivoted.", nameof(o.Landmarks));
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
}
