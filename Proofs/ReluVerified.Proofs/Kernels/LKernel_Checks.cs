using MathNet.Numerics.LinearAlgebra;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using Xunit;

namespace ReluVerified.Proofs.Kernels;

/// <summary>
/// L-kernel, checked exhaustively on small cases: MK_d is the inner product of the ordered-tuple feature map,
/// MK_d(x,x) = d+1 on the sphere, and Gram matrices are positive semidefinite. See Proofs/L-kernel.md.
/// </summary>
public class LKernel_Checks
{
    /// <summary>Feature-map sums of n^j products agree with Horner up to (size of map) ulps of d+1.</summary>
    private const double FeatureMapTolerance = 1e-12;

    public static TheoryData<int, int> SmallCases()
    {
        var data = new TheoryData<int, int>();
        for (int n = 1; n <= 4; n++)
            for (int d = 0; d <= 5; d++)
                data.Add(n, d);
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Multinomial_kernel_is_the_inner_product_of_the_ordered_tuple_feature_map(int n, int d)
    {
        var rng = new Random(1000 * n + d);
        var kernel = new Kernel.Multinomial(d);
        for (int trial = 0; trial < 20; trial++)
        {
            var x = BallPoint(rng, n);
            var y = BallPoint(rng, n);
            var px = MultinomialFeatureMap.Features(x, d);
            var py = MultinomialFeatureMap.Features(y, d);
            Assert.Equal(MultinomialFeatureMap.Size(n, d), px.LongLength);
            double inner = px.Zip(py, (a, b) => a * b).Sum();
            Assert.InRange(Math.Abs(inner - kernel.Evaluate(x, y)), 0, FeatureMapTolerance);
        }
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(10, 5)]
    [InlineData(100, 8)]
    public void Multinomial_kernel_on_the_sphere_equals_d_plus_one_on_the_diagonal(int n, int d)
    {
        var points = SphereSampler.Sample(new SphereDistribution.Uniform(n), 200, new Random(n * 31 + d));
        var kernel = new Kernel.Multinomial(d);
        for (int i = 0; i < points.Count; i++)
            Assert.InRange(Math.Abs(kernel.Evaluate(points[i], points[i]) - (d + 1)), 0, 1e-13 * (d + 1));
    }

    public static TheoryData<string> PsdKernels() => new() { "linear", "mk1", "mk3", "mk6", "comp" };

    [Theory]
    [MemberData(nameof(PsdKernels))]
    public void Gram_matrices_are_positive_semidefinite(string which)
    {
        Kernel kernel = which switch
        {
            "linear" => new Kernel.Linear(),
            "mk1" => new Kernel.Multinomial(1),
            "mk3" => new Kernel.Multinomial(3),
            "mk6" => new Kernel.Multinomial(6),
            _ => new Kernel.Compositional(new Kernel.Multinomial(2), 3),
        };
        foreach (var distribution in new SphereDistribution[]
                 {
                     new SphereDistribution.Uniform(5),
                     new SphereDistribution.Cap([1, 0, 0, 0, 0], 50),
                     SphereDistribution.Subspace.Random(5, 2, new Random(3)),
                 })
        {
            var points = SphereSampler.Sample(distribution, 150, new Random(7));
            var gram = GramEngine.Gram(kernel, points, ComputeBackend.Managed);
            var dense = Matrix<double>.Build.Dense(gram.Rows, gram.Columns, (i, j) => gram[i, j]);
            double smallest = dense.Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
            // Tolerance: eigenvalues of a symmetric matrix are computed with backward error ~ m * eps * ||K||_2,
            // ||K||_2 <= m * k(1): the PSD claim is checked up to that rounding level.
            double tolerance = gram.Rows * 1e-15 * gram.Rows * kernel.DiagonalBound;
            Assert.True(smallest >= -tolerance, $"{kernel.Describe()} on {distribution.GetType().Name}: smallest eigenvalue {smallest:E3} < -{tolerance:E2}");
        }
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 2)]
    public void Polynomial_of_a_projection_has_an_RKHS_vector_of_weight_sum_beta_squared_times_norm_powers(int n, int d)
    {
        var rng = new Random(n * 10 + d);
        for (int trial = 0; trial < 10; trial++)
        {
            var w = BallPoint(rng, n);
            var beta = Enumerable.Range(0, d + 1).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
            var v = MultinomialFeatureMap.PolynomialOfProjection(w, beta);
            double wNorm2 = w.Sum(a => a * a);
            double expectedNorm2 = beta.Select((b, i) => b * b * Math.Pow(wNorm2, i)).Sum();
            double actualNorm2 = v.Sum(a => a * a);
            Assert.InRange(Math.Abs(actualNorm2 - expectedNorm2), 0, 1e-12 * Math.Max(1, expectedNorm2));
            Assert.True(actualNorm2 <= beta.Sum(b => b * b) * (1 + 1e-12), "||v||^2 <= B = sum beta_i^2 when ||w|| <= 1");
            for (int probe = 0; probe < 10; probe++)
            {
                var x = BallPoint(rng, n);
                double t = w.Zip(x, (a, b) => a * b).Sum();
                double p = beta.Select((b, i) => b * Math.Pow(t, i)).Sum();
                double viaFeatures = v.Zip(MultinomialFeatureMap.Features(x, d), (a, b) => a * b).Sum();
                Assert.InRange(Math.Abs(viaFeatures - p), 0, 1e-12 * beta.Sum(Math.Abs));
            }
        }
    }

    private static double[] BallPoint(Random rng, int n)
    {
        var x = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        double norm = Math.Sqrt(x.Sum(a => a * a));
        double radius = rng.NextDouble();
        return x.Select(a => a / norm * radius).ToArray();
    }
}
