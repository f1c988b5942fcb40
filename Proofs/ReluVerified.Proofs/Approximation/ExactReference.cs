using System.Numerics;

namespace ReluVerified.Proofs.Approximation;

/// <summary>
/// An independent exact evaluator for the checks (shares no code with the certifier or the library's basis conversion):
/// polynomials given by double Chebyshev coefficients are evaluated at dyadic grid points t = j / 2^K with exact integer
/// arithmetic (U_k = 2^{Kk} T_k(t) satisfies U_{k+1} = 2 j U_k - 2^{2K} U_{k-1}); ReLU is exact at those points.
/// </summary>
internal static class ExactReference
{
    /// <summary>The exact (mantissa, exponent) of a finite double: x = mantissa 2^exponent.</summary>
    internal static (BigInteger Mantissa, int Exponent) Split(double x)
    {
        if (x == 0) return (BigInteger.Zero, 0);
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = biased == 0 ? -1074 : biased - 1075;
        return (x < 0 ? -mantissa : mantissa, exponent);
    }

    /// <summary>2^{Kk} T_k(j / 2^K) for k = 0..maxDegree, exactly.</summary>
    internal static BigInteger[] ScaledChebyshev(int j, int k2, int maxDegree)
    {
        var u = new BigInteger[maxDegree + 1];
        u[0] = BigInteger.One;
        if (maxDegree >= 1) u[1] = j;
        var m2 = BigInteger.One << (2 * k2);
        for (int k = 1; k < maxDegree; k++) u[k + 1] = 2 * j * u[k] - m2 * u[k - 1];
        return u;
    }

    /// <summary>
    /// p(t) - f(t) at t = j / 2^K for p = sum c_k T_k, exactly, then rounded to double (one rounding).
    /// f is given exactly at the grid point as numerator / 2^K (e.g. max(j, 0) for ReLU).
    /// </summary>
    internal static double ErrorAt(IReadOnlyList<double> c, BigInteger[] scaledT, int k2, BigInteger fNumerator)
    {
        var parts = new (BigInteger M, int E)[c.Count];
        int e = -k2;
        for (int k = 0; k < c.Count; k++)
        {
            var (m, ex) = Split(c[k]);
            parts[k] = (m * scaledT[k], ex - k2 * k);
            if (!m.IsZero) e = Math.Min(e, parts[k].E);
        }
        BigInteger s = -(fNumerator << (-k2 - e));
        foreach (var (m, ex) in parts)
            if (!m.IsZero) s += m << (ex - e);
        return ToDouble(s, e);
    }

    /// <summary>s 2^e as a double (BigInteger conversion, then an exact power-of-two scaling).</summary>
    internal static double ToDouble(BigInteger s, int e)
    {
        if (s.IsZero) return 0.0;
        int bits = (int)BigInteger.Abs(s).GetBitLength();
        int drop = Math.Max(0, bits - 60);
        return Math.ScaleB((double)(s >> drop), e + drop);
    }

    /// <summary>max over j in -2^K..2^K of |p(j/2^K) - ReLU(j/2^K)|, exact up to the final rounding.</summary>
    internal static double SampledReluError(IReadOnlyList<double> c, int k2)
    {
        int n = 1 << k2;
        double max = 0.0;
        for (int j = -n; j <= n; j++)
        {
            var u = ScaledChebyshev(j, k2, c.Count - 1);
            max = Math.Max(max, Math.Abs(ErrorAt(c, u, k2, Math.Max(j, 0))));
        }
        return max;
    }

    /// <summary>The integer monomial coefficients of T_n by the closed form (-1)^m 2^{n-2m-1} n/(n-m) C(n-m, m).</summary>
    internal static BigInteger[] ChebyshevMonomials(int n)
    {
        var row = new BigInteger[n + 1];
        if (n == 0) { row[0] = 1; return row; }
        for (int m = 0; 2 * m <= n; m++)
        {
            BigInteger binom = Binomial(n - m, m);
            BigInteger value = n * binom / (n - m);
            int power = n - 2 * m - 1;
            value = power >= 0 ? value << power : value / 2;
            row[n - 2 * m] = m % 2 == 0 ? value : -value;
        }
        return row;
    }

    private static BigInteger Binomial(int n, int k)
    {
        BigInteger r = BigInteger.One;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
