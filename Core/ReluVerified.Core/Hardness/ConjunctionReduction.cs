using System.Numerics;

namespace ReluVerified.Core.Hardness;

/// <summary>
/// T2.7: on the Boolean cube {0,1}^n a conjunction is exactly a ReLU, AND_{i in S}(x) = max(0, sum_{i in S} x_i - (|S| - 1)),
/// so reliably learning ReLUs over the cube in g(eps) poly(n) time would learn omega(1)-sparse parities with noise
/// (Feldman-Kothari). Mapping the cube onto the sphere, z = (2x - 1)/sqrt(n), turns the conjunction into
/// max(0, w.z + c) with w = (sqrt(n)/2) 1_S and c = 1 - |S|/2: ||w|| = sqrt(|S| n)/2, far outside the class ||w|| &lt;= 1,
/// which is how the sphere escapes the reduction. Points of the cube are bit masks (bit i = x_i), n &lt;= 63.
/// </summary>
public static class ConjunctionReduction
{
    /// <summary>AND_{i in S}(x): every bit of <paramref name="subset"/> is set in <paramref name="point"/> (T2.7).</summary>
    public static bool Conjunction(ulong point, ulong subset) => (point & subset) == subset;

    /// <summary>The ReLU max(0, sum_{i in S} x_i - (|S| - 1)) evaluated exactly on a cube point (T2.7).</summary>
    public static int ReluOfSum(ulong point, ulong subset)
        => Math.Max(0, BitOperations.PopCount(point & subset) - (BitOperations.PopCount(subset) - 1));

    /// <summary>The cube point x as a point of S^{n-1}: z_i = (2 x_i - 1) / sqrt(n) (T2.7).</summary>
    public static double[] ToSphere(ulong point, int dimension)
    {
        Preconditions.Check(dimension >= 1 && dimension <= 63, nameof(dimension), $"{nameof(dimension)} must lie in 1..63, got {dimension}.");
        double scale = 1 / Math.Sqrt(dimension);
        var z = new double[dimension];
        for (int i = 0; i < dimension; i++) z[i] = ((point >> i) & 1) == 1 ? scale : -scale;
        return z;
    }

    /// <summary>
    /// The affine ReLU on the sphere equal to the conjunction on embedded cube points (T2.7):
    /// weights w = (sqrt(n)/2) 1_S and offset c = 1 - |S|/2, so AND_S(x) = max(0, w.z + c).
    /// </summary>
    public static (double[] Weights, double Offset) SphereRelu(ulong subset, int dimension)
    {
        Preconditions.Check(dimension >= 1 && dimension <= 63, nameof(dimension), $"{nameof(dimension)} must lie in 1..63, got {dimension}.");
        Preconditions.Check(subset != 0 && subset >> dimension == 0, nameof(subset), $"{nameof(subset)} must be a non-empty subset of the {dimension} coordinates.");
        var w = new double[dimension];
        double half = Math.Sqrt(dimension) / 2;
        for (int i = 0; i < dimension; i++) if (((subset >> i) & 1) == 1) w[i] = half;
        return (w, 1 - BitOperations.PopCount(subset) / 2.0);
    }

    /// <summary>||w|| = sqrt(|S| n) / 2 of <see cref="SphereRelu"/>: the weight norm the conjunction needs on the sphere (T2.7).</summary>
    public static double RequiredWeightNorm(int subsetSize, int dimension) => Math.Sqrt((double)subsetSize * dimension) / 2;
}
