using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Kernels;

/// <summary>
/// L-kernel: the multinomial kernel is the inner product of explicit feature maps (checked against a tuple enumeration
/// written for the checks), so its Gram matrices and those of its compositional relative are positive semidefinite (smallest
/// eigenvalue by MathNet); it is bounded by its diagonal bound on the ball (|MK_d| &lt;= d+1) and equals d + 1 on the diagonal
/// of the sphere; and every Gram path (managed, native, cross-kernel, scalar, mat-vec) computes the same numbers.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
public class LKernel_Properties
{
    [Property]
    public Property Gram_matrix_is_positive_semidefinite(SphereCase sample, KernelCase kernelCase)
    {
        // a kernel is an inner product of feature vectors, so every Gram matrix has eigenvalues >= 0; computed ones can dip below
        // by the rounding of the entries and of the eigen-solver, both at most ~m * 1e-16 * ||K||_2 <= m^2 (d + 1) 1e-16
        var points = (sample with { Count = Math.Min(sample.Count, 60) }).Points();
        var kernel = kernelCase.Kernel();
        var gram = GramEngine.Gram(kernel, points, ComputeBackend.Managed);
        int m = points.Count;
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, m, (i, j) => gram[i, j]);
        double smallest = matrix.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Min(v => v.Real);
        double allowed = TestTolerances.EigenvalueRounding * m * m * kernel.DiagonalBound;
        return (smallest >= -allowed).Label($"smallest eigenvalue {smallest:E3} (allowed {-allowed:E2}), m = {m}, {kernel.Describe()}")
            .Classify(kernel is Kernel.Compositional, "compositional");
    }

    [Property(MaxTest = 40)]
    public Property Cross_kernel_is_the_inner_product_of_explicit_feature_maps(SphereCase sample, int degreeSeed)
    {
        // MK_d(x, x') = <psi_d(x), psi_d(x')> with psi_d enumerated tuple by tuple (ExplicitFeatures), on both Gram paths
        var shape = sample with { Dimension = 2 + Math.Abs(sample.Dimension % 3), Count = Math.Min(sample.Count, 12) };
        int d = Math.Abs(degreeSeed % 6);
        var rows = shape.Points();
        var columns = (shape with { Seed = unchecked(shape.Seed + 1) }).Points();
        var features = Enumerable.Range(0, columns.Count).Select(j => ExplicitFeatures.Of(columns[j], d)).ToArray();
        double worst = 0;
        foreach (var backend in GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed])
        {
            var cross = GramEngine.Cross(new Kernel.Multinomial(d), rows, columns, backend);
            for (int i = 0; i < rows.Count; i++)
            {
                var psi = ExplicitFeatures.Of(rows[i], d);
                for (int j = 0; j < columns.Count; j++)
                {
                    var (inner, scale) = ExplicitFeatures.Dot(psi, features[j]);
                    worst = Math.Max(worst, Math.Abs(cross[i, j] - inner) / (TestTolerances.FeatureMapRelative * Math.Max(scale, 1)));
                }
            }
        }
        return (worst <= 1).Label($"d = {d}, n = {shape.Dimension}: largest |K - <psi, psi>| is {worst:F3} x the tolerance");
    }

    [Property]
    public Property Kernel_is_bounded_by_its_diagonal_bound_on_the_ball(SphereCase sample, KernelCase kernelCase)
    {
        var kernel = kernelCase.Kernel();
        var points = sample.Points();
        double bound = kernel.DiagonalBound * (1 + TestTolerances.KernelRelative);
        double worst = 0;
        for (int i = 0; i < points.Count; i++)
            for (int j = 0; j <= i; j++)
                worst = Math.Max(worst, Math.Abs(kernel.Evaluate(points[i], points[j])));
        return (worst <= bound).Label($"max |k| = {worst:R}, bound {kernel.DiagonalBound:R} ({kernel.Describe()})")
            .Classify(kernel is Kernel.Multinomial, "multinomial");
    }

    [Property]
    public Property Multinomial_kernel_on_the_sphere_has_diagonal_d_plus_one(SphereCase sample, int degreeSeed)
    {
        int degree = Math.Abs(degreeSeed % 9);
        var gram = GramEngine.Gram(new Kernel.Multinomial(degree), sample.Points(), ComputeBackend.Managed);
        double worst = Enumerable.Range(0, gram.Rows).Max(i => Math.Abs(gram[i, i] - (degree + 1)));
        // Tolerance: Horner on t = 1 - O(1e-16) gives d+1 up to (d+1)^2 ulps (TestTolerances.HornerUlp each).
        return (worst <= (degree + 1) * (degree + 1) * TestTolerances.HornerUlp).Label($"max |K_ii - (d+1)| = {worst:E2} at d = {degree}");
    }

    [Property]
    public Property Managed_native_and_scalar_paths_agree(SphereCase sample, KernelCase kernelCase)
    {
        var kernel = kernelCase.Kernel();
        var points = sample.Points();
        var managed = GramEngine.Gram(kernel, points, ComputeBackend.Managed);
        var cross = GramEngine.Cross(kernel, points, points, ComputeBackend.Managed);
        double scale = kernel.DiagonalBound, worst = 0;
        for (int i = 0; i < points.Count; i++)
            for (int j = 0; j < points.Count; j++)
            {
                double scalar = kernel.Evaluate(points[i], points[j]);
                worst = Math.Max(worst, Math.Abs(managed[i, j] - scalar));
                worst = Math.Max(worst, Math.Abs(cross[i, j] - scalar));
            }
        if (GramEngine.NativeAvailable)
        {
            var native = GramEngine.Gram(kernel, points, ComputeBackend.Native);
            var nativeCross = GramEngine.Cross(kernel, points, points, ComputeBackend.Native);
            for (int i = 0; i < points.Count; i++)
                for (int j = 0; j < points.Count; j++)
                {
                    worst = Math.Max(worst, Math.Abs(native[i, j] - managed[i, j]));
                    worst = Math.Max(worst, Math.Abs(nativeCross[i, j] - managed[i, j]));
                }
        }
        return (worst <= ReluVerified.Core.Tolerances.BackendAgreement * scale)
            .Label($"max difference {worst:E2} vs allowed {ReluVerified.Core.Tolerances.BackendAgreement * scale:E2} ({kernel.Describe()}, native {GramEngine.NativeAvailable})")
            .Classify(GramEngine.NativeAvailable, "native path exercised");
    }

    [Property(MaxTest = 30)]
    public Property Kernel_mat_vec_paths_agree_with_a_direct_sum(SphereCase sample)
    {
        var points = sample.Points();
        var kernel = new Kernel.Multinomial(3);
        var gram = GramEngine.Gram(kernel, points);
        var rng = new Random(sample.Seed);
        var v = Enumerable.Range(0, points.Count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var managed = GramEngine.MatVec(gram, v, ComputeBackend.Managed);
        var auto = GramEngine.MatVec(gram, v, ComputeBackend.Auto);
        double worst = 0, scale = kernel.DiagonalBound * v.Sum(Math.Abs);
        for (int i = 0; i < points.Count; i++)
        {
            double direct = 0;
            for (int j = 0; j < points.Count; j++) direct += gram[i, j] * v[j];
            worst = Math.Max(worst, Math.Max(Math.Abs(managed[i] - direct), Math.Abs(auto[i] - direct)));
        }
        // Tolerance: sums of m products reordered, error <= m ulps of sum |K_ij v_j| <= 1e-12 * scale for m <= 300.
        return (worst <= TestTolerances.KernelRelative * scale).Label($"max difference {worst:E2}, scale {scale:E2}");
    }
}
