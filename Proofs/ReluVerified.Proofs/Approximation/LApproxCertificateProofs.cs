using ReluVerified.Core;
using System.Diagnostics;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Approximation;

/// <summary>
/// L-approx, checked: for every degree 1..40 the certified ReLU bound holds against an independent exact evaluation on a
/// fine dyadic grid, and is tight (within 5% of the sampled maximum). See Proofs/L-approx-relu.md.
/// </summary>
public sealed class LApproxCertificateProofs
{
    /// <summary>Grid t = j / 2^10, j = -1024..1024: spacing ~1e-3, which loses under 0.1% of the sup at d &lt;= 40 (error curvature ~d^2 x error).</summary>
    private const int GridLog2 = 10;

    /// <summary>The tightness demand: certified bound at most 5% above the sampled maximum.</summary>
    private const double TightnessFactor = 1.05;

    public static TheoryData<int, ApproximationMethod> Degrees()
    {
        var data = new TheoryData<int, ApproximationMethod>();
        foreach (var method in new[] { ApproximationMethod.Chebyshev, ApproximationMethod.Remez })
            for (int d = 1; d <= 40; d++) data.Add(d, method);
        return data;
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Certified_relu_bound_holds_and_is_within_5_percent_of_exact_sampled_maximum(int degree, ApproximationMethod method)
    {
        var certificate = ApproximationTable.Approximate(new TargetFunction.Relu(), degree, method);
        double sampled = ExactReference.SampledReluError(certificate.Polynomial.Chebyshev, GridLog2);
        Assert.True(sampled <= certificate.SupError,
            $"d={degree} {method}: exact sampled error {sampled:R} exceeds the certified bound {certificate.SupError:R}.");
        Assert.True(certificate.SupError <= TightnessFactor * sampled,
            $"d={degree} {method}: certified {certificate.SupError:R} is more than 5% above the sampled maximum {sampled:R}.");
        Assert.True(certificate.SupErrorLowerBound <= certificate.SupError);
    }

    /// <summary>Independent reference figures for the Chebyshev interpolant (sup error and weight, computed with numpy's
    /// chebinterpolate and quoted to 2 digits), matched to 4%.</summary>
    [Theory]
    [InlineData(4, 6.2e-2, 1.7)]
    [InlineData(10, 2.7e-2, 9.0e2)]
    [InlineData(20, 1.4e-2, 2.0e9)]
    [InlineData(30, 9.6e-3, 1.6e16)]
    [InlineData(40, 7.3e-3, 2.0e23)]
    public void Chebyshev_interpolant_matches_the_numpy_reference(int degree, double supError, double weight)
    {
        const double quoted = 0.04; // quoted to two digits: half a unit in the second digit is 0.05 / 1.25 = 4% at worst here (1.55 -> 1.6)
        var c = ApproximationTable.Approximate(new TargetFunction.Relu(), degree);
        Assert.InRange(c.SupError, supError * (1 - quoted), supError * (1 + quoted));
        Assert.InRange(c.Weight, weight * (1 - quoted), weight * (1 + quoted));
    }

    [Fact]
    public void Max_abs_certificate_brackets_the_exact_sampled_maximum()
    {
        var c = ApproximationTable.Approximate(new TargetFunction.Relu(), 24);
        int n = 1 << GridLog2;
        double sampled = 0.0;
        for (int j = -n; j <= n; j++)
        {
            var u = ExactReference.ScaledChebyshev(j, GridLog2, c.Degree);
            sampled = Math.Max(sampled, Math.Abs(ExactReference.ErrorAt(c.Polynomial.Chebyshev, u, GridLog2, 0)));
        }
        Assert.True(sampled <= c.MaxAbs, $"sampled max |p| {sampled:R} > certified {c.MaxAbs:R}");
        Assert.True(c.MaxAbs <= TightnessFactor * sampled, $"certified max |p| {c.MaxAbs:R} not within 5% of {sampled:R}");
    }

    [Theory]
    [InlineData("abs", 17)]
    [InlineData("leaky:0.2", 12)]
    [InlineData("leaky:-0.5", 31)]
    [InlineData("shifted:0.75,0.25", 20)]
    [InlineData("sigmoid:6", 10)]
    [InlineData("sigmoid:4", 25)]
    public void Certified_bound_holds_for_every_target_at_its_attained_points(string function, int degree)
    {
        var target = TargetFunction.Parse(function);
        foreach (var method in new[] { ApproximationMethod.Chebyshev, ApproximationMethod.Remez })
        {
            var c = ApproximationTable.Approximate(target, degree, method);
            double sampled = 0.0;
            for (int j = 0; j <= 20000; j++)
            {
                double t = -1 + j / 10000.0;
                sampled = Math.Max(sampled, Math.Abs(c.Polynomial.Evaluate(t) - target.Evaluate(t)));
            }
            // Double evaluation of p and f adds at most Tolerances.ClenshawEvaluation.
            Assert.True(sampled <= c.SupError + Tolerances.ClenshawEvaluation, $"{function} d={degree} {method}: {sampled:R} > {c.SupError:R}");
            Assert.True(c.SupError <= TightnessFactor * sampled, $"{function} d={degree} {method}: {c.SupError:R} vs sampled {sampled:R}");
        }
    }

    [Fact]
    public void Explicit_theory_error_bound_dominates_the_certified_truncated_series_of_relu()
    {
        // ReLU = t/2 + 2/(2 pi) + sum_k (-1)^{k+1} 2/(pi (4k^2 - 1)) T_{2k}: truncations of this series are what
        // TheoryBounds.ErrorAtDegree bounds; certify them and compare.
        foreach (int d in new[] { 2, 5, 10, 21, 40 })
        {
            var c = new double[d + 1];
            c[0] = 1 / Math.PI;
            c[1] = 0.5;
            for (int k = 1; 2 * k <= d; k++) c[2 * k] = (k % 2 == 1 ? 2 : -2) / (Math.PI * (4.0 * k * k - 1));
            var bound = Certifier.SupError(new TargetFunction.Relu(), Polynomial.FromChebyshev(c));
            Assert.True(bound.Lower <= TheoryBounds.ErrorAtDegree(new TargetFunction.Relu(), d),
                $"d={d}: the truncated series attains {bound.Lower:R} > theory {TheoryBounds.ErrorAtDegree(new TargetFunction.Relu(), d):R}");
            // The tail bound is sharp at t = 0 (all tail terms have the same sign there): within 1%.
            Assert.True(bound.Upper >= 0.99 * TheoryBounds.ErrorAtDegree(new TargetFunction.Relu(), d));
        }
    }

    [Fact]
    public void Sigmoid_theory_bound_dominates_the_certified_best_approximation()
    {
        var sigmoid = new TargetFunction.Sigmoid(4);
        foreach (int d in new[] { 3, 8, 15 })
        {
            var c = ApproximationTable.Approximate(sigmoid, d, ApproximationMethod.Remez);
            Assert.True(c.SupError <= TheoryBounds.ErrorAtDegree(sigmoid, d), $"d={d}: {c.SupError:R} > {TheoryBounds.ErrorAtDegree(sigmoid, d):R}");
        }
    }

    [Fact]
    public void Certifying_degree_40_takes_under_a_second()
    {
        // The budget. BenchmarkDotNet measures ~1.3 ms (Bench/ApproximationBenchmarks); the median of five
        // runs after a warm-up keeps this check far from the limit even on a loaded two-core machine.
        var relu = new TargetFunction.Relu();
        ApproximationTable.Approximate(relu, 40);
        var times = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var c = ApproximationTable.Approximate(relu, 40);
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.True(c.SupError < 7.4e-3);
        }
        times.Sort();
        Assert.True(times[2] < 1000, $"median certification time {times[2]:F1} ms");
    }

    [Theory]
    [InlineData(ApproximationMethod.Chebyshev)]
    [InlineData(ApproximationMethod.Remez)]
    public void Theory_error_column_bounds_the_error_of_its_own_construction_at_every_degree(ApproximationMethod method)
    {
        // The attained error is a rigorous lower bound on the true sup, so a bound below it would be violated. The
        // truncated-series bound 1/(pi(2 floor(d/2)+1)) is not one for the interpolant (d = 3: 0.136 against 0.106).
        foreach (var row in ApproximationTable.Rows(new TargetFunction.Relu(), 40, method))
            Assert.True(row.TheoryError >= row.AttainedError, $"{method} d = {row.Degree}: theory {row.TheoryError:R} < attained {row.AttainedError:R}");
        Assert.True(ApproximationTable.Approximate(new TargetFunction.Relu(), 3).SupErrorLowerBound > TheoryBounds.ErrorAtDegree(new TargetFunction.Relu(), 3));
    }
}
