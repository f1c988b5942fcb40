using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.LowRank;

/// <summary>
/// A Nystroem factor (S-lowrank) whose rows are seen through <see cref="IFactorRows"/>, so that they may live elsewhere
/// (e.g. in the shards of a cluster, each holding the rows of its part of a data set): the landmarks z_1..z_r, the map T
/// (T T' = (W + jitter I)^(-1)), the rows L = C T behind <see cref="Rows"/>, and trace(K - L L'). Everything of
/// <see cref="NystroemFactor"/> but the rows' storage; <see cref="NystroemFactor.AsRows"/> gives one for a factor held here.
/// Immutable (the rows must never change); equality compares the rows by the implementation's own equality.
/// </summary>
/// <param name="Kernel">The kernel k.</param>
/// <param name="Landmarks">The r landmark points Z.</param>
/// <param name="Map">T (r x r, row-major), upper triangular: T = G^(-T) with G G' = W + jitter I.</param>
/// <param name="Rows">L (m x r): row i is the feature vector of x_i in the RKHS of K~.</param>
/// <param name="ResidualTrace">trace(K - L L') = sum_i (k(x_i, x_i) - ||L_i||^2), each term clamped at 0 against rounding.</param>
/// <param name="Jitter">The ridge added to W before factoring it (<see cref="Nystroem.RelativeJitter"/> times its mean diagonal).</param>
public sealed record NystroemRows(Kernel Kernel, PointSet Landmarks, Matrix Map, IFactorRows Rows, double ResidualTrace, double Jitter)
{
    /// <summary>The rank r.</summary>
    public int Rank => Landmarks.Count;

    /// <summary>The landmark coefficients beta = T u of factor coordinates u: f(x) = sum_j beta_j k(x, z_j).</summary>
    public double[] LandmarkCoefficients(ReadOnlySpan<double> u) => NystroemFactor.LandmarkCoefficients(Map, Rank, u);
}
