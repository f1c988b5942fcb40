using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// Options of <see cref="ReliableSolver"/> (T2.1, R2.2). The four tolerances are the whole stopping rule:
/// <see cref="ExitCondition.Converged"/> is returned exactly when the returned <see cref="SolverResult"/> satisfies
/// <code>
///   DualityGap          &lt;= GapTolerance          * max(1, |Objective|)
///   ConstraintViolation &lt;= ConstraintTolerance                          (absolute: max_Z f_i - tau_c)
///   BallViolation       &lt;= BallTolerance         * B                    (relative: alpha'K alpha - B)
///   Stationarity        &lt;= StationarityTolerance * max(1, |Objective|)
/// </code>
/// with every left-hand side computed on the certified program (the program's own Gram matrix in m-space, the program on
/// L L' in r-space; see Proofs/T2.1-reliable-program.md, "Stopping rule" and "Which program is certified").
/// </summary>
/// <param name="GapTolerance">Objective minus the (rigorous, rounding-safe) dual bound, relative to max(1, |objective|).
/// Objectives are means of losses, usually below 1, so the default 1e-8 is an absolute 1e-8 there.</param>
/// <param name="ConstraintTolerance">Largest accepted f_i - tau_c on the zero-labelled points, absolute (in the units of
/// the predictions, whatever B is). 1e-9 is far below any threshold a learner uses and above the rounding of f = K alpha.</param>
/// <param name="BallTolerance">Largest accepted alpha'K alpha - B, relative to B: the squared norm is computed with a
/// relative rounding error, so its tolerance scales with B.</param>
/// <param name="StationarityTolerance">Largest accepted sqrt(B) ||s + 2 theta alpha||_K at the returned multipliers (the gradient
/// of the Lagrangian in f, in objective units), relative to max(1, |objective|) (see <see cref="SolverResult.Stationarity"/>).
/// A gap g alone bounds it only by about sqrt(2 g sqrt(B) ||s||_K), so the solver recovers multipliers from the primal point
/// and iterates on until this tolerance is met too.</param>
/// <param name="MaxIterations">Interior-point iterations allowed before <see cref="ExitCondition.IterationLimit"/>.</param>
/// <param name="Backend">Native OpenBLAS or managed linear algebra (same answers to rounding).</param>
/// <param name="NewtonSystem">m-space, r-space or automatic choice of the Newton system.</param>
/// <param name="RankTolerance">Pivoted Cholesky stops when the trace of the remainder is below RankTolerance * trace(K).</param>
/// <param name="RetryCold">When a warm-started solve does not converge, solve again from a cold start and return the result
/// nearer the stopping rule (<see cref="SolverResult.Iterations"/> then counts both solves). A warm start from a distant
/// program can leave the iterates too close to the boundary to make progress.</param>
/// <param name="MixedPrecision">Factor Newton systems in single precision and refine solves in double (OpenBLAS; m-space
/// from m = 1500, every solve refined; r-space on a factor held in this process from rank r = 500, whose solves are refined
/// only in the last iterations, once mu times the pairs is at most 1e-4 max(1, |objective|), and taken from the
/// single-precision factor alone before that); same certificates, about half the time of forming and factoring each Newton
/// matrix. A Newton matrix whose single-precision factorisation or refined solve fails is redone in double.</param>
/// <param name="CentralityCorrectors">Gondzio centrality correctors tried per iteration after Mehrotra's direction, on r-space
/// Newton systems of the built-in losses (each one more solve with the prepared matrix, no new factorisation; 0: Mehrotra's direction alone). They
/// change the path, not the program: the stopping rule and the certificate are the same. A solve with them that stops with
/// <see cref="ExitCondition.NumericalTrouble"/> is repeated without them (its Iterations count both).</param>
/// <param name="BallSecondOrder">The corrector adds the predictor's second-order term dx'G dx to the ball's residual (the
/// ball alpha'K alpha &lt;= B is quadratic, and the linearised residual drops that term), as Mehrotra's corrector does for each
/// complementarity product. It changes the path, not the program: the stopping rule and the certificate are the same. A solve
/// with it that stops with <see cref="ExitCondition.NumericalTrouble"/> is repeated without it (its Iterations count both),
/// except an m-space solve under <see cref="NewtonSystemKind.Auto"/>, which is repeated in r-space instead.</param>
/// <param name="TryInterpolant">Before the interior point of an m-space solve (a Gram matrix of full numerical rank, or m-space
/// asked for) with the square, absolute or Huber loss, try alpha = K^(-1) t, t the labels on the loss rows and min(0, tau_c) on
/// the others, on the Cholesky factor the rank decision or the input check has just computed: when alpha'K alpha &lt;= B its
/// losses vanish and the zero multiplier certifies it (the optimum of a sum of non-negative losses is at least 0), and it is
/// returned Converged with <see cref="SolverResult.Iterations"/> 0. Otherwise the interior point solves the program as before.
/// The program and the stopping rule are the same; on a program with many optima (a reliable program whose zero-labelled
/// rows may sit anywhere below tau_c) the point returned is this one, with f = 0 on those rows when tau_c &gt;= 0.</param>
public sealed record SolverOptions(
    double GapTolerance = 1e-8,
    double ConstraintTolerance = 1e-9,
    double BallTolerance = 1e-9,
    double StationarityTolerance = 1e-6,
    int MaxIterations = 100,
    ComputeBackend Backend = ComputeBackend.Auto,
    NewtonSystemKind NewtonSystem = NewtonSystemKind.Auto,
    double RankTolerance = 1e-13,
    bool MixedPrecision = true,
    bool RetryCold = true,
    int CentralityCorrectors = 4,
    bool BallSecondOrder = true,
    bool TryInterpolant = true)
{
    /// <summary>The defaults.</summary>
    public static SolverOptions Default { get; } = new();
}
