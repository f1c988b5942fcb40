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

    /// <summary>
    /// True when every entry of every row (pivot or not) in each of the r columns was computed by the Cholesky recurrence
    /// l_ij = (k_ij - sum_{t&lt;j} l_it l_jt) / l_jj in floating point (LAPACK's dpstrf computes whole columns), so that
    /// |K_ij - (L L')_ij| &lt;= gamma_{r+1} |L_i| . |L_j| whenever i or j is a pivot: only the remainder among non-pivot rows is
    /// not bounded by rounding (Proofs/T2.1-reliable-program.md, "Input checks", step 2). False for the greedy factorisation,
    /// which skips rows whose remaining diagonal reached zero.
    /// </summary>
    internal bool EveryRowByRecurrence { get; init; }

    /// <inheritdoc />
    public bool Equals(LowRankFactor? other) => other is not null && Factor.Equals(other.Factor)
        && StructuralEquality.Equal(Pivots, other.Pivots) && ResidualTrace.Equals(other.ResidualTrace) && Complete == other.Complete
        && EveryRowByRecurrence == other.EveryRowByRecurrence;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Factor, ResidualTrace, Complete);
}
