using System.Numerics;
using ReluVerified.Core.Hardness;
using Xunit;

namespace ReluVerified.Proofs.Hardness;

/// <summary>
/// T2.7, checked exhaustively: for every n &lt;= 14, every subset S of [n] and every x in {0,1}^n, AND_S(x) equals
/// max(0, sum_S x_i - (|S| - 1)) exactly; and its sphere form max(0, w.z + c) agrees on every embedded cube point with
/// ||w|| = sqrt(|S| n)/2. See Proofs/T2.7-hardness.md.
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
}
