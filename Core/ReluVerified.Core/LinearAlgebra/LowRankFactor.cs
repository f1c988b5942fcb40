using System.Collections.Immutable;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// K ~ L L' from a pivoted Cholesky factorisation (T2.1's r-space Newton systems): L is m x r, row-major.
/// </summary>
/// <param name="Factor">L, m x r.</param>
/// <param name="Pivots">The r pivot indices in the order chosen.</param>
/// <param name="ResidualTrace">trace(K - L L') when the factorisation stopped.</param>
/// <param name="Complete">True when it stopped because the residual trace met the tolerance (false: it hit the rank cap).</param>
public sealed record LowRankFactor(Matrix Factor, ImmutableArray<int> Pivots, double ResidualTrace, bool Complete)
{
    /// <summary>The rank r.</summary>
    public int Rank => Factor.Columns;

    /// <inheritdoc />
    public bool Equals(LowRankFactor? other) => other is not null && Factor.Equals(other.Factor)
        && StructuralEquality.Equal(Pivots, other.Pivots) && ResidualTrace.Equals(other.ResidualTrace) && Complete == other.Complete;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Factor, ResidualTrace, Complete);
}
