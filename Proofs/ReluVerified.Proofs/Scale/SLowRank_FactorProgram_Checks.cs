using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using ReluVerified.Proofs.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Scale;

/// <summary>
/// S-lowrank: the contract of <see cref="FactorProgram"/>, the T2.1 / R2.2 program on K~ = L L' in factor coordinates u
/// (Proofs/S-lowrank.md): the validation messages name the argument and say what is needed; the residual trace is carried by
/// every copy; the objective; predictions L u; ||u||^2; the dual's quadratic forms ||L's||^2 and ||L's + 2 theta u||^2; K~_ij =
/// L_i.L_j; L'alpha; and the rounding-safe norms, which must be at least the exact ones (dyadic arithmetic) and within a few
/// ulps of them. Small factors of small dyadic entries make every plain double operation exact.
/// </summary>
public sealed class SLowRank_FactorProgram_Checks
{
    /// <summary>L (3 x 2) = [[1, 2], [0.5, -1], [-2, 0.25]].</summary>
    private static readonly Matrix L = Matrix.Create(3, 2, [1, 2, 0.5, -1, -2, 0.25]);

    private static readonly ImmutableArray<double> Y = [0, 0.5, 1];

    private static FactorProgram Program(ProgramTask task = ProgramTask.Reliable, ImmutableArray<double> weights = default, Loss? loss = null,
        double residualTrace = 0.125)
        => new(L, Y, task, 4, 0.1, loss ?? new Loss.Square(), residualTrace, weights);

    private static readonly double U = Math.Pow(2, -53);

    private static ISolvableProgram Solvable(FactorProgram p) => p;

    private static void AssertRefused(Action make, string argument, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Equal(argument, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Invalid_inputs_are_refused_with_the_argument_named_and_what_is_needed()
    {
        var square = new Loss.Square();
        AssertRefused(() => new FactorProgram(L, default, ProgramTask.Reliable, 4, 0.1, square), "labels", "labels is empty: at least one sample is needed.");
        AssertRefused(() => new FactorProgram(L, [], ProgramTask.Reliable, 4, 0.1, square), "labels", "labels is empty: at least one sample is needed.");
        AssertRefused(() => new FactorProgram(L, [0.0, 1.0], ProgramTask.Reliable, 4, 0.1, square), "factor",
            "factor is 3x2; 2 labels need 2 rows and at least one column.");
        AssertRefused(() => new FactorProgram(Matrix.Create(3, 0, []), Y, ProgramTask.Reliable, 4, 0.1, square), "factor",
            "factor is 3x0; 3 labels need 3 rows and at least one column.");
        AssertRefused(() => new FactorProgram(Matrix.Create(3, 1, [1, double.PositiveInfinity, 0]), Y, ProgramTask.Reliable, 4, 0.1, square), "factor",
            $"factor[1] is {double.PositiveInfinity}: every entry must be a finite number.");
        AssertRefused(() => Program(residualTrace: -1), "residualTrace", "residualTrace must be non-negative (or NaN), got -1.");
        AssertRefused(() => Program(residualTrace: double.NegativeInfinity), "residualTrace", "residualTrace must be non-negative (or NaN)");
        AssertRefused(() => new FactorProgram(L, Y, ProgramTask.Reliable, double.PositiveInfinity, 0.1, square), "normBound",
            $"normBound (B) must be a positive finite number, got {double.PositiveInfinity}.");
        AssertRefused(() => Program(weights: [1, 1, double.NaN]), "weights", "weights[2] is NaN: weights must be finite and non-negative.");
        Assert.Throws<ArgumentNullException>("factor", () => new FactorProgram((Matrix)null!, Y, ProgramTask.Reliable, 4, 0.1, square));
        Assert.Throws<ArgumentNullException>("rows", () => new FactorProgram((IFactorRows)null!, Y, ProgramTask.Reliable, 4, 0.1, square));
        Assert.Throws<ArgumentNullException>("loss", () => new FactorProgram(L, Y, ProgramTask.Reliable, 4, 0.1, null!));
        Assert.Throws<ArgumentNullException>("factor", () => FactorProgram.From(null!, Y, ProgramTask.Reliable, 4, 0.1, square));
        AssertRefused(() => Program().WithNormBound(0), "normBound", "normBound (B) must be a positive finite number, got 0.");
        AssertRefused(() => Program().WithThreshold(double.NaN), "threshold", "threshold must be a finite number, got NaN.");
        // NaN (unknown) and 0 are valid residual traces
        Assert.True(double.IsNaN(new FactorProgram(L, Y, ProgramTask.Reliable, 4, 0.1, square).ResidualTrace));
        Assert.Equal(0.0, Program(residualTrace: 0).ResidualTrace);
    }

    [Fact]
    public void The_program_holds_its_inputs_and_every_copy_keeps_the_residual_trace_and_the_weights()
    {
        var p = Program(weights: [5, 2, 3]);
        Assert.Same(L, p.Factor);
        Assert.Equal((3, 2, 0.125, 4.0, 0.1, ProgramTask.Reliable), (p.Count, p.Rank, p.ResidualTrace, p.NormBound, p.Threshold, p.Task));
        Assert.Equal(Y, p.Labels);
        Assert.Equal(new[] { 5.0, 2.0, 3.0 }, p.Weights.ToArray());
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, Program().Weights.ToArray());
        Assert.Equal([false, true, true], Enumerable.Range(0, 3).Select(p.InLossSet));
        Assert.Equal([true, false, false], Enumerable.Range(0, 3).Select(p.InConstrainedSet));
        var agnostic = Program(ProgramTask.Agnostic);
        Assert.Equal([true, true, true], Enumerable.Range(0, 3).Select(agnostic.InLossSet));
        Assert.Equal([false, false, false], Enumerable.Range(0, 3).Select(agnostic.InConstrainedSet));
        var wider = p.WithNormBound(9);
        Assert.Equal((9.0, 0.1, 0.125), (wider.NormBound, wider.Threshold, wider.ResidualTrace));
        Assert.Equal(p, wider.WithNormBound(4));
        var lower = p.WithThreshold(-0.2);
        Assert.Equal((4.0, -0.2, 0.125), (lower.NormBound, lower.Threshold, lower.ResidualTrace));
        Assert.Equal(p, lower.WithThreshold(0.1));
        // From carries the factor's residual trace
        var factor = PivotedCholesky.Factor(Matrix.Create(2, 2, [2, 1, 1, 2]), 0.4, maxRank: 1);
        var from = FactorProgram.From(factor, [0.0, 1.0], ProgramTask.Agnostic, 3, 0.2, new Loss.Absolute(), [1, 2]);
        Assert.Equal(factor.ResidualTrace, from.ResidualTrace);
        Assert.True(from.ResidualTrace > 0);
        Assert.Same(factor.Factor, from.Factor);
        Assert.Equal((ProgramTask.Agnostic, 3.0, 0.2, (Loss)new Loss.Absolute()), (from.Task, from.NormBound, from.Threshold, from.Loss));
        Assert.Equal(new[] { 1.0, 2.0 }, from.Weights.ToArray());
    }

    [Fact]
    public void The_objective_is_the_weighted_mean_loss_over_P_divided_by_m()
    {
        double[] f = [1, 0.25, 0.5];
        Assert.Equal((2 * 0.0625 + 3 * 0.25) / 3, Program(weights: [5, 2, 3]).Objective(f));
        Assert.Equal((5 + 2 * 0.0625 + 3 * 0.25) / 3, Program(ProgramTask.Agnostic, weights: [5, 2, 3]).Objective(f));
        var infiniteAtOne = new Loss.Custom("infinite at y = 1", (p, y) => y == 1 ? double.PositiveInfinity : (p - y) * (p - y), (p, y) => 2 * (p - y),
            (p, y) => 2, new LossAssumptions(Convex: true, Monotone: true, Lipschitz: 2, BoundOnUnitInterval: 1));
        Assert.Equal(2 * 0.0625 / 3, Program(weights: [1, 2, 0], loss: infiniteAtOne).Objective(f));
        AssertRefused(() => Program().Objective([1, 2]), "predictions", "predictions has 2 entries; the program has 3 samples.");
    }

    [Fact]
    public void What_the_solver_reads_is_L_u_u_u_L_transpose_s_and_the_dual_quadratic_forms()
    {
        var p = Program();
        var program = Solvable(p);
        double[] u = [2, -0.5];
        // L u = (2 - 1, 1 + 0.5, -4 - 0.125)
        double[] f = [1, 1.5, -4.125];
        Assert.Equal(f, p.Predictions(u));
        Assert.Equal(f, program.PredictionsOf(u, ComputeBackend.Managed));
        if (GramEngine.NativeAvailable) Assert.Equal(f, program.PredictionsOf(u, ComputeBackend.Native));
        AssertRefused(() => p.Predictions([1.0]), "u", "u has 1 entries; the factor has rank 2.");
        Assert.Equal(4.25, program.SquaredNormOf(u, f));
        // K~_ij = L_i . L_j
        Assert.Equal(5.0, program.Entry(0, 0));
        Assert.Equal(0.5 - 2, program.Entry(0, 1));
        Assert.Equal(-1 - 0.25, program.Entry(1, 2));
        // L' alpha, with a zero entry (skipped, not multiplied)
        double[] alpha = [1, 0, -2];
        Assert.Equal([1 + 4, 2 - 0.5], program.CoefficientsOfExpansion(alpha));
        // ||L's||^2 and ||L's + 2 theta u||^2 for theta = 0, 0.5, 2; L's = (0.5 + 1 - 6, 1 - 2 + 0.75) for s = (0.5, 2, 3)
        double[] s = [0.5, 2, 3], lts = [-4.5, -0.25], thetas = [0, 0.5, 2];
        foreach (var backend in GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed])
        {
            var (quadratic, stationarity) = program.DualQuadratics(s, u, f, thetas, backend);
            Assert.Equal(lts[0] * lts[0] + lts[1] * lts[1], quadratic);
            Assert.Equal(thetas.Select(t => Math.Pow(lts[0] + 2 * t * u[0], 2) + Math.Pow(lts[1] + 2 * t * u[1], 2)), stationarity);
        }
    }

    [Fact]
    public void The_rounding_safe_norms_are_above_the_exact_ones_and_tight()
    {
        // a pivoted-Cholesky factor of MK_3 on 12 points of S^3 (rank 6), multipliers of mixed signs with two zeros
        var sample = SolverInstances.Sample(m: 12, n: 4, seed: 53);
        var gram = GramEngine.Gram(new Kernel.Multinomial(3), sample.Points);
        var factor = PivotedCholesky.Factor(gram, 1e-6, maxRank: 6);
        var program = Solvable(FactorProgram.From(factor, sample.Labels, ProgramTask.Reliable, 2, 0.05, new Loss.Square()));
        int m = 12, r = factor.Factor.Columns;
        var rng = new Random(9);
        double[] s = [.. Enumerable.Range(0, m).Select(i => i % 5 == 0 ? 0 : rng.NextDouble() - 0.5)];
        double[] u = [.. Enumerable.Range(0, r).Select(_ => rng.NextDouble() - 0.5)];
        const double theta = 0.3;
        foreach (var backend in GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed])
        {
            var (norm, stationarity) = program.DualNormBounds(s, u, theta, backend);
            var lts = new Dyadic[r];
            var rr = new Dyadic[r];
            for (int j = 0; j < r; j++)
            {
                for (int i = 0; i < m; i++) lts[j] += Dyadic.Of(factor.Factor[i, j]) * Dyadic.Of(s[i]);
                rr[j] = lts[j] + Dyadic.Of(2 * theta) * Dyadic.Of(u[j]);
            }
            T2_1_KernelProgram_Checks.AssertTightUpperBound(norm, Dyadic.Dot(lts, lts));
            T2_1_KernelProgram_Checks.AssertTightUpperBound(stationarity, Dyadic.Dot(rr, rr));
        }
    }

    [Fact]
    public void The_rounding_safe_norms_cover_the_rounding_of_L_transpose_s_and_of_adding_2_theta_u()
    {
        // L = (2, 2, 2)', s = (1, 2^-60, -1): the managed L's sums to 2, then 2 (2^-59 is lost), then 0; the exact value is 2^-59.
        // The computed vector has norm 0, so the bound is the allowance alone, 2 gamma_{m+2} sum_i |s_i| ||L_i|| with m = 3 and
        // sum_i |s_i| ||L_i|| = 4 + 2^-59: at least the exact norm, and (rounded upwards) that documented value to 1e-12
        var twos = new FactorProgram(Matrix.Create(3, 1, [2, 2, 2]), Y, ProgramTask.Reliable, 4, 0.1, new Loss.Square());
        double tiny = Math.Pow(2, -60);
        var (norm, _) = Solvable(twos).DualNormBounds([1, tiny, -1], [0], 0, ComputeBackend.Managed);
        Assert.True(norm >= 2 * tiny, $"norm bound {norm:E3} below the exact {2 * tiny:E3}");
        double gamma5 = 5 * U / (1 - 5 * U), documented = 2 * gamma5 * 4;
        Assert.True(norm >= documented && norm <= documented * (1 + 1e-12), $"norm bound {norm:R}, documented allowance {documented:R}");
        // one row L = (1), s = (-2), u = 3, theta = fl(1/3): 2 theta u = 2 - 2^-53 exactly rounds to 2, so the computed L's + 2 theta u
        // is 0 and the exact one -2^-53: the stationarity bound must cover it from its allowances alone
        var one = new FactorProgram(Matrix.Create(1, 1, [1]), [0.5], ProgramTask.Reliable, 4, 0.1, new Loss.Square());
        var (_, stationarity) = Solvable(one).DualNormBounds([-2], [3], 1.0 / 3, ComputeBackend.Managed);
        double exact = Math.Pow(2, -53);
        Assert.True(stationarity >= exact, $"stationarity bound {stationarity:E3} below the exact {exact:E3}");
        Assert.True(stationarity <= 64 * exact, $"stationarity bound {stationarity:E3} is not tight");
    }

    [Fact]
    public void The_managed_backend_computes_L_u_and_L_transpose_s_without_native_code()
    {
        // ComputeBackend.Managed must give the same bits on every machine, with or without OpenBLAS (whose kernels differ by CPU):
        // L u is then the managed Predictions(u), and L's the row-by-row sum t += s_i L_i, whatever OpenBLAS would have returned
        var rng = new Random(17);
        const int m = 64, r = 24;
        var factor = Matrix.Build(m, r, (_, _) => rng.NextDouble() - 0.5);
        var p = new FactorProgram(factor, [.. Enumerable.Range(0, m).Select(i => (double)(i % 2))], ProgramTask.Reliable, 4, 0.1, new Loss.Square());
        var program = Solvable(p);
        double[] u = [.. Enumerable.Range(0, r).Select(_ => rng.NextDouble() - 0.5)];
        double[] s = [.. Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5)];
        Assert.Equal(p.Predictions(u), program.PredictionsOf(u, ComputeBackend.Managed));
        var t = new double[r];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < r; j++) t[j] += s[i] * factor[i, j];
        var (quadratic, _) = program.DualQuadratics(s, u, p.Predictions(u), [0], ComputeBackend.Managed);
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot<double>(t, t), quadratic);
        if (!GramEngine.NativeAvailable) return;
        // the native products agree to rounding (gamma_m of the magnitudes; 1e-12 relative is far above it)
        var native = program.PredictionsOf(u, ComputeBackend.Native);
        for (int i = 0; i < m; i++) Assert.True(Math.Abs(native[i] - p.Predictions(u)[i]) <= 1e-12 * (1 + Math.Abs(native[i])));
        Assert.Equal(quadratic, program.DualQuadratics(s, u, p.Predictions(u), [0], ComputeBackend.Native).Quadratic, 1e-12 * quadratic);
    }

    [Fact]
    public void Equality_is_structural_over_every_field()
    {
        var p = Program(weights: [5, 2, 3]);
        var same = new FactorProgram(Matrix.Create(3, 2, [1, 2, 0.5, -1, -2, 0.25]), [0, 0.5, 1], ProgramTask.Reliable, 4, 0.1, new Loss.Square(), 0.125,
            [5, 2, 3]);
        Assert.Equal(p, same);
        Assert.Equal(p.GetHashCode(), same.GetHashCode());
        Assert.False(p.Equals(null));
        Assert.Equal(Program(residualTrace: double.NaN), Program(residualTrace: double.NaN));
        var different = new[]
        {
            new FactorProgram(Matrix.Create(3, 2, [1, 2, 0.5, -1, -2, 0.5]), Y, ProgramTask.Reliable, 4, 0.1, new Loss.Square(), 0.125, [5, 2, 3]),
            new FactorProgram(L, [0, 0.5, 0.75], ProgramTask.Reliable, 4, 0.1, new Loss.Square(), 0.125, [5, 2, 3]),
            Program(weights: [5, 2, 4]), Program(ProgramTask.Agnostic, weights: [5, 2, 3]), p.WithNormBound(5), p.WithThreshold(0.2),
            Program(weights: [5, 2, 3], loss: new Loss.Absolute()), Program(weights: [5, 2, 3], residualTrace: 0.25),
        };
        foreach (var other in different)
        {
            Assert.False(p.Equals(other));
            Assert.False(other.Equals(p));
        }
    }

    /// <summary>
    /// A factor with more columns than rows (r &gt; m: a rank above the rows of a cross-validation fold) is a valid program;
    /// the solver's certificate scales u (length r) and the predictions (length m) each over its own length. Seeds 1..12 of
    /// a 12 x 20 Gaussian factor, labels half zero, with the ball binding (B from 0.05 to 2), every solve must end Converged
    /// or with a sound certificate; none may throw.
    /// </summary>
    [Fact]
    public void A_factor_wider_than_it_is_tall_solves_with_the_ball_binding()
    {
        const int m = 12, r = 20;
        int converged = 0, solves = 0;
        foreach (int seed in Enumerable.Range(1, 12))
        {
            var random = new Random(seed);
            var l = Matrix.Create(m, r, [.. Enumerable.Range(0, m * r).Select(_ => (random.NextDouble() - 0.5) * 0.4)]);
            ImmutableArray<double> y = [.. Enumerable.Range(0, m).Select(i => i % 2 == 0 ? 0.0 : 0.2 + 0.6 * random.NextDouble())];
            foreach (double bound in new[] { 0.05, 0.3, 2.0 })
                foreach (var task in new[] { ProgramTask.Reliable, ProgramTask.Agnostic })
                {
                    var result = ReliableSolver.Solve(new FactorProgram(l, y, task, bound, 0.01, new Loss.Square()));
                    solves++;
                    Assert.Equal(r, result.Coefficients.Length);
                    Assert.Equal(m, result.Predictions.Length);
                    Assert.True(result.Exit != ExitCondition.Infeasible, $"seed {seed}, B = {bound}, {task}: {result.Exit}");
                    if (result.Exit == ExitCondition.Converged) converged++;
                }
        }
        Assert.Equal(solves, converged);
    }
}
