using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>Deterministic checks of the T2.1 / R2.2 solver (see Proofs/T2.1-reliable-program.md).</summary>
public sealed class T21_ReliableProgram_Checks(ITestOutputHelper output)
{
    // The solver certifies gap <= GapTolerance * max(1, |objective|); these checks ask for 1e-9 and allow the same.
    private static readonly SolverOptions Tight = new(GapTolerance: 1e-9, FeasibilityTolerance: 1e-9);

    [Fact]
    public void Agnostic_square_loss_matches_closed_form_kernel_ridge_with_B_its_own_norm()
    {
        var sample = SolverInstances.Sample(m: 150, n: 4, seed: 11);
        var probe = SolverInstances.Program(sample, degree: 3, ProgramTask.Agnostic, bound: 1, tau: 0, new Loss.Square());
        int m = sample.Count;
        const double lambda = 1e-3;
        // KRR: minimise (1/m)||K a - y||^2 + lambda a'K a  =>  (K + m lambda I) a = y (MathNet, independent of the solver)
        var k = Matrix<double>.Build.Dense(m, m, (i, j) => probe.Gram[i, j]);
        var y = Vector<double>.Build.DenseOfEnumerable(sample.Labels);
        var a = (k + m * lambda * Matrix<double>.Build.DenseIdentity(m)).Cholesky().Solve(y);
        var fKrr = k * a;
        double b = a.DotProduct(fKrr);
        double objKrr = (fKrr - y).DotProduct(fKrr - y) / m;

        var result = ReliableSolver.Solve(probe.WithNormBound(b), Tight);
        output.WriteLine($"{result.Exit} it={result.Iterations} obj={result.Objective:R} krr={objKrr:R} gap={result.DualityGap:E2} theta={result.BallMultiplier:R}");
        Assert.Equal(ExitCondition.Converged, result.Exit);
        // 1e-7 relative: the certified gap is 1e-9 and the KRR optimum is the program's optimum, so objectives differ by at most the gap.
        Assert.True(Math.Abs(result.Objective - objKrr) <= 1e-7 * objKrr, $"objective {result.Objective:R} vs KRR {objKrr:R}");
        // The ball multiplier is lambda (KKT of the norm-constrained program); 1e-4 relative: multipliers converge as sqrt(gap).
        Assert.True(Math.Abs(result.BallMultiplier - lambda) <= 1e-4 * lambda, $"theta {result.BallMultiplier:R} vs lambda {lambda}");
        // Predictions: strong convexity in f of the square loss gives ||f - f*||^2 / m <= gap, so 1e-4 is generous.
        double maxDiff = Enumerable.Range(0, m).Max(i => Math.Abs(result.Predictions[i] - fKrr[i]));
        Assert.True(maxDiff <= 1e-4, $"max prediction difference {maxDiff:E2}");
    }

    [Fact]
    public void Reliable_program_certifies_its_answer_on_a_fixed_instance()
    {
        var sample = SolverInstances.Sample(m: 200, n: 5, seed: 3);
        var program = SolverInstances.Program(sample, degree: 4, ProgramTask.Reliable, bound: 20, tau: 0.05, new Loss.Square());
        var result = ReliableSolver.Solve(program, Tight);
        output.WriteLine($"{result.Exit} it={result.Iterations} obj={result.Objective:R} dual={result.DualBound:R} viol={result.MaxViolation:E2} q={result.SquaredNorm:R}");
        Assert.Equal(ExitCondition.Converged, result.Exit);
        Assert.True(result.DualityGap <= 1e-9 * Math.Max(1, result.Objective));
        Assert.True(result.MaxViolation <= 1e-9 * 20);
        // the certificate recomputed here from the returned multipliers with an independent mat-vec
        var f = SolverInstances.Predict(program.Gram, result.Coefficients);
        for (int i = 0; i < f.Length; i++) Assert.True(Math.Abs(f[i] - result.Predictions[i]) <= 1e-10 * (1 + Math.Abs(f[i])));
    }
}
