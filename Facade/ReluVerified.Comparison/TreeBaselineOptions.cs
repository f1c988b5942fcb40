namespace ReluVerified;

/// <summary>
/// Hyper-parameters of the tree-ensemble baselines (fasttree-np, fastforest-np, lightgbm-np) and of the hurdle baseline
/// (hurdle-np), all fitted through ML.NET (<see cref="TreeBaseline"/>, <see cref="HurdleBaseline"/>). One fixed, documented
/// setting for every data set (nothing is tuned per data set): 100 trees of at most 20 leaves, at least 10 rows per leaf,
/// learning rate 0.2 for the boosted ensembles (ML.NET's FastTree defaults); a quarter of the training rows is held out
/// to calibrate the threshold by the Neyman-Pearson umbrella rule.
/// </summary>
public sealed record TreeBaselineOptions
{
    /// <summary>Trees (boosting iterations for FastTree and LightGBM, bagged trees for FastForest); default 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Largest number of leaves per tree; default 20.</summary>
    public int Leaves { get; init; } = 20;

    /// <summary>Least number of training rows in a leaf; default 10.</summary>
    public int MinimumExamplesPerLeaf { get; init; } = 10;

    /// <summary>Shrinkage of the boosted ensembles (FastTree, LightGBM; FastForest does not use it); default 0.2.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>Fraction of the training rows held out to calibrate the threshold (the rest is fitted on); default 0.25.</summary>
    public double CalibrationFraction { get; init; } = 0.25;

    /// <summary>Target conditional false-positive rate eps of the calibration; default 0.1.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Failure probability delta of the calibration; default 0.05.</summary>
    public double Delta { get; init; } = 0.05;

    /// <summary>Seed of the held-out split and of ML.NET (<c>new MLContext(seed)</c>, LightGBM's own seed); default 0.</summary>
    public int Seed { get; init; }
}
