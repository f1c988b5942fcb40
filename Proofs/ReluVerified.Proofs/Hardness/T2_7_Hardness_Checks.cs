using System.Numerics;
using ReluVerified.Core.Approximation;
using ReluVerified.Core.Hardness;
using Xunit;

namespace ReluVerified.Proofs.Hardness;

/// <summary>
/// T2.7, checked exhaustively: for every n &lt;= 14, every subset S of [n] and every x in {0,1}^n, AND_S(x) equals
/// max(0, sum_S x_i - (|S| - 1)) exactly; and its sphere form max(0, w.z + c) agrees on every embedded cube point with
/// ||w|| = sqrt(|S| n)/2; and the demonstration table certifies the SHIFTED ReLU that this form needs, so its
/// approximant is within eps of the conjunction on every embedded cube point. See Proofs/T2.7-hardness.md.
/// </summary>
public class T2_7_Hardness_Checks
{
    [Fact]
    public void Conjunction_equals_the_relu_of_the_shifted_sum_on_the_whole_cube_for_n_up_to_14()
    {
        long checkedPairs = 0;
        for (int n = 1; n <= 14; n++)
        {
            ulong size = 1UL << n;
            for (ulong subset = 1; subset < size; subset++)
                for (ulong x = 0; x < size; x++)
                {
                    int relu = ConjunctionReduction.ReluOfSum(x, subset);
                    if (relu != (ConjunctionReduction.Conjunction(x, subset) ? 1 : 0))
                        Assert.Fail($"n = {n}, S = {subset:b}, x = {x:b}: ReLU {relu} but AND {ConjunctionReduction.Conjunction(x, subset)}");
                    checkedPairs++;
                }
        }
        Assert.Equal(Enumerable.Range(1, 14).Sum(n => ((1L << n) - 1) * (1L << n)), checkedPairs);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    public void Sphere_form_agrees_on_every_embedded_cube_point_and_has_norm_sqrt_kn_over_2(int n)
    {
        for (ulong subset = 1; subset < 1UL << n; subset++)
        {
            var (w, c) = ConjunctionReduction.SphereRelu(subset, n);
            int k = BitOperations.PopCount(subset);
            double norm = Math.Sqrt(w.Sum(v => v * v));
            // Tolerance: sqrt of a sum of k equal squares, a few ulps.
            Assert.InRange(Math.Abs(norm - ConjunctionReduction.RequiredWeightNorm(k, n)), 0, 1e-12);
            for (ulong x = 0; x < 1UL << n; x++)
            {
                var z = ConjunctionReduction.ToSphere(x, n);
                Assert.InRange(Math.Abs(z.Sum(v => v * v) - 1), 0, 1e-12);
                double value = Math.Max(0, w.Zip(z, (a, b) => a * b).Sum() + c);
                // Tolerance: w.z is a sum of n products of magnitude 1/2, exact up to n ulps of sqrt(n).
                Assert.InRange(Math.Abs(value - (ConjunctionReduction.Conjunction(x, subset) ? 1 : 0)), 0, 1e-12);
            }
        }
    }

    [Fact]
    public void Table_rows_certify_the_shifted_relu_of_the_sphere_form()
    {
        foreach (var (n, k) in new[] { (8, 2), (32, 4), (512, 8) })
        {
            var row = HardnessTable.Rows(0.1, [n], [k]).Single();
            double norm = ConjunctionReduction.RequiredWeightNorm(k, n), scale = Math.Max(1, norm), shift = (1 - k / 2.0) / scale;
            Assert.Equal(shift, row.Shift);
            var search = ApproximationTable.SmallestDegree(new TargetFunction.ShiftedRelu(norm / scale, shift), 0.1 / scale);
            Assert.Equal(search.Certificate!.Degree, row.Degree);
            Assert.Equal(scale * scale * search.Certificate.Weight, row.Weight);
        }
    }

    [Fact]
    public void The_certified_approximant_is_within_eps_of_the_conjunction_on_every_embedded_cube_point()
    {
        const int n = 8;
        const double epsilon = 0.1;
        for (int k = 1; k <= 4; k++)
        {
            var row = HardnessTable.Rows(epsilon, [n], [k]).Single();
            ulong subset = (1UL << k) - 1;
            var (w, c) = ConjunctionReduction.SphereRelu(subset, n);
            double norm = Math.Sqrt(w.Sum(v => v * v)), scale = Math.Max(1, norm);
            var q = ApproximationTable.Approximate(new TargetFunction.ShiftedRelu(norm / scale, c / scale), row.Degree!.Value);
            for (ulong x = 0; x < 1UL << n; x++)
            {
                var z = ConjunctionReduction.ToSphere(x, n);
                double t = Math.Clamp(w.Zip(z, (a, b) => a * b).Sum() / norm, -1, 1);
                double target = ConjunctionReduction.Conjunction(x, subset) ? 1 : 0;
                // Tolerance: the certificate bounds the exact polynomial; Clenshaw evaluation in double adds at most 1e-12.
                Assert.True(Math.Abs(scale * q.Polynomial.Evaluate(t) - target) <= epsilon + 1e-12,
                    $"k = {k}, x = {x:b}: {scale * q.Polynomial.Evaluate(t)} against {target}");
            }
        }
    }
}
