using ReluVerified.Core.Distributions;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's m-space Newton systems in mixed precision (single-precision Cholesky, solves refined in double) reach the same
/// optimum as the all-double path: the certified intervals [dual bound, objective] overlap and predictions agree.
/// </summary>
public class MixedPrecision_Checks
{
    [Fact]
    public void Mixed_precision_and_double_newton_systems_certify_the_same_optimum()
    {
        if (!GramEngine.NativeAvailable) return; // mixed precision runs only through OpenBLAS; the managed path is double already
        var scenario = new LabelModel.ReliableAgnostic([0.6, -0.3, 0.5, 0.2, 0.1, -0.4, 0.2, 0.1, 0.1, 0.1], 0.1, 0.05);
        var sample = Labelling.Sample(new SphereDistribution.Uniform(10), scenario, 1600, new Random(77));
        var gram = GramEngine.Gram(new Kernel.Multinomial(4), sample.Points);
        var program = new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, 20, 0.02, new Loss.Square());
        var mixed = ReliableSolver.Solve(program, new SolverOptions(NewtonSystem: NewtonSystemKind.Dense, MixedPrecision: true));
        var exact = ReliableSolver.Solve(program, new SolverOptions(NewtonSystem: NewtonSystemKind.Dense, MixedPrecision: false));
        Assert.Equal(NewtonSystemKind.Dense, mixed.NewtonSystem);
        // Both certificates are valid lower bounds, so each objective is at least the other's dual bound (up to 1e-12 rounding).
        Assert.True(mixed.Objective >= exact.DualBound - 1e-12 && exact.Objective >= mixed.DualBound - 1e-12,
            $"mixed [{mixed.DualBound}, {mixed.Objective}] vs double [{exact.DualBound}, {exact.Objective}]");
        // Tolerance: both stop within a relative gap of 1e-8 (or report the gap they reached); objectives agree to their gaps.
        Assert.InRange(Math.Abs(mixed.Objective - exact.Objective), 0, Math.Max(mixed.DualityGap, 0) + Math.Max(exact.DualityGap, 0) + 1e-12);
        Assert.True(mixed.MaxViolation <= 1e-8, $"mixed violation {mixed.MaxViolation}");
    }
}
