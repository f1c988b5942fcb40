using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Distributed;

/// <summary>
/// A cluster fit after its three passes (<see cref="ClusterFit"/>): the shards hold the factor rows of S-lowrank's Nystroem
/// factor, and the coordinator holds everything else the solve and the report need. Lives as long as the fit's shards.
/// </summary>
/// <param name="FeatureNames">The file's feature columns.</param>
/// <param name="Embedding">The embedding fitted in pass 1.</param>
/// <param name="Kernel">The kernel.</param>
/// <param name="Landmarks">The landmarks (the file's first rows of the canonical order, dependent ones dropped).</param>
/// <param name="Map">T (r x r).</param>
/// <param name="Jitter">The ridge added to the landmark Gram matrix.</param>
/// <param name="Rows">The factor rows, on the shards.</param>
/// <param name="Labels">The labels in file order.</param>
/// <param name="KernelTrace">trace(K), summed shard by shard in shard order.</param>
/// <param name="ResidualTrace">trace(K - L L') (terms clamped at 0), summed likewise.</param>
/// <param name="MaxResidual">The largest residual diagonal entry (at least 0).</param>
internal sealed record ShardedFactor(ImmutableArray<string> FeatureNames, Embedding Embedding, Kernel Kernel, PointSet Landmarks, Matrix Map, double Jitter,
    GrainFactorRows Rows, ImmutableArray<double> Labels, double KernelTrace, double ResidualTrace, double MaxResidual)
{
    /// <summary>The S-lowrank report of the factor (uniform landmarks), as KernelLearner.ReportOf words it.</summary>
    public LowRankReport Report => new(Landmarks.Count, "uniform", ResidualTrace, KernelTrace, MaxResidual, Jitter);
}
