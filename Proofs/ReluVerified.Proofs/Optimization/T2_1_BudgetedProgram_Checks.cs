using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// Deterministic checks of the penalised and budgeted programs (T2.1-budget, ours, beyond the paper;
/// Proofs/T2.1-budgeted-program.md).
/// </summary>
public sealed class T2_1_BudgetedProgram_Checks(ITestOutputHelper output)
{
    // Tiny instance, solved by hand (Proofs/T2.1-budgeted-program.md, "A tiny instance"): two samples with the same feature
    // (K = [[1, 1], [1, 1]], so f_1 = f_2 = a and ||f||^2 = a^2), labels y = (1, 0), square loss, tau_c = 0, B = 4.
    private static KernelProgram Tiny() => new(Matrix.Create(2, 2, [1, 1, 1, 1]), [1.0, 0.0], ProgramTask.Reliable, 4, 0, new Loss.Square());

    [Fact]
    public void Smoke()
    {
        var p = Tiny();
        var hard = ReliableSolver.Solve(p);
        output.WriteLine($"hard {hard.Exit} obj {hard.Objective:R} f {string.Join(",", hard.Predictions)} nu {string.Join(",", hard.DualMultipliers)} gap {hard.DualityGap:E2} exc {hard.Excess}");
        foreach (double lambda in new[] { 0, 0.5, 1, 1.5, 1.9, 2.1, 5 })
        {
            var r = ReliableSolver.Solve(p.WithZeroPenalty(lambda));
            output.WriteLine($"lambda {lambda}: {r.Exit} it {r.Iterations} obj {r.Objective:R} f {string.Join(",", r.Predictions)} s {string.Join(",", r.DualMultipliers)} gap {r.DualityGap:E2} stat {r.Stationarity:E2} exc {r.Excess}");
        }
        foreach (double S in new[] { 0, 0.1, 0.25, 0.4, 0.6 })
        {
            var b = ReliableSolver.SolveWithBudget(p, S);
            output.WriteLine($"S {S}: {b.Exit} lambda {b.ZeroPenalty} loss {b.Loss:R} exc {b.Excess:R} eta {b.BudgetMultiplier} gap {b.BudgetGap:E2} solves {b.Solves}");
        }
        var sample = SolverInstances.Sample(m: 120, n: 4, seed: 5);
        var q = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, tau: 0.05, new Loss.Square());
        var h = ReliableSolver.Solve(q);
        output.WriteLine($"hard {h.Exit} it {h.Iterations} obj {h.Objective:R} gap {h.DualityGap:E2} exc {h.Excess}");
        foreach (double lambda in new[] { 0, 0.01, 0.1, 1, 10 })
        {
            var r = ReliableSolver.Solve(q.WithZeroPenalty(lambda));
            output.WriteLine($"lambda {lambda}: {r.Exit} it {r.Iterations} obj {r.Objective:R} gap {r.DualityGap:E2} stat {r.Stationarity:E2} exc {r.Excess}");
        }
        foreach (double S in new[] { 0, 0.001, 0.01, 0.03 })
        {
            var b = ReliableSolver.SolveWithBudget(q, S);
            output.WriteLine($"S {S}: {b.Exit} lambda {b.ZeroPenalty} loss {b.Loss:R} exc {b.Excess:R} eta {b.BudgetMultiplier} gap {b.BudgetGap:E2} solves {b.Solves} resexit {b.Result.Exit}");
        }
    }
}
