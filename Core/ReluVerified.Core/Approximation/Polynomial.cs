using System.Collections.Immutable;
using System.Numerics;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// A univariate polynomial p(t) = sum_k c_k T_k(t) = sum_i beta_i t^i of nominal degree d (L-approx). Its weight
/// B = sum_i beta_i^2 bounds the RKHS norm^2 of x -> p(w.x) for ||w|| &lt;= 1 (L-rkhs-norm).
/// The Chebyshev coefficients <see cref="Chebyshev"/> are the definition: they are exact doubles and every certificate
/// speaks about exactly this polynomial. The monomial coefficients <see cref="Monomial"/> are computed from them exactly
/// (dyadic rationals) and then correctly rounded, so each beta_i is within half an ulp of the true value up to any degree;
/// <see cref="MonomialRoundingBound"/> bounds sum_i |beta_i - Monomial_i| and hence sup over [-1,1] of the difference
/// between the defined polynomial and the one with the rounded monomial coefficients.
/// </summary>
public sealed record Polynomial
{
    /// <summary>Chebyshev coefficients c_0..c_d (the defining data).</summary>
    public ImmutableArray<double> Chebyshev { get; }

    /// <summary>Monomial coefficients beta_0..beta_d, each the correctly rounded exact value.</summary>
    public ImmutableArray<double> Monomial { get; }

    /// <summary>An upper bound on sum_i |beta_i(exact) - Monomial_i| (at most half an ulp each).</summary>
    public double MonomialRoundingBound { get; }

    /// <summary>
    /// The weight B = sum_i beta_i^2 of the exact monomial coefficients, correctly rounded (Proofs/L-rkhs-norm.md:
    /// p(w.x) = &lt;v, psi_d(x)&gt; with ||v||^2 &lt;= B when ||w|| &lt;= 1).
    /// </summary>
    public double Weight { get; }

    /// <summary>The nominal degree d (number of coefficients minus one).</summary>
    public int Degree => Chebyshev.Length - 1;

    private Polynomial(ImmutableArray<double> chebyshev)
    {
        Chebyshev = chebyshev;
        var exact = BasisConversion.ChebyshevToMonomial(BasisConversion.Exact(chebyshev.AsSpan()));
        var monomial = new double[exact.Length];
        double rounding = 0.0;
        var weight = Dyadic.Zero;
        for (int i = 0; i < exact.Length; i++)
        {
            monomial[i] = exact[i].ToDouble(out double err);
            if (err > 0) rounding = Interval.Up(rounding + err);
            weight += exact[i] * exact[i];
        }
        Monomial = ImmutableArray.Create(monomial);
        MonomialRoundingBound = rounding;
        Weight = weight.ToDouble();
    }

    /// <summary>The polynomial sum_k c_k T_k with the given Chebyshev coefficients (at least one, all finite).</summary>
    public static Polynomial FromChebyshev(ReadOnlySpan<double> chebyshev)
    {
        Preconditions.Check(chebyshev.Length >= 1, nameof(chebyshev), "A polynomial needs at least one Chebyshev coefficient.");
        Preconditions.AllFinite(chebyshev, nameof(chebyshev));
        return new Polynomial(ImmutableArray.Create(chebyshev.ToArray()));
    }

    /// <summary>
    /// The polynomial sum_i beta_i t^i: converted exactly to the Chebyshev basis and rounded there (the Chebyshev
    /// coefficients are the definition). When the exact Chebyshev coefficients are doubles (e.g. small integers and
    /// dyadic fractions at low degree) the result has exactly the given monomial coefficients.
    /// </summary>
    public static Polynomial FromMonomial(ReadOnlySpan<double> monomial)
    {
        Preconditions.Check(monomial.Length >= 1, nameof(monomial), "A polynomial needs at least one monomial coefficient.");
        Preconditions.AllFinite(monomial, nameof(monomial));
        var exact = BasisConversion.MonomialToChebyshev(BasisConversion.Exact(monomial));
        var c = new double[exact.Length];
        for (int k = 0; k < c.Length; k++) c[k] = exact[k].ToDouble();
        return new Polynomial(ImmutableArray.Create(c));
    }

    /// <summary>The exact monomial coefficients (for checks that need more than double precision).</summary>
    internal Dyadic[] ExactMonomial() => BasisConversion.ChebyshevToMonomial(BasisConversion.Exact(Chebyshev.AsSpan()));

    /// <summary>p(t) by Clenshaw's recurrence on the Chebyshev coefficients (backward stable on [-1, 1]).</summary>
    public double Evaluate(double t) => Clenshaw(Chebyshev.AsSpan(), t);

    internal static double Clenshaw(ReadOnlySpan<double> c, double t)
    {
        double b1 = 0.0, b2 = 0.0, twoT = 2.0 * t;
        for (int k = c.Length - 1; k >= 1; k--)
        {
            double b0 = Math.FusedMultiplyAdd(twoT, b1, c[k] - b2);
            b2 = b1;
            b1 = b0;
        }
        return Math.FusedMultiplyAdd(t, b1, c[0] - b2);
    }

    /// <summary>
    /// p(t) by Horner's rule on the rounded monomial coefficients. Unstable at high degree (the coefficients cancel):
    /// provided for comparison and for consumers of the monomial form, not for accuracy.
    /// </summary>
    public double EvaluateMonomial(double t)
    {
        double acc = 0.0;
        for (int i = Monomial.Length - 1; i >= 0; i--) acc = Math.FusedMultiplyAdd(acc, t, Monomial[i]);
        return acc;
    }

    /// <inheritdoc />
    public bool Equals(Polynomial? other) => other is not null && StructuralEquality.Equal(Chebyshev, other.Chebyshev)
        && StructuralEquality.Equal(Monomial, other.Monomial) && MonomialRoundingBound.Equals(other.MonomialRoundingBound) && Weight.Equals(other.Weight);

    /// <inheritdoc />
    public override int GetHashCode() => StructuralEquality.Hash(Chebyshev.AsSpan());
}
