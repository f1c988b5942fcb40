using System.Numerics;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's input checks, step 0 (Proofs/T2.1-reliable-program.md, "Input checks"): a Gram matrix that GramEngine builds from a
/// kernel PSD in exact arithmetic with a proven rounding bound e per entry (the linear and multinomial kernels,
/// <c>Kernel.EntryRoundingBound</c>) is recorded as PSD to within m e, and the O(m^2 r) or O(m^3) check does not run. The
/// bound is checked here against the exact kernel at the stored points (dyadic arithmetic, <see cref="Dyadic"/>), on both
/// backends, in the ball and on the sphere, up to degree 8; a kernel without a bound records nothing; and a solve that skips
/// the check returns what a solve that runs it returns.
/// </summary>
public sealed class T2_1_GramRoundingBound_Checks(ITestOutputHelper output)
{
    private static IEnumerable<ComputeBackend> Backends()
        => GramEngine.NativeAvailable ? [ComputeBackend.Managed, ComputeBackend.Native] : [ComputeBackend.Managed];

    private static PointSet Points(int m, int n, int seed, PointDomain domain)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        for (int i = 0; i < m; i++)
        {
            var x = new double[n];
            double norm = 0;
            for (int k = 0; k < n; k++) norm += (x[k] = random.NextDouble() * 2 - 1) * x[k];
            // on the sphere: unit norm; in the ball: a radius drawn in (0, 1], so the norms vary
            double radius = domain == PointDomain.Sphere ? 1 : random.NextDouble();
            for (int k = 0; k < n; k++) x[k] *= radius / Math.Sqrt(norm);
            rows.Add(x);
        }
        return PointSet.FromRows(rows, domain);
    }

    private static Dyadic ExactKernel(Kernel kernel, double[] x, double[] y)
    {
        var t = Dyadic.Dot(x.Select(Dyadic.Of).ToArray(), y.Select(Dyadic.Of).ToArray());
        if (kernel is Kernel.Linear) return t;
        var one = Dyadic.Of(1);
        var value = one;
        for (int k = 0; k < ((Kernel.Multinomial)kernel).Degree; k++) value = value * t + one;
        return value;
    }

    /// <summary>
    /// Every computed entry lies within e of the exact kernel at the stored points, and the matrix carries m e as its proven
    /// indefiniteness (seeds printed). The largest error found is printed against e: the bound holds whatever the order of
    /// summation, so it is far above what a random instance shows.
    /// </summary>
    [Theory]
    [InlineData("multinomial", 3, 0, PointDomain.Sphere, 301)]
    [InlineData("multinomial", 5, 2, PointDomain.Ball, 302)]
    [InlineData("multinomial", 9, 4, PointDomain.Sphere, 303)]
    [InlineData("linear", 20, 0, PointDomain.Ball, 304)]
    [InlineData("multinomial", 2, 8, PointDomain.Sphere, 305)]
    [InlineData("multinomial", 7, 6, PointDomain.Ball, 306)]
    public void Every_entry_is_within_its_rounding_bound_of_the_exact_kernel(string family, int n, int degree, PointDomain domain, int seed)
    {
        const int m = 40;
        Kernel kernel = family == "linear" ? new Kernel.Linear() : new Kernel.Multinomial(degree);
        var points = Points(m, n, seed, domain);
        var rows = Enumerable.Range(0, m).Select(i => points[i].ToArray()).ToArray();
        foreach (var backend in Backends())
        {
            var gram = GramEngine.Gram(kernel, points, backend);
            double e = kernel.EntryRoundingBound(GramEngine.SquaredNormBound(points.Coordinates.AsSpan(), m, n), n);
            Assert.True(e > 0 || (kernel is Kernel.Multinomial { Degree: 0 }), $"a bound of {e}");
            Assert.True(gram.Facts.PositiveSemidefinite);
            Assert.Equal(m * e, gram.Facts.Indefiniteness);
            var allowed = Dyadic.Of(e);
            double largest = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j <= i; j++)
                {
                    var error = Dyadic.Of(gram[i, j]) - ExactKernel(kernel, rows[i], rows[j]);
                    Assert.True(error <= allowed && -error <= allowed, $"K[{i},{j}] off by {error.ToDouble():E3}, bound {e:E3} ({backend}, seed {seed})");
                    largest = Math.Max(largest, Math.Abs(error.ToDouble()));
                }
            output.WriteLine($"{kernel.Describe()}, n = {n}, {domain}, seed {seed}, {backend}: largest error {largest:E2}, bound e = {e:E2}, m e = {m * e:E2}");
        }
    }

    /// <summary>
    /// The bound grows with what it must cover: the dimension (the dot product's roundings), the degree (Horner's) and the
    /// norms; for MK_4 on S^9 at m = 8000 (the robustness grid's n10-d4 programs) m e is about 2.5e-10, far below the
    /// threshold delta = 2 m gamma_(m+1) max |K_ij| (7e-8 there) that the checks it replaces accept.
    /// </summary>
    [Fact]
    public void The_bound_grows_with_dimension_degree_and_norm_and_stays_far_below_the_checks_threshold()
    {
        var mk4 = new Kernel.Multinomial(4);
        Assert.True(mk4.EntryRoundingBound(1, 20) > mk4.EntryRoundingBound(1, 10));
        Assert.True(new Kernel.Multinomial(5).EntryRoundingBound(1, 10) > mk4.EntryRoundingBound(1, 10));
        Assert.True(mk4.EntryRoundingBound(1, 10) > mk4.EntryRoundingBound(0.5, 10));
        Assert.Equal(0, new Kernel.Multinomial(0).EntryRoundingBound(1, 10)); // kappa = 1: computed exactly
        // gamma_n has no finite value once n u >= 1 (RoundingError, shared with the certificate's arithmetic)
        Assert.Equal(double.PositiveInfinity, RoundingError.Gamma(1L << 54));
        Assert.Equal(10 * Math.Pow(2, -53) / (1 - 10 * Math.Pow(2, -53)), RoundingError.Gamma(10));
        double gridBound = 8000 * mk4.EntryRoundingBound(1 + 1e-15, 10);
        double threshold = 2 * 8000 * (8001 * Math.Pow(2, -53) / (1 - 8001 * Math.Pow(2, -53))) * 5;
        output.WriteLine($"MK_4 on S^9, m = 8000: m e = {gridBound:E2}, check threshold {threshold:E2}");
        Assert.InRange(gridBound, 1e-11, 1e-9);
        Assert.True(gridBound < 1e-2 * threshold);
        Assert.True(double.IsNaN(new Kernel.Gaussian(1).EntryRoundingBound(1, 10)));
        Assert.True(double.IsNaN(new Kernel.Compositional(new Kernel.Linear(), 2).EntryRoundingBound(1, 10)));
    }

    /// <summary>
    /// Kernels without a bound (Gaussian, compositional) record nothing, and a matrix given by the caller is not known PSD:
    /// the checks of steps 1 to 3 still run on them, and an indefinite one is still refused.
    /// </summary>
    [Fact]
    public void Kernels_without_a_bound_and_given_matrices_are_still_checked()
    {
        var points = Points(30, 4, 307, PointDomain.Ball);
        foreach (var backend in Backends())
        {
            Assert.False(GramEngine.Gram(new Kernel.Gaussian(1), points, backend).Facts.PositiveSemidefinite);
            Assert.False(GramEngine.Gram(new Kernel.Compositional(new Kernel.Multinomial(2), 2), points, backend).Facts.PositiveSemidefinite);
        }
        var copy = Matrix.Create(30, 30, GramEngine.Gram(new Kernel.Multinomial(3), points).AsSpan());
        Assert.False(copy.Facts.PositiveSemidefinite);
        var indefinite = new KernelProgram(Matrix.Create(2, 2, [1, 2, 2, 1]), [1.0, 0.5], ProgramTask.Agnostic, 1, 0.05, new Loss.Square());
        Assert.Contains("not positive semi-definite", Assert.Throws<ArgumentException>(() => ReliableSolver.Solve(indefinite)).Message);
    }

    /// <summary>
    /// A solve on a GramEngine matrix (step 0: no check) and on the same entries given as a matrix (steps 1 to 3 run) return
    /// the same result: bit for bit in r-space, where the certificate is on L L' and reads no delta; in m-space the dual's
    /// quadratic forms take K + delta I with each matrix's proven delta, so the point is the same and the certificates differ
    /// only in that charge (below 1e-9 here), both Converged. Seeds printed.
    /// </summary>
    [Theory]
    [InlineData(3, 308)] // rank 286 of 600 on S^9: r-space
    [InlineData(6, 309)] // full rank: m-space
    public void Skipping_the_check_leaves_the_solve_unchanged(int degree, int seed)
    {
        var sample = SolverInstances.Sample(m: 600, n: 10, seed: seed);
        var fromEngine = SolverInstances.Program(sample, degree, ProgramTask.Reliable, 20, 0.05, new Loss.Square());
        Assert.True(fromEngine.Gram.Facts.PositiveSemidefinite);
        var given = new KernelProgram(Matrix.Create(600, 600, fromEngine.Gram.AsSpan()), fromEngine.Labels, ProgramTask.Reliable, 20, 0.05, new Loss.Square());
        var options = SolverOptions.Default with { TryInterpolant = false };
        var a = ReliableSolver.Solve(fromEngine, options);
        var b = ReliableSolver.Solve(given, options);
        output.WriteLine($"MK_{degree}, seed {seed}: {a.NewtonSystem} rank {a.Rank}, {a.Exit} in {a.Iterations}; allowance {a.GramAllowance:E2} against {b.GramAllowance:E2}; "
                         + $"dual {a.DualBound:R} against {b.DualBound:R}");
        Assert.Equal(ExitCondition.Converged, a.Exit);
        Assert.Equal(ExitCondition.Converged, b.Exit);
        Assert.Equal(a.Predictions.ToArray(), b.Predictions.ToArray());
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Objective, b.Objective);
        if (a.NewtonSystem == NewtonSystemKind.LowRank) Assert.Equal(a.DualBound, b.DualBound);
        else
        {
            Assert.True(a.GramAllowance < b.GramAllowance, $"{a.GramAllowance} against {b.GramAllowance}");
            Assert.InRange(a.DualBound - b.DualBound, 0, 1e-9);
        }
    }

    /// <summary>
    /// The bound is the formula of Proofs/T2.1-reliable-program.md ("Input checks", step 0), recomputed here from its text with
    /// powers instead of the code's running product: e = 2 (gamma_2d kappa(T) + e_t kappa'(T)), e_t = gamma_n S, T = S + e_t for
    /// MK_d, and e = 2 gamma_n S for the linear kernel, at norm bounds S away from 1 and dimensions up to 10^6 (where gamma_n is
    /// 1.1e-10, so a term dropped or misplaced moves e far beyond the comparison's 1e-13).
    /// </summary>
    [Theory]
    [InlineData(0.37, 10, 4)]
    [InlineData(3.5, 1000000, 3)]
    [InlineData(1.0, 2, 8)]
    [InlineData(0.8, 200000, 1)]
    public void The_rounding_bound_is_the_documented_formula(double s, int n, int d)
    {
        static double Gamma(double k) => k * Math.Pow(2, -53) / (1 - k * Math.Pow(2, -53));
        double et = Gamma(n) * s, t = s + et;
        double kappa = Enumerable.Range(0, d + 1).Sum(k => Math.Pow(t, k));
        double slope = Enumerable.Range(1, d).Sum(k => k * Math.Pow(t, k - 1));
        double expected = 2 * (Gamma(2 * d) * kappa + et * slope);
        double actual = new Kernel.Multinomial(d).EntryRoundingBound(s, n);
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * expected, $"MK_{d}: {actual:R} against {expected:R}");
        double linear = new Kernel.Linear().EntryRoundingBound(s, n);
        Assert.True(Math.Abs(linear - 2 * Gamma(n) * s) <= 1e-13 * linear, $"linear: {linear:R} against {2 * Gamma(n) * s:R}");
    }

    /// <summary>
    /// The norm bound S covers the largest exact squared norm wherever that row lies (first, middle, last of 50), by the
    /// documented margin: at least the largest computed sum of squares times 1 + 2 gamma_n and the exact one (dyadic), at most
    /// the computed one times 1 + 8 gamma_n.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(27)]
    [InlineData(49)]
    public void The_norm_bound_covers_the_largest_row_wherever_it_lies(int largestAt)
    {
        const int m = 50, n = 7;
        var random = new Random(310 + largestAt);
        var coordinates = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < n; k++) coordinates[i * n + k] = (random.NextDouble() - 0.5) * (i == largestAt ? 0.7 : 0.2);
        double computed = Enumerable.Range(0, m).Max(i => Enumerable.Range(0, n).Sum(k => coordinates[i * n + k] * coordinates[i * n + k]));
        var exact = Enumerable.Range(0, m).Select(i => Dyadic.Dot(coordinates.Skip(i * n).Take(n).Select(Dyadic.Of).ToArray(),
            coordinates.Skip(i * n).Take(n).Select(Dyadic.Of).ToArray())).ToArray();
        double bound = GramEngine.SquaredNormBound(coordinates, m, n);
        double gamma = n * Math.Pow(2, -53) / (1 - n * Math.Pow(2, -53));
        Assert.True(exact.All(v => v <= Dyadic.Of(bound)), "below an exact squared norm");
        Assert.InRange(bound, computed * (1 + 2 * gamma), computed * (1 + 8 * gamma));
    }
}
