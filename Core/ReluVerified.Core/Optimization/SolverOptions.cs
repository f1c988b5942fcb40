using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// Options of <see cref="ReliableSolver"/> (T2.1, R2.2).
/// </summary>
/// <param name="GapTolerance">Stop when (primal - dual bound) &lt;= GapTolerance * max(1, |primal|).</param>
/// <param name="FeasibilityTolerance">Stop only when every constraint is violated by at most this much (absolute for f_i &lt;= tau_c, relative to B for the ball).</param>
/// <param name="MaxIterations">Interior-point iterations allowed before <see cref="ExitCondition.IterationLimit"/>.</param>
/// <param name="Backend">Native OpenBLAS or managed linear algebra (same answers to rounding).</param>
/// <param name="NewtonSystem">m-space, r-space or automatic choice of the Newton system.</param>
/// <param name="MixedPrecision">Factor m-space Newton systems (m &gt;= 1500, OpenBLAS) in single precision and refine each solve in double; same answers, about half the factorisation time.</param>
/// <param name="RankTolerance">Pivoted Cholesky stops when the trace of the remainder is below RankTolerance * trace(K).</param>
public sealed record SolverOptions(
    double GapTolerance = 1e-8,
    double FeasibilityTolerance = 1e-9,
    int MaxIterations = 100,
    ComputeBackend Backend = ComputeBackend.Auto,
    NewtonSystemKind NewtonSystem = NewtonSystemKind.Auto,
    double RankTolerance = 1e-13,
    bool MixedPrecision = true)
{
    /// <summary>The defaults.</summary>
    public static SolverOptions Default { get; } = new();
}
