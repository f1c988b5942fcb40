using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// Tree-ensemble baselines thresholded by the Neyman-Pearson umbrella rule (fasttree-np, fastforest-np, lightgbm-np): an
/// ML.NET regressor (<see cref="TreeEnsembleKind"/>) is fitted on the labels of 1 - <see cref="TreeBaselineOptions.CalibrationFraction"/>
/// of the rows, then tau = an order statistic of its scores on the held-out zero-labelled rows
/// (<see cref="NeymanPearson.Calibrate"/>, the rule krr-np and the reliable learner use), and h = 0 where the score is below
/// tau, clip_[0,1](score) above (<see cref="OutputRule.ReliableThreshold"/>). With probability at least 1 - delta over the
/// held-out draw the conditional false-positive rate P(h != 0 | y = 0) is at most eps. The held-out split is the content-hash
/// split of the other baselines with the same seed; ML.NET runs in <c>new MLContext(seed)</c> (LightGBM with the same seed
/// and one thread), so a fit is the same bits for the same rows and seed. When the held-out part holds too few zero labels,
/// tau stays at 0 (h = clip_[0,1](score)), with no guarantee, and the model's <see cref="TreeBaselineModel.Calibration"/> says why.
/// </summary>
public static class TreeBaseline
{
    private static readonly Lazy<string?> LightGbmProblem = new(ProbeLightGbm);

    /// <summary>The method name: fasttree-np, fastforest-np or lightgbm-np.</summary>
    public static string Name(TreeEnsembleKind kind) => kind switch
    {
        TreeEnsembleKind.FastTree => "fasttree-np",
        TreeEnsembleKind.FastForest => "fastforest-np",
        TreeEnsembleKind.LightGbm => "lightgbm-np",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown tree ensemble."),
    };

    /// <summary>
    /// Null when <paramref name="kind"/> can run here; otherwise why not (LightGBM needs its native library, lib_lightgbm,
    /// and that library needs the GNU OpenMP runtime libgomp.so.1: <c>apt-get install -y libgomp1</c>).
    /// </summary>
    public static string? Unavailable(TreeEnsembleKind kind) => kind == TreeEnsembleKind.LightGbm ? LightGbmProblem.Value : null;

    /// <summary>Fits the thresholded ensemble on rows <paramref name="x"/> (any scale: trees only compare values within a column) and labels <paramref name="y"/> in [0,1].</summary>
    public static TreeBaselineModel Fit(TreeEnsembleKind kind, Matrix x, double[] y, TreeBaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TreeBaselineOptions();
        Validate(options);
        ValidateRows(x, y);
        _ = Name(kind);
        return Fit(kind, x, y, Baseline.SplitKey(x, y), options, cancellationToken);
    }

    /// <summary>As the public overload with the rows the held-out split hashes given (the comparison hashes raw rows and fits on embedded ones).</summary>
    internal static TreeBaselineModel Fit(TreeEnsembleKind kind, Matrix x, double[] y, LabelledSample splitKey, TreeBaselineOptions options, CancellationToken cancellationToken)
    {
        if (Unavailable(kind) is string problem) throw new InvalidOperationException($"{Name(kind)} cannot run on this machine: {problem}");
        var parts = Partition(splitKey, options, Name(kind));
        cancellationToken.ThrowIfCancellationRequested();
        var ml = new MLContext(options.Seed);
        var model = Trainer(kind, ml, options).Fit(MlData.Load(ml, x, y, parts.Fit.AsSpan()));
        cancellationToken.ThrowIfCancellationRequested();
        var zeroRows = parts.Calibration.Where(i => y[i] == 0).ToArray();
        var calibration = NeymanPearson.Calibrate(MlData.Column(model, ml, x, zeroRows, "Score"), options.Epsilon, options.Delta);
        double tau = calibration.Succeeded ? calibration.Threshold : 0.0;
        return new TreeBaselineModel(kind, options, new TreeComponent(model, "Score", 0, options.Seed), tau, calibration, parts.Fit.Length, parts.Calibration.Length);
    }

    /// <summary>The regression trainer of <paramref name="kind"/> with the documented settings.</summary>
    internal static IEstimator<ITransformer> Trainer(TreeEnsembleKind kind, MLContext ml, TreeBaselineOptions o) => kind switch
    {
        TreeEnsembleKind.FastTree => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = o.Trees, NumberOfLeaves = o.Leaves, MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf, LearningRate = o.LearningRate,
        }),
        TreeEnsembleKind.FastForest => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = o.Trees, NumberOfLeaves = o.Leaves, MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf,
        }),
        TreeEnsembleKind.LightGbm => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = o.Trees, NumberOfLeaves = o.Leaves, MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf, LearningRate = o.LearningRate,
            Seed = o.Seed, NumberOfThreads = 1, Verbose = false, Silent = true,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown tree ensemble."),
    };

    /// <summary>The content-hash split into fit and calibration rows; refuses when either part would be empty.</summary>
    internal static DataPartition Partition(LabelledSample splitKey, TreeBaselineOptions options, string method)
    {
        var parts = DataPartition.Split(splitKey, options.Seed, 0, options.CalibrationFraction);
        if (parts.Fit.Length == 0 || parts.Calibration.Length == 0)
            throw new ArgumentException($"{splitKey.Count} rows are too few for {method}: the fit and calibration parts must each hold a row (add rows or change CalibrationFraction).", "x");
        return parts;
    }

    internal static void Validate(TreeBaselineOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Trees <= 0) throw new ArgumentOutOfRangeException(nameof(o.Trees), o.Trees, "Trees must be positive.");
        if (o.Leaves < 2) throw new ArgumentOutOfRangeException(nameof(o.Leaves), o.Leaves, "Leaves must be at least 2.");
        if (o.MinimumExamplesPerLeaf <= 0) throw new ArgumentOutOfRangeException(nameof(o.MinimumExamplesPerLeaf), o.MinimumExamplesPerLeaf, "MinimumExamplesPerLeaf must be positive.");
        if (!(o.LearningRate > 0 && double.IsFinite(o.LearningRate))) throw new ArgumentOutOfRangeException(nameof(o.LearningRate), o.LearningRate, "LearningRate must be positive and finite.");
        if (!(o.CalibrationFraction > 0 && o.CalibrationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(o.CalibrationFraction), o.CalibrationFraction, "CalibrationFraction must lie in (0, 1).");
        if (!(o.Epsilon > 0 && o.Epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(o.Epsilon), o.Epsilon, "Epsilon must lie in (0, 1).");
        if (!(o.Delta > 0 && o.Delta < 1)) throw new ArgumentOutOfRangeException(nameof(o.Delta), o.Delta, "Delta must lie in (0, 1).");
    }

    /// <summary>Rows finite, one label per row, labels in [0, 1]; the messages name the argument and the row.</summary>
    internal static void ValidateRows(Matrix x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels but x has {x.Rows} rows.", nameof(y));
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            for (int j = 0; j < row.Length; j++)
                if (!double.IsFinite(row[j])) throw new ArgumentException($"x row {i} column {j} is {row[j]}: features must be finite (drop or impute the value).", nameof(x));
        }
        for (int i = 0; i < y.Length; i++)
            if (!double.IsFinite(y[i]) || y[i] < 0 || y[i] > 1)
                throw new ArgumentException($"y row {i} is {y[i]}: labels must lie in [0, 1] (rescale them, e.g. log(1 + y) / log(1 + max y)).", nameof(y));
    }

    /// <summary>Loads LightGBM's native library the way ML.NET's LightGBM trainer will; null when it loads.</summary>
    private static string? ProbeLightGbm()
    {
        var assembly = typeof(LightGbmRegressionTrainer).Assembly;
        if (NativeLibrary.TryLoad("lib_lightgbm", assembly, null, out _)) return null;
        return $"the native library lib_lightgbm could not be loaded for {RuntimeInformation.RuntimeIdentifier} (the LightGBM package ships it for linux-x64, osx-x64 and win-x64; on Linux it needs libgomp.so.1: apt-get install -y libgomp1).";
    }
}
