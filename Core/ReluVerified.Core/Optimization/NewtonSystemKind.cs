namespace ReluVerified.Core.Optimization;

/// <summary>How the solver of T2.1 solves its Newton systems.</summary>
public enum NewtonSystemKind
{
    /// <summary>
    /// Pick per problem: low rank when a pivoted Cholesky of K completes (remainder trace at most
    /// <see cref="SolverOptions.RankTolerance"/> times trace(K)) within min(3m/4, 512) pivots and has rank at least 1, dense otherwise.
    /// </summary>
    Auto,

    /// <summary>The m-space system cI + D^(1/2) K D^(1/2), one m x m Cholesky per iteration.</summary>
    Dense,

    /// <summary>The r-space system cI + L' D L with K ~ L L' from a pivoted Cholesky of rank r.</summary>
    LowRank,
}
