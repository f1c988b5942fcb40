namespace ReluVerified.Core.Hardness;

/// <summary>
/// One line of the T2.7 demonstration: what the conjunction of k of n bits costs on the sphere. The conjunction is
/// ||w|| max(0, u.z + c/||w||) with ||w|| = sqrt(kn)/2, so approximating it to eps needs the unit-norm ReLU to
/// eps / ||w||, i.e. the certified degree at that error and weight ||w||^2 times its weight.
/// </summary>
/// <param name="Dimension">n.</param>
/// <param name="SubsetSize">k = |S|.</param>
/// <param name="WeightNorm">sqrt(kn)/2, against the class bound 1.</param>
/// <param name="InnerEpsilon">eps / ||w||: the accuracy the unit-norm ReLU must reach.</param>
/// <param name="Degree">Smallest certified degree at that accuracy (null when beyond the search cap).</param>
/// <param name="Weight">||w||^2 times that approximator's weight (null when beyond the cap or double range).</param>
public sealed record HardnessRow(int Dimension, int SubsetSize, double WeightNorm, double InnerEpsilon, int? Degree, double? Weight);
