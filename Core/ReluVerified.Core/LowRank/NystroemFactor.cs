using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.LowRank;

/// <summary>
/// A Nystroem factor (S-lowrank): landmarks z_1..z_r, the r x r map T with T T' = (W + jitter I)^(-1) (W the landmark Gram
/// matrix), and the factor L = C T of the sample (C_ij = k(x_i, z_j)), so that K ~ K~ = L L' = C (W + jitter I)^(-1) C'.
/// A function in factor coordinates, f = L u, is f(x) = k(x, Z) . beta with beta = T u: predictions need r kernel evaluations.
/// Immutable; equality is structural.
/// </summary>
/// <param name="Kernel">The kernel k.</param>
/// <param name="Landmarks">The r landmark points Z.</param>
/// <param name="Map">T (r x r, row-major), upper triangular: T = G^(-T) with G G' = W + jitter I.</param>
/// <param name="Factor">L (m x r): row i is the feature vector of x_i in the RKHS of K~.</param>
/// <param name="ResidualTrace">trace(K - L L') = sum_i (k(x_i, x_i) - ||L_i||^2), each term clamped at 0 against rounding.</param>
/// <param name="Jitter">The ridge added to W before factoring it (<see cref="Nystroem.RelativeJitter"/> times its mean diagonal).</param>
public sealed record NystroemFactor(Kernel Kernel, PointSet Landmarks, Matrix Map, Matrix Factor, double ResidualTrace, double Jitter)
{
    /// <summary>The rank r.</summary>
    public int Rank => Landmarks.Count;

    /// <summary>The landmark coefficients beta = T u of factor coordinates u: f(x) = sum_j beta_j k(x, z_j).</summary>
    public double[] LandmarkCoefficients(ReadOnlySpan<double> u) => LandmarkCoefficients(Map, Rank, u);

    /// <summary>The same factor with its rows seen through <see cref="IFactorRows"/> (held here).</summary>
    public NystroemRows AsRows() => new(Kernel, Landmarks, Map, new DenseFactorRows(Factor), ResidualTrace, Jitter);

    /// <summary>beta = T u for the map T of rank r.</summary>
    internal static double[] LandmarkCoefficients(Matrix map, int rank, ReadOnlySpan<double> u)
    {
        Preconditions.Check(u.Length == rank, nameof(u), $"{nameof(u)} has {u.Length} entries; the factor has rank {rank}.");
        var beta = new double[rank];
        for (int j = 0; j < rank; j++) beta[j] = TensorPrimitives.Dot(map.Row(j), u);
        return beta;
    }
}
