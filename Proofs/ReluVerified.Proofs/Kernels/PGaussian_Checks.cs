using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using ReluVerified.Proofs.Optimization;
using Xunit;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Proofs.Kernels;

/// <summary>
/// P-gaussian (a practical kernel to which no theorem applies), deterministic checks: hand-computed values on points inside the
/// ball through every evaluation site (scalar, Gram and cross-kernel on both paths, compositions, hypotheses), argument checks,
/// positive semi-definiteness on three marginals, Nystroem factors with every landmark method and the on-demand pivoted
/// Cholesky, a certified solve of the T2.1 program on a Gaussian Gram matrix, and model and baseline files that round-trip
/// gamma and predictions bit for bit while files of the other kernels stay as they were.
/// </summary>
public class PGaussian_Checks : IDisposable
{
    /// <summary>
    /// Entries of a kernel matrix against a hand-computed value (points with at most 3 coordinates, gamma &lt;= 2): the rounding
    /// of three short inner products and one exp stays below 1e-15; 1e-14 leaves a margin and is far below the order-1 change
    /// that a wrong sign of the cross term or a missing squared norm makes.
    /// </summary>
    private const double HandValue = 1e-14;

    /// <summary>
    /// A Nystroem or pivoted factor against the kernel matrix (entries in [0, 1], m &lt;= 80): sums of at most 80 products of
    /// factor entries round at ~1e-14; the landmark jitter moves K~ by at most 1e-10; 1e-9 absolute covers both.
    /// </summary>
    private const double FactorRounding = 1e-9;

    /// <summary>
    /// With every point a landmark, K~ = K (K + eI)^(-1) K is within the jitter e = 1e-10 of K in exact arithmetic; the Cholesky of
    /// the nearly singular landmark matrix adds rounding of order u cond(W) on its smallest eigen-directions only: 1e-6.
    /// </summary>
    private const double FullLandmark = 1e-6;

    private readonly string _directory = Directory.CreateTempSubdirectory("relu-gaussian-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ComputeBackend[] Backends => GramEngine.NativeAvailable ? [ComputeBackend.Managed, ComputeBackend.Native] : [ComputeBackend.Managed];

    // x = (0.6, 0, 0), x' = (0.3, 0.4, 0), x'' = (0, 0, -0.5): |x - x'|^2 = 0.25, |x - x''|^2 = 0.61, |x' - x''|^2 = 0.5.
    // A kernel that assumed unit norms (2 - 2 x.x') or added the cross term would give 1.64, 2, 2 and 0.97, 0.61, 0.5 instead.
    private static readonly PointSet Three = PointSet.FromRows([[0.6, 0, 0], [0.3, 0.4, 0], [0, 0, -0.5]]);
    private static readonly double[,] SquaredDistances = { { 0, 0.25, 0.61 }, { 0.25, 0, 0.5 }, { 0.61, 0.5, 0 } };

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Every_evaluation_site_gives_the_hand_computed_values_inside_the_ball(double gamma)
    {
        var kernel = new Kernel.Gaussian(gamma);
        foreach (var backend in Backends)
        {
            var gram = GramEngine.Gram(kernel, Three, backend);
            int[] rows = [2, 0];
            var cross = GramEngine.Cross(kernel, Three.Select(rows), Three, backend);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    double expected = Math.Exp(-gamma * SquaredDistances[i, j]);
                    Assert.InRange(Math.Abs(gram[i, j] - expected), 0, HandValue);
                    Assert.InRange(Math.Abs(kernel.Evaluate(Three[i], Three[j]) - expected), 0, HandValue);
                }
            for (int r = 0; r < rows.Length; r++)
                for (int j = 0; j < 3; j++)
                    Assert.InRange(Math.Abs(cross[r, j] - Math.Exp(-gamma * SquaredDistances[rows[r], j])), 0, HandValue);
        }
        // a hypothesis sums alpha_j k(s_j, x): f(x'') = 1 * k(x, x'') - 2 * k(x', x'') + 0.5 * k(x'', x'')
        var hypothesis = new KernelHypothesis(kernel, Three, [1.0, -2.0, 0.5], new OutputRule.Clip(-10, 10));
        double f = Math.Exp(-gamma * 0.61) - 2 * Math.Exp(-gamma * 0.5) + 0.5;
        foreach (var backend in Backends)
            Assert.InRange(Math.Abs(hypothesis.Scores(Three.Select([2]), backend)[0] - f), 0, 4 * HandValue);
        Assert.InRange(Math.Abs(new Predictor.KernelExpansion(hypothesis).Scores(Three.Select([2]))[0] - f), 0, 4 * HandValue);
        // the normalised composition (1/(d+1)) sum_j k^j reads the norms through its inner kernel
        var composed = new Kernel.Compositional(kernel, 2);
        Assert.True(composed.UsesNorms);
        double k01 = Math.Exp(-gamma * 0.25);
        foreach (var backend in Backends)
            Assert.InRange(Math.Abs(GramEngine.Gram(composed, Three, backend)[0, 1] - (1 + k01 + k01 * k01) / 3), 0, HandValue);
        Assert.Equal(1.0, composed.DiagonalBound);
    }

    [Fact]
    public void Gamma_must_be_positive_and_finite_and_is_described_exactly()
    {
        foreach (double bad in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
        {
            var e = Assert.Throws<ArgumentException>(() => new Kernel.Gaussian(bad));
            Assert.Equal("gamma", e.ParamName);
            Assert.Contains("GaussianBandwidth.Median", e.Message);
        }
        var kernel = new Kernel.Gaussian(0.1 + 0.2);
        Assert.Equal("gaussian(0.30000000000000004)", kernel.Describe());
        Assert.Equal(1.0, kernel.DiagonalBound);
        Assert.True(kernel.UsesNorms);
        Assert.False(new Kernel.Multinomial(3).UsesNorms);
        Assert.Equal(new Kernel.Gaussian(0.5), new Kernel.Gaussian(0.5));
        Assert.NotEqual(new Kernel.Gaussian(0.5), new Kernel.Gaussian(0.25));
    }

    [Fact]
    public void Median_bandwidth_refuses_rows_that_are_all_equal_and_matches_a_hand_computed_median()
    {
        var same = PointSet.FromRows([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]);
        var e = Assert.Throws<ArgumentException>(() => GaussianBandwidth.Median(same, seed: 1));
        Assert.Equal("points", e.ParamName);
        Assert.Contains("all equal", e.Message);
        Assert.Throws<ArgumentException>(() => GaussianBandwidth.Median(PointSet.FromRows([[0.1, 0.2]]), seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianBandwidth.Median(Three, seed: 1, pairs: 0));
        // distinct pairs of Three: 0.25, 0.5, 0.61, so gamma = 1 / 0.5 = 2 (repeated rows change nothing)
        Assert.Equal(2.0, GaussianBandwidth.Median(Three, seed: 1), 15);
        Assert.Equal(GaussianBandwidth.Median(Three, seed: 1), GaussianBandwidth.Median(Three.Select([2, 2, 0, 1, 0]), seed: 9));
    }

    public static TheoryData<double> Gammas() => new() { 0.1, 1.0, 10.0 };

    [Theory]
    [MemberData(nameof(Gammas))]
    public void Gram_matrices_are_positive_semidefinite(double gamma)
    {
        var kernel = new Kernel.Gaussian(gamma);
        foreach (var distribution in new SphereDistribution[]
                 {
                     new SphereDistribution.Uniform(5),
                     new SphereDistribution.Cap([1, 0, 0, 0, 0], 50),
                     SphereDistribution.Subspace.Random(5, 2, new Random(3)),
                 })
        {
            var points = InsideTheBall(SphereSampler.Sample(distribution, 150, new Random(7)), seed: 11);
            foreach (var backend in Backends)
            {
                var gram = GramEngine.Gram(kernel, points, backend);
                var dense = Matrix<double>.Build.Dense(gram.Rows, gram.Columns, (i, j) => gram[i, j]);
                double smallest = dense.Evd(Symmetricity.Symmetric).EigenValues.Min(v => v.Real);
                // eigen-solver backward error ~ m u ||K||_2 with ||K||_2 <= m, and entry rounding ~ 1e-13 each: m^2 1e-15 covers both
                double tolerance = gram.Rows * 1e-15 * gram.Rows;
                Assert.True(smallest >= -tolerance, $"gamma {gamma} on {distribution.GetType().Name} ({backend}): smallest eigenvalue {smallest:E3} < -{tolerance:E2}");
            }
        }
    }

    public static TheoryData<string> Methods() => new() { "uniform", "kmeans++", "leverage", "pivoted" };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Nystroem_with_every_point_a_landmark_reproduces_K_with_every_method(string method)
    {
        var points = InsideTheBall(SphereSampler.Sample(new SphereDistribution.Uniform(4), 60, new Random(5)), seed: 2);
        var kernel = new Kernel.Gaussian(GaussianBandwidth.Median(points, seed: 1));
        foreach (var backend in Backends)
        {
            var gram = GramEngine.Gram(kernel, points, backend);
            var factor = Nystroem.Factor(kernel, points, points.Count, LandmarkMethod.Parse(method), seed: 4, backend);
            AssertReproduces(gram, factor.Factor, FullLandmark, $"{method}, {backend}");
            Assert.InRange(factor.ResidualTrace, 0, FullLandmark * points.Count);
        }
        var supplied = Nystroem.Factor(kernel, points, points.Count, new LandmarkMethod.Supplied(points), seed: 4);
        AssertReproduces(GramEngine.Gram(kernel, points), supplied.Factor, FullLandmark, "supplied");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Low_rank_Nystroem_factors_report_their_residual_and_bound_every_entry_by_it(string method)
    {
        // K - L L' is PSD, so |K_ij - (L L')_ij| <= sqrt(res_ii res_jj) <= trace(K - L L') = sum_i (1 - |L_i|^2): the diagonal is 1
        var points = InsideTheBall(SphereSampler.Sample(new SphereDistribution.CapMixture(
            [new SphereDistribution.Cap([1, 0, 0], 20), new SphereDistribution.Cap([0, 1, 0], 5)], [0.6, 0.4]), 80, new Random(8)), seed: 3);
        var kernel = new Kernel.Gaussian(GaussianBandwidth.Median(points, seed: 2));
        foreach (var backend in Backends)
        {
            var gram = GramEngine.Gram(kernel, points, backend);
            var factor = Nystroem.Factor(kernel, points, 12, LandmarkMethod.Parse(method), seed: 6, backend);
            double residual = 0;
            for (int i = 0; i < points.Count; i++)
            {
                var l = factor.Factor.Row(i).ToArray();
                residual += Math.Max(0, 1 - l.Sum(v => v * v));
            }
            Assert.InRange(Math.Abs(residual - factor.ResidualTrace), 0, FactorRounding);
            Assert.Equal(residual, Nystroem.ResidualOf(kernel, points, factor.Factor), 9);
            Assert.True(factor.ResidualTrace > 0.01, $"rank 12 of 80 points leaves a residual, got {factor.ResidualTrace:E2}");
            AssertReproduces(gram, factor.Factor, factor.ResidualTrace + FactorRounding, $"{method}, {backend}");
        }
    }

    [Fact]
    public void Pivoted_Cholesky_on_demand_matches_the_one_on_the_formed_Gaussian_matrix()
    {
        var points = InsideTheBall(SphereSampler.Sample(new SphereDistribution.Uniform(6), 70, new Random(12)), seed: 4);
        var kernel = new Kernel.Gaussian(GaussianBandwidth.Median(points, seed: 3));
        // managed columns k(., x_p) are the Gram matrix's columns bit for bit (same tiles, same norms): same pivots, same factor
        var onDemand = KernelPivotedCholesky.Factor(kernel, points, 0, 20, ComputeBackend.Managed);
        var formed = PivotedCholesky.Factor(GramEngine.Gram(kernel, points, ComputeBackend.Managed), 0, 20);
        Assert.True(formed.Pivots.SequenceEqual(onDemand.Pivots), $"pivots {string.Join(",", formed.Pivots)} vs {string.Join(",", onDemand.Pivots)}");
        Assert.Equal(formed.Factor, onDemand.Factor);
        Assert.Equal(formed.ResidualTrace, onDemand.ResidualTrace);
        var auto = KernelPivotedCholesky.Factor(kernel, points, 0, 20);
        AssertReproduces(GramEngine.Gram(kernel, points), auto.Factor, auto.ResidualTrace + FactorRounding, "auto");
    }

    [Fact]
    public void Reliable_program_on_a_Gaussian_Gram_matrix_converges_with_a_certificate_that_recomputes_independently()
    {
        var sample = SolverInstances.Sample(m: 200, n: 5, seed: 3);
        var kernel = new Kernel.Gaussian(GaussianBandwidth.Median(sample.Points, seed: 1));
        const double bound = 20, tau = 0.05;
        var program = new KernelProgram(GramEngine.Gram(kernel, sample.Points), sample.Labels, ProgramTask.Reliable, bound, tau, new Loss.Square());
        var r = ReliableSolver.Solve(program);
        var defaults = SolverOptions.Default;
        Assert.Equal(ExitCondition.Converged, r.Exit);
        double scale = Math.Max(1, Math.Abs(r.Objective));
        Assert.True(r.DualityGap >= -1e-12 && r.DualityGap <= defaults.GapTolerance * scale, $"gap {r.DualityGap:E2}");
        Assert.True(r.ConstraintViolation <= defaults.ConstraintTolerance, $"zero-constraint violation {r.ConstraintViolation:E2}");
        Assert.True(r.BallViolation <= defaults.BallTolerance * bound, $"ball violation {r.BallViolation:E2}");
        Assert.True(r.Stationarity <= defaults.StationarityTolerance * scale, $"stationarity {r.Stationarity:E2}");
        // the dual bound recomputed from its formula with MathNet: -sum g*(s) - tau sum nu - sqrt(B s'K s)
        int m = program.Count;
        var f = SolverInstances.Predict(program.Gram, r.Coefficients);
        var s = new double[m];
        double conj = 0, nuSum = 0;
        for (int i = 0; i < m; i++)
        {
            Assert.True(Math.Abs(f[i] - r.Predictions[i]) <= 1e-10 * (1 + Math.Abs(f[i])), $"prediction {i}");
            if (program.Labels[i] > 0)
            {
                double slope = 2 * (f[i] - program.Labels[i]);
                s[i] = slope / m;
                conj += (slope * f[i] - (f[i] - program.Labels[i]) * (f[i] - program.Labels[i])) / m;
            }
            else
            {
                s[i] = r.ConstraintMultipliers[i];
                nuSum += s[i];
                Assert.True(s[i] >= 0, $"nu[{i}] = {s[i]}");
            }
        }
        var k = Matrix<double>.Build.Dense(m, m, (i, j) => program.Gram[i, j]);
        var sv = Vector<double>.Build.DenseOfArray(s);
        double dual = -conj - tau * nuSum - Math.Sqrt(bound * sv.DotProduct(k * sv));
        // 1e-9: the same formula summed in other orders (as in T2_1_ReliableProgram_Checks)
        Assert.True(Math.Abs(dual - r.DualBound) <= 1e-9, $"dual {dual:R} vs reported {r.DualBound:R}");
        Assert.True(r.DualBound <= r.Objective + 1e-12);
    }

    [Fact]
    public void Model_files_round_trip_gamma_and_predictions_bit_for_bit_and_other_kernels_write_no_gamma()
    {
        var (x, model) = MultinomialModel();
        string plain = Path.Combine(_directory, "multinomial.json");
        model.Save(plain);
        var kernelNode = JsonNode.Parse(File.ReadAllText(plain))!["kernel"]!.AsObject();
        Assert.Equal(["kind", "degree", "inner"], kernelNode.Select(p => p.Key).ToArray());

        // the Gaussian kernel is not wired into the learner yet, so the model is the fitted one with a Gaussian expansion over
        // its support points (the constructor is internal to the facade: reached by reflection)
        var h = model.Hypothesis!;
        double gamma = GaussianBandwidth.Median(h.Support, seed: 5) * (1 + 1e-15);
        var rng = new Random(3);
        var alpha = ImmutableArray.CreateRange(Enumerable.Range(0, h.Support.Count).Select(_ => rng.NextDouble() - 0.4));
        var gaussian = new KernelHypothesis(new Kernel.Gaussian(gamma), h.Support, alpha, h.Rule);
        var swapped = (ReliableReluModel)typeof(ReliableReluModel).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single()
            .Invoke([model.Options, model.Embedding, new Predictor.KernelExpansion(gaussian), model.Report, model.FeatureNames]);
        string path = Path.Combine(_directory, "gaussian.json");
        swapped.Save(path);
        var loaded = ReliableReluModel.Load(path);
        Assert.Equal(gaussian.Kernel, loaded.Hypothesis!.Kernel);
        Assert.Equal(Bits(swapped.Scores(Matrix.Create(x.Length, x[0].Length, x.SelectMany(r => r).ToArray()))),
            Bits(loaded.Scores(Matrix.Create(x.Length, x[0].Length, x.SelectMany(r => r).ToArray()))));
        Assert.Equal(Bits(swapped.Predict(x)), Bits(loaded.Predict(x)));
        string text = File.ReadAllText(path);
        var node = JsonNode.Parse(text)!["kernel"]!;
        Assert.Equal("gaussian", (string?)node["kind"]);
        Assert.Equal(gamma, (double)node["gamma"]!);

        // the checksum covers gamma: a file whose gamma was edited is refused
        string edited = Path.Combine(_directory, "edited.json");
        string written = gamma.ToString("R", CultureInfo.InvariantCulture);
        Assert.Contains(written, text);
        File.WriteAllText(edited, text.Replace(written, (2 * gamma).ToString("R", CultureInfo.InvariantCulture)));
        Assert.Contains("checksum", Assert.Throws<ModelFormatException>(() => ReliableReluModel.Load(edited)).Message);
    }

    [Fact]
    public void Baseline_files_round_trip_an_Alphatron_fit_with_the_Gaussian_kernel()
    {
        var sample = Scenarios.Create("reliable-agnostic", 4).Draw(240, 3);
        double[][] x = [.. Enumerable.Range(0, sample.Count).Select(i => sample.Points[i].ToArray())];
        double[] y = [.. sample.Labels];
        var options = new BaselineOptions { Iterations = 20 };
        var reference = Baseline.Fit(BaselineMethod.Alphatron, x, y, options);
        var points = reference.Embedding.Apply(Matrix.Create(x.Length, x[0].Length, x.SelectMany(r => r).ToArray()), "x");
        var fitPart = new LabelledSample(points.Select([.. Enumerable.Range(0, 180)]), [.. y[..180]]);
        var selectionPart = new LabelledSample(points.Select([.. Enumerable.Range(180, 60)]), [.. y[180..]]);
        double median = GaussianBandwidth.Median(fitPart.Points, seed: 1);
        var kernels = ImmutableArray.Create<Kernel>(new Kernel.Gaussian(median), new Kernel.Gaussian(median / 3));
        var fit = Alphatron.Fit(fitPart, selectionPart, kernels, iterations: 20);
        var chosen = (Kernel.Gaussian)((BaselineHypothesis.Kernelised)fit.Hypothesis).Hypothesis.Kernel;
        Assert.Equal(chosen.Gamma, fit.Parameters["gamma"]);
        Assert.Equal(1.0, fit.Parameters["rate"]);
        var model = (BaselineModel)typeof(BaselineModel).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single()
            .Invoke([BaselineMethod.Alphatron, options, reference.Embedding, fit]);
        string path = Path.Combine(_directory, "alphatron-gaussian.json");
        model.Save(path);
        var loaded = BaselineModel.Load(path);
        Assert.Equal(model.Fit, loaded.Fit);
        Assert.Equal(chosen, ((BaselineHypothesis.Kernelised)loaded.Fit.Hypothesis).Hypothesis.Kernel);
        Assert.Equal(Bits(model.Predict(x)), Bits(loaded.Predict(x)));
        // a multinomial baseline file carries no gamma field
        string plain = Path.Combine(_directory, "alphatron.json");
        reference.Save(plain);
        Assert.DoesNotContain("gamma", JsonNode.Parse(File.ReadAllText(plain))!["hypothesis"]!["kernel"]!.ToJsonString());
    }

    private static (double[][] X, ReliableReluModel Model) MultinomialModel()
    {
        var sample = Scenarios.Create("reliable-agnostic", 4).Draw(300, 2);
        double[][] x = [.. Enumerable.Range(0, sample.Count).Select(i => sample.Points[i].ToArray())];
        return (x, ReliableRelu.Fit(x, [.. sample.Labels], new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8 }));
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    /// <summary>Sphere points scaled by radii in [0.2, 1] drawn from <paramref name="seed"/>, so the squared norms differ.</summary>
    private static PointSet InsideTheBall(PointSet sphere, int seed)
    {
        var rng = new Random(seed);
        return PointSet.FromRows([.. Enumerable.Range(0, sphere.Count).Select(i =>
        {
            double radius = 0.2 + 0.8 * rng.NextDouble();
            return sphere[i].ToArray().Select(v => v * radius).ToArray();
        })]);
    }

    private static void AssertReproduces(Matrix gram, Matrix factor, double tolerance, string what)
    {
        double worst = 0;
        for (int i = 0; i < gram.Rows; i++)
            for (int j = 0; j < gram.Columns; j++)
            {
                double approx = 0;
                for (int c = 0; c < factor.Columns; c++) approx += factor[i, c] * factor[j, c];
                worst = Math.Max(worst, Math.Abs(gram[i, j] - approx));
            }
        Assert.True(worst <= tolerance, $"{what}: max |K - L L'| = {worst:E3} > {tolerance:E2}");
    }
}
