namespace ReluVerified.Core.Hardness;

/// <summary>
/// One line of the T2.7 demonstration: what the conjunction of k of n bits costs on the sphere. The conjunction is
/// R max(0, (||w||/R) u.z + c/R) with ||w|| = sqrt(kn)/2, ||u|| = 1, c = 1 - k/2 and R = max(1, ||w||), so approximating it
/// to eps needs the shifted ReLU max(0, (||w||/R) t + c/R) on [-1, 1] to eps / R: the certified degree at that error and
/// weight R^2 times its weight.
/// </summary>
/// <param name="Dimension">n.</param>
/// <param name="SubsetSize">k = |S|.</param>
/// <param name="WeightNorm">sqrt(kn)/2, against the class bound 1.</param>
/// <param name="InnerEpsilon">eps / R: the accuracy the shifted ReLU must reach.</param>
/// <param name="Degree">Smallest degree whose certified Chebyshev interpolant of the shifted ReLU reaches it (null when beyond the search cap).</param>
/// <param name="Weight">R^2 times that approximator's weight (null when beyond the cap or double range).</param>
/// <param name="Shift">c / R: the shift of the ReLU that was approximated.</param>
public sealed record HardnessRow(int Dimension, int SubsetSize, double WeightNorm, double InnerEpsilon, int? Degree, double? Weight, double Shift);
