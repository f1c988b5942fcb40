namespace ReluVerified.Core.Losses;

/// <summary>
/// The assumptions a loss declares about itself, as data (T2.1, R2.2, L-clipping; the premises in Proofs/T2.1-reliable-relu.md).
/// The reliable and agnostic guarantees need a loss that is convex in the prediction, monotone (non-increasing below the
/// label, non-decreasing above it), <see cref="Lipschitz"/>-Lipschitz in the prediction on [0,1], and bounded by
/// <see cref="BoundOnUnitInterval"/> for predictions and labels in [0,1].
/// </summary>
/// <param name="Convex">The loss is convex in the prediction (needed for the convex program of T2.1 to be convex).</param>
/// <param name="Monotone">Non-increasing below the label and non-decreasing above it, so clipping into [0,1] never hurts (L-clipping).</param>
/// <param name="Lipschitz">Lipschitz constant in the prediction on [0,1] (the L of T2.1's eps0 = eps / (4L)).</param>
/// <param name="BoundOnUnitInterval">sup of the loss over predictions and labels in [0,1].</param>
public sealed record LossAssumptions(bool Convex, bool Monotone, double Lipschitz, double BoundOnUnitInterval)
{
    /// <summary>True when every assumption of T2.1 holds: convex, monotone, finite Lipschitz constant and bound.</summary>
    public bool SuitsReliableProgram => Convex && Monotone && double.IsFinite(Lipschitz) && double.IsFinite(BoundOnUnitInterval);
}
