using System.Numerics.Tensors;

namespace ReluVerified.Core.Distributions;

/// <summary>
/// Elementary draws from a caller-supplied <see cref="Random"/> (randomness is always an argument).
/// Same seed, same sequence: <c>new Random(seed)</c> is the legacy, version-stable generator.
/// </summary>
internal static class RandomDraws
{
    /// <summary>Uniform on (0, 1].</summary>
    internal static double OpenUniform(Random rng) => 1.0 - rng.NextDouble();

    /// <summary>Standard normal by Box-Muller (two uniforms per draw, no hidden cache, so the stream is explicit).</summary>
    internal static double Normal(Random rng)
    {
        double u1 = OpenUniform(rng), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="target"/> with a uniform point of the unit sphere (normalised Gaussian).</summary>
    internal static void UnitVector(Random rng, Span<double> target)
    {
        double norm;
        do
        {
            for (int i = 0; i < target.Length; i++) target[i] = Normal(rng);
            norm = Math.Sqrt(TensorPrimitives.Dot<double>(target, target));
        } while (norm < 1e-300);
        TensorPrimitives.Divide(target, norm, target);
    }

    /// <summary>A new uniform unit vector of the given dimension.</summary>
    internal static double[] UnitVector(Random rng, int dimension)
    {
        var v = new double[dimension];
        UnitVector(rng, v);
        return v;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia-Tsang (shape &lt; 1 through the boosting identity).</summary>
    internal static double Gamma(Random rng, double shape)
    {
        if (shape < 1.0) return Gamma(rng, shape + 1.0) * Math.Pow(OpenUniform(rng), 1.0 / shape);
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(rng);
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = OpenUniform(rng);
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    /// <summary>Beta(a, b) from two gamma draws.</summary>
    internal static double Beta(Random rng, double a, double b)
    {
        double x = Gamma(rng, a), y = Gamma(rng, b);
        return x / (x + y);
    }
}
