using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1's step length without centrality correctors (m-space Newton systems, custom losses): Mehrotra's blocking-pair rule
/// (<see cref="InteriorPointIterate.BlockingStep(double, double, double, double, double)"/>, Proofs/T2.1-reliable-program.md,
/// "The algorithm"). The blocking variable v (v + a_max dv = 0) ends at (1 - 0.9) mu_full / w_full, the step is never shorter
/// than the fixed rule 0.99 a_max, never longer than 1, and never reaches a_max; and on two m-space programs it saves
/// iterations over the fixed rule.
/// </summary>
public sealed class T2_1_StepLength_Checks
{
    /// <summary>
    /// v = 1, dv = -1 (a_max = 1), partner 100 and mean 0.1 at a_max: v + a dv = 0.01 / 100 = 1e-4, so a = 0.9999, longer than
    /// the fixed rule's 0.99.
    /// </summary>
    [Fact]
    public void The_blocking_variable_ends_at_a_tenth_of_the_mean_over_its_partner()
    {
        double a = InteriorPointIterate.BlockingStep(longest: 1, value: 1, change: -1, partnerAtLongest: 100, meanAtLongest: 0.1);
        Assert.Equal(0.9999, a, 12);
        Assert.Equal((1 - InteriorPointIterate.BlockingShare) * 0.1 / 100, 1 - a, 12);
    }

    /// <summary>
    /// Where the rule asks for less than 0.99 a_max (a small partner, or a partner or mean that is not positive) the fixed rule's
    /// step is taken: v = 2, dv = -4 (a_max = 0.5), partner 0.01 and mean 0.5 put v + a dv at 5, a negative step.
    /// </summary>
    [Theory]
    [InlineData(0.01, 0.5)]
    [InlineData(0.0, 0.5)]
    [InlineData(-1.0, 0.5)]
    [InlineData(100.0, 0.0)]
    public void The_fixed_rule_is_a_floor(double partner, double mean)
        => Assert.Equal(InteriorPointIterate.StepToBoundary * 0.5,
            InteriorPointIterate.BlockingStep(longest: 0.5, value: 2, change: -4, partnerAtLongest: partner, meanAtLongest: mean));

    /// <summary>
    /// A partner so large that the blocking variable's target rounds to 0: the step stops a relative 1e-12 short of a_max
    /// (v stays positive); a step longer than 1 is cut to 1, also when 0.99 a_max alone exceeds it.
    /// </summary>
    [Fact]
    public void The_step_never_reaches_the_boundary_nor_exceeds_one()
    {
        double a = InteriorPointIterate.BlockingStep(longest: 0.5, value: 1, change: -2, partnerAtLongest: 1e300, meanAtLongest: 1e-300);
        Assert.True(a < 0.5 && a >= 0.5 * (1 - 1e-12), $"step {a:R}");
        Assert.True(1 + a * -2 > 0, $"v + a dv = {1 + a * -2:R}");
        Assert.Equal(1.0, InteriorPointIterate.BlockingStep(longest: 1.005, value: 1.005, change: -1, partnerAtLongest: 1e6, meanAtLongest: 1));
        Assert.Equal(1.0, InteriorPointIterate.BlockingStep(longest: 3, value: 3, change: -1, partnerAtLongest: 0.01, meanAtLongest: 1));
    }

    /// <summary>
    /// The rule's purpose, on two m-space programs (SolverInstances, seed 7, reliable, tau_c = 0.05): MK_4 on 400 points of
    /// S^19 with B = 100 and the square loss, MK_6 on 300 points of S^9 with B = 1000 and Huber(0.1). Measured in a development
    /// build that could switch rules: 3 and 7 iterations with this rule, 6 and 9 with the fixed rule (0.99 a_max); with the
    /// ball's second-order corrector term (SolverOptions.BallSecondOrder, 2026-11-30) 5 and 5 with this rule, 6 and 9 with the
    /// fixed one. The ceilings 5 and 8 fail if the fixed rule comes back (the square loss's with no iteration to spare). The
    /// interior point alone (SolverOptions.TryInterpolant off: both kernels interpolate, and the interpolant would certify both
    /// programs before any iteration).
    /// </summary>
    [Theory]
    [InlineData("square", 5)]
    [InlineData("huber", 8)]
    public void M_space_solves_converge_in_fewer_iterations_than_with_the_fixed_rule(string loss, int ceiling)
    {
        var (m, n, degree, bound) = loss == "square" ? (400, 20, 4, 100.0) : (300, 10, 6, 1000.0);
        var sample = SolverInstances.Sample(m, n, seed: 7);
        var program = SolverInstances.Program(sample, degree, ProgramTask.Reliable, bound, 0.05, loss == "square" ? new Loss.Square() : new Loss.Huber(0.1));
        var r = ReliableSolver.Solve(program, SolverOptions.Default with { TryInterpolant = false });
        Assert.Equal(NewtonSystemKind.Dense, r.NewtonSystem);
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.InRange(r.Iterations, 1, ceiling);
    }
}
