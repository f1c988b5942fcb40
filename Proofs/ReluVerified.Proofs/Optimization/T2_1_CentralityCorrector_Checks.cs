using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1: Gondzio's centrality correctors (<see cref="SolverOptions.CentralityCorrectors"/>, r-space Newton systems) change the
/// interior point's path, not the program: with and without them the solver certifies the same optimum (each objective is at
/// least the other's rounding-safe dual bound), and on these instances (seeds in <see cref="SolverInstances"/>, printed) they
/// save iterations for the square loss, hard (zero constraints and ball pairs) and penalised (excess pairs too). The
/// absolute and Huber losses take Mehrotra's direction alone (why: InteriorPointIterate.Centre).
/// </summary>
public sealed class T2_1_CentralityCorrector_Checks(ITestOutputHelper output)
{
    [Theory]
    [InlineData("reliable-square", 7)]
    [InlineData("penalised-square", 7)]
    public void Correctors_certify_the_same_optimum_in_fewer_iterations(string name, int seed)
    {
        var sample = SolverInstances.Sample(m: 900, n: 10, seed: seed);
        var program = name switch
        {
            "reliable-square" => SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 50, tau: 0.05, new Loss.Square()),
            _ => SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 50, tau: 0.05, new Loss.Square()).WithZeroPenalty(0.2),
        };
        var with = ReliableSolver.Solve(program);
        var without = ReliableSolver.Solve(program, SolverOptions.Default with { CentralityCorrectors = 0 });
        output.WriteLine($"{name}, seed {seed}: with correctors {with.Exit} in {with.Iterations} iterations (gap {with.DualityGap:E2}), "
                         + $"without {without.Exit} in {without.Iterations} (gap {without.DualityGap:E2}); {with.NewtonSystem} rank {with.Rank}");
        Assert.Equal(NewtonSystemKind.LowRank, with.NewtonSystem);
        Assert.Equal(ExitCondition.Converged, with.Exit);
        Assert.Equal(ExitCondition.Converged, without.Exit);
        Assert.True(with.Objective >= without.DualBound - 1e-12 && without.Objective >= with.DualBound - 1e-12,
            $"with [{with.DualBound}, {with.Objective}] vs without [{without.DualBound}, {without.Objective}]");
        Assert.True(with.Iterations <= without.Iterations - 2, $"{with.Iterations} iterations with correctors, {without.Iterations} without");
    }

    [Theory]
    [InlineData("absolute")]
    [InlineData("huber")]
    public void Epigraph_losses_take_the_same_path_with_and_without_correctors(string lossName)
    {
        Loss loss = lossName == "absolute" ? new Loss.Absolute() : new Loss.Huber(0.1);
        var sample = SolverInstances.Sample(m: 900, n: 10, seed: 7);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 50, tau: 0.05, loss);
        var with = ReliableSolver.Solve(program);
        var without = ReliableSolver.Solve(program, SolverOptions.Default with { CentralityCorrectors = 0 });
        output.WriteLine($"{lossName}: {with.Exit} in {with.Iterations} iterations, objective {with.Objective:R}; without: {without.Iterations}, {without.Objective:R}");
        Assert.Equal(NewtonSystemKind.LowRank, with.NewtonSystem);
        Assert.Equal(without.Iterations, with.Iterations);
        Assert.Equal(without.Objective, with.Objective);
        Assert.Equal(without.Coefficients.ToArray(), with.Coefficients.ToArray());
    }

    [Fact]
    public void A_negative_corrector_count_is_refused_naming_the_option()
    {
        var sample = SolverInstances.Sample(m: 50, n: 4, seed: 1);
        var program = SolverInstances.Program(sample, degree: 2, ProgramTask.Reliable, bound: 5, tau: 0.05, new Loss.Square());
        var error = Assert.Throws<ArgumentException>(() => ReliableSolver.Solve(program, SolverOptions.Default with { CentralityCorrectors = -1 }));
        Assert.Contains("CentralityCorrectors is -1", error.Message);
    }
}
