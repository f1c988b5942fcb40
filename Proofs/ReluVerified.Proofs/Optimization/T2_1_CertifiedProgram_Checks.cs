using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1: which program the solver's certificate is for (Proofs/T2.1-reliable-program.md, "What is guaranteed"). A computed
/// Gram matrix of a rank-deficient kernel is PSD only to rounding, and the dual bound's Cauchy-Schwarz step needs a PSD matrix:
/// r-space solves certify the program on L L' (L the pivoted Cholesky factor, PSD exactly), m-space solves take the dual's
/// quadratic forms in K + delta I with the delta the input check proved. The exact-arithmetic side of both is in
/// <see cref="T2_1_FloatingPointCertificate_Checks"/>; these checks pin what a user sees.
/// </summary>
public sealed class T2_1_CertifiedProgram_Checks(ITestOutputHelper output)
{
    [Fact]
    public void A_slack_ball_program_on_a_rank_deficient_Gram_matrix_converges_on_its_factor()
    {
        // agnostic absolute loss, B = 1e4 (the ball is slack, so s'K s is driven to about 0 and the stored K's rounding-level
        // negative eigenvalues matter): m = 2000 on S^9, MK_3 of rank 286 at most. Certifying with the stored K stopped
        // NumericalTrouble at gap 2.3e-8 after 37 iterations on the grid's instance of this program (docs/solver.md); on L L' it
        // converges in 12 there. Seed 1010 printed; both OpenBLAS kernel sets.
        var sample = SolverInstances.Sample(m: 2000, n: 10, seed: 1010);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Agnostic, 1e4, 0.05, new Loss.Absolute());
        var r = ReliableSolver.Solve(program);
        output.WriteLine($"seed 1010: {r.Exit}, {r.Iterations} iterations, rank {r.Rank}, gap {r.DualityGap:E2}, objective {r.Objective:R}");
        Assert.Equal(NewtonSystemKind.LowRank, r.NewtonSystem);
        Assert.InRange(r.Rank, 200, 286);
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.Equal(0.0, r.GramAllowance);
        Assert.InRange(r.DualityGap, 0, 1e-8 * Math.Max(1, r.Objective));
        // the best constant (the labels' median) is feasible (B = 1e4 holds any constant the kernel reproduces): the fit must
        // beat it by far, or a solver returning the trivial point would pass
        var labels = program.Labels.OrderBy(v => v).ToArray();
        double median = labels[labels.Length / 2], constant = labels.Average(y => Math.Abs(y - median));
        Assert.True(r.Objective < 0.8 * constant, $"objective {r.Objective} against the best constant's {constant}");
        // the returned alpha reproduces the certified predictions L u through the stored K to rounding
        var f = SolverInstances.Predict(program.Gram, r.Coefficients);
        for (int i = 0; i < f.Length; i++) Assert.True(Math.Abs(f[i] - r.Predictions[i]) <= 1e-9, $"f[{i}]: K alpha {f[i]} against L u {r.Predictions[i]}");
    }

    [Fact]
    public void An_m_space_certificate_charges_the_proven_allowance_and_no_more()
    {
        // full rank (MK_5 on S^3 has rank 126 > m = 60): m-space; GramAllowance is the delta of the input check, and the
        // charged dual bound sits below the uncharged one by at most sqrt(B delta) ||s|| (sqrt(a + b) <= sqrt(a) + sqrt(b))
        var sample = SolverInstances.Sample(m: 60, n: 4, seed: 61);
        var program = SolverInstances.Program(sample, degree: 5, ProgramTask.Reliable, 0.2, 0.05, new Loss.Square());
        var options = SolverOptions.Default with { Backend = Core.LinearAlgebra.ComputeBackend.Managed };
        var r = ReliableSolver.Solve(program, options);
        Assert.Equal(NewtonSystemKind.Dense, r.NewtonSystem);
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.Equal(program.Gram.Facts.Indefiniteness, r.GramAllowance);
        Assert.True(r.GramAllowance > 0);
        double norm = Math.Sqrt(r.DualMultipliers.Sum(v => v * v)), charge = Math.Sqrt(program.NormBound * r.GramAllowance) * norm;
        // the same multipliers evaluated as if K were PSD as stored (a fresh program on the same doubles has no verified facts:
        // delta = 0 there)
        var fresh = new KernelProgram(Core.LinearAlgebra.Matrix.Create(program.Count, program.Count, program.Gram.ToArray()), program.Labels,
            program.Task, program.NormBound, program.Threshold, program.Loss);
        var uncharged = DualCertificate.Bound(fresh, r.Coefficients.ToArray(), r.Predictions.ToArray(), r.ConstraintMultipliers.ToArray(), null,
            r.BallMultiplier, options.Backend);
        output.WriteLine($"delta {r.GramAllowance:E3}, charged {r.DualBound:R}, uncharged {uncharged.Dual:R}, sqrt(B delta) ||s|| = {charge:E3}");
        Assert.True(r.DualBound < uncharged.Dual, "the allowance is charged");
        Assert.True(uncharged.Dual - r.DualBound <= charge * (1 + 1e-6) + 1e-15, "and no more than sqrt(B delta) ||s||");
    }
}
