using ReluVerified.Core;
using ReluVerified.Core.Distributions;
using System.Collections.Immutable;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1: how <see cref="ReliableSolver"/> chooses its Newton systems (<see cref="NewtonSystemKind.Auto"/>, docs/solver.md):
/// r-space on a pivoted Cholesky factor when the Gram matrix is numerically rank deficient, unless the cost rule finds an
/// r-space iteration more than twice as costly as an m-space one (then m-space first, and r-space if that does not converge);
/// m-space at full rank; and the blocked pivoted Cholesky (LAPACK dpstrf) behind the choice meets the documented trace
/// tolerance with a factor whose pivot rows are lower triangular.
/// </summary>
public sealed class T2_1_NewtonSystemChoice_Checks(ITestOutputHelper output)
{
    /// <summary>
    /// MK_3 on S^13 (x in R^14) has at most C(17, 3) = 680 features: its Gram matrix on 1000 points has numerical rank above
    /// 512 (the r-space cap Auto had before) and below m, so r-space is taken; square, absolute and Huber losses all converge.
    /// </summary>
    [Theory]
    [InlineData("square")]
    [InlineData("absolute")]
    [InlineData("huber")]
    public void A_rank_deficient_Gram_matrix_is_solved_in_r_space_at_a_rank_above_512(string lossName)
    {
        Loss loss = lossName switch { "square" => new Loss.Square(), "absolute" => new Loss.Absolute(), _ => new Loss.Huber(0.1) };
        var sample = SolverInstances.Sample(m: 1000, n: 14, seed: 5);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 50, tau: 0.05, loss);
        var r = ReliableSolver.Solve(program);
        output.WriteLine($"{lossName}: {r.Exit}, {r.NewtonSystem} rank {r.Rank}, {r.Iterations} iterations, gap {r.DualityGap:E2}");
        Assert.Equal(NewtonSystemKind.LowRank, r.NewtonSystem);
        Assert.InRange(r.Rank, 513, 999);
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.True(r.DualityGap <= 1e-8 * Math.Max(1, Math.Abs(r.Objective)));
    }

    [Fact]
    public void The_managed_path_makes_the_same_choice_on_a_rank_deficient_Gram_matrix()
    {
        var sample = SolverInstances.Sample(m: 600, n: 12, seed: 6);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 20, tau: 0.05, new Loss.Square());
        var managed = ReliableSolver.Solve(program, SolverOptions.Default with { Backend = ComputeBackend.Managed });
        output.WriteLine($"managed: {managed.Exit}, {managed.NewtonSystem} rank {managed.Rank}");
        Assert.Equal(NewtonSystemKind.LowRank, managed.NewtonSystem);
        Assert.InRange(managed.Rank, 1, 599);
        Assert.Equal(ExitCondition.Converged, managed.Exit);
    }

    /// <summary>
    /// Mildly deficient (MK_3 on S^13: rank 665 of 800, 17% missing), absolute loss: the cost rule alone would take m-space, but
    /// the rank is below <see cref="ReliableSolver.DenseRankShare"/> m, so r-space, which converges (m-space converged on this
    /// program in 42 iterations against r-space's 31, and at rank 935 of 1200 it stopped short: docs/solver.md).
    /// </summary>
    [Fact]
    public void A_mildly_deficient_Gram_matrix_is_still_solved_in_r_space()
    {
        var sample = SolverInstances.Sample(m: 800, n: 14, seed: 5);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 50, tau: 0.05, new Loss.Absolute());
        var r = ReliableSolver.Solve(program);
        output.WriteLine($"auto: {r.Exit}, {r.NewtonSystem} rank {r.Rank}, {r.Iterations} iterations, gap {r.DualityGap:E2}");
        Assert.InRange(r.Rank, 601, 679);
        Assert.Equal(NewtonSystemKind.LowRank, r.NewtonSystem);
        Assert.Equal(ExitCondition.Converged, r.Exit);
    }

    /// <summary>
    /// The same features on 760 points (rank 665, 12.5% missing) with the absolute loss, whose every row's curvature changes:
    /// an r-space iteration (760 * 665^2 + 665^3 / 3 flops) costs more than twice an m-space one (760^3 / 3) and the rank is at
    /// least <see cref="ReliableSolver.DenseRankShare"/> m, so the rule (<see cref="ReliableSolver.TriesDenseFirst"/>) takes
    /// m-space, which converges; the r-space solve asked for explicitly converges too, and the two certified intervals
    /// [dual bound, objective] overlap (each program is within its allowance of K). The probe's cleared pivots already met the
    /// rule, so the pivoted factorisation was not computed (<see cref="PivotedCholesky.NumericalRank.Decided"/> false, with OpenBLAS).
    /// </summary>
    [Fact]
    public void A_slightly_deficient_Gram_matrix_goes_to_m_space_by_the_cost_rule()
    {
        const int m = 760;
        var sample = SolverInstances.Sample(m: m, n: 14, seed: 5);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 50, tau: 0.05, new Loss.Absolute());
        var r = ReliableSolver.Solve(program);
        if (NativeBlas.UseNative(ComputeBackend.Auto))
        {
            // what the choice remembered for this matrix, before the r-space solve below asks for the factor
            var probe = PivotedCholesky.ProbeNative(program.Gram, SolverOptions.Default.RankTolerance, () => new double[m * m], _ => true);
            Assert.False(probe.Decided);
            Assert.False(probe.FullRank);
            Assert.InRange(probe.Cleared, (int)(ReliableSolver.DenseRankShare * m), m - 1);
            // GramEngine's MK_3 matrix is known PSD when built (Proofs/T2.1-reliable-program.md, "Input checks", step 0): its
            // allowance is m e, and no check ran. The same entries given by the caller are proven PSD by step 3 (Cholesky of
            // K + delta I): an allowance of delta plus the factorisation's, never the smaller one of a completed Cholesky of K
            // itself (step 2b)
            double entry = new Kernel.Multinomial(3).EntryRoundingBound(GramEngine.SquaredNormBound(sample.Points.Coordinates.AsSpan(), m, 14), 14);
            Assert.Equal(m * entry, program.Gram.Facts.Indefiniteness);
            var given = SolverInstances.Given(program);
            ReliableSolver.CheckedNewtonChoice(given, SolverOptions.Default, native: true, zeroRows: 0);
            double largest = program.Gram.AsSpan().ToArray().Max(Math.Abs);
            double delta = Math.Max(Tolerances.GramIndefiniteness * m, 2 * m * FloatingPoint.Gamma(m + 1)) * largest;
            Assert.True(given.Gram.Facts.Indefiniteness >= delta, $"allowance {given.Gram.Facts.Indefiniteness:E3} against delta {delta:E3}");
        }
        var onFactor = ReliableSolver.Solve(program, SolverOptions.Default with { NewtonSystem = NewtonSystemKind.LowRank });
        output.WriteLine($"auto: {r.Exit}, {r.NewtonSystem}, {r.Iterations} iterations, gap {r.DualityGap:E2}; r-space: {onFactor.Exit}, rank {onFactor.Rank}, "
            + $"{onFactor.Iterations} iterations");
        Assert.InRange(onFactor.Rank, 646, 759);
        Assert.True(ReliableSolver.TriesDenseFirst(program, onFactor.Rank, zeroRows: 0));
        Assert.Equal(NewtonSystemKind.Dense, r.NewtonSystem);
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.Equal(ExitCondition.Converged, onFactor.Exit);
        Assert.True(r.Objective >= onFactor.DualBound - 1e-12 && onFactor.Objective >= r.DualBound - 1e-12,
            $"m-space [{r.DualBound}, {r.Objective}] vs r-space [{onFactor.DualBound}, {onFactor.Objective}]");
        // the cost rule's m-space solve runs without the ball's second-order term (SolverOptions.BallSecondOrder; see
        // ReliableSolver.Solve): the path of an m-space solve asked for with the term turned off (29
        // iterations measured with both kernel sets; with the term 23 with the Haswell kernels, and a stall with the SkylakeX ones)
        var linear = ReliableSolver.Solve(program, SolverOptions.Default with { NewtonSystem = NewtonSystemKind.Dense, BallSecondOrder = false });
        Assert.Equal(linear.Iterations, r.Iterations);
        Assert.Equal(linear.Objective, r.Objective, 1e-12);
    }

    /// <summary>
    /// The rule's arithmetic (<see cref="ReliableSolver.TriesDenseFirst"/>: rank at least 0.85 m and c r^2 + r^3 / 3 above
    /// 2 m^3 / 3, c = |Z| for the square loss, m otherwise; it depends on r / m and c / m only, so m = 100 here): rank 0.88 m with
    /// the Huber loss goes to m-space (the grid's rank 7007 of 8000), rank 0.64 m with the square loss and half the labels zero
    /// stays in r-space (its rank 5151 of 8000); for c = m the cost alone would hold from 0.74 m, the rank share decides between
    /// 0.84 m and 0.85 m; full rank is never "deficient"; an agnostic square-loss program (no row's curvature changes) always
    /// stays in r-space; with half the labels zero the square loss needs a rank of about 0.91 m.
    /// </summary>
    [Fact]
    public void The_rule_takes_m_space_only_near_full_rank_where_r_space_costs_twice_as_much()
    {
        KernelProgram Program(Loss loss) => new(Matrix.Create(100, 100, Identity(100)), ImmutableArray.Create(Enumerable.Repeat(1.0, 100).ToArray()), ProgramTask.Agnostic, 1, 0, loss);
        var huber = Program(new Loss.Huber(0.1));
        var square = Program(new Loss.Square());
        Assert.True(ReliableSolver.TriesDenseFirst(huber, 88, zeroRows: 50));
        Assert.False(ReliableSolver.TriesDenseFirst(square, 64, zeroRows: 50));
        Assert.False(ReliableSolver.TriesDenseFirst(huber, 84, zeroRows: 0));
        Assert.True(ReliableSolver.TriesDenseFirst(huber, 85, zeroRows: 0));
        Assert.False(ReliableSolver.TriesDenseFirst(huber, 100, zeroRows: 0));
        Assert.False(ReliableSolver.TriesDenseFirst(square, 99, zeroRows: 0));
        Assert.True(ReliableSolver.TriesDenseFirst(square, 99, zeroRows: 100));
        Assert.False(ReliableSolver.TriesDenseFirst(square, 90, zeroRows: 50));
        Assert.True(ReliableSolver.TriesDenseFirst(square, 92, zeroRows: 50));
    }

    private static double[] Identity(int m)
    {
        var a = new double[m * m];
        for (int i = 0; i < m; i++) a[i * m + i] = 1;
        return a;
    }

    /// <summary>
    /// An m-space-first solve (the cost rule) that does not converge is repeated in r-space on the pivoted factor, and the
    /// result nearer the stopping rule is returned with the iterations of both: with 3 iterations allowed, neither converges,
    /// and the reported count exceeds 3.
    /// </summary>
    [Fact]
    public void An_m_space_first_solve_that_does_not_converge_is_repeated_in_r_space()
    {
        var sample = SolverInstances.Sample(m: 760, n: 14, seed: 5);
        var program = SolverInstances.Program(sample, degree: 3, ProgramTask.Reliable, bound: 50, tau: 0.05, new Loss.Absolute());
        var r = ReliableSolver.Solve(program, SolverOptions.Default with { MaxIterations = 3 });
        output.WriteLine($"{r.Exit}, {r.NewtonSystem}, {r.Iterations} iterations, gap {r.DualityGap:E2}");
        Assert.NotEqual(ExitCondition.Converged, r.Exit);
        Assert.InRange(r.Iterations, 4, 6);
    }

    /// <summary>
    /// At full rank too, an m-space solve under Auto that does not converge is repeated in r-space, on the complete pivoted
    /// factor (r = m): with 1 iteration allowed the reported count covers both solves; with m-space asked for explicitly
    /// there is no repetition. The interior point alone (SolverOptions.TryInterpolant off: MK_5 interpolates these 300 points
    /// within B = 20, and the interpolant would certify the program before any iteration).
    /// </summary>
    [Fact]
    public void A_full_rank_m_space_solve_that_does_not_converge_is_repeated_in_r_space()
    {
        var sample = SolverInstances.Sample(m: 300, n: 20, seed: 7);
        var program = SolverInstances.Program(sample, degree: 5, ProgramTask.Reliable, bound: 20, tau: 0.05, new Loss.Square());
        var interiorPoint = SolverOptions.Default with { TryInterpolant = false, MaxIterations = 1 };
        var auto = ReliableSolver.Solve(program, interiorPoint);
        var dense = ReliableSolver.Solve(program, interiorPoint with { NewtonSystem = NewtonSystemKind.Dense });
        output.WriteLine($"auto: {auto.Exit}, {auto.NewtonSystem} rank {auto.Rank}, {auto.Iterations} iterations; dense: {dense.Exit}, {dense.Iterations}");
        Assert.NotEqual(ExitCondition.Converged, auto.Exit);
        Assert.Equal(2, auto.Iterations);
        Assert.Equal(300, auto.Rank);
        Assert.NotEqual(ExitCondition.Converged, dense.Exit);
        Assert.Equal(1, dense.Iterations);
        Assert.Equal(NewtonSystemKind.Dense, dense.NewtonSystem);
    }

    /// <summary>
    /// The two ways an m-space solve under Auto gives up for its r-space repetition (ReliableSolver.DivergenceFactor and
    /// SpentBarrierPatience), on docs/solver.md's grid programs (same data: Bench/ReluVerified.Bench's solver-grid draws seed
    /// 1000 + n): n100-d2-B10-rel-sq at m = 1200, full rank, whose m-space iterates cycled for 84 iterations (mu grew to 4500
    /// times its first value) and which now converges in r-space on the full factor, 19 iterations in all; n10-d4-B50-rel-abs at
    /// m = 1000 (rank 935, m-space first by the cost rule), whose m-space solve ran 31 iterations before the repetition's 18
    /// (49 in all with the Haswell kernels, 44 with the SkylakeX ones) and now gives way after 20 (38 in all). The bounds are
    /// the counts measured with both kernel sets: a later rule (mu's limit 1.5e7 times its first value instead of 1e3, one
    /// more iteration of patience) shows as one more. The first program cycles only with the ball's residual linearised alone
    /// (<see cref="SolverOptions.BallSecondOrder"/> off, as before 2026-11-30), so its row turns the term off; with it, the
    /// program converges in m-space (<see cref="The_balls_second_order_term_ends_the_cycling_of_a_ball_binding_m_space_solve"/>).
    /// </summary>
    [Theory]
    [InlineData(1200, 100, 2, 10.0, "square", 1200, 19, false)]
    [InlineData(1000, 10, 4, 50.0, "absolute", 935, 38, true)]
    public void An_m_space_solve_that_diverges_or_stalls_gives_way_to_r_space(int m, int n, int degree, double bound, string loss, int rank, int most,
        bool ballSecondOrder)
    {
        var sample = SolverInstances.Sample(m, n, seed: 1000 + n);
        var program = SolverInstances.Program(sample, degree, ProgramTask.Reliable, bound, tau: 0.05, loss == "square" ? new Loss.Square() : new Loss.Absolute());
        var r = ReliableSolver.Solve(program, SolverOptions.Default with { BallSecondOrder = ballSecondOrder });
        output.WriteLine($"{r.Exit}, {r.NewtonSystem} rank {r.Rank}, {r.Iterations} iterations, gap {r.DualityGap:E2}");
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.Equal(NewtonSystemKind.LowRank, r.NewtonSystem);
        Assert.Equal(rank, r.Rank);
        Assert.InRange(r.Iterations, 1, most);
    }

    /// <summary>
    /// The ball's second-order corrector term (<see cref="SolverOptions.BallSecondOrder"/>, the default) on the program whose
    /// m-space iterates cycled with the ball's residual linearised alone (n100-d2-B10-rel-sq of docs/solver.md's grid at
    /// m = 1200, full rank, the ball binding; above): it converges in m-space, 9 iterations measured with both OpenBLAS kernel
    /// sets, where the linearised path needed the divergence rule and 19 iterations in all.
    /// </summary>
    [Fact]
    public void The_balls_second_order_term_ends_the_cycling_of_a_ball_binding_m_space_solve()
    {
        var sample = SolverInstances.Sample(1200, 100, seed: 1100);
        var program = SolverInstances.Program(sample, 2, ProgramTask.Reliable, 10.0, tau: 0.05, new Loss.Square());
        var r = ReliableSolver.Solve(program);
        output.WriteLine($"{r.Exit}, {r.NewtonSystem} rank {r.Rank}, {r.Iterations} iterations, gap {r.DualityGap:E2}");
        Assert.Equal(ExitCondition.Converged, r.Exit);
        Assert.Equal(NewtonSystemKind.Dense, r.NewtonSystem);
        Assert.InRange(r.Iterations, 1, 10);
    }

    [Fact]
    public void A_full_rank_Gram_matrix_is_solved_in_m_space()
    {
        // MK_5 on S^19 has C(25, 5) > 300 features: 300 points give a Gram matrix of full numerical rank
        var sample = SolverInstances.Sample(m: 300, n: 20, seed: 7);
        var program = SolverInstances.Program(sample, degree: 5, ProgramTask.Reliable, bound: 20, tau: 0.05, new Loss.Square());
        var r = ReliableSolver.Solve(program);
        Assert.Equal(NewtonSystemKind.Dense, r.NewtonSystem);
        Assert.Equal(300, r.Rank);
        Assert.Equal(ExitCondition.Converged, r.Exit);
    }

    /// <summary>
    /// The blocked factor: trace(K - L L') at most the tolerance times trace(K) (its stopping rule is a pivot at most
    /// tolerance * trace / m), the reported residual equal to that trace, the pivot rows of L lower triangular in pivot order,
    /// every entry of K - L L' within the residual trace (K - L L' is PSD, so |R_ij| &lt;= sqrt(R_ii R_jj) &lt;= trace R) plus
    /// rounding, and a rank within a few pivots of the greedy factorisation's.
    /// </summary>
    [Fact]
    public void The_blocked_pivoted_Cholesky_meets_the_trace_tolerance_with_lower_triangular_pivot_rows()
    {
        if (!GramEngine.NativeAvailable) return; // dpstrf comes with OpenBLAS; the managed path uses the greedy factorisation
        var sample = SolverInstances.Sample(m: 200, n: 5, seed: 8);
        var gram = GramEngine.Gram(new Kernel.Multinomial(3), sample.Points);
        const double tolerance = 1e-13;
        var blocked = PivotedCholesky.FactorNative(gram, tolerance, new double[200 * 200], out bool fullRank);
        Assert.False(fullRank);
        var greedy = PivotedCholesky.Factor(gram, tolerance);
        Assert.NotNull(blocked);
        int r = blocked!.Rank;
        output.WriteLine($"blocked rank {r}, greedy rank {greedy.Rank}, residual {blocked.ResidualTrace:E3}");
        Assert.True(blocked.Complete);
        Assert.InRange(r, greedy.Rank - 2, greedy.Rank + 8);
        double trace = 0;
        for (int i = 0; i < 200; i++) trace += gram[i, i];
        Assert.True(blocked.ResidualTrace <= tolerance * trace, $"residual {blocked.ResidualTrace} against {tolerance * trace}");
        var l = blocked.Factor;
        for (int k = 0; k < r; k++)
            for (int j = k + 1; j < r; j++) Assert.Equal(0.0, l[blocked.Pivots[k], j]);
        double residual = 0, largest = 0;
        for (int i = 0; i < 200; i++)
        {
            double rowNorm = 0;
            for (int j = 0; j < r; j++) rowNorm += l[i, j] * l[i, j];
            residual += Math.Max(0, gram[i, i] - rowNorm);
            for (int j = 0; j < 200; j++)
            {
                double dot = 0;
                for (int k = 0; k < r; k++) dot += l[i, k] * l[j, k];
                largest = Math.Max(largest, Math.Abs(gram[i, j] - dot));
            }
        }
        Assert.Equal(residual, blocked.ResidualTrace, 1e-12 * trace);
        // rounding of L L' against K: gamma_r sum_k |L_ik L_jk| <= r u max K_ii, about 1e-13 here
        Assert.True(largest <= blocked.ResidualTrace + 1e-12 * trace / 200, $"max |K - L L'| = {largest}");
    }

    /// <summary>
    /// The bordered factorisation behind the full-rank probe (stages of 256 rows, then doubling: 256, 512, 700 here, so both
    /// the first stage and the later trsm / syrk / potrf stages run) is a Cholesky factor: on an SPD matrix its lower triangle
    /// reproduces K to rounding (max |K - L L'| within 1e-12 max K_ii) and matches LAPACK's one-call factor entry by entry.
    /// </summary>
    [Fact]
    public void The_bordered_Cholesky_of_the_probe_is_a_Cholesky_factor()
    {
        if (!GramEngine.NativeAvailable) return; // native only, like the probe
        const int m = 700;
        var sample = SolverInstances.Sample(m: m, n: 20, seed: 10);
        var gram = GramEngine.Gram(new Kernel.Multinomial(5), sample.Points); // C(25, 5) > 700 features: full rank
        var staged = gram.ToArray();
        var stagesSeen = new List<int>();
        Assert.True(PivotedCholesky.BorderedCholesky(staged, m, PivotedCholesky.FirstBlock, k => { stagesSeen.Add(k); return false; }));
        Assert.Equal(Enumerable.Range(0, m), stagesSeen); // every pivot offered to the caller's test, in order
        var plain = gram.ToArray();
        Assert.NotNull(SymmetricFactor.TryFactor(plain, m, native: true));
        double largest = 0, difference = 0, scale = 0;
        for (int i = 0; i < m; i++) scale = Math.Max(scale, gram[i, i]);
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++)
            {
                double dot = 0;
                for (int k = 0; k <= j; k++) dot += staged[i * m + k] * staged[j * m + k];
                largest = Math.Max(largest, Math.Abs(gram[i, j] - dot));
                difference = Math.Max(difference, Math.Abs(staged[i * m + j] - plain[i * m + j]));
            }
        output.WriteLine($"max |K - L L'| = {largest:E3}, max |L - L_dpotrf| = {difference:E3} (max K_ii {scale:E3})");
        Assert.True(largest <= 1e-12 * scale, $"max |K - L L'| = {largest}");
        Assert.True(difference <= 1e-10 * Math.Sqrt(scale), $"max |L - L_dpotrf| = {difference}");
    }

    /// <summary>
    /// A PSD matrix of rank 300 (m = 700) stops the bordered factorisation at its second stage (rows 256..511 exceed the rank),
    /// as the probe needs, and a pivot the caller rejects stops it in whichever stage holds that pivot: the stage boundaries
    /// are 256 and 512, and a rejection at pivot 600 (third stage) and at pivot 100 (first stage) both return false.
    /// </summary>
    [Fact]
    public void The_bordered_Cholesky_stops_at_the_stage_that_exceeds_the_rank_or_holds_a_rejected_pivot()
    {
        if (!GramEngine.NativeAvailable) return;
        const int m = 700, rank = 300;
        var deficient = LowRankPsd(m, rank, seed: 11, scale: 1, shift: 0);
        double trace = 0;
        for (int i = 0; i < m; i++) trace += deficient[i * m + i];
        var offered = new List<int>();
        var buffer = (double[])deficient.Clone();
        bool completes = PivotedCholesky.BorderedCholesky(buffer, m, PivotedCholesky.FirstBlock,
            k => { offered.Add(k); return !(buffer[k * m + k] * buffer[k * m + k] > 1e-13 * trace / m); });
        output.WriteLine($"rank {rank}: completes {completes}, pivots offered {offered.Count}");
        Assert.False(completes);
        // the first stage (256 rows, below the rank) clears; the second either fails in dpotrf or offers a small pivot
        Assert.InRange(offered.Count, 256, 512);

        var sample = SolverInstances.Sample(m: m, n: 20, seed: 10);
        var gram = GramEngine.Gram(new Kernel.Multinomial(5), sample.Points);
        foreach (int rejected in new[] { 100, 600 })
        {
            var seen = new List<int>();
            Assert.False(PivotedCholesky.BorderedCholesky(gram.ToArray(), m, PivotedCholesky.FirstBlock, k => { seen.Add(k); return k == rejected; }));
            Assert.Equal(rejected, seen[^1]);
        }
    }

    /// <summary>
    /// K = Y Y' + 1e-14 I (m = 120, Y of rank 30, diagonal about 2.5): numerically rank 30 at the default tolerance (dpstrf's
    /// pivots fall below 1e-13 trace / m = 2.5e-13 after the 30th), although its unpivoted Cholesky completes with OpenBLAS's
    /// Haswell, SkylakeX and Sandybridge kernels (printed; shifts from 5e-15 to 3e-14 did too): the probe must not call it full
    /// rank on completion alone, its pivot threshold decides, and the pivoted factorisation finds rank 30.
    /// </summary>
    [Fact]
    public void A_Cholesky_that_completes_below_the_rank_tolerance_is_not_called_full_rank()
    {
        if (!GramEngine.NativeAvailable) return;
        const int m = 120, rank = 30;
        var k = LowRankPsd(m, rank, seed: 12, scale: 12.0 / rank * 2.5, shift: 1e-14);
        bool completes = PivotedCholesky.BorderedCholesky((double[])k.Clone(), m, PivotedCholesky.FirstBlock, _ => false);
        var probe = PivotedCholesky.ProbeNative(Matrix.Create(m, m, k), 1e-13, () => new double[m * m]);
        output.WriteLine($"unpivoted Cholesky completes: {completes}, rank {probe.Factor?.Rank}");
        Assert.False(probe.FullRank);
        Assert.NotNull(probe.Factor);
        Assert.Equal(rank, probe.Factor!.Rank);
    }

    [Fact]
    public void A_Gram_matrix_of_full_numerical_rank_gets_no_blocked_factor()
    {
        if (!GramEngine.NativeAvailable) return;
        var sample = SolverInstances.Sample(m: 120, n: 20, seed: 9);
        var gram = GramEngine.Gram(new Kernel.Multinomial(5), sample.Points);
        Assert.Null(PivotedCholesky.FactorNative(gram, 1e-13, new double[120 * 120], out bool fullRank));
        Assert.True(fullRank);
    }

    /// <summary>
    /// scale Y Y' + shift I (row-major m x m), Y m x rank with entries uniform in [-1/2, 1/2) from <paramref name="seed"/>: PSD of
    /// rank <paramref name="rank"/> when shift is 0.
    /// </summary>
    private static double[] LowRankPsd(int m, int rank, int seed, double scale, double shift)
    {
        var rng = new Random(seed);
        var y = new double[m * rank];
        for (int i = 0; i < y.Length; i++) y[i] = rng.NextDouble() - 0.5;
        var k = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++)
            {
                double dot = 0;
                for (int t = 0; t < rank; t++) dot += y[i * rank + t] * y[j * rank + t];
                k[i * m + j] = k[j * m + i] = dot * scale + (i == j ? shift : 0);
            }
        return k;
    }

    private sealed class MuRecorder : IProgress<SolverIteration>
    {
        public List<double> Values { get; } = [];

        /// <summary>Where each solve's reports begin (a repeated solve reports iteration 1 again).</summary>
        public List<int> Starts { get; } = [];

        public void Report(SolverIteration value)
        {
            if (value.Iteration == 1) Starts.Add(Values.Count);
            Values.Add(value.Mu);
        }
    }

    /// <summary>
    /// Past the certificate's floor the ball multiplier theta and mu / sigma fall towards 0; the Newton matrix's ball curvature
    /// is floored at the rounding level of N (<c>InteriorPointIterate.RoundingFloor</c>), so rounding in N's smallest
    /// directions is not amplified into a step that leaves the ball: with an unreachable gap tolerance the iteration keeps
    /// going, and the barrier parameter never climbs back by more than a factor 1e3 from its smallest value, nor does the
    /// returned point leave the ball. An interpolating agnostic program (MK_6 on S^99 has far more features than the 2000
    /// points, B = 1e4 leaves the ball slack, theta tends to 0; the solver-grid bench's n100-d6-B1e4-agn-sq data) on both
    /// backends. Without the floor the native solve's mu climbed from 6.7e-16 by a factor 6.6e38 (measured). m-space is asked
    /// for explicitly: under Auto an m-space solve that ends without converging (here at the iteration limit) is repeated in
    /// r-space, whose own iterations would restart the recorded mu.
    /// </summary>
    [Theory]
    [InlineData(ComputeBackend.Managed)]
    [InlineData(ComputeBackend.Native)]
    public void Iterations_past_the_certificates_floor_stay_in_control(ComputeBackend backend)
    {
        if (backend == ComputeBackend.Native && !GramEngine.NativeAvailable) return;
        var sample = SolverInstances.Sample(m: 2000, n: 100, seed: 1100);
        var program = SolverInstances.Program(sample, degree: 6, ProgramTask.Agnostic, bound: 1e4, tau: 0, new Loss.Square());
        var recorder = new MuRecorder();
        var r = ReliableSolver.Solve(program, SolverOptions.Default with { Backend = backend, GapTolerance = 1e-300, MaxIterations = 40, NewtonSystem = NewtonSystemKind.Dense },
            progress: recorder);
        // each solve on its own: a solve that stops with NumericalTrouble is repeated with the ball's residual linearised alone
        // (SolverOptions.BallSecondOrder), whose reports start again from the starting point's mu
        double smallest = double.PositiveInfinity, worst = 0;
        for (int k = 0; k < recorder.Values.Count; k++)
        {
            if (recorder.Starts.Contains(k)) smallest = double.PositiveInfinity;
            smallest = Math.Min(smallest, recorder.Values[k]);
            worst = Math.Max(worst, recorder.Values[k] / smallest);
        }
        output.WriteLine($"{backend}: {r.Exit} after {r.Iterations} iterations in {recorder.Starts.Count} solves, mu from {recorder.Values[0]:E2} down to {smallest:E2}, worst rise x{worst:E2}");
        Assert.True(worst <= 1e3, $"mu rose by a factor {worst:E2} after reaching {smallest:E2}");
        Assert.True(r.BallViolation <= 1e-9 * 1e4);
    }

    /// <summary>
    /// A warm start that does not converge is retried cold (<see cref="SolverOptions.RetryCold"/>, the default). The instance is
    /// the one FsCheck found for the tau_c-path property of T2_1_ReliableProgram_Properties (39 points on S^3 with
    /// reliable-agnostic labels, MK_2, B = 34.2): warm-started at the tau_c = 0.16 optimum, the tau_c = 0.26 solve stopped at the
    /// iteration limit with gap 1.27e-4 (100 iterations); cold it converges in 8, and the retry returns that, with the iterations
    /// of both counted.
    /// </summary>
    [Fact]
    public void A_warm_start_that_does_not_converge_is_retried_cold()
    {
        var rng = new Random(145091);
        var w = new double[4];
        for (int j = 0; j < 4; j++) w[j] = rng.NextDouble() - 0.5;
        double norm = Math.Sqrt(w.Sum(v => v * v));
        for (int j = 0; j < 4; j++) w[j] /= norm;
        var sample = Labelling.Sample(new SphereDistribution.Uniform(4), new LabelModel.ReliableAgnostic(w, 0.1, 0.1), 39, new Random(145092));
        var low = new KernelProgram(GramEngine.Gram(new Kernel.Multinomial(2), sample.Points), sample.Labels, ProgramTask.Reliable, 34.2, 0.16, new Loss.Square());
        var high = low.WithThreshold(0.26);
        var start = ReliableSolver.Solve(low);
        var warmOnly = ReliableSolver.Solve(high, SolverOptions.Default with { RetryCold = false }, WarmStart.From(start));
        var retried = ReliableSolver.Solve(high, SolverOptions.Default, WarmStart.From(start));
        var cold = ReliableSolver.Solve(high);
        output.WriteLine($"warm only {warmOnly.Exit} in {warmOnly.Iterations} (gap {warmOnly.DualityGap:E2}); cold {cold.Exit} in {cold.Iterations}; retried {retried.Exit} in {retried.Iterations}");
        Assert.Equal(ExitCondition.Converged, start.Exit);
        Assert.NotEqual(ExitCondition.Converged, warmOnly.Exit);
        Assert.Equal(ExitCondition.Converged, cold.Exit);
        Assert.Equal(ExitCondition.Converged, retried.Exit);
        Assert.Equal(warmOnly.Iterations + cold.Iterations, retried.Iterations);
        // the retry reuses the Newton systems' buffers (a different summation order): the same optimum within both gaps
        Assert.True(Math.Abs(cold.Objective - retried.Objective) <= cold.DualityGap + retried.DualityGap + 1e-15);
    }
}
