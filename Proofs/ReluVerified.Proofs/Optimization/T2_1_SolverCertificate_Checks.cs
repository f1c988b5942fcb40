using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1: what <see cref="ReliableSolver"/> returns is the certificate of the point it returns (Proofs/T2.1-reliable-program.md,
/// "Stopping rule"): the predictions are those of the certified program (K alpha on the program's own Gram matrix in m-space,
/// L u on the solve's pivoted Cholesky factor in r-space, with alpha = L_pp^(-T) u on the pivots), the objective, violations and squared norm
/// are those of that point, the dual bound and stationarity are the rounding-safe evaluation (<c>DualCertificate.Bound</c>) at
/// the returned multipliers and theta, and the exit is Converged exactly when the stopping rule's four inequalities hold,
/// each at its boundary (tolerances relative to max(1, |Objective|), to B, or absolute).
/// </summary>
public sealed class T2_1_SolverCertificate_Checks(ITestOutputHelper output)
{
    private static readonly SolverOptions Managed = SolverOptions.Default with { Backend = ComputeBackend.Managed };

    /// <summary>
    /// Asserts the result describes its own point: f = A c (to the rounding of a rescaling into the ball), the objective, the
    /// violations and ||f||^2 of that point, the dual bound, stationarity and s recomputed by the rounding-safe evaluation at the
    /// returned nu and theta (same code path, so bit for bit where the slopes are the loss's derivatives; for the absolute and
    /// Huber losses, whose slopes may come from the epigraph multipliers, to a few ulps), and Converged exactly when the
    /// stopping rule holds.
    /// </summary>
    private static void AssertDescribesItsPoint(ISolvableProgram program, SolverResult r, SolverOptions options)
    {
        Assert.NotEqual(ExitCondition.Infeasible, r.Exit);
        // r-space solves of a kernel program certify the program on L L' in factor coordinates u
        var c = r.Coefficients.ToArray();
        if (program is KernelProgram kernelProgram) (program, c, _) = SolverInstances.Certified(kernelProgram, r, options);
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
        // the zero multiplier (s = 0, nu = 0, theta = 0; ReliableSolver's last resort and its stop within the gap tolerance
        // of 0) is evaluated with zero slopes, not the loss's derivative at f
        bool zeroMultiplier = r.DualMultipliers.All(v => v == 0) && r.ConstraintMultipliers.All(v => v == 0) && r.BallMultiplier == 0;
        var bound = DualCertificate.Bound(program, c, predictions, [.. r.ConstraintMultipliers], zeroMultiplier ? new double[program.Count] : null,
            r.BallMultiplier, options.Backend);
        if (program.Loss is Loss.Huber or Loss.Absolute && bound.Dual != r.DualBound)
        {
            // the epigraph losses' certificate may use the interior point's slopes (lambda - kappa) / (w_i/m) instead of the
            // loss's subgradient: recovered from the returned s_i = (w_i/m) slope_i (1 - 2^-50), the re-evaluation applies the
            // domain factor once more, so s and the dual agree to a few ulps, not bit for bit
            var slopes = new double[program.Count];
            for (int i = 0; i < program.Count; i++)
                if (program.InLossSet(i) && program.Weights[i] > 0) slopes[i] = r.DualMultipliers[i] / (program.Weights[i] / program.Count);
            bound = DualCertificate.Bound(program, c, predictions, [.. r.ConstraintMultipliers], slopes, r.BallMultiplier, options.Backend);
            Assert.Equal(bound.Dual, r.DualBound, 1e-14 * (1 + Math.Abs(r.DualBound)));
            Assert.Equal(bound.Stationarity, r.Stationarity, 1e-14 * (1 + r.Stationarity));
            for (int i = 0; i < program.Count; i++) Assert.Equal(bound.Multipliers[i], r.DualMultipliers[i], 1e-14 * Math.Abs(r.DualMultipliers[i]));
        }
        else
        {
            Assert.Equal(bound.Dual, r.DualBound);
            Assert.Equal(bound.Stationarity, r.Stationarity);
            Assert.Equal(bound.Multipliers, r.DualMultipliers.ToArray());
        }
        Assert.All(r.ConstraintMultipliers, v => Assert.True(v >= 0));
        for (int i = 0; i < program.Count; i++) if (!program.InConstrainedSet(i)) Assert.Equal(0.0, r.ConstraintMultipliers[i]);
        Assert.Equal(r.Exit == ExitCondition.Converged, ReliableSolver.Certified(r, options, program.NormBound));
    }

    public static TheoryData<string> Cases => new()
    {
        "reliable-square", "agnostic-square", "reliable-huber", "reliable-absolute", "reliable-square-low-rank", "reliable-square-negative-threshold",
        "reliable-square-iteration-limit", "reliable-square-gap-unreachable", "reliable-square-gap-below-rounding",
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
            "reliable-absolute" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Absolute(), Managed),
            "reliable-square-low-rank" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed with { NewtonSystem = NewtonSystemKind.LowRank }),
            "reliable-square-negative-threshold" => (ProgramTask.Reliable, 50.0, -0.05, new Loss.Square(), Managed),
            "reliable-square-iteration-limit" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed with { MaxIterations = 3 }),
            "reliable-square-gap-unreachable" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed with { GapTolerance = 1e-300 }),
            "reliable-square-gap-below-rounding" => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed with { GapTolerance = 1e-14 }),
            _ => (ProgramTask.Reliable, 2.0, 0.05, new Loss.Square(), Managed),
        };
        var program = SolverInstances.Program(sample, degree: 3, task, bound, tau, loss);
        var solves = new SolveLengths();
        var r = ReliableSolver.Solve(program, options, progress: solves);
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
            case "reliable-square-gap-below-rounding":
                // gap tolerance 1e-14 * max(1, |F|) with F ~ 2e-3: below the rounding allowance of the rounding-safe dual
                // (~1e-13 here), so the working estimate may meet the rule where the certificate cannot: the solve stops there,
                // before its budget, and reports NumericalTrouble, not Converged
                // each interior-point run stops before its budget (a NumericalTrouble solve is repeated without the centrality
                // correctors and without the ball's second-order term, so Iterations counts several runs)
                Assert.Equal(ExitCondition.NumericalTrouble, r.Exit);
                Assert.True(solves.Runs > 0 && solves.Longest < options.MaxIterations, $"{solves.Longest} iterations in one run");
                Assert.True(r.DualityGap > options.GapTolerance * Math.Max(1, Math.Abs(r.Objective)));
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
            BallViolation: o.BallTolerance * 5, Stationarity: o.StationarityTolerance * 4, SquaredNorm: 5, [0.0], [0.0], 0, 1,
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

    /// <summary>
    /// The final certificate's candidates include nu = 0 (Certificate's documentation), whatever multipliers the iterations
    /// carry. With tau_c = 3 no zero constraint can bind in the ball (|f_i| &lt;= sqrt(B k(x, x)) = sqrt(2 * 4) &lt; 3), a warm
    /// start puts nu = 100 on every row of Z, and a gap tolerance of 1e-300 keeps every candidate from the stopping rule, so
    /// the candidate with the least score, which the gap term dominates (gap / 1e-300 against stationarity / 1e-8), is the
    /// one with the largest rounding-safe dual: never below the dual at nu = 0 (the same rounding-safe evaluation, so exactly
    /// comparable; the dual does not depend on theta).
    /// </summary>
    [Theory]
    [InlineData("kernel", 1)]
    [InlineData("kernel", 2)]
    [InlineData("factor", 1)]
    [InlineData("factor", 2)]
    public void The_final_certificate_is_never_worse_than_the_one_at_zero_constraint_multipliers(string coordinates, int iterations)
    {
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 71);
        const double bound = 2, tau = 3;
        ISolvableProgram program = coordinates == "kernel"
            ? SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound, tau, new Loss.Square())
            : FactorProgram.From(PivotedCholesky.Factor(GramEngine.Gram(new Kernel.Multinomial(3), sample.Points), 1e-6, maxRank: 12),
                sample.Labels, ProgramTask.Reliable, bound, tau, new Loss.Square());
        int size = program is FactorProgram fp ? fp.Rank : program.Count;
        var warm = new WarmStart(ImmutableArray.Create(new double[size]),
            Enumerable.Range(0, program.Count).Select(i => program.InConstrainedSet(i) ? 100.0 : 0.0).ToImmutableArray(), 0);
        var options = Managed with { MaxIterations = iterations, GapTolerance = 1e-300 };
        var r = program is KernelProgram kp ? ReliableSolver.Solve(kp, options, warm) : ReliableSolver.Solve((FactorProgram)program, options, warm);
        Assert.Equal(ExitCondition.IterationLimit, r.Exit);
        AssertDescribesItsPoint(program, r, options);
        // on the program the solve certified (an r-space solve of a kernel program: the program on L L' in u), whose dual is
        // the one the returned bound is comparable with
        var c = r.Coefficients.ToArray();
        var f = r.Predictions.ToArray();
        var certified = program;
        if (program is KernelProgram kernelProgram) (certified, c, _) = SolverInstances.Certified(kernelProgram, r, options);
        var atZero = DualCertificate.Bound(certified, c, f, new double[program.Count], null, r.BallMultiplier, options.Backend);
        Assert.True(r.DualBound >= atZero.Dual, $"dual {r.DualBound:R} below the dual at nu = 0, {atZero.Dual:R}");
        // the warm multipliers themselves are far from it: without nu = 0 among the candidates this would fail
        var atWarm = DualCertificate.Bound(certified, c, f, [.. warm.ConstraintMultipliers], null, r.BallMultiplier, options.Backend);
        Assert.True(atWarm.Dual < atZero.Dual - 1, $"warm {atWarm.Dual:R}, zero {atZero.Dual:R}");
    }

    /// <summary>The stopping rule's score of a result (SolverOptions): the largest of its four quantities over its tolerance.</summary>
    private static double Score(SolverResult r, SolverOptions o, double bound)
    {
        double scale = Math.Max(1, Math.Abs(r.Objective));
        return Math.Max(Math.Max(r.DualityGap / (o.GapTolerance * scale), r.Stationarity / (o.StationarityTolerance * scale)),
            Math.Max(r.ConstraintViolation / o.ConstraintTolerance, r.BallViolation / (o.BallTolerance * bound)));
    }

    /// <summary>
    /// At the iteration limit the solver returns the best iterate by the stopping rule's score, not the starting point: on
    /// these programs six iterations bring the score down by orders of magnitude from the first (a factor above 10 here;
    /// the returned certificates are the rounding-safe ones of each point, so only the ordering is asserted).
    /// </summary>
    [Theory]
    [InlineData(0.05, 2.0)]
    [InlineData(-0.05, 50.0)]
    public void At_the_iteration_limit_a_larger_budget_returns_a_point_nearer_the_stopping_rule(double tau, double bound)
    {
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 71);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound, tau, new Loss.Square());
        var one = Managed with { MaxIterations = 1 };
        // six: with the centrality correctors the tau_c = 0.05 program converges in 9 iterations (29 without them)
        var six = Managed with { MaxIterations = 6 };
        var first = ReliableSolver.Solve(program, one);
        var later = ReliableSolver.Solve(program, six);
        Assert.Equal(ExitCondition.IterationLimit, first.Exit);
        Assert.Equal(ExitCondition.IterationLimit, later.Exit);
        AssertDescribesItsPoint(program, later, six);
        Assert.True(Score(later, six, bound) < Score(first, one, bound), $"{Score(later, six, bound):R} after 6 iterations, {Score(first, one, bound):R} after 1");
        Assert.NotEqual(first.Coefficients.ToArray(), later.Coefficients.ToArray());
    }

    /// <summary>
    /// Violations count in the score against their own (absolute) tolerance: warm-started at the agnostic optimum, which
    /// breaks the zero constraints (max f_i - tau_c ~ 0.036 on Z here, 3.6e7 tolerances of 1e-9) at a small gap, the
    /// reliable solve must not return that starting point at its iteration limit: after three iterations the point
    /// returned is feasible and scores below the one returned after one.
    /// </summary>
    [Fact]
    public void A_violating_start_with_a_small_gap_is_not_returned_as_the_best_iterate()
    {
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 71);
        const double bound = 2, tau = 0.05;
        var agnostic = ReliableSolver.Solve(SolverInstances.Program(sample, degree: 3, ProgramTask.Agnostic, bound, tau, new Loss.Square()), Managed);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound, tau, new Loss.Square());
        var warm = new WarmStart(agnostic.Coefficients, ImmutableArray.Create(new double[program.Count]), agnostic.BallMultiplier);
        // the warm path itself (no cold retry, which would replace the violating neighbourhood by a cold start's point)
        var one = Managed with { MaxIterations = 1, RetryCold = false };
        var three = Managed with { MaxIterations = 3, RetryCold = false };
        var first = ReliableSolver.Solve(program, one, warm);
        var later = ReliableSolver.Solve(program, three, warm);
        AssertDescribesItsPoint(program, later, three);
        Assert.True(first.ConstraintViolation > 1e-2, $"the start's neighbourhood violates: {first.ConstraintViolation:R}");
        Assert.Equal(0.0, later.ConstraintViolation);
        Assert.True(Score(later, three, bound) < Score(first, one, bound), $"{Score(later, three, bound):R} after 3 iterations, {Score(first, one, bound):R} after 1");
    }

    /// <summary>
    /// A point that leaves the ball is scaled back into it when scaling cannot break a zero constraint: with Z empty (the
    /// agnostic task) even for tau_c &lt; 0, and with tau_c = 0 (scaling keeps f_i &lt;= 0). The reported squared norm is then
    /// B up to the rounding of the scaling (a few ulps), never more.
    /// </summary>
    [Theory]
    [InlineData(ProgramTask.Agnostic, -0.05)]
    [InlineData(ProgramTask.Reliable, 0.0)]
    public void A_point_outside_the_ball_is_scaled_into_it_when_no_zero_constraint_can_break(ProgramTask task, double tau)
    {
        var sample = SolverInstances.Sample(m: 40, n: 4, seed: 71);
        const double bound = 2;
        var program = SolverInstances.Program(sample, degree: 3, task, bound, tau, new Loss.Square());
        for (int k = 1; k <= 14; k++)
        {
            var options = Managed with { MaxIterations = k };
            var r = ReliableSolver.Solve(program, options);
            AssertDescribesItsPoint(program, r, options);
            // tolerance: t = sqrt(B / q) and q t^2 each round once or twice (relative 2^-52 each)
            Assert.True(r.SquaredNorm <= bound * (1 + 4 * Math.Pow(2, -52)), $"budget {k}: ||f||^2 - B = {r.SquaredNorm - bound:R}");
        }
    }

    /// <summary>
    /// The zero multiplier (Proofs/T2.1-reliable-program.md, "Stopping rule"): on 300 points of S^9 (seed 7) the kernel MK_6
    /// interpolates, the reliable square-loss program's optimum is 0, and after two iterations the objective is about 3e-14
    /// while the interior point's multipliers certify a gap near 1e-5. The returned certificate is then s = 0, nu = 0, theta = 0
    /// with dual bound 0 (at most one rounding step below), exactly DualCertificate.Bound's at that multiplier, and the exit is
    /// Converged at the iteration limit. After one iteration (objective about 6e-4, above the gap tolerance) it is not used.
    /// The interior point alone (SolverOptions.TryInterpolant off: the interpolant would certify this program before any
    /// iteration, T2_1_Interpolant_Checks).
    /// </summary>
    [Fact]
    public void A_point_within_the_gap_tolerance_of_zero_is_certified_by_the_zero_multiplier()
    {
        var sample = SolverInstances.Sample(m: 300, n: 10, seed: 7);
        var program = SolverInstances.Program(sample, degree: 6, ProgramTask.Reliable, bound: 1000, tau: 0.05, new Loss.Square());
        var interiorPoint = SolverOptions.Default with { TryInterpolant = false };
        var r = ReliableSolver.Solve(program, interiorPoint with { MaxIterations = 2 });
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.Equal(NewtonSystemKind.Dense, r.NewtonSystem);
        Assert.True(r.Objective <= 1e-8, $"objective {r.Objective:E3}");
        SolverInstances.AssertZeroMultiplierCertificate(program, r);

        var early = ReliableSolver.Solve(program, interiorPoint with { MaxIterations = 1 });
        Assert.Equal(ExitCondition.IterationLimit, early.Exit);
        Assert.True(early.Objective > 1e-8 && early.DualBound < -1e-3, $"objective {early.Objective:E3}, dual {early.DualBound:E3}");

        // while the multipliers' certificates improve, a solve does not stop at the zero multiplier's first chance
        // (ReliableSolver.ZeroBoundMayCertify): the default solve goes on from iteration 2 and its multipliers certify
        // iteration 3 (measured with the Haswell and the SkylakeX kernels)
        var full = ReliableSolver.Solve(program, interiorPoint);
        Assert.Equal(ExitCondition.Converged, full.Exit);
        Assert.Equal(3, full.Iterations);
    }

    /// <summary>
    /// A solve whose multipliers stop improving while an admissible iterate is within the gap tolerance of 0 ends there,
    /// certified by the zero multiplier (ReliableSolver.ZeroBoundMayCertify): docs/solver.md's grid program
    /// n10-d6-B1e3-rel-huber at m = 2000 (Bench/ReluVerified.Bench's solver-grid data, seed 1010; the optimum is 0). With
    /// OpenBLAS's Haswell kernels its objective reached 1.9e-11 at iteration 6 while the multipliers' gap stayed above 1e-5,
    /// and the iterates then drifted until iteration 36; now it ends at iteration 6 (the SkylakeX kernels' multipliers
    /// certify iteration 8 themselves). The interior point alone (SolverOptions.TryInterpolant off: the interpolant certifies
    /// this program before any iteration).
    /// </summary>
    [Fact]
    public void A_solve_whose_multipliers_stall_near_a_zero_optimum_ends_at_its_least_objective_iterate()
    {
        var sample = SolverInstances.Sample(m: 2000, n: 10, seed: 1010);
        var program = SolverInstances.Program(sample, degree: 6, ProgramTask.Reliable, bound: 1000, tau: 0.05, new Loss.Huber(0.1));
        var r = ReliableSolver.Solve(program, SolverOptions.Default with { TryInterpolant = false });
        output.WriteLine($"{r.Exit} in {r.Iterations} iterations, objective {r.Objective:E3}, dual {r.DualBound:E3}");
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.InRange(r.Iterations, 1, 8);
        Assert.True(r.Objective <= 1e-8, $"objective {r.Objective:E3}");
    }

    /// <summary>
    /// A stalled solve returns its admissible iterate of least objective when the zero multiplier certifies it: MK_4 on 400
    /// points of S^19 (seed 7), B = 10, reliable, absolute loss. Measured before: the iterates' own multipliers ranked best an
    /// iterate whose objective was above the 1e-8 tolerance, and the solve stopped NumericalTrouble at gap 8.8e-7. Now
    /// Converged with the zero multiplier's dual bound 0 (one rounding step below) at a later iterate.
    /// </summary>
    [Fact]
    public void A_stalled_solve_returns_its_admissible_iterate_of_least_objective_when_that_one_is_certified()
    {
        var sample = SolverInstances.Sample(m: 400, n: 20, seed: 7);
        var program = SolverInstances.Program(sample, degree: 4, ProgramTask.Reliable, bound: 10, tau: 0.05, new Loss.Absolute());
        var r = ReliableSolver.Solve(program);
        Assert.Equal(NewtonSystemKind.Dense, r.NewtonSystem);
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.True(r.Objective <= 1e-8, $"objective {r.Objective:E3}");
        Assert.InRange(r.DualBound, -double.Epsilon, 0.0);
        Assert.True(r.MaxViolation <= 1e-9, $"violation {r.MaxViolation:E3}");
    }

    /// <summary>The iterations of each interior-point run a solve reports (each run reports iteration 1 first).</summary>
    private sealed class SolveLengths : IProgress<SolverIteration>
    {
        private readonly List<int> _runs = [];

        internal int Longest => _runs.Count == 0 ? 0 : _runs.Max();

        internal int Runs => _runs.Count;

        public void Report(SolverIteration value)
        {
            if (value.Iteration == 1) _runs.Add(0);
            _runs[^1] = value.Iteration;
        }
    }
}
