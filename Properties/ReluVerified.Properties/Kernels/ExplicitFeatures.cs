namespace ReluVerified.Properties.Kernels;

/// <summary>
/// An explicit multinomial feature map written for the checks, independently of the library's: one coordinate per ordered
/// tuple (k_1..k_j), j = 0..d, with value x_{k1} x_{k2} ... x_{kj} (multiplied left to right), blocks by j and tuples in
/// lexicographic order within a block, enumerated by an odometer. MK_d(x, x') = sum_j (x.x')^j = &lt;psi_d(x), psi_d(x')&gt;
/// because block j contributes sum over tuples of prod_l x_{kl} x'_{kl} = (x.x')^j. Exponential in d: for n, d small.
/// </summary>
public static class ExplicitFeatures
{
    /// <summary>psi_d(x).</summary>
    public static double[] Of(ReadOnlySpan<double> x, int degree)
    {
        var result = new List<double>();
        int n = x.Length;
        for (int j = 0; j <= degree; j++)
        {
            var tuple = new int[j];
            while (true)
            {
                double product = 1.0;
                for (int l = 0; l < j; l++) product *= x[tuple[l]];
                result.Add(product);
                int position = j - 1;
                while (position >= 0 && tuple[position] == n - 1) tuple[position--] = 0;
                if (position < 0) break;
                tuple[position]++;
            }
        }
        return [.. result];
    }

    /// <summary>The block of tuple length <paramref name="j"/> starts at sum_{i &lt; j} n^i.</summary>
    public static int BlockStart(int n, int j)
    {
        int start = 0, power = 1;
        for (int i = 0; i < j; i++) { start += power; power *= n; }
        return start;
    }

    /// <summary>Sum of v_k u_k and of |v_k u_k| (the scale of its rounding error).</summary>
    public static (double Dot, double Scale) Dot(ReadOnlySpan<double> v, ReadOnlySpan<double> u)
    {
        double dot = 0, scale = 0;
        for (int k = 0; k < v.Length; k++) { dot += v[k] * u[k]; scale += Math.Abs(v[k] * u[k]); }
        return (dot, scale);
    }
}
