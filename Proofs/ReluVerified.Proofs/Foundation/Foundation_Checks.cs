using System.Numerics.Tensors;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using Xunit;

namespace ReluVerified.Proofs.Foundation;

/// <summary>
/// Deterministic checks of the foundation: validation names the offending row and column, the von Mises-Fisher
/// sampler has the right mean (closed form on S^2), and the native path is present where CI promises it.
/// </summary>
public class Foundation_Checks
{
    [Fact]
    public void Validation_names_row_and_column_of_a_nan()
    {
        var e = Assert.Throws<ArgumentException>(() => PointSet.FromRows([[0.1, 0.2], [0.3, double.NaN]], PointDomain.Ball, "x"));
        Assert.Contains("row 1 column 1", e.Message);
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void Validation_names_row_and_column_of_an_infinity()
    {
        var e = Assert.Throws<ArgumentException>(() => PointSet.FromRows([[double.PositiveInfinity, 0.2]], PointDomain.Ball, "x"));
        Assert.Contains("row 0 column 0", e.Message);
    }

    [Fact]
    public void Validation_names_a_row_outside_the_ball_and_its_largest_coordinate()
    {
        var e = Assert.Throws<ArgumentException>(() => PointSet.FromRows([[0.1, 0.2], [0.6, 0.9]], PointDomain.Ball, "x"));
        Assert.Contains("row 1", e.Message);
        Assert.Contains("column 1", e.Message);
        Assert.Contains("unit ball", e.Message);
    }

    [Fact]
    public void Validation_names_a_row_off_the_sphere()
    {
        var e = Assert.Throws<ArgumentException>(() => PointSet.FromRows([[1.0, 0.0], [0.5, 0.5]], PointDomain.Sphere, "x"));
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public void Validation_names_a_row_of_the_wrong_dimension()
    {
        var e = Assert.Throws<ArgumentException>(() => PointSet.FromRows([[0.1, 0.2], [0.1, 0.2, 0.3]], PointDomain.Ball, "x"));
        Assert.Contains("row 1 has 3 coordinates; row 0 has 2", e.Message);
    }

    [Fact]
    public void Labels_must_match_points_and_be_finite()
    {
        var points = PointSet.FromRows([[0.1, 0.2], [0.3, 0.4]]);
        Assert.Contains("2 points", Assert.Throws<ArgumentException>(() => new LabelledSample(points, [0.5])).Message);
        Assert.Contains("labels[1]", Assert.Throws<ArgumentException>(() => new LabelledSample(points, [0.5, double.NaN])).Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(10.0)]
    public void Von_Mises_Fisher_on_the_two_sphere_has_mean_cosine_coth_kappa_minus_one_over_kappa(double kappa)
    {
        const int m = 20000;
        const double delta = 1e-6;
        var mu = new[] { 0.0, 0.6, 0.8 };
        var points = SphereSampler.Sample(new SphereDistribution.Cap(mu, kappa), m, new Random(2024));
        double mean = 0;
        for (int i = 0; i < m; i++) mean += TensorPrimitives.Dot(mu, points[i]);
        mean /= m;
        double expected = 1 / Math.Tanh(kappa) - 1 / kappa;
        double slack = Math.Sqrt(2 * Math.Log(2 / delta) / m); // Hoeffding for values in [-1, 1], seed 2024
        Assert.InRange(mean, expected - slack, expected + slack);
    }

    [Fact]
    public void Uniform_sphere_has_mean_zero_in_every_coordinate()
    {
        const int m = 20000, n = 6;
        const double delta = 1e-6;
        var points = SphereSampler.Sample(new SphereDistribution.Uniform(n), m, new Random(99));
        double slack = Math.Sqrt(2 * Math.Log(2 * n / delta) / m); // Hoeffding + union bound over n coordinates, seed 99
        for (int j = 0; j < n; j++)
        {
            double mean = 0;
            for (int i = 0; i < m; i++) mean += points[i][j];
            Assert.InRange(mean / m, -slack, slack);
        }
    }

    [Fact]
    public void Native_OpenBLAS_path_is_available_where_CI_installs_it()
    {
        // .ci/run installs libopenblas0 and sets RELU_REQUIRE_OPENBLAS=1; elsewhere the managed path is the contract.
        if (Environment.GetEnvironmentVariable("RELU_REQUIRE_OPENBLAS") == "1")
            Assert.True(GramEngine.NativeAvailable, "libopenblas.so.0 is installed but could not be loaded");
        else
            Assert.Equal(GramEngine.NativeAvailable, System.Runtime.InteropServices.NativeLibrary.TryLoad("libopenblas.so.0", out _));
    }
}
