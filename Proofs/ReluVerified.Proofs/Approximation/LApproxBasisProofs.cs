using System.Numerics;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Approximation;

/// <summary>L-approx, checked: exact basis conversions round-trip and the monomial coefficients are correctly rounded.</summary>
public sealed class LApproxBasisProofs
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(60)]
    public void Exact_chebyshev_to_monomial_to_chebyshev_round_trips_bit_for_bit(int degree)
    {
        var c = ChebyshevInterpolation.Interpolate(new TargetFunction.Relu(), degree).Chebyshev;
        var exact = BasisConversion.Exact(c.AsSpan());
        var back = BasisConversion.MonomialToChebyshev(BasisConversion.ChebyshevToMonomial(exact));
        Assert.Equal(exact, back);
    }

    [Fact]
    public void Chebyshev_polynomials_have_their_integer_monomial_coefficients()
    {
        for (int n = 0; n <= 25; n++)
        {
            var unit = new double[n + 1];
            unit[n] = 1.0;
            var monomial = Polynomial.FromChebyshev(unit).Monomial;
            var expected = ExactReference.ChebyshevMonomials(n);
            for (int i = 0; i <= n; i++) Assert.Equal((double)expected[i], monomial[i]);
        }
    }

    [Fact]
    public void Small_monomial_polynomials_round_trip_exactly_through_the_chebyshev_basis()
    {
        double[] beta = [0.5, -3, 0.25, 7, -1.5, 2];
        var p = Polynomial.FromMonomial(beta);
        Assert.Equal(beta, p.Monomial.ToArray());
        Assert.Equal(0.0, p.MonomialRoundingBound);
        for (double t = -1; t <= 1; t += 0.125)
            Assert.Equal(p.EvaluateMonomial(t), p.Evaluate(t), 12); // both exact up to a few ulps of values <= 15
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    public void Monomial_coefficients_are_correctly_rounded_exact_values(int degree)
    {
        var p = ChebyshevInterpolation.Interpolate(new TargetFunction.Relu(), degree);
        // Independent exact beta_i = sum_k c_k T_k[i] with T_k from the closed form, over a common power of two.
        var rows = Enumerable.Range(0, degree + 1).Select(ExactReference.ChebyshevMonomials).ToArray();
        var parts = p.Chebyshev.Select(ExactReference.Split).ToArray();
        int e = parts.Where(x => !x.Mantissa.IsZero).Min(x => x.Exponent);
        BigInteger weightScaled = BigInteger.Zero;
        for (int i = 0; i <= degree; i++)
        {
            BigInteger exact = BigInteger.Zero;
            for (int k = i; k <= degree; k++)
                if (!parts[k].Mantissa.IsZero) exact += rows[k][i] * parts[k].Mantissa << (parts[k].Exponent - e);
            weightScaled += exact * exact;
            var (m, ex) = ExactReference.Split(p.Monomial[i]);
            // |beta_i 2^-e - Monomial_i 2^-e| <= half an ulp of Monomial_i, i.e. 2^(ex - 1) with a 53-bit mantissa.
            int common = Math.Min(e, ex - 1);
            BigInteger diff = BigInteger.Abs((exact << (e - common)) - (m << (ex - common)));
            BigInteger halfUlp = BigInteger.Abs(m).GetBitLength() == 53 || m.IsZero
                ? BigInteger.One << (ex - 1 - common)
                : BigInteger.Zero;
            if (m.IsZero) Assert.True(exact.IsZero, $"beta_{i} rounded to 0 but is nonzero");
            else Assert.True(diff <= halfUlp, $"beta_{i} = {p.Monomial[i]:R} is not the correctly rounded exact value (d={degree}).");
        }
        double weight = ExactReference.ToDouble(weightScaled, 2 * e);
        Assert.Equal(weight, p.Weight, weight * 1e-15); // one rounding on each side
    }

    [Fact]
    public void Naive_double_conversion_would_be_wrong_at_degree_40()
    {
        // The reason for exact arithmetic: summing c_k T_k[i] in double loses most digits of the cancelling coefficients.
        var p = ChebyshevInterpolation.Interpolate(new TargetFunction.Relu(), 40);
        var rows = Enumerable.Range(0, 41).Select(ExactReference.ChebyshevMonomials).ToArray();
        double worst = 0.0;
        for (int i = 0; i <= 40; i += 2)
        {
            double naive = 0.0;
            for (int k = i; k <= 40; k++) naive += p.Chebyshev[k] * (double)rows[k][i];
            worst = Math.Max(worst, Math.Abs(naive - p.Monomial[i]) / Math.Abs(p.Monomial[i]));
        }
        Assert.True(worst > 1e-9, $"naive conversion unexpectedly accurate (worst relative error {worst:E2})");
    }
}
