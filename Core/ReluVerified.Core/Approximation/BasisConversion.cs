using System.Numerics;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// Exact conversion between the Chebyshev basis T_0..T_d and the monomial basis 1, t, ..., t^d (L-approx).
/// T_k has integer monomial coefficients and t T_k = (T_{k+1} + T_{k-1}) / 2, so both directions are exact over
/// <see cref="Dyadic"/> rationals. Monomial coefficients of good approximants cancel catastrophically
/// (sum of squares ~ e^{1.6 d} for ReLU), which is why they are never formed in floating point.
/// </summary>
internal static class BasisConversion
{
    /// <summary>Monomial coefficients beta_i of sum_k c_k T_k, exactly.</summary>
    internal static Dyadic[] ChebyshevToMonomial(ReadOnlySpan<Dyadic> chebyshev)
    {
        int n = chebyshev.Length;
        var beta = new Dyadic[n];
        if (n == 0) return beta;
        // Clenshaw in polynomial arithmetic with integer-coefficient T_k rows would cost the same; the plain
        // three-term recurrence on integer rows is simpler: T_{k+1} = 2 t T_k - T_{k-1}.
        var previous = new BigInteger[n];
        var current = new BigInteger[n];
        previous[0] = BigInteger.One; // T_0
        Accumulate(beta, chebyshev[0], previous, 0);
        if (n == 1) return beta;
        current[1] = BigInteger.One; // T_1
        Accumulate(beta, chebyshev[1], current, 1);
        for (int k = 1; k + 1 < n; k++)
        {
            var next = new BigInteger[n];
            for (int i = 0; i <= k + 1; i++)
            {
                var shifted = i >= 1 ? current[i - 1] << 1 : BigInteger.Zero;
                next[i] = shifted - previous[i];
            }
            previous = current;
            current = next;
            Accumulate(beta, chebyshev[k + 1], current, k + 1);
        }
        return beta;
    }

    private static void Accumulate(Dyadic[] beta, Dyadic c, BigInteger[] row, int degree)
    {
        if (c.IsZero) return;
        for (int i = degree; i >= 0; i -= 2)
            if (!row[i].IsZero) beta[i] += row[i] * c;
    }

    /// <summary>Chebyshev coefficients of sum_i beta_i t^i, exactly (Horner in the Chebyshev basis).</summary>
    internal static Dyadic[] MonomialToChebyshev(ReadOnlySpan<Dyadic> monomial)
    {
        int n = monomial.Length;
        var c = new Dyadic[n];
        if (n == 0) return c;
        c[0] = monomial[n - 1];
        int degree = 0;
        for (int i = n - 2; i >= 0; i--)
        {
            // c <- t * c + beta_i, using t T_0 = T_1 and t T_k = (T_{k+1} + T_{k-1}) / 2.
            var next = new Dyadic[n];
            for (int k = 0; k <= degree; k++)
            {
                if (c[k].IsZero) continue;
                if (k == 0) next[1] += c[0];
                else
                {
                    var half = c[k].ScaleB(-1);
                    next[k + 1] += half;
                    next[k - 1] += half;
                }
            }
            next[0] += monomial[i];
            c = next;
            degree++;
        }
        return c;
    }

    /// <summary>The exact values of a span of doubles.</summary>
    internal static Dyadic[] Exact(ReadOnlySpan<double> values)
    {
        var result = new Dyadic[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = Dyadic.FromDouble(values[i]);
        return result;
    }
}
