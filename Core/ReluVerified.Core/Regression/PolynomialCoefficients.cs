using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Regression;

/// <summary>
/// T2.4: the monomial coefficients of a learned multinomial-kernel expansion f(x) = sum_j alpha_j MK_d(s_j, x). Since
/// (s.x)^i = sum_{|a| = i} (i! / a!) s^a x^a, the coefficient of x^a is sum_j alpha_j (|a|! / a!) s_j^a, so a
/// reconstructed polynomial can be read off and compared with the target's coefficients.
/// </summary>
public static class PolynomialCoefficients
{
    /// <summary>The largest number of monomials this will enumerate (C(n+d, d)).</summary>
    public const int MaxMonomials = 50_000;

    /// <summary>All monomial coefficients of <paramref name="hypothesis"/> (whose kernel must be MK_d), by exponent vector.</summary>
    public static ImmutableArray<MonomialCoefficient> Of(KernelHypothesis hypothesis)
    {
        Preconditions.NotNull(hypothesis);
        var kernel = hypothesis.Kernel as Kernel.Multinomial
            ?? throw new ArgumentException("coefficients can be read off a multinomial-kernel expansion only.", nameof(hypothesis));
        int n = hypothesis.Support.Dimension, d = kernel.Degree;
        var exponents = Enumerate(n, d);
        var result = ImmutableArray.CreateBuilder<MonomialCoefficient>(exponents.Count);
        var factorial = new double[d + 1];
        factorial[0] = 1;
        for (int i = 1; i <= d; i++) factorial[i] = factorial[i - 1] * i;
        foreach (var a in exponents)
        {
            double multinomial = factorial[a.Sum()];
            foreach (int e in a) multinomial /= factorial[e];
            double sum = 0;
            for (int j = 0; j < hypothesis.Support.Count; j++)
            {
                var s = hypothesis.Support[j];
                double monomial = 1;
                for (int k = 0; k < n; k++) for (int p = 0; p < a[k]; p++) monomial *= s[k];
                sum += hypothesis.Coefficients[j] * monomial;
            }
            result.Add(new MonomialCoefficient([.. a], multinomial * sum));
        }
        return result.MoveToImmutable();
    }

    /// <summary>Exponent vectors a with |a| &lt;= d in graded lexicographic order.</summary>
    internal static List<int[]> Enumerate(int n, int d)
    {
        double count = 1;
        for (int i = 1; i <= d; i++) count = count * (n + i) / i;
        Preconditions.Check(count <= MaxMonomials, nameof(d), $"C({n}+{d}, {d}) = {count:G4} monomials exceed {MaxMonomials}: read coefficients off small problems only.");
        var all = new List<int[]>();
        for (int total = 0; total <= d; total++) Fill(new int[n], 0, total, all);
        return all;
    }

    private static void Fill(int[] current, int position, int remaining, List<int[]> into)
    {
        if (position == current.Length - 1)
        {
            current[position] = remaining;
            into.Add((int[])current.Clone());
            return;
        }
        for (int e = remaining; e >= 0; e--)
        {
            current[position] = e;
            Fill(current, position + 1, remaining - e, into);
        }
    }
}
