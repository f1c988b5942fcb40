using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Kernels;

/// <summary>
/// P-gaussian (a practical kernel, no theorem): the Gaussian kernel exp(-gamma |x - x'|^2) as the Gram engine computes it
/// from inner products equals the direct formula, entry by entry, on the managed and the native path, for Gram and
/// cross-kernel matrices, on points of the whole ball (norms between 0 and 1, so a kernel that forgot the norms or flipped the
/// cross term fails); its Gram diagonal is exactly 1; its Gram matrices are positive semidefinite; the cross-kernel of a set
/// with itself is its Gram matrix; and the median bandwidth is deterministic, blind to row order and repeats, scales as
/// 1 / length^2 and equals the brute-force median when every pair is used.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
public class PGaussian_Properties
{
    /// <summary>gamma from 10^-2 to 10^2 in steps of 10^0.1 (an int seed shrinks toward gamma = 1).</summary>
    private static double Gamma(int seed) => Math.Pow(10, (Math.Abs(seed % 41) - 20) / 10.0);

    /// <summary>The sample's sphere points scaled by radii drawn from its seed (some at the centre), so norms vary over [0, 1].</summary>
    private static PointSet BallPoints(SphereCase sample)
    {
        var sphere = sample.Points();
        var rng = new Random(unchecked(sample.Seed * 17 + 3));
        var rows = new double[sphere.Count][];
        for (int i = 0; i < sphere.Count; i++)
        {
            double u = rng.NextDouble();
            double radius = u < 0.05 ? 0 : u < 0.2 ? 1 : Math.Sqrt(rng.NextDouble());
            rows[i] = sphere[i].ToArray().Select(v => v * radius).ToArray();
        }
        return PointSet.FromRows(rows);
    }

    private static double Direct(double gamma, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++) sum += (x[k] - y[k]) * (x[k] - y[k]);
        return Math.Exp(-gamma * sum);
    }

    private static ComputeBackend[] Backends => GramEngine.NativeAvailable ? [ComputeBackend.Managed, ComputeBackend.Native] : [ComputeBackend.Managed];

    [Property]
    public Property Gram_and_cross_entries_equal_the_direct_formula_on_both_paths(SphereCase sample, int gammaSeed)
    {
        double gamma = Gamma(gammaSeed);
        var kernel = new Kernel.Gaussian(gamma);
        var points = BallPoints(sample with { Count = Math.Min(sample.Count, 120) });
        var others = BallPoints(sample with { Count = Math.Min(sample.Count, 37), Seed = unchecked(sample.Seed + 5) });
        double allowed = TestTolerances.GaussianEntry(gamma, points.Dimension), worst = 0;
        foreach (var backend in Backends)
        {
            var gram = GramEngine.Gram(kernel, points, backend);
            var cross = GramEngine.Cross(kernel, others, points, backend);
            for (int i = 0; i < points.Count; i++)
                for (int j = 0; j < points.Count; j++)
                    worst = Math.Max(worst, Math.Abs(gram[i, j] - Direct(gamma, points[i], points[j])));
            for (int i = 0; i < others.Count; i++)
                for (int j = 0; j < points.Count; j++)
                    worst = Math.Max(worst, Math.Abs(cross[i, j] - Direct(gamma, others[i], points[j])));
        }
        for (int i = 0; i < points.Count; i++)
            for (int j = 0; j < Math.Min(points.Count, 20); j++)
                worst = Math.Max(worst, Math.Abs(kernel.Evaluate(points[i], points[j]) - Direct(gamma, points[i], points[j])));
        return (worst <= allowed).Label($"gamma = {gamma:R}, n = {points.Dimension}: largest |K - direct| = {worst:E3}, allowed {allowed:E2}")
            .Classify(GramEngine.NativeAvailable, "native path exercised");
    }

    [Property]
    public Property Gram_diagonal_is_exactly_one_and_every_entry_lies_in_zero_one(SphereCase sample, int gammaSeed)
    {
        double gamma = Gamma(gammaSeed);
        var kernel = new Kernel.Gaussian(gamma);
        var points = BallPoints(sample with { Count = Math.Min(sample.Count, 150) });
        var failures = new List<string>();
        foreach (var backend in Backends)
        {
            var gram = GramEngine.Gram(kernel, points, backend);
            for (int i = 0; i < points.Count; i++)
            {
                // exact: the distance of a point to itself is n_i + n_i - 2 n_i with the same n_i, which is 0 in floating point
                if (gram[i, i] != 1.0) failures.Add($"{backend} K[{i},{i}] = {gram[i, i]:R}");
                if (kernel.Diagonal(points[i]) != 1.0) failures.Add($"Diagonal({i}) = {kernel.Diagonal(points[i]):R}");
                if (kernel.Evaluate(points[i], points[i]) != 1.0) failures.Add($"Evaluate({i}, {i}) = {kernel.Evaluate(points[i], points[i]):R}");
                for (int j = 0; j < points.Count; j++)
                    if (!(gram[i, j] >= 0 && gram[i, j] <= 1)) failures.Add($"{backend} K[{i},{j}] = {gram[i, j]:R} outside [0, 1]");
            }
        }
        return (failures.Count == 0).Label(string.Join("; ", failures.Take(5)));
    }

    [Property(MaxTest = 40)]
    public Property Gram_matrix_is_positive_semidefinite(SphereCase sample, int gammaSeed)
    {
        // exp(-gamma |x - x'|^2) is positive definite (Schoenberg); the computed matrix is within m * (entry allowance) of it in
        // spectral norm, and the symmetric eigen-solver adds backward error ~m u ||K||_2 <= m^2 u (TestTolerances.EigenvalueRounding)
        double gamma = Gamma(gammaSeed);
        var kernel = new Kernel.Gaussian(gamma);
        var points = BallPoints(sample with { Count = Math.Min(sample.Count, 80) });
        int m = points.Count;
        double allowed = m * TestTolerances.GaussianEntry(gamma, points.Dimension) + TestTolerances.EigenvalueRounding * m * m;
        double smallest = double.PositiveInfinity;
        foreach (var backend in Backends)
        {
            var gram = GramEngine.Gram(kernel, points, backend);
            var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, m, (i, j) => gram[i, j]);
            smallest = Math.Min(smallest, matrix.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Min(v => v.Real));
        }
        return (smallest >= -allowed).Label($"smallest eigenvalue {smallest:E3} (allowed {-allowed:E2}), m = {m}, gamma = {gamma:R}");
    }

    [Property]
    public Property Cross_kernel_of_a_set_with_itself_is_its_Gram_matrix(SphereCase sample, int gammaSeed)
    {
        double gamma = Gamma(gammaSeed);
        var kernel = new Kernel.Gaussian(gamma);
        var points = BallPoints(sample with { Count = Math.Min(sample.Count, 100) });
        // both sides within GaussianEntry of the direct formula
        double allowed = 2 * TestTolerances.GaussianEntry(gamma, points.Dimension), worst = 0;
        foreach (var gramBackend in Backends)
            foreach (var crossBackend in Backends)
            {
                var gram = GramEngine.Gram(kernel, points, gramBackend);
                var cross = GramEngine.Cross(kernel, points, points, crossBackend);
                for (int i = 0; i < points.Count; i++)
                    for (int j = 0; j < points.Count; j++)
                        worst = Math.Max(worst, Math.Abs(gram[i, j] - cross[i, j]));
            }
        return (worst <= allowed).Label($"largest |Gram - Cross| = {worst:E3}, allowed {allowed:E2}");
    }

    [Property]
    public Property Median_bandwidth_ignores_row_order_and_repeats_and_is_deterministic(SphereCase sample, int seed, int pairSeed)
    {
        var points = BallPoints(sample with { Count = Math.Max(2, sample.Count) });
        int pairs = 1 + Math.Abs(pairSeed % 3000);
        if (points.Count < 2 || AllEqual(points)) return true.ToProperty().Classify(true, "degenerate");
        double gamma = GaussianBandwidth.Median(points, seed, pairs);
        // a permutation of the rows with every third row repeated
        var rng = new Random(unchecked(sample.Seed * 7 + 1));
        var order = Enumerable.Range(0, points.Count).Concat(Enumerable.Range(0, points.Count).Where(i => i % 3 == 0)).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = PointSet.FromRows(order.Select(i => points[i].ToArray()).ToArray());
        double again = GaussianBandwidth.Median(points, seed, pairs);
        double permuted = GaussianBandwidth.Median(shuffled, seed, pairs);
        return (gamma == again && gamma == permuted && double.IsFinite(gamma) && gamma > 0)
            .Label($"gamma {gamma:R}, again {again:R}, permuted with repeats {permuted:R} (pairs {pairs})");
    }

    [Property]
    public Property Median_bandwidth_scales_as_one_over_length_squared(SphereCase sample, int seed)
    {
        // halving every coordinate is exact in binary and divides every squared distance by exactly 4
        var points = BallPoints(sample with { Count = Math.Max(2, sample.Count) });
        if (AllEqual(points)) return true.ToProperty().Classify(true, "degenerate");
        var halved = PointSet.FromRows(Enumerable.Range(0, points.Count).Select(i => points[i].ToArray().Select(v => v / 2).ToArray()).ToArray());
        double gamma = GaussianBandwidth.Median(points, seed), gammaHalved = GaussianBandwidth.Median(halved, seed);
        return (gammaHalved == 4 * gamma).Label($"gamma {gamma:R}, gamma of the halved points {gammaHalved:R} (expected {4 * gamma:R})");
    }

    [Property]
    public Property Median_bandwidth_with_every_pair_is_the_brute_force_median(SphereCase sample)
    {
        var points = BallPoints(sample with { Count = Math.Max(2, Math.Min(sample.Count, 70)) });
        var distinct = Enumerable.Range(0, points.Count).Select(i => points[i].ToArray()).DistinctBy(r => string.Join(",", r.Select(v => BitConverter.DoubleToInt64Bits(v + 0.0)))).ToList();
        if (distinct.Count < 2) return true.ToProperty().Classify(true, "degenerate");
        var distances = new List<double>();
        for (int a = 0; a < distinct.Count; a++)
            for (int b = a + 1; b < distinct.Count; b++)
                distances.Add(distinct[a].Zip(distinct[b], (x, y) => (x - y) * (x - y)).Sum());
        distances.Sort();
        int k = distances.Count;
        double median = k % 2 == 1 ? distances[k / 2] : (distances[k / 2 - 1] + distances[k / 2]) / 2;
        // every distinct pair is used when there are at most `pairs` of them; sums of n squares in another order: 1e-12 relative
        double gamma = GaussianBandwidth.Median(points, seed: 3, pairs: k);
        double relative = Math.Abs(gamma * median - 1);
        return (relative <= 1e-12).Label($"gamma {gamma:R} vs 1 / median {1 / median:R} ({k} pairs)");
    }

    private static bool AllEqual(PointSet points)
        => Enumerable.Range(1, points.Count - 1).All(i => points[i].SequenceEqual(points[0]));
}
