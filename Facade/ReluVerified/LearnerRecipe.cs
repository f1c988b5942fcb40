namespace ReluVerified;

/// <summary>
/// Which defaults a fit (<see cref="ReliableRelu"/>)
/// gives the options left null (see <see cref="ReliableRelu.Resolve"/>).
/// </summary>
public enum LearnerRecipe
{
    /// <summary>
    /// The configuration measured best on real zero-inflated data (docs/comparison-real.md), for the reliable task:
    /// standardized features with a bias coordinate, the Gaussian kernel with the median bandwidth, the FP-budgeted program
    /// (T2.1-budget) with (B, lambda, threshold) chosen by 3-fold cross-validation, a Nystroem factor on large data, and
    /// Neyman-Pearson calibration whenever there are enough zero-labelled rows. No theorem bounds its positive loss; the
    /// calibrated false-positive bound holds. For the other tasks it is <see cref="Theorem"/>.
    /// </summary>
    Recommended,

    /// <summary>The paper's learner as T2.1 / R2.2 state it: max-norm scaling, the multinomial kernel MK_d, the hard program, (d, B) selected on one held-out part, no calibration.</summary>
    Theorem,
}
