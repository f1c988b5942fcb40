using System.Globalization;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// A fitted thresholded tree ensemble (<see cref="TreeBaseline"/>): h = 0 where the ensemble's score is below
/// <see cref="Threshold"/>, clip_[0,1](score) above. Immutable; obtained only from <see cref="TreeBaseline"/>.Fit.
/// </summary>
public sealed class TreeBaselineModel
{
    private readonly TreeComponent _ensemble;

    internal TreeBaselineModel(TreeEnsembleKind kind, TreeBaselineOptions options, TreeComponent ensemble, double threshold, ThresholdCalibration calibration, int fitCount, int calibrationCount)
    {
        Kind = kind;
        Options = options;
        _ensemble = ensemble;
        Threshold = threshold;
        Calibration = calibration;
        FitCount = fitCount;
        CalibrationCount = calibrationCount;
    }

    /// <summary>The ensemble.</summary>
    public TreeEnsembleKind Kind { get; }

    /// <summary>The method name (fasttree-np, fastforest-np or lightgbm-np).</summary>
    public string Method => TreeBaseline.Name(Kind);

    /// <summary>The options the model was fitted with.</summary>
    public TreeBaselineOptions Options { get; }

    /// <summary>tau: the calibrated threshold, or 0 when calibration was refused.</summary>
    public double Threshold { get; }

    /// <summary>The Neyman-Pearson calibration of <see cref="Threshold"/> (whether it succeeded, the order statistic, the bound).</summary>
    public ThresholdCalibration Calibration { get; }

    /// <summary>Rows the ensemble was fitted on.</summary>
    public int FitCount { get; }

    /// <summary>Rows held out for the calibration (zero-labelled or not).</summary>
    public int CalibrationCount { get; }

    /// <summary>The ensemble's scores (regression outputs) on rows with the training columns.</summary>
    public double[] Scores(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return _ensemble.Evaluate(x);
    }

    /// <summary>Predictions h(x) = 0 if score &lt; tau, else clip_[0,1](score).</summary>
    public double[] Predict(Matrix x)
    {
        var rule = new OutputRule.ReliableThreshold(Threshold);
        return [.. Scores(x).Select(rule.Apply)];
    }

    /// <summary>The settings and the threshold, e.g. "trees=100 leaves=20 threshold=0.0123".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"trees={Options.Trees} leaves={Options.Leaves} threshold={Threshold:G4}{(Calibration.Succeeded ? "" : " " + HeadToHead.CalibrationRefused)}");
}
