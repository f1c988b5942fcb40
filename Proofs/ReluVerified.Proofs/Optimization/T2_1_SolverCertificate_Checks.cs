using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1: what <see cref="ReliableSolver"/> returns is the certificate of the point it returns (Proofs/T2.1-reliable-program.md,
/// "Stopping rule"): the predictions are K alpha on the program's own Gram matrix, the objective, violations and squared norm
/// are those of that point, the dual bound and stationarity are the rounding-safe evaluation (<c>DualCertificate.Bound</c>) at
/// the returned multipliers and theta, and the exit is Converged exactly when the stopping rule's four inequalities hold,
/// each at its boundary (tolerances relative to max(1, |Objective|), to B, or absolute).
/// </summary>
public sealed class T2_1_SolverCertificate_Checks
{
    private static readonly SolverOptions Managed = SolverOptions.Default with { Backend = ComputeBackend.Managed };

    /// <summary>
    /// Asserts the result describes its own point: f = A c (to the rounding of a rescaling into the ball), the objective, the
    /// violations and ||f||^2 of that point, the dual bound, stationarity and s recomputed by the rounding-safe evaluation at the
    /// returned nu and theta (same code path, so bit for bit: slopes are the loss's derivatives for these losses), and
    /// Converged exactly when the stopping rule holds.
    /// </summary>
    private static void AssertDescribesItsPoint(ISolvableProgram program, SolverResult r, SolverOptions options)
    {
        Assert.NotEqual(ExitCondition.Infeasible, r.Exit);
        var c = r.Coefficients.ToArray();
        var f = program.PredictionsOf(c, ComputeBackend.Managed);
        // tolerance: the returned point may have been rescaled into the ball after f was computed (f t against K (alpha t))
        for (int i = 0; i < f.Length; i++) Assert.True(Math.Abs(f[i] - r.Predictions[i]) <= 1e-12 * (1 + Math.Abs(f[i])), $"f[{i}]");
        var predictions = r.Predictions.ToArray();
        Assert.Equal(program.Objective(predictions), r.Objective);
        double violation = 0;
        for (int i = 0; i < program.Count; i++) if (program.InConstrainedSet(i)) violation = Math.Max(violation, predictions[i] - program.Threshold);
        Assert.Equal(violation, r.ConstraintViolation);
        double q = program.SquaredNormOf(c, predictions);
        Assert.Equal(q, r.SquaredNorm, 1e-14 * (1 + q));
        Assert.Equal(Math.Max(0, r.SquaredNorm - program.NormBound), r.BallViolation);
        var bound = DualCertificate.Bound(program, c, predictions, [.. r.ConstraintMultipliers], null, r.BallMultiplier, options.Backend);
        Assert.Equal(bound.Dual, r.DualBound);
        Assert.Equal(bound.Stationarity, r.Stationarity);
        Assert.Equal(bound.Multipliers, r.DualMultipliers.ToArray());
        Assert.All(r.ConstraintMultipliers, v => Assert.True(v >= 0));
        for (int i = 0; i < program.Count; i++) if (!program.InConstrainedSet(i)) Assert.Equal(0.0, r.ConstraintMultipliers[i]);
        Assert.Equal(r.Exit == ExitCondition.Converged, ReliableSolver.Certified(r, options, program.NormBound));
    }

    public static TheoryData<string> Cases => new()
    {
        "reliable-square", "agnostic-square", "reliable-huber", "reliable-square-low-rank", "reliable-square-negative-threshold",
        "reliable-square-iteration-limit", "reliable-square-gap-unreachable",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_returned_certificate_is_that_of_the_returned_point(string name)
    {
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 71);
        var (task, bound, tau, loss, options) = name switch
        {
            "agnostic-square" => (ProgramTask.Agnostic, 2.0, 0.05, (Loss)new Loss.Square(), Managed),
            "reliable-huber" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Huber(0.1), Managed),
            "reliable-square-low-rank" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed with { NewtonSystem = NewtonSystemKind.LowRank }),
            "reliable-square-negative-threshold" => (ProgramTask.Reliable, 50.0, -0.05, new Loss.Square(), Managed),
            "reliable-square-iteration-limit" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed with { MaxIterations = 3 }),
            "reliable-square-gap-unreachable" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed with { GapTolerance = 1e-300 }),
            _ => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed),
        };
        var program = SolverInstances.Program(sample, degree: 3, task, bound, tau, loss);
        var r = ReliableSolver.Solve(program, options);
        AssertDescribesItsPoint(program, r, options);
        switch (name)
        {
            case "reliable-square-iteration-limit":
                Assert.Equal(ExitCondition.IterationLimit, r.Exit);
                Assert.Equal(3, r.Iterations);
                break;
            case "reliable-square-gap-unreachable":
                // no gap is <= 1e-300 (the rounding allowance alone is larger): never Converged, however long it runs
                Assert.NotEqual(ExitCondition.Converged, r.Exit);
                Assert.True(r.DualityGap > 1e-300);
                break;
            default:
                Assert.Equal(ExitCondition.Converged, r.Exit);
                break;
        }
    }

    [Fact]
    public void A_factor_program_returns_the_certificate_of_its_factor_coordinates()
    {
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 73);
        var factor = PivotedCholesky.Factor(GramEngine.Gram(new Kernel.Multinomial(3), sample.Points), 1e-6, maxRank: 12);
        var program = FactorProgram.From(factor, sample.Labels, ProgramTask.Reliable, 2, 0.05, new Loss.Square());
        var r = ReliableSolver.Solve(program, Managed);
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.Equal(12, r.Coefficients.Length);
        AssertDescribesItsPoint(program, r, Managed);
    }

    [Fact]
    public void The_stopping_rule_holds_each_tolerance_at_its_boundary_relative_to_max_1_and_the_objectives_magnitude()
    {
        // GapTolerance 2^-27 so that gaps at the boundary are exact doubles: with Objective -4 (a custom loss may go below 0) the
        // scale is max(1, |-4|) = 4 and the boundary gap 2^-25
        var o = SolverOptions.Default with { GapTolerance = Math.Pow(2, -27) };
        var at = new SolverResult(ExitCondition.IterationLimit, [0.0], [0.0], -4, -4 - Math.Pow(2, -25), ConstraintViolation: o.ConstraintTolerance,
            BallViolation: o.BallTolerance * 5, Stationarity: o.StationarityTolerance * 4, SquaredNorm: 5, [0.0], [0.0], 0, 1, TimeSpan.Zero,
            NewtonSystemKind.Dense, 1);
        Assert.Equal(Math.Pow(2, -25), at.DualityGap);
        Assert.True(ReliableSolver.Certified(at, o, 5));
        Assert.False(ReliableSolver.Certified(at with { DualBound = Math.BitDecrement(at.DualBound) }, o, 5));
        Assert.False(ReliableSolver.Certified(at with { ConstraintViolation = Math.BitIncrement(o.ConstraintTolerance) }, o, 5));
        Assert.False(ReliableSolver.Certified(at with { BallViolation = Math.BitIncrement(o.BallTolerance * 5) }, o, 5));
        Assert.False(ReliableSolver.Certified(at with { Stationarity = Math.BitIncrement(o.StationarityTolerance * 4) }, o, 5));
        // an objective inside [-1, 1] is scaled by 1, not by |F|
        var small = at with { Objective = 0.5, DualBound = 0.5 - Math.Pow(2, -27), Stationarity = o.StationarityTolerance };
        Assert.True(ReliableSolver.Certified(small, o, 5));
        Assert.False(ReliableSolver.Certified(small with { DualBound = Math.BitDecrement(small.DualBound) }, o, 5));
        Assert.False(ReliableSolver.Certified(small with { Stationarity = Math.BitIncrement(o.StationarityTolerance) }, o, 5));
        // NaN anywhere fails the rule
        Assert.False(ReliableSolver.Certified(small with { DualBound = double.NaN }, o, 5));
        Assert.False(ReliableSolver.Certified(small with { ConstraintViolation = double.NaN }, o, 5));
        Assert.False(ReliableSolver.Certified(small with { BallViolation = double.NaN }, o, 5));
        Assert.False(ReliableSolver.Certified(small with { Stationarity = double.NaN }, o, 5));
        // each tolerance is read from the options it is given
        Assert.True(ReliableSolver.Certified(small with { Stationarity = 1e-3 }, o with { StationarityTolerance = 1e-3 }, 5));
        Assert.False(ReliableSolver.Certified(small, o with { GapTolerance = 0.5e-8 }, 5));
        Assert.False(ReliableSolver.Certified(at, o with { ConstraintTolerance = 0.5e-9 }, 5));
        Assert.False(ReliableSolver.Certified(at, o with { BallTolerance = 0.5e-9 }, 5));
    }
}
