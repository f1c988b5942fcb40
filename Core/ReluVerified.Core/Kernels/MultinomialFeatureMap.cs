using System.Numerics.Tensors;

namespace ReluVerified.Core.Kernels;

/// <summary>
/// The explicit ordered-tuple feature map psi_d of the multinomial kernel (L-kernel, L-rkhs-norm): one coordinate per
/// ordered tuple (k_1..k_j), j = 0..d, with value x_{k1}...x_{kj}, so MK_d(x,x') = &lt;psi_d(x), psi_d(x')&gt;.
/// It has sum_{j&lt;=d} n^j coordinates: meant for proofs and small n, d, never for the learner's hot path.
/// </summary>
public static class MultinomialFeatureMap
{
    /// <summary>Number of coordinates, sum_{j=0..d} n^j. Throws when it would exceed <paramref name="limit"/>.</summary>
    public static long Size(int dimension, int degree, long limit = 1 << 24)
    {
        Preconditions.Positive(dimension);
        Preconditions.NonNegative(degree);
        long total = 0, power = 1;
        for (int j = 0; j <= degree; j++)
        {
            total += power;
            if (total > limit) throw new ArgumentOutOfRangeException(nameof(degree), $"psi_{degree} on R^{dimension} has more than {limit} coordinates.");
            power *= dimension;
        }
        return total;
    }

    /// <summary>psi_d(x): blocks of tensor powers x^{(x) j}, j = 0..d, each block in lexicographic tuple order.</summary>
    public static double[] Features(ReadOnlySpan<double> x, int degree)
    {
        int n = x.Length;
        var result = new double[Size(n, degree)];
        result[0] = 1.0;
        int prevStart = 0, prevLength = 1, next = 1;
        for (int j = 1; j <= degree; j++)
        {
            // block j = block (j-1) tensor x
            for (int a = 0; a < prevLength; a++)
            {
                double v = result[prevStart + a];
                for (int k = 0; k < n; k++) result[next + a * n + k] = v * x[k];
            }
            prevStart = next;
            prevLength *= n;
            next += prevLength;
        }
        return result;
    }

    /// <summary>
    /// The RKHS vector v with &lt;v, psi_d(x)&gt; = sum_i beta_i (w.x)^i: block i is beta_i w^{(x) i}
    /// (L-rkhs-norm). Its squared norm is sum_i beta_i^2 ||w||^{2i}.
    /// </summary>
    public static double[] PolynomialOfProjection(ReadOnlySpan<double> w, ReadOnlySpan<double> beta)
    {
        int degree = beta.Length - 1;
        Preconditions.Check(degree >= 0, nameof(beta), "beta must have at least one coefficient.");
        var v = Features(w, degree);
        int start = 0, length = 1;
        for (int i = 0; i <= degree; i++)
        {
            TensorPrimitives.Multiply(v.AsSpan(start, length), beta[i], v.AsSpan(start, length));
            start += length;
            length *= w.Length;
        }
        return v;
    }
}
