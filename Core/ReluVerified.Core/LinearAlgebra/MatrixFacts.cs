namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// Expensive facts about one immutable <see cref="Matrix"/>, established at most once and remembered with it (a cache with
/// no observable effect: the matrix never changes, so neither do the facts). T2.1's solver records here that it verified a
/// Gram matrix positive semi-definite, so that solving a path of programs over one Gram matrix (several B or tau_c, as the
/// learner does) pays the O(m^3) check once.
/// </summary>
internal sealed class MatrixFacts
{
    private volatile bool _positiveSemidefinite;

    /// <summary>True once lambda_min &gt;= -delta was verified (Proofs/T2.1-reliable-program.md, "Input checks").</summary>
    internal bool PositiveSemidefinite => _positiveSemidefinite;

    /// <summary>Records a successful verification.</summary>
    internal void VerifiedPositiveSemidefinite() => _positiveSemidefinite = true;
}
