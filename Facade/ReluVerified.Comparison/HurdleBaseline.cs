using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// The two-part hurdle baseline (hurdle-np): a classifier for y &gt; 0 (ML.NET FastTree binary; its Platt-calibrated
/// probability p) and a regressor g fitted on the positive rows only (ML.NET FastTree regression), both on the fit part;
/// tau = an order statistic of p on the held-out zero-labelled rows (the Neyman-Pearson umbrella rule of
/// <see cref="NeymanPearson.Calibrate"/>, as krr-np), and h = 1{p(x) &gt;= tau} clip_[0,1](g(x)). The split, the seeds and
/// the tree settings are those of <see cref="TreeBaseline"/>. When the fit part holds one class only the classifier is the
/// constant 0 or 1, with no positive row the regressor is 0; when calibration is refused tau is 0.5 (the classifier's own
/// decision), with no guarantee.
/// </summary>
public static class HurdleBaseline
{
    /// <summary>The method name.</summary>
    public const string Name = "hurdle-np";

    /// <summary>The threshold on p when too few zero-labelled rows are held out to calibrate.</summary>
    public const double UncalibratedThreshold = 0.5;

    /// <summary>Fits the hurdle on rows <paramref name="x"/> and labels <paramref name="y"/> in [0,1].</summary>
    public static HurdleModel Fit(Matrix x, double[] y, TreeBaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TreeBaselineOptions();
        TreeBaseline.Validate(options);
        TreeBaseline.ValidateRows(x, y);
        return Fit(x, y, Baseline.SplitKey(x, y), options, cancellationToken);
    }

    /// <summary>As the public overload with the rows the held-out split hashes given.</summary>
    internal static HurdleModel Fit(Matrix x, double[] y, LabelledSample splitKey, TreeBaselineOptions o, CancellationToken cancellationToken)
    {
        var parts = TreeBaseline.Partition(splitKey, o, Name);
        var positives = parts.Fit.Where(i => y[i] > 0).ToArray();
        var ml = new MLContext(o.Seed);
        cancellationToken.ThrowIfCancellationRequested();
        TreeComponent classifier = positives.Length == 0 ? new(null, "Probability", 0.0, o.Seed)
            : positives.Length == parts.Fit.Length ? new(null, "Probability", 1.0, o.Seed)
            : new(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(FeatureRow.Positive), NumberOfTrees = o.Trees, NumberOfLeaves = o.Leaves,
                MinimumExampleCountPerLeaf = o.MinimumExamplesPerLeaf, LearningRate = o.LearningRate,
            }).Fit(MlData.Load(ml, x, y, parts.Fit.AsSpan())), "Probability", 0, o.Seed);
        cancellationToken.ThrowIfCancellationRequested();
        TreeComponent regressor = positives.Length == 0 ? new(null, "Score", 0.0, o.Seed)
            : new(TreeBaseline.Trainer(TreeEnsembleKind.FastTree, ml, o).Fit(MlData.Load(ml, x, y, positives)), "Score", 0, o.Seed);
        cancellationToken.ThrowIfCancellationRequested();
        var zeroRows = parts.Calibration.Where(i => y[i] == 0).ToArray();
        var zeroProbabilities = classifier.Model is null ? [.. zeroRows.Select(_ => classifier.Constant)]
            : MlData.Column(classifier.Model, ml, x, zeroRows, classifier.Column);
        var calibration = NeymanPearson.Calibrate(zeroProbabilities, o.Epsilon, o.Delta);
        double tau = calibration.Succeeded ? calibration.Threshold : UncalibratedThreshold;
        return new HurdleModel(o, classifier, regressor, tau, calibration, parts.Fit.Length, positives.Length, parts.Calibration.Length);
    }
}
