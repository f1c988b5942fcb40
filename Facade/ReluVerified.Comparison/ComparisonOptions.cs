using System.Collections.Immutable;

namespace ReluVerified;

/// <summary>
/// Settings of a head-to-head comparison (<see cref="HeadToHead"/>; docs/comparison.md). Every method gets
/// the same train/test split (a seeded content hash of each row), the same seed, and its documented hyper-parameters. The
/// baselines share one embedding fitted on the training rows; the reliable learner is fitted on the raw training rows as
/// a user gets it (<see cref="ReliableRelu"/>.Fit with its default options except eps, delta, seed, loss and
/// <see cref="CalibrateReliable"/>). With <see cref="Splits"/> &gt; 1 the whole comparison is repeated on seeds
/// <see cref="Seed"/>, <see cref="Seed"/> + 1, ... and summarised by mean and spread.
/// </summary>
public sealed record ComparisonOptions
{
    /// <summary>Fraction of rows held out as the test part; default 0.3.</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>Seed of the first split; split s (0-based) uses Seed + s for the train/test split, every method's held-out split, gd-relu's restarts and ML.NET; default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of seeded train/test splits; default 1.</summary>
    public int Splits { get; init; } = 1;

    /// <summary>Embedding of the baselines into the unit ball, fitted on the training rows; default <see cref="ScaleKind.MaxNorm"/>.</summary>
    public ScaleKind Scale { get; init; } = ScaleKind.MaxNorm;

    /// <summary>Append a bias coordinate to the baselines' embedding; default false.</summary>
    public bool Bias { get; init; }

    /// <summary>Target conditional false-positive rate of every thresholded method (krr-np, the tree ensembles, the hurdle, the reliable learner); default 0.1.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Failure probability of the calibrations; default 0.05.</summary>
    public double Delta { get; init; } = 0.05;

    /// <summary>
    /// Fit the reliable learner with Neyman-Pearson calibration of its threshold (<see cref="ReliableReluOptions.Calibrate"/>),
    /// as every other thresholded method is calibrated; default true, which leaves the learner's own default in force (it
    /// calibrates whenever the calibration part holds enough zero-labelled rows and otherwise says so); false turns
    /// calibration off.
    /// </summary>
    public bool CalibrateReliable { get; init; } = true;

    /// <summary>Steps of the trade-off sweep: each method's threshold runs over the j/CurveLevels quantiles of its test scores, j = 0..CurveLevels; default 40.</summary>
    public int CurveLevels { get; init; } = 40;

    /// <summary>The methods to run, by name (see <see cref="HeadToHead.MethodNames"/>); empty (default) runs all of them.</summary>
    public ImmutableArray<string> Methods { get; init; } = [];

    /// <summary>Baseline hyper-parameters (scale, bias, seed, eps and delta are overridden by this record's values).</summary>
    public BaselineOptions Baselines { get; init; } = new();

    /// <summary>Tree-ensemble and hurdle hyper-parameters (seed, eps and delta are overridden by this record's values).</summary>
    public TreeBaselineOptions Trees { get; init; } = new();

    /// <inheritdoc />
    public bool Equals(ComparisonOptions? other) => other is not null && TestFraction.Equals(other.TestFraction) && Seed == other.Seed
        && Splits == other.Splits && Scale == other.Scale && Bias == other.Bias && Epsilon.Equals(other.Epsilon) && Delta.Equals(other.Delta)
        && CalibrateReliable == other.CalibrateReliable && CurveLevels == other.CurveLevels
        && Methods.IsDefault == other.Methods.IsDefault && (Methods.IsDefault || Methods.SequenceEqual(other.Methods))
        && Baselines.Equals(other.Baselines) && Trees.Equals(other.Trees);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TestFraction, Seed, Splits, Scale, Epsilon, Delta, CurveLevels, Methods.IsDefault ? 0 : Methods.Length);
}
