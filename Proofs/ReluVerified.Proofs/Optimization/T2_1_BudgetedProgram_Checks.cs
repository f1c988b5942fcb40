using System.Collections.Immutable;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// Deterministic checks of the penalised and budgeted programs (T2.1-budget, ours, beyond the paper;
/// Proofs/T2.1-budgeted-program.md): a tiny instance solved by hand, the programs' contract (validation, equality, copies),
/// the hard path untouched, the boxed multipliers and the budget certificate recomputed exactly, other losses, tau_c &lt; 0,
/// zero weights, and the search's promises (never over the budget, its number of solves).
/// </summary>
public sealed class T2_1_BudgetedProgram_Checks(ITestOutputHelper output)
{
    private static readonly SolverOptions Defaults = SolverOptions.Default;

    // The tiny instance of Proofs/T2.1-budgeted-program.md: two samples with the same feature (K = [[1, 1], [1, 1]], so
    // f_1 = f_2 = a and ||f||^2 = a^2), labels y = (1, 0), tau_c = 0, B = 4 (inactive: a stays in [0, 1]).
    private static KernelProgram Tiny(Loss loss) => new(Matrix.Create(2, 2, [1, 1, 1, 1]), [1.0, 0.0], ProgramTask.Reliable, 4, 0, loss);

    private static void AssertRefused(Action make, string argument, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Equal(argument, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Tiny_instance_penalised_solutions_match_the_hand_solution()
    {
        // square loss: minimise (1/2)(a - 1)^2 + (lambda/2) max(0, a). For lambda < 2: a = 1 - lambda/2, objective
        // lambda/2 - lambda^2/8, excess a/2, multiplier s_2 = lambda/2 (= c_2, the box is active). For lambda >= 2: a = 0 (the
        // hard solution; its multiplier is s_2 = 1, so eta_hard = s_2 m / w_2 = 2: the exact-penalty threshold).
        var program = Tiny(new Loss.Square());
        var hard = ReliableSolver.Solve(program);
        Assert.Equal(ExitCondition.Converged, hard.Exit);
        Assert.True(Math.Abs(hard.DualMultipliers[1] * 2 - 2) <= 1e-6, $"eta_hard {hard.DualMultipliers[1] * 2:R}");
        foreach (double lambda in new[] { 0.5, 1.0, 1.5, 3.0, 10.0 })
        {
            var r = ReliableSolver.Solve(program.WithZeroPenalty(lambda));
            double a = Math.Max(0, 1 - lambda / 2), objective = lambda < 2 ? lambda / 2 - lambda * lambda / 8 : 0.5;
            output.WriteLine($"lambda {lambda}: {r.Exit} a {r.Predictions[0]:R} objective {r.Objective:R} excess {r.Excess:R} s {r.DualMultipliers[0]:R}, {r.DualMultipliers[1]:R} gap {r.DualityGap:E2}");
            Assert.Equal(ExitCondition.Converged, r.Exit);
            Assert.Equal(0, r.ConstraintViolation);
            // the optimum lies in [DualBound, Objective]; 1e-15 covers the rounding of the hand formula
            Assert.InRange(objective, r.DualBound - 1e-15, r.Objective + 1e-15);
            // the objective is 1/2-strongly convex in a... (1/2)(a - a*)^2 <= objective - optimum <= gap, so |a - a*| <= sqrt(2 gap)
            Assert.True(Math.Abs(r.Predictions[0] - a) <= Math.Sqrt(2 * r.DualityGap) + 1e-15, $"a {r.Predictions[0]:R} vs {a}");
            Assert.Equal(r.Predictions[0], r.Predictions[1]);
            Assert.Equal(Math.Max(0, r.Predictions[1]) / 2, r.Excess, 15);
            // the box 0 <= s_2 <= lambda w_2 / m = lambda / 2 holds exactly
            Assert.InRange(r.DualMultipliers[1], 0, lambda / 2);
        }
    }

    [Fact]
    public void Tiny_instance_budgeted_solutions_match_the_hand_solution()
    {
        // budgeted: minimise (1/2)(a - 1)^2 s.t. a/2 <= S: a = min(1, 2S), optimum (1/2)(1 - 2S)^2 for S <= 1/2 (0 beyond), reached
        // by the penalised program at lambda = 2(1 - 2S), which is also the budget multiplier eta
        var program = Tiny(new Loss.Square());
        foreach (double budget in new[] { 0.1, 0.25, 0.4 })
        {
            var b = ReliableSolver.SolveWithBudget(program, budget);
            double optimum = 0.5 * (1 - 2 * budget) * (1 - 2 * budget), lambda = 2 * (1 - 2 * budget);
            output.WriteLine($"S {budget}: {b.Exit} lambda {b.ZeroPenalty:R} (hand {lambda}) loss {b.Loss:R} (hand {optimum:R}) excess {b.Excess:R} eta {b.BudgetMultiplier:R} gap {b.BudgetGap:E2} solves {b.Solves}");
            Assert.Equal(ExitCondition.Converged, b.Exit);
            Assert.True(b.Excess <= budget);
            Assert.InRange(optimum, b.BudgetDualBound - 1e-15, b.Loss + 1e-15);
            Assert.True(b.BudgetGap <= 1e-6 * Math.Max(1, b.Loss), $"gap {b.BudgetGap:E2}");
            // eta <= lambda (the box), and near the multiplier: the budget gap bounds (S - Excess) eta, and lambda moves a by lambda/2
            Assert.True(b.BudgetMultiplier <= b.ZeroPenalty);
            Assert.True(Math.Abs(b.ZeroPenalty - lambda) <= 1e-3, $"lambda {b.ZeroPenalty:R} vs {lambda}");
            Assert.True(b.Solves <= 2 + 2 * 30, $"{b.Solves} solves");
        }
        // the excess is linear in a and a moves linearly between the hard (a = 0) and the lambda = 0 (a = 1) solutions, so the
        // mixture of those two ends is already optimal: two solves
        Assert.True(ReliableSolver.SolveWithBudget(program, 0.25) is { Mixed: true, Solves: 2 });
        // S >= 1/2: the budget does not bind and lambda = 0 (Z unconstrained) is returned after two solves
        var free = ReliableSolver.SolveWithBudget(program, 0.6);
        Assert.Equal((0.0, 2), (free.ZeroPenalty, free.Solves));
        Assert.True(free.Loss <= 1e-8 && free.Excess <= 0.6 && free.BudgetMultiplier == 0);
        // S = 0: the hard program's solve, exactly
        var zero = ReliableSolver.SolveWithBudget(program, 0);
        Assert.Equal(ReliableSolver.Solve(program), zero.Result);
        Assert.Equal((double.PositiveInfinity, 1, zero.Result.DualBound), (zero.ZeroPenalty, zero.Solves, zero.BudgetDualBound));
    }

    [Fact]
    public void Absolute_loss_with_a_jump_in_the_excess_is_solved_by_mixing_the_ends()
    {
        // absolute loss: (1/2)|a - 1| + (lambda/2) max(0, a) has a = 1 for lambda < 1 and a = 0 for lambda > 1 (the excess jumps
        // from 1/2 to 0 at lambda = eta_hard = 1), while the budgeted optimum (1/2)(1 - 2S) at a = 2S is reached only at lambda = 1
        // by one of many penalised minimisers. No single solve meets the budget tightly; the mixture of the bracket's ends does
        // (Proofs/T2.1-budgeted-program.md, "Mixing the ends"), with optimum in [BudgetDualBound, Loss].
        var program = Tiny(new Loss.Absolute());
        const double budget = 0.25, optimum = 0.25;
        var b = ReliableSolver.SolveWithBudget(program, budget);
        output.WriteLine($"{b.Exit} lambda {b.ZeroPenalty:R} loss {b.Loss:R} excess {b.Excess:R} dual {b.BudgetDualBound:R} gap {b.BudgetGap:E2} solves {b.Solves}");
        Assert.True(b.WithinBudget);
        Assert.InRange(optimum, b.BudgetDualBound - 1e-15, b.Loss + 1e-15);
        Assert.True(b is { Exit: ExitCondition.Converged, Mixed: true }, $"{b.Exit}, mixed {b.Mixed}");
        Assert.True(b.BudgetGap <= 1e-6 * Math.Max(1, b.Loss), $"gap {b.BudgetGap:E2}");
        Assert.True(Math.Abs(b.ZeroPenalty - 1) <= 1e-4, $"lambda {b.ZeroPenalty:R}");
        // K = 11' has rank 1: the search runs on L L' (Proofs/T2.1-reliable-program.md, "Which program is certified"), so the
        // mixture is certified there too, in u, with nothing charged for K's rounding
        Assert.Equal(NewtonSystemKind.LowRank, b.Result.NewtonSystem);
        Assert.Single(b.Result.FactorCoordinates);
        Assert.Equal(0.0, b.Result.GramAllowance);
        // the caller's options choose the Newton system of the search, as they do for a single solve
        var dense = ReliableSolver.SolveWithBudget(program, budget, SolverOptions.Default with { NewtonSystem = NewtonSystemKind.Dense });
        Assert.Equal(NewtonSystemKind.Dense, dense.Result.NewtonSystem);
    }

    [Fact]
    public void Invalid_penalties_and_budgets_are_refused_with_the_argument_named()
    {
        var program = Tiny(new Loss.Square());
        var factor = new FactorProgram(Matrix.Create(2, 1, [1, 1]), [1.0, 0.0], ProgramTask.Reliable, 4, 0, new Loss.Square());
        foreach (double bad in new[] { double.NaN, -1e-300, -1, double.NegativeInfinity })
        {
            AssertRefused(() => program.WithZeroPenalty(bad), "zeroPenalty", $"zeroPenalty (lambda) is {bad}: the zero penalty must be a non-negative number");
            AssertRefused(() => factor.WithZeroPenalty(bad), "zeroPenalty", $"zeroPenalty (lambda) is {bad}: the zero penalty must be a non-negative number");
        }
        foreach (double bad in new[] { double.NaN, -1, double.PositiveInfinity })
        {
            AssertRefused(() => ReliableSolver.SolveWithBudget(program, bad), "budget", $"budget (S) is {bad}: it must be a non-negative finite number.");
            AssertRefused(() => ReliableSolver.SolveWithBudget(factor, bad), "budget", $"budget (S) is {bad}: it must be a non-negative finite number.");
        }
        AssertRefused(() => ReliableSolver.SolveWithBudget(program, 0.1, maxBisections: -1), "maxBisections", "maxBisections is -1: it must be non-negative.");
        AssertRefused(() => ReliableSolver.SolveWithBudget(program, 0.1, budgetGapTolerance: 0), "budgetGapTolerance", "budgetGapTolerance is 0: it must be a positive finite number.");
        Assert.Throws<ArgumentNullException>(() => ReliableSolver.SolveWithBudget((KernelProgram)null!, 0.1));
    }

    [Fact]
    public void Zero_penalty_is_part_of_equality_hash_and_copies()
    {
        var program = Tiny(new Loss.Square());
        Assert.True(double.IsPositiveInfinity(program.ZeroPenalty));
        Assert.Equal(program, program.WithZeroPenalty(double.PositiveInfinity));
        Assert.Equal(program.GetHashCode(), program.WithZeroPenalty(double.PositiveInfinity).GetHashCode());
        var soft = program.WithZeroPenalty(0.5);
        Assert.NotEqual(program, soft);
        Assert.NotEqual(soft, program.WithZeroPenalty(0.25));
        Assert.Equal(soft, program.WithZeroPenalty(0.5));
        Assert.Equal(soft.GetHashCode(), program.WithZeroPenalty(0.5).GetHashCode());
        Assert.Equal(0.5, soft.WithNormBound(2).ZeroPenalty);
        Assert.Equal(0.5, soft.WithThreshold(0.1).ZeroPenalty);
        Assert.Equal(0.0, program.WithZeroPenalty(0).ZeroPenalty);

        var factor = new FactorProgram(Matrix.Create(2, 1, [1, 1]), [1.0, 0.0], ProgramTask.Reliable, 4, 0, new Loss.Square());
        var softFactor = factor.WithZeroPenalty(0.5);
        Assert.True(double.IsPositiveInfinity(factor.ZeroPenalty));
        Assert.NotEqual(factor, softFactor);
        Assert.Equal(softFactor, factor.WithZeroPenalty(0.5));
        Assert.Equal(softFactor.GetHashCode(), factor.WithZeroPenalty(0.5).GetHashCode());
        Assert.Equal(0.5, softFactor.WithNormBound(2).ZeroPenalty);
        Assert.Equal(0.5, softFactor.WithThreshold(0.1).ZeroPenalty);
    }

    [Fact]
    public void Objective_loss_term_and_excess_on_exact_inputs()
    {
        // f = (1/2, 1/2): loss term (1/2)(1/2)^2 = 1/8, excess (1/2)(1/2) = 1/4; penalised objective at lambda = 1: 1/8 + 1/4.
        // Weights (3, 2) and m = 2: loss (3/2)(1/4) = 3/8, excess (2/2)(1/2) = 1/2. All exact in binary.
        var program = Tiny(new Loss.Square());
        double[] f = [0.5, 0.5];
        Assert.Equal(0.125, program.Objective(f));
        Assert.Equal(0.125, program.LossTerm(f));
        Assert.Equal(0.25, program.Excess(f));
        Assert.Equal(0.375, program.WithZeroPenalty(1).Objective(f));
        Assert.Equal(0.125, program.WithZeroPenalty(0).Objective(f));
        Assert.Equal(0.0, program.Excess([0.5, -0.5]));
        var weighted = new KernelProgram(program.Gram, program.Labels, ProgramTask.Reliable, 4, 0, new Loss.Square(), [3.0, 2.0]);
        Assert.Equal((0.375, 0.5, 0.375 + 0.5 * 0.5), (weighted.LossTerm(f), weighted.Excess(f), weighted.WithZeroPenalty(0.5).Objective(f)));
        var factor = new FactorProgram(Matrix.Create(2, 1, [1, 1]), [1.0, 0.0], ProgramTask.Reliable, 4, 0, new Loss.Square());
        Assert.Equal((0.125, 0.25, 0.375), (factor.LossTerm(f), factor.Excess(f), factor.WithZeroPenalty(1).Objective(f)));
        AssertRefused(() => program.Excess([0.5]), "predictions", "predictions has 1 entries; the program has 2 samples.");
        AssertRefused(() => program.LossTerm([0.5]), "predictions", "predictions has 1 entries; the program has 2 samples.");
        AssertRefused(() => factor.Excess([0.5, 0.5, 0.5]), "predictions", "predictions has 3 entries; the program has 2 samples.");
        AssertRefused(() => factor.LossTerm([0.5]), "predictions", "predictions has 1 entries; the program has 2 samples.");
    }

    [Fact]
    public void The_hard_program_takes_exactly_the_old_path_and_reports_its_excess()
    {
        var sample = SolverInstances.Sample(m: 90, n: 4, seed: 21);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, tau: 0.05, new Loss.Square());
        var r = ReliableSolver.Solve(program);
        Assert.Equal(r, ReliableSolver.Solve(program.WithZeroPenalty(double.PositiveInfinity)));
        Assert.Equal(r, ReliableSolver.Solve(program.WithZeroPenalty(0.3).WithZeroPenalty(double.PositiveInfinity)));
        AssertEqualsNonZero(r);
        // Excess <= (sum_Z w_j / m) ConstraintViolation, and Objective has no penalty term
        int zeros = sample.Labels.Count(y => y == 0);
        Assert.True(r.Excess <= (double)zeros / program.Count * r.ConstraintViolation + 1e-18, $"excess {r.Excess:E2}");
        Assert.Equal(program.LossTerm(r.Predictions.AsSpan()), r.Objective);
        var factor = FactorProgram.From(PivotedCholesky.Factor(program.Gram, 1e-10, maxRank: 30), program.Labels, ProgramTask.Reliable, 10, 0.05, new Loss.Square());
        Assert.Equal(ReliableSolver.Solve(factor), ReliableSolver.Solve(factor.WithZeroPenalty(double.PositiveInfinity)));
    }

    private static void AssertEqualsNonZero(SolverResult r) => Assert.Equal(ExitCondition.Converged, r.Exit);

    [Fact]
    public void Penalised_multipliers_are_boxed_exactly_and_the_budget_bound_recomputes_exactly()
    {
        // s_j m <= lambda w_j exactly (dyadic arithmetic), BudgetMultiplier >= max s_j m / w_j exactly, and
        // BudgetDualBound <= DualBound - S max_j s_j m / w_j exactly (weights 1 here, so the maximum is a dyadic)
        var sample = SolverInstances.Sample(m: 100, n: 4, seed: 8);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, tau: 0.05, new Loss.Square());
        double free = ReliableSolver.Solve(program.WithZeroPenalty(0)).Excess;
        foreach (double share in new[] { 0.1, 0.5 })
        {
            var b = ReliableSolver.SolveWithBudget(program, share * free);
            var r = b.Result;
            var m = Dyadic.Of(program.Count);
            var eta = Dyadic.Zero;
            for (int j = 0; j < program.Count; j++)
            {
                if (!program.InConstrainedSet(j)) continue;
                var sm = Dyadic.Of(r.DualMultipliers[j]) * m;
                Assert.True(r.DualMultipliers[j] >= 0 && sm <= Dyadic.Of(b.ZeroPenalty) * Dyadic.Of(program.Weights[j]), $"s_{j} = {r.DualMultipliers[j]:R}");
                if (!(sm <= eta)) eta = sm;
            }
            Assert.True(eta <= Dyadic.Of(b.BudgetMultiplier), $"eta {b.BudgetMultiplier:R} below the exact {eta.ToDouble():R}");
            Assert.True(Dyadic.Of(b.BudgetDualBound) <= Dyadic.Of(r.DualBound) - Dyadic.Of(b.Budget) * eta);
            // and it is tight: within 1e-15 of the exact value
            Assert.True(Math.Abs(b.BudgetDualBound - (r.DualBound - b.Budget * eta.ToDouble())) <= 1e-15);
            output.WriteLine($"S {b.Budget:E3}: {b.Exit} lambda {b.ZeroPenalty:R} eta {b.BudgetMultiplier:R} loss {b.Loss:R} gap {b.BudgetGap:E2} solves {b.Solves}");
        }
    }

    [Fact]
    public void Other_losses_a_negative_threshold_and_the_factor_path_converge_with_the_penalty()
    {
        var sample = SolverInstances.Sample(m: 80, n: 4, seed: 13);
        foreach (var (loss, tau) in new (Loss, double)[] { (new Loss.Absolute(), 0.05), (new Loss.Huber(0.1), 0.05), (new Loss.Square(), -0.05) })
        {
            var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, tau, loss);
            foreach (double lambda in new[] { 0.0, 0.05, 0.5 })
            {
                var r = ReliableSolver.Solve(program.WithZeroPenalty(lambda));
                output.WriteLine($"{loss.Describe()} tau {tau} lambda {lambda}: {r.Exit} it {r.Iterations} obj {r.Objective:R} gap {r.DualityGap:E2} excess {r.Excess:E2}");
                Assert.Equal(ExitCondition.Converged, r.Exit);
                Assert.Equal(program.WithZeroPenalty(lambda).Objective(r.Predictions.AsSpan()), r.Objective);
            }
        }
        var square = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, -0.05, new Loss.Square());
        var factor = FactorProgram.From(PivotedCholesky.Factor(square.Gram, 1e-10, maxRank: 25), square.Labels, ProgramTask.Reliable, 10, -0.05, new Loss.Square());
        var rf = ReliableSolver.Solve(factor.WithZeroPenalty(0.2));
        Assert.Equal(ExitCondition.Converged, rf.Exit);
        Assert.Equal(25, rf.Coefficients.Length);
    }

    [Fact]
    public void Zero_weight_points_and_lambda_zero_leave_Z_unconstrained()
    {
        // a zero-labelled point of weight 0 costs nothing in the penalised program: its multiplier is 0 and it adds no excess;
        // at lambda = 0 every multiplier on Z is 0
        var sample = SolverInstances.Sample(m: 60, n: 4, seed: 17);
        var weights = sample.Labels.Select((y, i) => y == 0 && i % 3 == 0 ? 0.0 : 1.0).ToImmutableArray();
        var program = new KernelProgram(SolverInstances.Program(sample, 3, ProgramTask.Reliable, 10, 0.05, new Loss.Square()).Gram, sample.Labels,
            ProgramTask.Reliable, 10, 0.05, new Loss.Square(), weights);
        var r = ReliableSolver.Solve(program.WithZeroPenalty(0.5));
        Assert.Equal(ExitCondition.Converged, r.Exit);
        for (int j = 0; j < program.Count; j++)
            if (program.InConstrainedSet(j) && weights[j] == 0) Assert.Equal(0.0, r.DualMultipliers[j]);
        var free = ReliableSolver.Solve(program.WithZeroPenalty(0));
        Assert.Equal(ExitCondition.Converged, free.Exit);
        Assert.All(Enumerable.Range(0, program.Count).Where(program.InConstrainedSet), j => Assert.Equal(0.0, free.DualMultipliers[j]));
        Assert.Equal(program.LossTerm(free.Predictions.AsSpan()), free.Objective);
    }

    [Fact]
    public void The_search_never_returns_a_point_over_the_budget_and_counts_its_solves()
    {
        var sample = SolverInstances.Sample(m: 80, n: 4, seed: 29);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, tau: 0.02, new Loss.Square());
        double free = ReliableSolver.Solve(program.WithZeroPenalty(0)).Excess;
        foreach (double share in new[] { 1e-4, 0.02, 0.3, 0.9 })
        {
            foreach (int bisections in new[] { 0, 3, 30 })
            {
                var b = ReliableSolver.SolveWithBudget(program, share * free, maxBisections: bisections);
                output.WriteLine($"S {b.Budget:E3} bisections {bisections}: {b.Exit} lambda {b.ZeroPenalty:R} excess {b.Excess:E3} loss {b.Loss:R} gap {b.BudgetGap:E2} solves {b.Solves}");
                Assert.True(b.WithinBudget && b.Excess <= b.Budget);
                Assert.True(b.Solves <= 2 + 2 * bisections, $"{b.Solves} solves");
                Assert.True(b.BudgetDualBound <= b.Loss);
                // without bisections the answer is the hard solve or the mixture of the hard and the lambda = 0 solves
                if (bisections == 0) Assert.True(double.IsPositiveInfinity(b.ZeroPenalty) || b.Mixed, $"lambda {b.ZeroPenalty}, mixed {b.Mixed}");
                // a mixture is a point of its own: its predictions are those of its coefficients, its excess that of its predictions
                if (b.Mixed)
                {
                    var f = SolverInstances.Predict(program.Gram, b.Result.Coefficients);
                    Assert.True(Enumerable.Range(0, f.Length).All(i => Math.Abs(f[i] - b.Result.Predictions[i]) <= 1e-12), "mixed predictions");
                    Assert.Equal(program.Excess(b.Result.Predictions.AsSpan()), b.Excess);
                    Assert.Equal(program.WithZeroPenalty(b.ZeroPenalty).Objective(b.Result.Predictions.AsSpan()), b.Result.Objective);
                }
            }
        }
    }

    [Fact]
    public void An_infeasible_hard_program_grows_lambda_until_the_budget_is_met_or_reports_that_it_never_was()
    {
        // tau_c = -0.3 with B = 0.05: no f in the ball meets every zero constraint (phase 1 proves it), so the search grows lambda
        // by decades from max(1, 2 eta) until a solve meets the budget; a budget below every reachable excess is never met:
        // NumericalTrouble with the least excess found, WithinBudget false, after 2 + 12 solves
        var sample = SolverInstances.Sample(m: 80, n: 4, seed: 31);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 0.05, tau: -0.3, new Loss.Square());
        Assert.Equal(ExitCondition.Infeasible, ReliableSolver.Solve(program).Exit);
        double free = ReliableSolver.Solve(program.WithZeroPenalty(0)).Excess;
        var reachable = ReliableSolver.SolveWithBudget(program, 0.7 * free);
        output.WriteLine($"S {reachable.Budget:E3}: {reachable.Exit} lambda {reachable.ZeroPenalty:E3} excess {reachable.Excess:E3} gap {reachable.BudgetGap:E2} solves {reachable.Solves}");
        Assert.Equal(ExitCondition.Converged, reachable.Exit);
        Assert.True(reachable.WithinBudget && reachable.BudgetDualBound <= reachable.Loss);
        var unreachable = ReliableSolver.SolveWithBudget(program, 0.01 * free);
        output.WriteLine($"S {unreachable.Budget:E3}: {unreachable.Exit} lambda {unreachable.ZeroPenalty:E3} excess {unreachable.Excess:E3} solves {unreachable.Solves}");
        Assert.Equal((ExitCondition.NumericalTrouble, false, 14), (unreachable.Exit, unreachable.WithinBudget, unreachable.Solves));
        Assert.True(unreachable.Excess < free);
    }
}
