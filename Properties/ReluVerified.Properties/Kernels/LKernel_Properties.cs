using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Kernels;

/// <summary>
/// L-kernel: the multinomial kernel and its relatives are symmetric, bounded by their diagonal bound on the ball
/// (|MK_d| &lt;= d+1), and every Gram path (managed, native, cross-kernel, scalar) computes the same matrix.
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
public class LKernel_Properties
{
    [Property]
    public Property Gram_matrix_is_exactly_symmetric(SphereCase sample, KernelCase kernelCase)
    {
        var gram = GramEngine.Gram(kernelCase.Kernel(), sample.Points(), ComputeBackend.Managed);
        bool symmetric = true;
        for (int i = 0; i < gram.Rows && symmetric; i++)
            for (int j = 0; j < i; j++)
                if (gram[i, j] != gram[j, i]) { symmetric = false; break; }
        return symmetric.Label($"kernel {kernelCase.Kernel().Describe()}, {sample}");
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
        // Tolerance: Horner on t = 1 - O(1e-16) gives d+1 up to (d+1)^2 ulps.
        return (worst <= (degree + 1) * (degree + 1) * 1e-15).Label($"max |K_ii - (d+1)| = {worst:E2} at d = {degree}");
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
        return (worst <= 1e-12 * scale).Label($"max difference {worst:E2}, scale {scale:E2}");
    }
}
