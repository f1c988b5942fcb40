using ReluVerified.Core;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Approximation;

/// <summary>
/// L-approx / T2.3 / T2.6, checked: gadget certificates carry algebraic bounds that the certifier confirms (the attained
/// error of each gadget polynomial never exceeds its algebraic bound), and the inverse queries answer what they claim.
/// </summary>
public sealed class LApproxGadgetProofs
{
    private static readonly ApproximationCertificate Relu20 = ApproximationTable.Approximate(new TargetFunction.Relu(), 20);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.25)]
    [InlineData(-0.7)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Leaky_gadget_bound_is_valid_and_equals_one_minus_a_times_the_relu_bound(double slope)
    {
        var leaky = Gadgets.Leaky(Relu20, slope);
        var recertified = Certifier.SupError(leaky.Function, leaky.Polynomial);
        Assert.True(recertified.Lower <= leaky.SupError, $"a={slope}: attained {recertified.Lower:R} > gadget bound {leaky.SupError:R}");
        // Rounding slack of the rescaled coefficients is a few ulps: 1e-14 relative covers it.
        Assert.Equal(Math.Abs(1 - slope) * Relu20.SupError, leaky.SupError, Math.Abs(1 - slope) * Relu20.SupError * 1e-14 + 1e-15);
        Assert.Equal(ApproximationMethod.Gadget, leaky.Method);
        Assert.Equal(new TargetFunction.Leaky(slope), leaky.Function);
    }

    [Fact]
    public void Abs_gadget_doubles_the_even_part_and_its_bound_holds()
    {
        var abs = Gadgets.Abs(Relu20);
        for (int k = 0; k <= 20; k++)
            Assert.Equal(k % 2 == 0 ? 2 * Relu20.Polynomial.Chebyshev[k] : 0.0, abs.Polynomial.Chebyshev[k]);
        var recertified = Certifier.SupError(new TargetFunction.Abs(), abs.Polynomial);
        Assert.True(recertified.Upper <= abs.SupError * (1 + 1e-12));
        // p(t) + p(-t) - |t| is twice the even part of the ReLU error: the identity bound is attained at t = 0 for even d.
        Assert.True(recertified.Lower >= 0.9 * abs.SupError, $"gadget bound {abs.SupError:R} far above attained {recertified.Lower:R}");
    }

    [Fact]
    public void Max_gadget_is_within_the_relu_error()
    {
        for (double a = -0.5; a <= 0.5; a += 1.0 / 64)
            for (double b = -0.5; b <= 0.5; b += 1.0 / 64)
                Assert.True(Math.Abs(Gadgets.Max(Relu20, a, b) - Math.Max(a, b)) <= Relu20.SupError + Tolerances.ClenshawEvaluation);
    }

    [Fact]
    public void Tournament_degrees_multiply_and_errors_add_per_level()
    {
        var abs = Gadgets.Abs(ApproximationTable.Approximate(new TargetFunction.Relu(), 30));
        var t = Gadgets.Tournament(abs, 5);
        Assert.Equal(3, t.Levels);
        Assert.Equal(30L * 30 * 30, t.Degree);
        Assert.Equal(3 * abs.SupError, t.ErrorBound, abs.SupError * 1e-14);
        Assert.Throws<ArgumentException>(() => Gadgets.Tournament(Gadgets.Abs(ApproximationTable.Approximate(new TargetFunction.Relu(), 1)), 1 << 10));
    }

    [Fact]
    public void Depth2_error_is_l1_norm_times_unit_error_and_norm_bound_uses_the_weight()
    {
        double[] outer = [0.6, -0.8];
        double[][] inner = [[1.0, 0.0], [0.0, 0.5]];
        var net = Gadgets.Depth2(Relu20, outer, inner);
        Assert.Equal(1.4 * Relu20.SupError, net.ErrorBound, 1e-15);
        Assert.True(net.RkhsNormBound <= 1.4 * Math.Sqrt(Relu20.Weight) * (1 + 1e-10));
        Assert.True(net.RkhsNormBound >= 0.6 * Math.Sqrt(Relu20.Weight)); // the unit-norm unit alone contributes 0.6 sqrt(B)
        Assert.Throws<ArgumentException>(() => Gadgets.Depth2(Relu20, [1.0], [[0.9, 0.9]]));
    }

    [Fact]
    public void Depth2_for_error_picks_the_smallest_unit_degree()
    {
        double[] outer = [0.5, 0.5, 0.5, 0.5]; // ||a||_2 = 1, ||a||_1 = 2 = sqrt(k)
        double[][] inner = [[1, 0], [0, 1], [-1, 0], [0, -1]];
        var net = Gadgets.Depth2ForError(outer, inner, 0.05)!;
        Assert.True(net.ErrorBound <= 0.05);
        int d = net.Unit.Degree;
        Assert.True(ApproximationTable.Approximate(new TargetFunction.Relu(), d - 1).SupError * 2 > 0.05 * (1 - 1e-12));
    }

    [Theory]
    [InlineData("relu", 0.02, ApproximationMethod.Chebyshev)]
    [InlineData("relu", 0.005, ApproximationMethod.Chebyshev)]
    [InlineData("relu", 0.005, ApproximationMethod.Remez)]
    [InlineData("abs", 0.03, ApproximationMethod.Remez)]
    [InlineData("sigmoid:4", 1e-4, ApproximationMethod.Chebyshev)]
    public void Smallest_degree_meets_epsilon_and_no_smaller_degree_does(string function, double epsilon, ApproximationMethod method)
    {
        var target = TargetFunction.Parse(function);
        var result = ApproximationTable.SmallestDegree(target, epsilon, method);
        Assert.True(result.Found);
        var c = result.Certificate!;
        Assert.True(c.SupError <= epsilon);
        for (int d = 1; d < c.Degree; d++)
            Assert.True(ApproximationTable.Approximate(target, d, method).SupError > epsilon, $"{function}: degree {d} < {c.Degree} already certifies {epsilon}");
        Assert.Equal(c.Weight, ApproximationTable.WeightAt(target, c.Degree, method));
    }

    [Fact]
    public void Smallest_degree_reports_failure_as_a_value()
    {
        var result = ApproximationTable.SmallestDegree(new TargetFunction.Relu(), 1e-4, ApproximationMethod.Chebyshev, maxDegree: 50);
        Assert.False(result.Found);
        Assert.True(result.TheoryDegree > 50);
    }

    [Fact]
    public void Theory_degree_bound_is_order_one_over_epsilon_and_weight_bound_dominates()
    {
        var relu = new TargetFunction.Relu();
        Assert.Equal(32, TheoryBounds.DegreeFor(relu, 0.01));  // 1/(pi 0.01) = 31.8 -> 2m+1 >= 31.8 -> d = 32
        Assert.Equal(318, TheoryBounds.DegreeFor(relu, 0.001));
        foreach (int d in new[] { 1, 10, 40 })
        {
            var c = ApproximationTable.Approximate(relu, d);
            Assert.True(c.Weight <= c.Theory.WeightBound, $"d={d}: weight {c.Weight:R} > bound {c.Theory.WeightBound:R}");
            Assert.True(TheoryBounds.ErrorAtDegree(relu, TheoryBounds.DegreeFor(relu, c.SupError)) <= c.SupError);
        }
    }
}
