using System.Collections.Immutable;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// A starting point for <see cref="ReliableSolver"/> (T2.1), usually the previous result on a nearby B or tau_c.
/// </summary>
/// <param name="Coefficients">alpha, one per sample.</param>
/// <param name="ConstraintMultipliers">nu_i &gt;= 0 for the constraints f_i &lt;= tau_c (zero outside Z), one per sample.</param>
/// <param name="BallMultiplier">theta &gt;= 0 for alpha' K alpha &lt;= B.</param>
public sealed record WarmStart(ImmutableArray<double> Coefficients, ImmutableArray<double> ConstraintMultipliers, double BallMultiplier)
{
    /// <summary>The warm start held by a result.</summary>
    public static WarmStart From(SolverResult result)
    {
        Preconditions.NotNull(result);
        return new WarmStart(result.Coefficients, result.ConstraintMultipliers, result.BallMultiplier);
    }

    /// <inheritdoc />
    public bool Equals(WarmStart? other) => other is not null && StructuralEquality.Equal(Coefficients, other.Coefficients)
        && StructuralEquality.Equal(ConstraintMultipliers, other.ConstraintMultipliers) && BallMultiplier.Equals(other.BallMultiplier);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StructuralEquality.Hash(Coefficients.AsSpan()), BallMultiplier);
}
