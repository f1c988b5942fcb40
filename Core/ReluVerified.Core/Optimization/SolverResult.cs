using System.Collections.Immutable;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// What <see cref="ReliableSolver"/> returns for the T2.1 / R2.2 program: the point, and the certificate that proves how
/// good it is (Proofs/T2.1-reliable-program.md).
/// <para>
/// Guaranteed for every exit but <see cref="ExitCondition.Infeasible"/> and one of the built-in losses:
/// <see cref="DualBound"/> &lt;= d(s) &lt;= optimum, where d is the Lagrangian dual function of the certified program and
/// s = <see cref="DualMultipliers"/>. The certified program is the one on a matrix that is PSD exactly, whatever the rounding
/// of the stored Gram matrix K (Proofs/T2.1-reliable-program.md, "What is guaranteed"): for r-space solves of a
/// <see cref="KernelProgram"/> (<see cref="NewtonSystem"/> LowRank), the program on L L', L the pivoted Cholesky factor of K
/// that the solver computed; for m-space solves, the program on every PSD matrix K' with K' &lt;= K + delta I (in the
/// Loewner order), delta = <see cref="GramAllowance"/>, which includes K itself when K is PSD as stored; for a
/// <see cref="FactorProgram"/>, the program on its factor. The inequality d(s) &lt;= optimum is weak duality; DualBound &lt;= d(s)
/// holds under the standard model of floating-point arithmetic, because the solver subtracts a bound on the rounding error
/// of its evaluation of d(s) (section "Floating-point certificate" of the proof). So the optimum lies in
/// [DualBound, Objective(alpha*)] and, when the returned point is feasible, Objective - optimum &lt;= <see cref="DualityGap"/>
/// up to the rounding of Objective itself (the loss evaluated at the computed predictions). For a
/// <see cref="Losses.Loss.Custom"/> loss the conjugate comes from the Fenchel-Young equality at the user's derivative, so
/// the bound is only as exact as that derivative.
/// </para>
/// <para>
/// <see cref="Stationarity"/> is an upper bound (same model) on sqrt(B) times the RKHS norm of the gradient of the
/// Lagrangian at the returned (alpha, nu, theta). <see cref="ExitCondition.Converged"/> means exactly that gap, violations
/// and stationarity meet <see cref="SolverOptions"/>' four tolerances.
/// </para>
/// </summary>
/// <param name="Exit">Why the solver stopped.</param>
/// <param name="Coefficients">alpha: f = sum_j alpha_j K(x_j, .) (when infeasible: the point of the ball with the least violation).</param>
/// <param name="Predictions">f_i = (K alpha)_i on the training points, computed in double (r-space solves of a
/// <see cref="KernelProgram"/>: (L u)_i, u = L'alpha, which equals K alpha in exact arithmetic for the pivot-supported alpha
/// returned, since the pivot columns of K are reproduced by L L').</param>
/// <param name="Objective">The primal objective at <see cref="Predictions"/> (+infinity when infeasible).</param>
/// <param name="DualBound">A lower bound on the optimum: the dual function at <see cref="DualMultipliers"/> minus a bound on
/// its rounding error; +infinity when infeasible (the Farkas multipliers make the dual unbounded above).</param>
/// <param name="ConstraintViolation">max(0, max_{i in Z} f_i - tau_c); 0 for the penalised program (T2.1-budget, finite
/// <see cref="KernelProgram.ZeroPenalty"/>), whose constraints f_j &lt;= tau_c + t_j hold with t_j = max(0, f_j - tau_c) and whose
/// excess is priced in <see cref="Objective"/> instead. For <see cref="ExitCondition.Infeasible"/>: the
/// certified margin -tau_c - sqrt(B nu'K nu) &gt; 0 by which every f with ||f||^2 &lt;= B violates some zero constraint.</param>
/// <param name="BallViolation">max(0, alpha'K alpha - B) (r-space: max(0, ||u||^2 - B)).</param>
/// <param name="Stationarity">An upper bound on sqrt(B) ||sum_i (s_i + 2 theta alpha_i) K(x_i, .)||_K (for factor coordinates
/// u: sqrt(B) ||L's + 2 theta u||), with s = <see cref="DualMultipliers"/> and theta = <see cref="BallMultiplier"/>: the
/// gradient of the Lagrangian in f, in objective units. When s holds subgradients of the loss at f, convexity gives
/// Lagrangian(alpha') &gt;= Lagrangian(alpha) - 2 Stationarity for every alpha' in the ball. +infinity when infeasible.</param>
/// <param name="SquaredNorm">alpha' K alpha = ||f||_K^2 (r-space solves of a <see cref="KernelProgram"/> and a
/// <see cref="FactorProgram"/>: ||u||^2, the squared norm in the certified program on L L').</param>
/// <param name="ConstraintMultipliers">nu (zero outside Z); for <see cref="ExitCondition.Infeasible"/> the Farkas multipliers.</param>
/// <param name="DualMultipliers">s, the multipliers of f = K alpha in the Lagrangian: s_i = (w_i/m) slope_i on the loss set P,
/// nu_i on Z, 0 elsewhere. The certificate can be recomputed from s alone (Proofs/T2.1-reliable-program.md).</param>
/// <param name="BallMultiplier">theta of the ball constraint (lambda of kernel ridge for the agnostic square loss).</param>
/// <param name="Iterations">Interior-point iterations run (of every attempt, for a repeated solve), whichever iterate is returned;
/// 0 when the interpolant certified the program before any (<see cref="SolverOptions.TryInterpolant"/>).</param>
/// <param name="NewtonSystem">Dense (m-space) or LowRank (r-space) Newton systems.</param>
/// <param name="Rank">The rank r of the Newton system (m for dense).</param>
/// <param name="Excess">(1/m) sum_{j in Z} w_j max(0, f_j - tau_c) at <see cref="Predictions"/> (T2.1-budget,
/// Proofs/T2.1-budgeted-program.md): the false-positive budget the point uses, the quantity
/// <see cref="ReliableSolver.SolveWithBudget(KernelProgram, double, SolverOptions?, int, double, CancellationToken)"/> bounds. For the hard program
/// it is at most (sum_Z w_j / m) <see cref="ConstraintViolation"/>, so 0 within ConstraintTolerance when converged; for the
/// penalised program (finite <see cref="KernelProgram.ZeroPenalty"/> lambda) <see cref="Objective"/> includes lambda Excess.</param>
/// <param name="GramAllowance">m-space solves of a <see cref="KernelProgram"/>: the delta &gt;= 0 with lambda_min(K) &gt;= -delta
/// that the input check proved; <see cref="DualBound"/> and <see cref="Stationarity"/> take their quadratic forms in K + delta I
/// (which costs sqrt(B delta) ||s|| at most), and so do the budgeted search's mixtures of two m-space solves. 0 for r-space
/// solves (the budgeted search on a rank-deficient K runs on L L' throughout) and for a <see cref="FactorProgram"/>, whose
/// certified matrices are PSD exactly.</param>
public sealed record SolverResult(
    ExitCondition Exit,
    ImmutableArray<double> Coefficients,
    ImmutableArray<double> Predictions,
    double Objective,
    double DualBound,
    double ConstraintViolation,
    double BallViolation,
    double Stationarity,
    double SquaredNorm,
    ImmutableArray<double> ConstraintMultipliers,
    ImmutableArray<double> DualMultipliers,
    double BallMultiplier,
    int Iterations,
    NewtonSystemKind NewtonSystem,
    int Rank,
    double Excess = 0,
    double GramAllowance = 0)
{
    /// <summary>
    /// r-space solves of a <see cref="KernelProgram"/>: the factor coordinates u of the certified program on L L' (f = L u),
    /// from which <see cref="Coefficients"/> were derived; empty otherwise. Internal: the checks recompute the certificate from it.
    /// </summary>
    internal ImmutableArray<double> FactorCoordinates { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>Objective - DualBound (non-negative for feasible points, up to the rounding of Objective).</summary>
    public double DualityGap => Objective - DualBound;

    /// <summary>max(<see cref="ConstraintViolation"/>, <see cref="BallViolation"/>): the largest violation, in mixed units.</summary>
    public double MaxViolation => Math.Max(ConstraintViolation, BallViolation);

    /// <inheritdoc />
    public bool Equals(SolverResult? other) => other is not null && Exit == other.Exit
        && StructuralEquality.Equal(Coefficients, other.Coefficients) && StructuralEquality.Equal(Predictions, other.Predictions)
        && Objective.Equals(other.Objective) && DualBound.Equals(other.DualBound) && ConstraintViolation.Equals(other.ConstraintViolation)
        && BallViolation.Equals(other.BallViolation) && Stationarity.Equals(other.Stationarity)
        && SquaredNorm.Equals(other.SquaredNorm) && StructuralEquality.Equal(ConstraintMultipliers, other.ConstraintMultipliers)
        && StructuralEquality.Equal(DualMultipliers, other.DualMultipliers)
        && BallMultiplier.Equals(other.BallMultiplier) && Iterations == other.Iterations && NewtonSystem == other.NewtonSystem && Rank == other.Rank
        && Excess.Equals(other.Excess) && GramAllowance.Equals(other.GramAllowance)
        && StructuralEquality.Equal(FactorCoordinates, other.FactorCoordinates);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Exit, Objective, DualBound, Iterations);
}
