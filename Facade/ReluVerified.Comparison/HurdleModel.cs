using System.Globalization;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// A fitted hurdle baseline (<see cref="HurdleBaseline"/>): h(x) = 1{p(x) &gt;= tau} clip_[0,1](g(x)), with p the
/// classifier's probability of y &gt; 0 and g the regressor fitted on positive rows. Immutable; obtained only from
/// <see cref="HurdleBaseline"/>.Fit.
/// </summary>
public sealed class HurdleModel
{
    private readonly TreeComponent _classifier;
    private readonly TreeComponent _regressor;

    internal HurdleModel(TreeBaselineOptions options, TreeComponent classifier, TreeComponent regressor, double threshold, ThresholdCalibration calibration,
        int fitCount, int positiveFitCount, int calibrationCount)
    {
        Options = options;
        _classifier = classifier;
        _regressor = regressor;
        Threshold = threshold;
        Calibration = calibration;
        FitCount = fitCount;
        PositiveFitCount = positiveFitCount;
        CalibrationCount = calibrationCount;
    }

    /// <summary>The options the model was fitted with.</summary>
    public TreeBaselineOptions Options { get; }

    /// <summary>tau on the probability: calibrated, or <see cref="HurdleBaseline.UncalibratedThreshold"/> when calibration was refused.</summary>
    public double Threshold { get; }

    /// <summary>The Neyman-Pearson calibration of <see cref="Threshold"/>.</summary>
    public ThresholdCalibration Calibration { get; }

    /// <summary>Rows the classifier was fitted on.</summary>
    public int FitCount { get; }

    /// <summary>Positive rows among them: the regressor's training rows.</summary>
    public int PositiveFitCount { get; }

    /// <summary>Rows held out for the calibration.</summary>
    public int CalibrationCount { get; }

    /// <summary>p(x): the classifier's probability that y &gt; 0 (the score the threshold applies to).</summary>
    public double[] Probabilities(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return _classifier.Evaluate(x);
    }

    /// <summary>g(x): the regressor's output before clipping.</summary>
    public double[] Magnitudes(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return _regressor.Evaluate(x);
    }

    /// <summary>Predictions h(x) = 1{p(x) &gt;= tau} clip_[0,1](g(x)).</summary>
    public double[] Predict(Matrix x) => Combine(Probabilities(x), Magnitudes(x), Threshold);

    /// <summary>The hurdle rule on given probabilities and magnitudes.</summary>
    public static double[] Combine(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> magnitudes, double threshold)
    {
        if (probabilities.Length != magnitudes.Length) throw new ArgumentException($"{probabilities.Length} probabilities for {magnitudes.Length} magnitudes.", nameof(magnitudes));
        var h = new double[probabilities.Length];
        for (int i = 0; i < h.Length; i++) h[i] = probabilities[i] >= threshold ? Math.Clamp(magnitudes[i], 0.0, 1.0) : 0.0;
        return h;
    }

    /// <summary>The settings and the threshold, e.g. "trees=100 leaves=20 positives=812 threshold=0.43".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"trees={Options.Trees} leaves={Options.Leaves} positives={PositiveFitCount} threshold={Threshold:G4}{(Calibration.Succeeded ? "" : " " + HeadToHead.CalibrationRefused)}");
}
