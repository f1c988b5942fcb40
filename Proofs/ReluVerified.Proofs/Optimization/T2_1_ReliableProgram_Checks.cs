using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>Deterministic checks of the T2.1 / R2.2 solver (see Proofs/T2.1-reliable-program.md).</summary>
public sealed class T2_1_ReliableProgram_Checks(ITestOutputHelper output)
{
    private static readonly SolverOptions Defaults = SolverOptions.Default;

    private static void AssertConverged(SolverResult r, double bound)
    {
        Assert.Equal(ExitCondition.Converged, r.Exit);
        // the exit condition promises exactly these four inequalities (SolverOptions defaults 1e-8, 1e-9, 1e-9 and 1e-6)
        double scale = Math.Max(1, Math.Abs(r.Objective));
        Assert.True(r.DualityGap <= Defaults.GapTolerance * scale, $"gap {r.DualityGap:E2}");
        Assert.True(r.ConstraintViolation <= Defaults.ConstraintTolerance, $"zero-constraint violation {r.ConstraintViolation:E2}");
        Assert.True(r.BallViolation <= Defaults.BallTolerance * bound, $"ball violation {r.BallViolation:E2}");
        Assert.True(r.Stationarity <= Defaults.StationarityTolerance * scale, $"stationarity {r.Stationarity:E2}");
    }

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

        var result = ReliableSolver.Solve(probe.WithNormBound(b), Defaults with { GapTolerance = 1e-10 });
        output.WriteLine($"{result.Exit} it={result.Iterations} obj={result.Objective:R} krr={objKrr:R} gap={result.DualityGap:E2} theta={result.BallMultiplier:R}");
        Assert.Equal(ExitCondition.Converged, result.Exit);
        // the KRR solution is the program's optimum, so the objectives differ by at most the certified gap (<= 1e-10)
        // plus the MathNet solve's rounding: 1e-8 relative covers both
        Assert.True(Math.Abs(result.Objective - objKrr) <= 1e-8 * objKrr, $"objective {result.Objective:R} vs KRR {objKrr:R}");
        // the ball multiplier is lambda (KKT of the norm-constrained program); 1e-3 relative: multipliers converge like sqrt(gap)
        Assert.True(Math.Abs(result.BallMultiplier - lambda) <= 1e-3 * lambda, $"theta {result.BallMultiplier:R} vs lambda {lambda}");
        // strong convexity of the square loss in f: ||f - f*||^2 / m <= gap, so max |f - f*| <= sqrt(m gap) ~ 1.2e-4
        double maxDiff = Enumerable.Range(0, m).Max(i => Math.Abs(result.Predictions[i] - fKrr[i]));
        Assert.True(maxDiff <= Math.Sqrt(m * 1e-10) + 1e-9, $"max prediction difference {maxDiff:E2}");
    }

    [Fact]
    public void Reliable_program_certifies_its_answer_and_the_certificate_recomputes_independently()
    {
        var sample = SolverInstances.Sample(m: 200, n: 5, seed: 3);
        var program = SolverInstances.Program(sample, degree: 4, ProgramTask.Reliable, bound: 20, tau: 0.05, new Loss.Square());
        var result = ReliableSolver.Solve(program);
        output.WriteLine($"{result.Exit} {result.NewtonSystem} r={result.Rank} it={result.Iterations} obj={result.Objective:R} dual={result.DualBound:R}");
        AssertConverged(result, 20);
        // predictions recomputed entry by entry: 1e-10 relative is the mat-vec's rounding at these sizes
        var f = SolverInstances.Predict(program.Gram, result.Coefficients);
        for (int i = 0; i < f.Length; i++) Assert.True(Math.Abs(f[i] - result.Predictions[i]) <= 1e-10 * (1 + Math.Abs(f[i])));
        // the dual bound recomputed from its formula with MathNet: -sum g*(s) - tau sum nu - sqrt(B s'K s)
        int m = program.Count;
        var s = new double[m];
        double conj = 0, nuSum = 0;
        for (int i = 0; i < m; i++)
        {
            if (program.Labels[i] > 0)
            {
                double slope = 2 * (f[i] - program.Labels[i]);
                s[i] = slope / m;
                conj += (slope * f[i] - (f[i] - program.Labels[i]) * (f[i] - program.Labels[i])) / m;
            }
            else { s[i] = result.ConstraintMultipliers[i]; nuSum += s[i]; Assert.True(s[i] >= 0); }
        }
        var kk = Matrix<double>.Build.Dense(m, m, (i, j) => program.Gram[i, j]);
        var sv = Vector<double>.Build.DenseOfArray(s);
        double dual = -conj - 0.05 * nuSum - Math.Sqrt(20 * sv.DotProduct(kk * sv));
        // 1e-9: two evaluations of the same formula in different summation orders (the sqrt term dominates the rounding)
        Assert.True(Math.Abs(dual - result.DualBound) <= 1e-9, $"dual {dual:R} vs reported {result.DualBound:R}");
    }

    [Fact]
    public void KKT_conditions_hold_at_the_returned_point()
    {
        // Converged promises gap, violations and stationarity within SolverOptions' tolerances; stationarity is measured here
        // exactly as the stopping rule defines it (SolverResult.Stationarity), recomputed independently with MathNet, and the
        // complementarity bounds are the ones the stopping rule implies (Proofs/T2.1-reliable-program.md, "Stopping rule").
        var sample = SolverInstances.Sample(m: 150, n: 6, seed: 5);
        const double b = 3, tau = 0.02;
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: b, tau: tau, new Loss.Square());
        var r = ReliableSolver.Solve(program, Defaults with { NewtonSystem = NewtonSystemKind.Dense });
        AssertConverged(r, b);
        int m = program.Count;
        double theta = r.BallMultiplier, u = Math.Pow(2, -53);
        Assert.True(theta >= 0);
        // the certificate's multipliers: s_i = (1/m) loss'(f_i) on P, nu_i >= 0 on Z. Rebuilt from the returned predictions they
        // agree with the reported s to the last bits (2 (f - y) / m and (1/m) 2 (f - y) round differently: 4u relative)
        var s = new double[m];
        for (int i = 0; i < m; i++)
        {
            s[i] = program.Labels[i] > 0 ? 2 * (r.Predictions[i] - program.Labels[i]) / m : r.ConstraintMultipliers[i];
            if (program.Labels[i] == 0) Assert.True(s[i] >= 0, $"nu[{i}] = {s[i]}");
            Assert.True(Math.Abs(s[i] - r.DualMultipliers[i]) <= 4 * u * Math.Abs(s[i]), $"s[{i}] {s[i]:R} vs reported {r.DualMultipliers[i]:R}");
        }
        // stationarity: sqrt(B) ||s + 2 theta alpha||_K, g = s + 2 theta alpha, in plain double with MathNet
        var k = Matrix<double>.Build.Dense(m, m, (i, j) => program.Gram[i, j]);
        var g = Vector<double>.Build.Dense(m, i => s[i] + 2 * theta * r.Coefficients[i]);
        double stationarity = Math.Sqrt(b * Math.Max(0, g.DotProduct(k * g)));
        // this recomputation's own rounding: |fl(g'K g) - g'K g| <= gamma_{2m} (sum |g_i| sqrt(K_ii))^2 (K PSD), through the sqrt
        double weighted = Enumerable.Range(0, m).Sum(i => Math.Abs(g[i]) * Math.Sqrt(program.Gram[i, i]));
        double recomputation = Math.Sqrt(b * 2 * m * u / (1 - 2 * m * u)) * weighted;
        double scale = Math.Max(1, Math.Abs(r.Objective));
        output.WriteLine($"stationarity {stationarity:E2} (reported bound {r.Stationarity:E2}, allowed {Defaults.StationarityTolerance * scale:E2}, "
                         + $"recomputation rounding {recomputation:E2}), gap {r.DualityGap:E2}, theta {theta:E3}");
        Assert.True(stationarity <= r.Stationarity + recomputation, $"stationarity {stationarity:E2} above the reported bound {r.Stationarity:E2}");
        Assert.True(stationarity <= Defaults.StationarityTolerance * scale + recomputation, $"stationarity {stationarity:E2}");
        // complementarity on Z: sum_Z nu_i (tau - f_i) <= gap (Fenchel-Young and ||f||^2 <= B), plus 1e-12 for f = fl(K alpha)
        double zeroComplementarity = Enumerable.Range(0, m).Where(i => program.Labels[i] == 0)
            .Sum(i => r.ConstraintMultipliers[i] * (tau - r.Predictions[i]));
        Assert.True(zeroComplementarity <= r.DualityGap + 1e-12, $"Z complementarity {zeroComplementarity:E2} vs gap {r.DualityGap:E2}");
        // complementarity of the ball: theta (B - q) <= (1 + sqrt(B / q)) / 2 (Stationarity + gap)
        double ball = theta * (b - r.SquaredNorm);
        Assert.True(ball <= (1 + Math.Sqrt(b / r.SquaredNorm)) / 2 * (r.Stationarity + r.DualityGap) + 1e-15, $"ball complementarity {ball:E2}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e12)]
    public void A_zero_constraint_violation_of_1e3_is_never_Converged_whatever_B(double bound)
    {
        // The stopping rule's predicate itself: a result with no gap and no stationarity error that violates a zero constraint
        // by 1e-3 is refused at every B (ConstraintTolerance is absolute); the ball's tolerance is relative to B.
        var result = new SolverResult(ExitCondition.IterationLimit, [0.0], [0.0], 0.5, 0.5, ConstraintViolation: 1e-3, BallViolation: 0,
            Stationarity: 0, SquaredNorm: 0, [0.0], [0.0], 0, 1, NewtonSystemKind.Dense, 1);
        Assert.False(ReliableSolver.Certified(result, Defaults, bound));
        Assert.True(ReliableSolver.Certified(result with { ConstraintViolation = Defaults.ConstraintTolerance }, Defaults, bound));
        Assert.True(ReliableSolver.Certified(result with { ConstraintViolation = 0, BallViolation = 0.5 * Defaults.BallTolerance * bound }, Defaults, bound));
        Assert.False(ReliableSolver.Certified(result with { ConstraintViolation = 0, BallViolation = 2 * Defaults.BallTolerance * bound }, Defaults, bound));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e12)]
    public void A_warm_start_that_violates_the_zero_constraints_is_not_reported_Converged_before_it_is_feasible(double bound)
    {
        // Warm-started from the optimum at tau_c = 0.3, the program at tau_c = 0 starts with zero-labelled predictions up to ~0.3
        // above the threshold; with the gap tolerance switched off (1e12), only the violation (and stationarity) can stop the
        // solver. Converged must then mean max_Z f_i - tau_c <= ConstraintTolerance (1e-9), at B = 1 as at B = 1e12.
        foreach (int seed in new[] { 9, 11 })
        {
            var sample = SolverInstances.Sample(m: 80, n: 4, seed: seed);
            var loose = SolverInstances.Program(sample, degree: 2, ProgramTask.Reliable, bound, tau: 0.3, new Loss.Square());
            var start = ReliableSolver.Solve(loose);
            var r = ReliableSolver.Solve(loose.WithThreshold(0), Defaults with { GapTolerance = 1e12 }, WarmStart.From(start));
            double violation = Enumerable.Range(0, loose.Count).Where(i => loose.Labels[i] == 0).Max(i => r.Predictions[i]);
            output.WriteLine($"B {bound:E0} seed {seed}: {r.Exit} after {r.Iterations} iterations, zero-constraint violation {violation:E2}");
            Assert.True(r.Exit != ExitCondition.Converged || violation <= 1e-9, $"{r.Exit} with a zero-constraint violation of {violation:E2}");
        }
    }

    [Fact]
    public void Infeasible_program_is_detected_with_a_Farkas_certificate()
    {
        // tau_c = -1 with B = 0.01 and MK_2 (K(x,x) = 3): every f in the ball has |f(x)| <= sqrt(B K(x,x)) = 0.17 < 1
        var sample = SolverInstances.Sample(m: 60, n: 4, seed: 9);
        var program = SolverInstances.Program(sample, degree: 2, ProgramTask.Reliable, bound: 0.01, tau: -1, new Loss.Square());
        Assert.Contains(program.Labels, v => v == 0);
        var r = ReliableSolver.Solve(program);
        Assert.Equal(ExitCondition.Infeasible, r.Exit);
        // Farkas: nu >= 0 on Z summing to 1 with sqrt(B nu'K nu) < -tau_c; recomputed here with MathNet
        int m = program.Count;
        var nu = Vector<double>.Build.DenseOfEnumerable(r.ConstraintMultipliers);
        Assert.All(r.ConstraintMultipliers, v => Assert.True(v >= 0));
        for (int i = 0; i < m; i++) if (program.Labels[i] > 0) Assert.Equal(0.0, r.ConstraintMultipliers[i]);
        Assert.True(Math.Abs(nu.Sum() - 1) <= 1e-12, $"sum {nu.Sum():R}"); // a convex combination, up to rounding of the updates
        var k = Matrix<double>.Build.Dense(m, m, (i, j) => program.Gram[i, j]);
        double reach = Math.Sqrt(0.01 * nu.DotProduct(k * nu));
        Assert.True(reach < 1, $"sqrt(B nu'K nu) = {reach:R}");
        // the reported violation is the certified lower bound -tau_c - sqrt(B nu'K nu) on every point of the ball
        Assert.True(Math.Abs(r.MaxViolation - (1 - reach)) <= 1e-12);
    }

    [Fact]
    public void Negative_threshold_that_is_feasible_is_solved_not_reported_infeasible()
    {
        var sample = SolverInstances.Sample(m: 80, n: 4, seed: 9);
        var program = SolverInstances.Program(sample, degree: 2, ProgramTask.Reliable, bound: 50, tau: -0.05, new Loss.Square());
        var r = ReliableSolver.Solve(program);
        AssertConverged(r, 50);
        for (int i = 0; i < program.Count; i++)
            if (program.Labels[i] == 0) Assert.True(r.Predictions[i] <= -0.05 + 1e-9, $"f[{i}] = {r.Predictions[i]:R}");
    }

    [Fact]
    public void Dense_and_low_rank_Newton_systems_and_both_backends_reach_the_same_optimum()
    {
        // n = 3, d = 3: the Gram matrix has rank 16 (harmonics of degree <= 3 on S^2), so the r-space path applies
        var sample = SolverInstances.Sample(m: 120, n: 3, seed: 21);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, tau: 0.05, new Loss.Square());
        var low = ReliableSolver.Solve(program, Defaults with { NewtonSystem = NewtonSystemKind.LowRank });
        var dense = ReliableSolver.Solve(program, Defaults with { NewtonSystem = NewtonSystemKind.Dense, Backend = ComputeBackend.Managed });
        output.WriteLine($"low rank r={low.Rank}: {low.Exit} {low.Objective:R}; dense managed: {dense.Exit} {dense.Objective:R}");
        Assert.Equal(16, low.Rank);
        Assert.Equal(NewtonSystemKind.LowRank, low.NewtonSystem);
        AssertConverged(low, 10);
        // both certified: the objectives differ by at most the sum of their gaps (plus 1e-10 dual-bound rounding)
        Assert.True(Math.Abs(low.Objective - dense.Objective) <= low.DualityGap + Math.Max(0, dense.DualityGap) + 1e-10);
        if (GramEngine.NativeAvailable)
        {
            var native = ReliableSolver.Solve(program, Defaults with { NewtonSystem = NewtonSystemKind.Dense, Backend = ComputeBackend.Native });
            Assert.True(Math.Abs(native.Objective - dense.Objective) <= native.DualityGap + Math.Max(0, dense.DualityGap) + 1e-10);
        }
    }

    [Fact]
    public void Absolute_and_Huber_losses_are_certified_on_a_fixed_instance()
    {
        var sample = SolverInstances.Sample(m: 150, n: 5, seed: 13);
        foreach (Loss loss in new Loss[] { new Loss.Absolute(), new Loss.Huber(0.1) })
        {
            var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 10, tau: 0.05, loss);
            var r = ReliableSolver.Solve(program);
            output.WriteLine($"{loss.Describe()}: {r.Exit} it={r.Iterations} obj={r.Objective:R} gap={r.DualityGap:E2}");
            AssertConverged(r, 10);
        }
    }

    [Fact]
    public void Custom_loss_declared_as_the_square_loss_gives_the_square_loss_optimum()
    {
        var sample = SolverInstances.Sample(m: 100, n: 5, seed: 17);
        var custom = new Loss.Custom("square (custom)", (p, y) => (p - y) * (p - y), (p, y) => 2 * (p - y), (p, y) => 2,
            new LossAssumptions(Convex: true, Monotone: true, Lipschitz: 2, BoundOnUnitInterval: 1));
        var a = ReliableSolver.Solve(SolverInstances.Program(sample, 3, ProgramTask.Reliable, 10, 0.05, new Loss.Square()));
        var b = ReliableSolver.Solve(SolverInstances.Program(sample, 3, ProgramTask.Reliable, 10, 0.05, custom));
        AssertConverged(a, 10);
        AssertConverged(b, 10);
        Assert.True(Math.Abs(a.Objective - b.Objective) <= a.DualityGap + b.DualityGap + 1e-10);
    }

    [Fact]
    public void Integer_weights_equal_duplicated_samples_up_to_the_sample_count()
    {
        // weight 2 on sample 0 vs sample 0 duplicated: the objectives are (1/m) and (1/(m+1)) times the same sum
        var sample = SolverInstances.Sample(m: 80, n: 4, seed: 23);
        int m = sample.Count;
        var weights = Enumerable.Repeat(1.0, m).ToArray();
        int first = Enumerable.Range(0, m).First(i => sample.Labels[i] > 0);
        weights[first] = 2;
        var gram = GramEngine.Gram(new Kernel.Multinomial(3), sample.Points);
        var weighted = ReliableSolver.Solve(new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, 10, 0.05, new Loss.Square(), [.. weights]));
        var order = Enumerable.Range(0, m).Append(first).ToArray();
        var duplicated = sample.Select(order);
        var dup = ReliableSolver.Solve(new KernelProgram(GramEngine.Gram(new Kernel.Multinomial(3), duplicated.Points), duplicated.Labels,
            ProgramTask.Reliable, 10, 0.05, new Loss.Square()));
        AssertConverged(weighted, 10);
        Assert.NotEqual(ExitCondition.Infeasible, dup.Exit);
        double scaledDup = dup.Objective * (m + 1) / m;
        // both optima of the same sum: within the scaled gaps plus 1e-10 rounding
        Assert.True(Math.Abs(weighted.Objective - scaledDup) <= weighted.DualityGap + dup.DualityGap * (m + 1) / m + 1e-10,
            $"{weighted.Objective:R} vs {scaledDup:R} (gaps {weighted.DualityGap:E2}, {dup.DualityGap:E2})");
    }

    [Fact]
    public void Warm_start_across_B_reaches_the_cold_start_optimum()
    {
        var sample = SolverInstances.Sample(m: 150, n: 5, seed: 29);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 5, tau: 0.05, new Loss.Square());
        var first = ReliableSolver.Solve(program);
        var cold = ReliableSolver.Solve(program.WithNormBound(7));
        var warm = ReliableSolver.Solve(program.WithNormBound(7), warmStart: WarmStart.From(first));
        output.WriteLine($"cold {cold.Iterations} iterations, warm {warm.Iterations}");
        AssertConverged(cold, 7);
        AssertConverged(warm, 7);
        Assert.True(Math.Abs(cold.Objective - warm.Objective) <= cold.DualityGap + warm.DualityGap + 1e-10);
    }

    [Fact]
    public void Pivoted_Cholesky_reproduces_a_low_rank_Gram_matrix()
    {
        var sample = SolverInstances.Sample(m: 90, n: 3, seed: 31);
        var gram = GramEngine.Gram(new Kernel.Multinomial(2), sample.Points);
        var factor = PivotedCholesky.Factor(gram, 1e-13);
        // MK_2 on S^2: harmonics of degree 0, 1, 2 span 1 + 3 + 5 = 9 dimensions
        Assert.Equal(9, factor.Rank);
        Assert.True(factor.Complete);
        double worst = 0;
        for (int i = 0; i < gram.Rows; i++)
            for (int j = 0; j < gram.Columns; j++)
            {
                double llt = 0;
                for (int k = 0; k < factor.Rank; k++) llt += factor.Factor[i, k] * factor.Factor[j, k];
                worst = Math.Max(worst, Math.Abs(gram[i, j] - llt));
            }
        // K - L L' is PSD with trace <= 1e-13 trace(K) = 2.7e-11, which bounds every entry; 1e-10 adds the products' rounding
        Assert.True(worst <= 1e-10, $"max |K - LL'| = {worst:E2}");
    }
}
