using ReluVerified.Core;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Approximation;

/// <summary>L-approx, checked: the Remez polynomials equioscillate (Chebyshev's alternation theorem) and beat interpolation.</summary>
public sealed class LApproxRemezProofs
{
    /// <summary>The Remez stopping rule is 1e-6 relative spread; 1e-4 leaves room for the golden-section refinement.</summary>
    private const double Equioscillation = 1e-4;

    [Theory]
    [InlineData("relu", 4)]
    [InlineData("relu", 11)]
    [InlineData("relu", 40)]
    [InlineData("abs", 20)]
    [InlineData("leaky:0.3", 15)]
    [InlineData("shifted:1.5,-0.4", 12)]
    [InlineData("sigmoid:5", 9)]
    public void Remez_error_equioscillates_at_the_certified_level(string function, int degree)
    {
        var target = TargetFunction.Parse(function);
        var r = Remez.BestApproximation(target, degree);
        Assert.True(r.Converged, $"{function} d={degree}: Remez did not converge in {r.Iterations} steps.");
        var certificate = Certifier.Certify(target, r.Polynomial, ApproximationMethod.Remez);
        var errors = r.Reference.Select(t => r.Polynomial.Evaluate(t) - target.Evaluate(t)).ToArray();
        bool evenReduction = target is TargetFunction.Relu or TargetFunction.Abs or TargetFunction.Leaky;
        Assert.Equal(evenReduction ? degree / 2 + 2 : degree + 2, errors.Length);
        for (int i = 0; i + 1 < errors.Length; i++)
            Assert.True(Math.Sign(errors[i]) == -Math.Sign(errors[i + 1]), $"{function} d={degree}: no sign change between reference points {i} and {i + 1}.");
        foreach (double e in errors)
            Assert.InRange(Math.Abs(e), certificate.SupError * (1 - Tolerances.ApproximationCertificateRelativeGap - Equioscillation), certificate.SupError);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("abs")]
    [InlineData("sigmoid:3")]
    public void Best_approximation_is_no_worse_than_interpolation(string function)
    {
        var target = TargetFunction.Parse(function);
        foreach (int d in new[] { 2, 6, 13, 30 })
        {
            var remez = ApproximationTable.Approximate(target, d, ApproximationMethod.Remez);
            var chebyshev = ApproximationTable.Approximate(target, d);
            Assert.True(remez.SupErrorLowerBound <= chebyshev.SupError, $"{function} d={d}: Remez {remez.SupErrorLowerBound:R} > Chebyshev {chebyshev.SupError:R}");
        }
    }

    [Fact]
    public void Relu_best_error_approaches_half_of_bernsteins_constant_over_d()
    {
        // Bernstein: E_d(|t|) d -> 0.2801694990... for even d, and E_d(ReLU) = E_d(|t|) / 2.
        const double bernstein = 0.2801694990238691;
        var c = ApproximationTable.Approximate(new TargetFunction.Relu(), 40, ApproximationMethod.Remez);
        double scaled = c.SupErrorLowerBound * 40 * 2;
        Assert.InRange(scaled, bernstein * 0.99, bernstein * 1.001); // E_d d increases to the limit (1% at d = 40)
    }
}
