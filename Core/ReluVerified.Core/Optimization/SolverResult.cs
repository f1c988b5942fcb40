using System.Collections.Immutable;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// What <see cref="ReliableSolver"/> returns for the T2.1 / R2.2 program: the point, and the certificate that proves how
/// good it is. <see cref="DualBound"/> is a Lagrangian dual value computed from the returned multipliers (see
/// Proofs/T2.1-reliable-program.md), so the optimum lies in [DualBound, Objective] whenever <see cref="MaxViolation"/> is 0,
/// and DualBound &lt;= optimum always.
/// </summary>
/// <param name="Exit">Why the solver stopped.</param>
/// <param name="Coefficients">alpha: f = sum_j alpha_j K(x_j, .) (when infeasible: the point of the ball with the least violation).</param>
/// <param name="Predictions">f_i = (K alpha)_i on the training points.</param>
/// <param name="Objective">The primal objective at the returned point (+infinity when infeasible).</param>
/// <param name="DualBound">A lower bound on the optimum (the dual function at the returned multipliers); +infinity when
/// infeasible (the Farkas multipliers make the dual unbounded above).</param>
/// <param name="MaxViolation">max(0, max_{i in Z} f_i - tau_c, alpha'K alpha - B). For <see cref="ExitCondition.Infeasible"/>:
/// the certified margin -tau_c - sqrt(B nu'K nu) &gt; 0 by which every f with ||f||^2 &lt;= B violates some zero constraint.</param>
/// <param name="SquaredNorm">alpha' K alpha = ||f||_K^2.</param>
/// <param name="ConstraintMultipliers">nu (zero outside Z); for <see cref="ExitCondition.Infeasible"/> the Farkas multipliers.</param>
/// <param name="BallMultiplier">theta of the ball constraint (lambda of kernel ridge for the agnostic square loss).</param>
/// <param name="Iterations">Interior-point iterations.</param>
/// <param name="Elapsed">Wall-clock time of the solve (factorisation included).</param>
/// <param name="NewtonSystem">Dense (m-space) or LowRank (r-space) Newton systems.</param>
/// <param name="Rank">The rank r of the Newton system (m for dense).</param>
public sealed record SolverResult(
    ExitCondition Exit,
    ImmutableArray<double> Coefficients,
    ImmutableArray<double> Predictions,
    double Objective,
    double DualBound,
    double MaxViolation,
    double SquaredNorm,
    ImmutableArray<double> ConstraintMultipliers,
    double BallMultiplier,
    int Iterations,
    TimeSpan Elapsed,
    NewtonSystemKind NewtonSystem,
    int Rank)
{
    /// <summary>Objective - DualBound (non-negative up to rounding for feasible points).</summary>
    public double DualityGap => Objective - DualBound;

    /// <inheritdoc />
    public bool Equals(SolverResult? other) => other is not null && Exit == other.Exit
        && StructuralEquality.Equal(Coefficients, other.Coefficients) && StructuralEquality.Equal(Predictions, other.Predictions)
        && Objective.Equals(other.Objective) && DualBound.Equals(other.DualBound) && MaxViolation.Equals(other.MaxViolation)
        && SquaredNorm.Equals(other.SquaredNorm) && StructuralEquality.Equal(ConstraintMultipliers, other.ConstraintMultipliers)
        && BallMultiplier.Equals(other.BallMultiplier) && Iterations == other.Iterations && NewtonSystem == other.NewtonSystem && Rank == other.Rank;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Exit, Objective, DualBound, Iterations);
}
