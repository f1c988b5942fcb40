using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.LowRank;

/// <summary>
/// S-lowrank: the greedy pivoted Cholesky (<see cref="PivotedCholesky"/>) of a kernel matrix that is never formed, for
/// Nystroem's pivoted landmarks and incomplete factors at scale.
/// </summary>
public static class KernelPivotedCholesky
{
    /// <summary>
    /// Incomplete pivoted Cholesky of the kernel matrix of <paramref name="points"/> without forming it (S-lowrank): the
    /// diagonal k(x_i, x_i) is computed once and each pivot's column k(., x_p) on demand (m kernel evaluations), so memory is
    /// O(m r) and time O(m r (n + r)). Stops at <paramref name="maxRank"/> or when trace(K - L L') &lt;= tolerance * trace(K).
    /// </summary>
    public static LowRankFactor Factor(Kernel kernel, PointSet points, double relativeTraceTolerance, int maxRank,
        ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(points);
        Preconditions.Check(double.IsFinite(relativeTraceTolerance) && relativeTraceTolerance >= 0, nameof(relativeTraceTolerance),
            $"{nameof(relativeTraceTolerance)} must be a non-negative finite number, got {relativeTraceTolerance}.");
        Preconditions.Positive(maxRank);
        int m = points.Count;
        var diag = new double[m];
        for (int i = 0; i < m; i++) diag[i] = kernel.Diagonal(points[i]);
        return PivotedCholesky.Greedy(diag, p => GramEngine.Cross(kernel, points, points.Select([p]), backend, cancellationToken).AsSpan(),
            relativeTraceTolerance, Math.Min(maxRank, m), giveUpEarly: false, cancellationToken);
    }
}
