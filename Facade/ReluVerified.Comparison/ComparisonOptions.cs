namespace ReluVerified;

/// <summary>
/// Settings of a head-to-head comparison (<see cref="HeadToHead"/>; section 6 of the algorithm notes). Every method gets
/// the same train/test split (a seeded content hash of each row), the same embedding fitted on the training rows, the
/// same seed and the documented hyper-parameters of <see cref="BaselineOptions"/> and <see cref="ReliableReluOptions"/>
/// (degree, weight, lambda and iterate selected on held-out training rows).
/// </summary>
public sealed record ComparisonOptions
{
    /// <summary>Fraction of rows held out as the test part; default 0.3.</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>Seed of the split, of every method's held-out split and of gd-relu's restarts; default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Embedding into the unit ball, fitted on the training rows: "none", "max-norm" (default) or "standardize".</summary>
    public string Scale { get; init; } = "max-norm";

    /// <summary>Append a bias coordinate; default false.</summary>
    public bool Bias { get; init; }

    /// <summary>Target false-positive rate of the reliable learner and of krr-np; default 0.1.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Failure probability of the calibrations; default 0.05.</summary>
    public double Delta { get; init; } = 0.05;

    /// <summary>Baseline hyper-parameters (scale, bias, seed, eps and delta are overridden by this record's values).</summary>
    public BaselineOptions Baselines { get; init; } = new();
}
