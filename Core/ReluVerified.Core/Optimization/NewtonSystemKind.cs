namespace ReluVerified.Core.Optimization;

/// <summary>How the solver of T2.1 solves its Newton systems.</summary>
public enum NewtonSystemKind
{
    /// <summary>Pick per problem: low rank when the pivoted Cholesky rank r makes m r^2 cheaper than m^3 / 3.</summary>
    Auto,

    /// <summary>The m-space system cI + D^(1/2) K D^(1/2), one m x m Cholesky per iteration.</summary>
    Dense,

    /// <summary>The r-space system cI + L' D L with K ~ L L' from a pivoted Cholesky of rank r.</summary>
    LowRank,
}
