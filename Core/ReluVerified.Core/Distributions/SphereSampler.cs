using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Distributions;

/// <summary>
/// Draws i.i.d. points from a <see cref="SphereDistribution"/>. Pure given the <see cref="Random"/> passed in:
/// the same seed gives the same bits.
/// </summary>
public static class SphereSampler
{
    /// <summary>Draws <paramref name="count"/> points on S^{n-1} from <paramref name="distribution"/>.</summary>
    public static PointSet Sample(SphereDistribution distribution, int count, Random rng)
    {
        Preconditions.NotNull(distribution);
        Preconditions.Positive(count);
        Preconditions.NotNull(rng);
        int n = distribution.Dimension;
        var data = new double[count * n];
        for (int i = 0; i < count; i++) Draw(distribution, rng, data.AsSpan(i * n, n));
        return PointSet.Trusted(count, n, data, PointDomain.Sphere);
    }

    private static void Draw(SphereDistribution distribution, Random rng, Span<double> x)
    {
        switch (distribution)
        {
            case SphereDistribution.Uniform:
                RandomDraws.UnitVector(rng, x);
                break;
            case SphereDistribution.Cap cap:
                DrawVonMisesFisher(cap, rng, x);
                break;
            case SphereDistribution.CapMixture mixture:
                double u = rng.NextDouble(), cumulative = 0;
                int pick = mixture.Components.Length - 1;
                for (int c = 0; c < mixture.Components.Length; c++)
                {
                    cumulative += mixture.Weights[c];
                    if (u < cumulative) { pick = c; break; }
                }
                DrawVonMisesFisher(mixture.Components[pick], rng, x);
                break;
            case SphereDistribution.Subspace subspace:
                var z = RandomDraws.UnitVector(rng, subspace.Basis.Rows);
                x.Clear();
                for (int a = 0; a < z.Length; a++)
                    TensorPrimitives.MultiplyAdd(subspace.Basis.Row(a), z[a], x, x);
                Renormalise(x);
                break;
            case SphereDistribution.ImbalancedHalves halves:
                RandomDraws.UnitVector(rng, x);
                bool wantPositive = rng.NextDouble() < halves.PositiveFraction;
                var dir = halves.Direction.AsSpan();
                double s = TensorPrimitives.Dot(dir, x);
                if ((s > 0) != wantPositive && s != 0)
                {
                    TensorPrimitives.MultiplyAdd(dir, -2 * s, x, x);
                    Renormalise(x);
                }
                else if (s == 0 && wantPositive)
                {
                    TensorPrimitives.MultiplyAdd(dir, 1e-12, x, x);
                    Renormalise(x);
                }
                break;
            default:
                throw new ArgumentException($"unknown distribution {distribution.GetType().Name}", nameof(distribution));
        }
    }

    /// <summary>Wood (1994): w = mu.x from the exact marginal by rejection, then a uniform direction orthogonal to mu.</summary>
    private static void DrawVonMisesFisher(SphereDistribution.Cap cap, Random rng, Span<double> x)
    {
        var mu = cap.Direction.AsSpan();
        int p = mu.Length;
        double kappa = cap.Concentration, pm1 = p - 1;
        double b = pm1 / (2 * kappa + Math.Sqrt(4 * kappa * kappa + pm1 * pm1));
        double x0 = (1 - b) / (1 + b);
        double c = kappa * x0 + pm1 * Math.Log(1 - x0 * x0);
        double w;
        while (true)
        {
            double z = RandomDraws.Beta(rng, pm1 / 2, pm1 / 2);
            w = (1 - (1 + b) * z) / (1 - (1 - b) * z);
            double u = RandomDraws.OpenUniform(rng);
            if (kappa * w + pm1 * Math.Log(1 - x0 * w) - c >= Math.Log(u)) break;
        }
        // v: uniform unit vector orthogonal to mu
        Span<double> v = p <= 256 ? stackalloc double[p] : new double[p];
        double norm;
        do
        {
            for (int j = 0; j < p; j++) v[j] = RandomDraws.Normal(rng);
            TensorPrimitives.MultiplyAdd(mu, -TensorPrimitives.Dot(mu, v), v, v);
            norm = Math.Sqrt(TensorPrimitives.Dot<double>(v, v));
        } while (norm < 1e-12);
        double radial = Math.Sqrt(Math.Max(0, 1 - w * w)) / norm;
        for (int j = 0; j < p; j++) x[j] = w * mu[j] + radial * v[j];
        Renormalise(x);
    }

    private static void Renormalise(Span<double> x)
    {
        double norm = Math.Sqrt(TensorPrimitives.Dot<double>(x, x));
        TensorPrimitives.Divide(x, norm, x);
    }
}
