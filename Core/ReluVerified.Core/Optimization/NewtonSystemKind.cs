namespace ReluVerified.Core.Optimization;

/// <summary>How the solver of T2.1 solves its Newton systems.</summary>
public enum NewtonSystemKind
{
    /// <summary>
    /// Pick per problem from the numerical rank r of K at <see cref="SolverOptions.RankTolerance"/> (remainder trace at most
    /// that times trace(K)), decided once per matrix: with OpenBLAS an unpivoted Cholesky that clears every pivot means full
    /// rank, otherwise LAPACK's blocked pivoted Cholesky gives r (O(m^3 / 3) at most). Low rank when 0 &lt; r &lt; m, where the
    /// m-space Newton matrix would be as ill-conditioned as K is deficient, except that dense goes first when an r-space
    /// iteration costs more than twice an m-space one and r is at least 0.85 m (ReliableSolver.TriesDenseFirst); dense when K
    /// has full numerical rank (the m-space system is then cheaper per iteration, m^3 / 3 against c r^2 + r^3 / 3 with c the
    /// rows whose curvature changes) or is zero. Without OpenBLAS the managed greedy factorisation gives up early on a
    /// spectrum too flat to end below m pivots (<see cref="LinearAlgebra.PivotedCholesky.Factor(LinearAlgebra.Matrix, double, int, bool)"/>)
    /// and the solve goes dense. An m-space solve that does not converge is repeated in r-space, on the complete pivoted
    /// factor (r = m at full rank), and the result nearer the stopping rule is returned, with the iterations of both.
    /// </summary>
    Auto,

    /// <summary>The m-space system cI + D^(1/2) K D^(1/2), one m x m Cholesky per iteration.</summary>
    Dense,

    /// <summary>The r-space system cI + L' D L with K ~ L L' from a pivoted Cholesky of rank r.</summary>
    LowRank,
}
