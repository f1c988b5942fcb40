using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1 / R2.2: the contract of <see cref="KernelProgram"/> itself (Proofs/T2.1-reliable-program.md, "Statement"): the
/// validation messages name the argument and say what is needed; the sets P and Z; the objective (1/m) sum_P w_i loss(f_i, y_i);
/// the copies with another B or tau_c; and what the solver reads through it (predictions K alpha, the squared norm alpha'K alpha,
/// the dual's quadratic forms s'K s and ||s + 2 theta alpha||_K^2, and the rounding-safe norms), recomputed here on a 3 x 3
/// matrix of small integers, where every plain double operation is exact, or in exact dyadic arithmetic.
/// </summary>
public sealed class T2_1_KernelProgram_Checks
{
    /// <summary>K = [[2, 1, 0], [1, 3, 1], [0, 1, 2]]: symmetric, diagonally dominant, so positive definite.</summary>
    private static readonly Matrix K = Matrix.Create(3, 3, [2, 1, 0, 1, 3, 1, 0, 1, 2]);

    private static readonly ImmutableArray<double> Y = [0, 0.5, 1];

    private static KernelProgram Program(ProgramTask task = ProgramTask.Reliable, ImmutableArray<double> weights = default, Loss? loss = null)
        => new(K, Y, task, 4, 0.1, loss ?? new Loss.Square(), weights);

    private static ISolvableProgram Solvable(KernelProgram p) => p;

    private static void AssertRefused(Action make, string argument, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Equal(argument, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Invalid_inputs_are_refused_with_the_argument_named_and_what_is_needed()
    {
        AssertRefused(() => new KernelProgram(K, default, ProgramTask.Reliable, 4, 0.1, new Loss.Square()), "labels",
            "labels is empty: at least one sample is needed.");
        AssertRefused(() => new KernelProgram(Matrix.Create(0, 0, []), [], ProgramTask.Reliable, 4, 0.1, new Loss.Square()), "labels",
            "labels is empty: at least one sample is needed.");
        AssertRefused(() => new KernelProgram(Matrix.Create(2, 3, [1, 0, 0, 0, 1, 0]), [0.0, 1.0], ProgramTask.Reliable, 4, 0.1, new Loss.Square()),
            "gram", "gram is 2x3; 2 labels need a 2x2 Gram matrix.");
        AssertRefused(() => new KernelProgram(K, [0.0, 1.0], ProgramTask.Reliable, 4, 0.1, new Loss.Square()), "gram",
            "gram is 3x3; 2 labels need a 2x2 Gram matrix.");
        AssertRefused(() => new KernelProgram(Matrix.Create(3, 2, [1, 0, 0, 1, 0, 0]), [0.0, 1.0, 0.5], ProgramTask.Reliable, 4, 0.1, new Loss.Square()),
            "gram", "gram is 3x2; 3 labels need a 3x3 Gram matrix.");
        AssertRefused(() => new KernelProgram(Matrix.Create(2, 2, [1, double.NaN, 0, 1]), [0.0, 1.0], ProgramTask.Reliable, 4, 0.1, new Loss.Square()),
            "gram", "gram[1] is NaN: every entry must be a finite number.");
        AssertRefused(() => new KernelProgram(K, Y, ProgramTask.Reliable, 0, 0.1, new Loss.Square()), "normBound",
            "normBound (B) must be a positive finite number, got 0.");
        AssertRefused(() => new KernelProgram(K, [0, -0.5, 1], ProgramTask.Reliable, 4, 0.1, new Loss.Square()), "labels",
            "labels[1] is -0.5: the reliable program needs labels in [0, 1]");
        AssertRefused(() => Program(weights: [1, 1]), "weights", "weights has 2 entries; there are 3 labels.");
        AssertRefused(() => Program(weights: [1, -1, 1]), "weights", "weights[1] is -1: weights must be finite and non-negative.");
        Assert.Throws<ArgumentNullException>("gram", () => new KernelProgram(null!, Y, ProgramTask.Reliable, 4, 0.1, new Loss.Square()));
        Assert.Throws<ArgumentNullException>("loss", () => new KernelProgram(K, Y, ProgramTask.Reliable, 4, 0.1, null!));
        // the copies validate their new B and tau_c the same way
        AssertRefused(() => Program().WithNormBound(-1), "normBound", "normBound (B) must be a positive finite number, got -1.");
        AssertRefused(() => Program().WithThreshold(double.NaN), "threshold", "threshold must be a finite number, got NaN.");
    }

    [Fact]
    public void The_program_holds_its_inputs_and_the_sets_P_and_Z_of_each_task()
    {
        var reliable = Program();
        Assert.Same(K, reliable.Gram); // exactly symmetric: kept as given
        Assert.Equal(Y, reliable.Labels);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, reliable.Weights.ToArray());
        Assert.Equal((ProgramTask.Reliable, 4.0, 0.1, 3), (reliable.Task, reliable.NormBound, reliable.Threshold, reliable.Count));
        Assert.Equal(new Loss.Square(), reliable.Loss);
        // reliable: P = {y > 0}, Z = {y = 0}; agnostic: P = everything, Z empty
        Assert.Equal([false, true, true], Enumerable.Range(0, 3).Select(reliable.InLossSet));
        Assert.Equal([true, false, false], Enumerable.Range(0, 3).Select(reliable.InConstrainedSet));
        var agnostic = Program(ProgramTask.Agnostic);
        Assert.Equal([true, true, true], Enumerable.Range(0, 3).Select(agnostic.InLossSet));
        Assert.Equal([false, false, false], Enumerable.Range(0, 3).Select(agnostic.InConstrainedSet));
        // the copies change B or tau_c only
        var weighted = Program(weights: [5, 2, 3]);
        var wider = weighted.WithNormBound(9);
        Assert.Same(weighted.Gram, wider.Gram);
        Assert.Equal((9.0, 0.1), (wider.NormBound, wider.Threshold));
        Assert.Equal(weighted, wider.WithNormBound(4));
        Assert.Equal(weighted.Weights, wider.Weights);
        var lower = weighted.WithThreshold(-0.2);
        Assert.Equal((4.0, -0.2), (lower.NormBound, lower.Threshold));
        Assert.Equal(weighted, lower.WithThreshold(0.1));
        Assert.Equal((weighted.Labels, weighted.Task, weighted.Loss), (lower.Labels, lower.Task, lower.Loss));
    }

    [Fact]
    public void The_objective_is_the_weighted_mean_loss_over_P_divided_by_m()
    {
        // f = (1, 0.25, 0.5), w = (5, 2, 3): reliable (2 (0.25 - 0.5)^2 + 3 (0.5 - 1)^2) / 3, agnostic adds 5 (1 - 0)^2; all exact in double
        double[] f = [1, 0.25, 0.5];
        Assert.Equal((2 * 0.0625 + 3 * 0.25) / 3, Program(weights: [5, 2, 3]).Objective(f));
        Assert.Equal((5 + 2 * 0.0625 + 3 * 0.25) / 3, Program(ProgramTask.Agnostic, weights: [5, 2, 3]).Objective(f));
        Assert.Equal((2 * 0.25 + 3 * 0.5) / 3, Program(weights: [5, 2, 3], loss: new Loss.Absolute()).Objective(f));
        // a zero weight removes the sample, even where its loss is infinite (0 * infinity would be NaN)
        var infiniteAtOne = new Loss.Custom("infinite at y = 1", (p, y) => y == 1 ? double.PositiveInfinity : (p - y) * (p - y), (p, y) => 2 * (p - y),
            (p, y) => 2, new LossAssumptions(Convex: true, Monotone: true, Lipschitz: 2, BoundOnUnitInterval: 1));
        Assert.Equal(2 * 0.0625 / 3, Program(weights: [1, 2, 0], loss: infiniteAtOne).Objective(f));
        Assert.Equal(double.PositiveInfinity, Program(weights: [1, 2, 1], loss: infiniteAtOne).Objective(f));
        AssertRefused(() => Program().Objective([1, 2]), "predictions", "predictions has 2 entries; the program has 3 samples.");
    }

    [Fact]
    public void What_the_solver_reads_is_K_alpha_alpha_K_alpha_and_the_dual_quadratic_forms()
    {
        var program = Solvable(Program());
        double[] alpha = [1, -2, 0.5], s = [0.25, -1, 3];
        // K alpha = (2 - 2, 1 - 6 + 0.5, -2 + 1) = (0, -4.5, -1)
        double[] f = [0, -4.5, -1];
        Assert.Equal(f, program.PredictionsOf(alpha, ComputeBackend.Managed));
        if (GramEngine.NativeAvailable) Assert.Equal(f, program.PredictionsOf(alpha, ComputeBackend.Native));
        // alpha'K alpha = alpha.f = 0 + 9 - 0.5
        Assert.Equal(8.5, program.SquaredNormOf(alpha, f));
        Assert.Equal(2.0, program.Entry(0, 0));
        Assert.Equal(1.0, program.Entry(1, 2));
        Assert.Equal(0.0, program.Entry(2, 0));
        Assert.Same(alpha, program.CoefficientsOfExpansion(alpha));
        // s'K s and (s + 2 theta alpha)'K (s + 2 theta alpha) for theta = 0, 0.5, 2: small dyadics, so exact in double
        double[] thetas = [0, 0.5, 2];
        var (quadratic, stationarity) = program.DualQuadratics(s, alpha, f, thetas, ComputeBackend.Managed);
        Assert.Equal(Quadratic(s), quadratic);
        Assert.Equal(thetas.Select(t => Quadratic([.. s.Select((v, i) => v + 2 * t * alpha[i])])), stationarity);
    }

    /// <summary>v'K v, entry by entry.</summary>
    private static double Quadratic(double[] v)
    {
        double sum = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) sum += v[i] * K[i, j] * v[j];
        return sum;
    }

    [Fact]
    public void The_rounding_safe_norms_are_above_the_exact_ones_and_tight()
    {
        // a Gram matrix of MK_3 on 12 points of S^3 and multipliers of mixed signs: the bounds must be at least the exact norms
        // (dyadic arithmetic, no rounding) and within 1e-12 relative of them (the allowance is a few ulps of the magnitudes)
        var sample = SolverInstances.Sample(m: 12, n: 4, seed: 51);
        var gram = GramEngine.Gram(new Kernel.Multinomial(3), sample.Points);
        var program = Solvable(new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, 2, 0.05, new Loss.Square()));
        var rng = new Random(7);
        double[] s = [.. Enumerable.Range(0, 12).Select(_ => rng.NextDouble() - 0.5)];
        double[] alpha = [.. Enumerable.Range(0, 12).Select(_ => rng.NextDouble() - 0.5)];
        const double theta = 0.3;
        var (norm, stationarity) = program.DualNormBounds(s, alpha, theta, ComputeBackend.Managed);
        var k = Enumerable.Range(0, 12).Select(i => Enumerable.Range(0, 12).Select(j => Dyadic.Of(gram[i, j])).ToArray()).ToArray();
        var sd = s.Select(Dyadic.Of).ToArray();
        var rd = Enumerable.Range(0, 12).Select(i => sd[i] + Dyadic.Of(2 * theta) * Dyadic.Of(alpha[i])).ToArray();
        AssertTightUpperBound(norm, Quadratic(k, sd));
        AssertTightUpperBound(stationarity, Quadratic(k, rd));
    }

    [Fact]
    public void The_rounding_safe_norms_hold_across_column_panels_and_their_scalar_tail()
    {
        // m = 523: FloatingPoint computes K'x in panels of 512 columns, four columns per vector operation; the second panel has
        // 11 columns (two vectors and a scalar tail of 3). Same claims as on 12 points: above the exact norms, within 1e-12.
        const int m = 523;
        var sample = SolverInstances.Sample(m: m, n: 5, seed: 52);
        // given as a plain matrix: GramEngine's is known PSD to within m e when built (Proofs/T2.1-reliable-program.md, "Input
        // checks", step 0), and the norms would then be taken in K + m e I, above the exact ones by more than 1e-12
        var gram = Matrix.Create(m, m, GramEngine.Gram(new Kernel.Multinomial(3), sample.Points).AsSpan());
        var program = Solvable(new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, 2, 0.05, new Loss.Square()));
        var rng = new Random(8);
        double[] s = [.. Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5)];
        double[] alpha = [.. Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5)];
        const double theta = 0.3;
        var (norm, stationarity) = program.DualNormBounds(s, alpha, theta, ComputeBackend.Managed);
        var k = Enumerable.Range(0, m).Select(i => Enumerable.Range(0, m).Select(j => Dyadic.Of(gram[i, j])).ToArray()).ToArray();
        var sd = s.Select(Dyadic.Of).ToArray();
        var rd = Enumerable.Range(0, m).Select(i => sd[i] + Dyadic.Of(2 * theta) * Dyadic.Of(alpha[i])).ToArray();
        AssertTightUpperBound(norm, Quadratic(k, sd));
        AssertTightUpperBound(stationarity, Quadratic(k, rd));
    }

    [Fact]
    public void The_stationarity_bound_covers_the_rounding_of_s_plus_2_theta_alpha()
    {
        // K = [1], theta = fl(1/3), alpha = 3, s = -2: 2 theta alpha = 2 - 2^-53 exactly, which rounds to 2, so the computed
        // r = s + 2 theta alpha is 0 while the exact one is -2^-53. The bound must cover |r| = 2^-53 from the rounding allowance
        // alone (the computed r has norm 0), and stay within a few ulps of it.
        var program = Solvable(new KernelProgram(Matrix.Create(1, 1, [1]), [0.5], ProgramTask.Reliable, 2, 0.05, new Loss.Square()));
        double theta = 1.0 / 3;
        Assert.Equal(2.0, 2 * theta * 3);
        var (norm, stationarity) = program.DualNormBounds([-2], [3], theta, ComputeBackend.Managed);
        double exact = Math.Pow(2, -53);
        Assert.True(stationarity >= exact, $"stationarity bound {stationarity:E3} below the exact {exact:E3}");
        Assert.True(stationarity <= 16 * exact, $"stationarity bound {stationarity:E3} is not tight");
        // ||s||_K = 2: its bound is 2 up to a few ulps
        AssertTightUpperBound(norm, Dyadic.Of(4));
    }

    [Fact]
    public void The_rounding_safe_norms_stay_above_the_exact_ones_where_the_K_norm_cancels()
    {
        // K = [[1, 1], [1, 1]] (rank one), s = (1, -1 + 2^-20), theta = 0: ||s||_K = 2^-20 while sum_i |s_i| sqrt(K_ii) is about 2,
        // so the bounds' own allowances are relatively small here and every one of them must still point upwards. The allowance of
        // the compensated s'K s is u sum |s_i (K s)_i| ~ 2^-71, about 2^-32 relative on the norm (tolerance 1e-9)
        var program = Solvable(new KernelProgram(Matrix.Create(2, 2, [1, 1, 1, 1]), [0.5, 0.5], ProgramTask.Agnostic, 2, 0, new Loss.Square()));
        double[] s = [1, -1 + Math.Pow(2, -20)];
        var (norm, stationarity) = program.DualNormBounds(s, [0.5, 0.25], 0, ComputeBackend.Managed);
        var exact = Dyadic.Of(Math.Pow(2, -40));
        AssertTightUpperBound(norm, exact, 1e-9);
        Assert.True(Dyadic.Of(stationarity) * Dyadic.Of(stationarity) >= exact, $"stationarity bound {stationarity:R} below 2^-20");
        Assert.True(stationarity <= Math.Pow(2, -20) * (1 + 1e-9), $"stationarity bound {stationarity:R} is not tight");
    }

    /// <summary>v'K v exactly.</summary>
    internal static Dyadic Quadratic(Dyadic[][] k, Dyadic[] v)
    {
        var sum = Dyadic.Zero;
        for (int i = 0; i < v.Length; i++) sum += v[i] * Dyadic.Dot(k[i], v);
        return sum;
    }

    /// <summary>bound &gt;= sqrt(exactSquare) exactly, and bound &lt;= sqrt(exactSquare) (1 + relative).</summary>
    internal static void AssertTightUpperBound(double bound, Dyadic exactSquare, double relative = 1e-12)
    {
        Assert.True(bound >= 0 && Dyadic.Of(bound) * Dyadic.Of(bound) >= exactSquare, $"bound {bound:R} below sqrt({exactSquare.ToDouble():R})");
        double exact = Math.Sqrt(Math.Max(0, exactSquare.ToDouble()));
        Assert.True(bound <= exact * (1 + relative), $"bound {bound:R} is not within {relative} of {exact:R}");
    }

    [Fact]
    public void Equality_is_structural_over_every_field()
    {
        var p = Program(weights: [5, 2, 3]);
        var same = new KernelProgram(Matrix.Create(3, 3, [2, 1, 0, 1, 3, 1, 0, 1, 2]), [0, 0.5, 1], ProgramTask.Reliable, 4, 0.1, new Loss.Square(), [5, 2, 3]);
        Assert.Equal(p, same);
        Assert.Equal(p.GetHashCode(), same.GetHashCode());
        Assert.False(p.Equals(null));
        var different = new[]
        {
            new KernelProgram(Matrix.Create(3, 3, [2, 1, 0, 1, 4, 1, 0, 1, 2]), Y, ProgramTask.Reliable, 4, 0.1, new Loss.Square(), [5, 2, 3]),
            new KernelProgram(K, [0, 0.5, 0.75], ProgramTask.Reliable, 4, 0.1, new Loss.Square(), [5, 2, 3]),
            new KernelProgram(K, Y, ProgramTask.Reliable, 4, 0.1, new Loss.Square(), [5, 2, 4]),
            new KernelProgram(K, Y, ProgramTask.Agnostic, 4, 0.1, new Loss.Square(), [5, 2, 3]),
            p.WithNormBound(5), p.WithThreshold(0.2),
            new KernelProgram(K, Y, ProgramTask.Reliable, 4, 0.1, new Loss.Absolute(), [5, 2, 3]),
        };
        foreach (var other in different)
        {
            Assert.False(p.Equals(other));
            Assert.False(other.Equals(p));
        }
    }
}
