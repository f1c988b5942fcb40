using System.Collections.Immutable;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// T2.1 / T2.1-budget: the choices the solver makes when it turns a point into a certificate (<c>CertificateSelection</c>;
/// Proofs/T2.1-reliable-program.md, "Stopping rule and floating-point certificate"), each checked against its documented
/// contract on hand-built inputs whose answers are exact doubles: the score against the stopping rule, the scaling into the
/// ball, the multiplier candidates on Z, their order, the rounding-safe choice and the exit condition. The solver-level
/// checks (T2_1_SolverCertificate_Checks) show that the solver uses these choices; these show that each choice is the one
/// documented.
/// </summary>
public sealed class T2_1_CertificateSelection_Checks
{
    // gap and ball tolerances that are powers of two, so every boundary below is an exact double
    private static readonly SolverOptions Options = SolverOptions.Default with
    {
        GapTolerance = Math.Pow(2, -27), StationarityTolerance = Math.Pow(2, -26), ConstraintTolerance = Math.Pow(2, -30), BallTolerance = Math.Pow(2, -29),
    };

    private static SolverResult Result(double objective, double dual, double stationarity, double violation, double ballViolation)
        => new(ExitCondition.IterationLimit, [0.0], [0.0], objective, dual, violation, ballViolation, stationarity, 4, [0.0], [0.0], 0, 1,
            NewtonSystemKind.Dense, 1);

    /// <summary>
    /// A repeated solve (cold retry, retry without correctors) keeps the second attempt when it converged or scores nearer
    /// the stopping rule, otherwise the first, and counts the iterations of both. Scores with these options and B = 4: a gap
    /// of 2^-26 is score 2, of 2^-24 score 8.
    /// </summary>
    [Theory]
    [InlineData(24, 26, false, 2)]  // second nearer (score 2 against 8): second
    [InlineData(26, 24, false, 1)]  // second farther (8 against 2): first
    [InlineData(26, 26, false, 1)]  // a tie keeps the first
    [InlineData(26, 20, true, 2)]   // second converged (as its exit says): second, whatever its score
    public void A_repeated_solve_keeps_the_attempt_nearer_the_stopping_rule_and_counts_both(int firstGapExponent, int secondGapExponent,
        bool secondConverged, int expected)
    {
        var first = Result(1, 1 - Math.Pow(2, -firstGapExponent), 0, 0, 0) with { Exit = ExitCondition.NumericalTrouble, Iterations = 7, Rank = 1 };
        var second = Result(1, 1 - Math.Pow(2, -secondGapExponent), 0, 0, 0)
            with { Exit = secondConverged ? ExitCondition.Converged : ExitCondition.NumericalTrouble, Iterations = 5, Rank = 2 };
        var kept = CertificateSelection.Nearer(first, second, Options, 4);
        Assert.Equal(expected, kept.Rank);
        Assert.Equal(12, kept.Iterations);
        Assert.Equal((expected == 1 ? first : second).Exit, kept.Exit);
    }

    /// <summary>Four points, identity Gram, labels (0, 1, 0, 2): Z = {0, 2}; B = 4.</summary>
    private static KernelProgram Program(double tau, double? zeroPenalty = null)
    {
        var program = new KernelProgram(Matrix.Build(4, 4, (i, j) => i == j ? 1 : 0), [0.0, 1.0, 0.0, 2.0], ProgramTask.Reliable, 4, tau, new Loss.Square(),
            [1.0, 1.0, 3.0, 1.0]);
        return zeroPenalty is { } lambda ? program.WithZeroPenalty(lambda) : program;
    }

    [Fact]
    public void The_working_score_is_the_larger_of_gap_and_stationarity_each_over_its_tolerance_scaled_by_max_1_and_the_objective()
    {
        double gapTol = Options.GapTolerance, statTol = Options.StationarityTolerance;
        // |objective| <= 1: scale 1
        Assert.Equal(1.0, CertificateSelection.Score(0.5, 0.5 - gapTol, 0, Options));
        Assert.Equal(3.0, CertificateSelection.Score(0.5, 0.5 - gapTol, 3 * statTol, Options));
        Assert.Equal(2.0, CertificateSelection.Score(-0.25, -0.25 - 2 * gapTol, statTol, Options));
        // |objective| = 4: both parts are divided by 4 (a gap of 4 tolerances scores 1, a stationarity of 8 tolerances 2)
        Assert.Equal(1.0, CertificateSelection.Score(-4, -4 - 4 * gapTol, 0, Options));
        Assert.Equal(2.0, CertificateSelection.Score(4, 4 - 4 * gapTol, 8 * statTol, Options));
        // a dual above the objective (a negative gap) leaves the stationarity part
        Assert.Equal(0.5, CertificateSelection.Score(1, 1 + gapTol, statTol / 2, Options));
        Assert.Equal(0.0, CertificateSelection.Score(1, 1, 0, Options));
        // NaN anywhere: +infinity, never NaN (a NaN would compare false with every score)
        Assert.Equal(double.PositiveInfinity, CertificateSelection.Score(1, double.NaN, 0, Options));
        Assert.Equal(double.PositiveInfinity, CertificateSelection.Score(1, 1, double.NaN, Options));
        Assert.Equal(double.PositiveInfinity, CertificateSelection.Score(double.NaN, 1, 0, Options));
    }

    [Fact]
    public void The_iterate_score_adds_the_violation_over_its_absolute_tolerance_and_the_ball_over_its_tolerance_times_B()
    {
        double bound = 4;
        var inside = Result(0.5, 0.5 - gapOf(0.5), 0, 0, 0);
        Assert.Equal(0.5, CertificateSelection.Score(inside, Options, bound));
        Assert.Equal(3.0, CertificateSelection.Score(inside with { ConstraintViolation = 3 * Options.ConstraintTolerance }, Options, bound));
        // the ball tolerance is relative to B: a violation of 5 tolerances times B scores 5
        Assert.Equal(5.0, CertificateSelection.Score(inside with { BallViolation = 5 * Options.BallTolerance * bound }, Options, bound));
        Assert.Equal(5.0 / 4, CertificateSelection.Score(inside with { BallViolation = 5 * Options.BallTolerance }, Options, bound));
        // the largest part decides
        Assert.Equal(7.0, CertificateSelection.Score(inside with { ConstraintViolation = 7 * Options.ConstraintTolerance, BallViolation = 2 * Options.BallTolerance * bound },
            Options, bound));
        foreach (var nan in new[] { inside with { DualBound = double.NaN }, inside with { Stationarity = double.NaN },
                     inside with { ConstraintViolation = double.NaN }, inside with { BallViolation = double.NaN } })
            Assert.Equal(double.PositiveInfinity, CertificateSelection.Score(nan, Options, bound));
        // at most 1 exactly when the stopping rule holds: at each boundary and one ulp beyond it
        var edge = Result(-4, -4 - 4 * Options.GapTolerance, 4 * Options.StationarityTolerance, Options.ConstraintTolerance, Options.BallTolerance * bound);
        Assert.True(ReliableSolver.Certified(edge, Options, bound));
        Assert.Equal(1.0, CertificateSelection.Score(edge, Options, bound));
        foreach (var beyond in new[] { edge with { DualBound = Math.BitDecrement(edge.DualBound) }, edge with { Stationarity = Math.BitIncrement(edge.Stationarity) },
                     edge with { ConstraintViolation = Math.BitIncrement(edge.ConstraintViolation) }, edge with { BallViolation = Math.BitIncrement(edge.BallViolation) } })
        {
            Assert.False(ReliableSolver.Certified(beyond, Options, bound));
            Assert.True(CertificateSelection.Score(beyond, Options, bound) > 1);
        }

        static double gapOf(double objective) => Options.GapTolerance * Math.Max(1, Math.Abs(objective)) / 2;
    }

    [Theory]
    [InlineData(0.5, null, 4.5, 2, true)]     // tau_c > 0: shrinking f keeps f_i <= tau_c
    [InlineData(0.0, null, 4.5, 2, true)]     // tau_c = 0 as well
    [InlineData(-0.1, null, 4.5, 2, false)]   // tau_c < 0 with Z: shrinking f toward 0 can break f_i <= tau_c
    [InlineData(-0.1, null, 4.5, 0, true)]    // no zero constraint to break
    [InlineData(-0.1, 1.0, 4.5, 2, true)]     // the penalised program's zero constraints are soft
    [InlineData(0.5, null, 4.0, 2, false)]    // on the ball: nothing to do
    [InlineData(0.5, null, 3.0, 2, false)]    // inside it
    public void A_point_is_scaled_into_the_ball_exactly_when_it_lies_outside_and_no_hard_zero_constraint_can_break(double tau, double? lambda, double q,
        int zeroCount, bool scaled)
        => Assert.Equal(scaled, CertificateSelection.ScalesIntoBall(Program(tau, lambda), q, zeroCount));

    [Fact]
    public void The_multiplier_candidates_are_the_clipped_interior_nu_the_recovered_estimate_and_zero_in_that_order()
    {
        var program = Program(0.5);
        int[] zero = [0, 2];
        double[] alpha = [-0.75, 0.25, 0.5, 1.0];
        double[] nu = [2.0, 9.0, -1.0, 9.0]; // nonzero off Z on purpose: candidates are zero off Z
        const double theta = 0.5;            // recovered: max(0, -2 * 0.5 * alpha_i) = max(0, -alpha_i)

        var iterate = CertificateSelection.MultiplierCandidates(program, alpha, nu, theta, zero, useStationarity: true, final: false);
        Assert.Equal(2, iterate.Count);
        Assert.Equal([2.0, 0.0, 0.0, 0.0], iterate[0]);
        Assert.Equal([0.75, 0.0, 0.0, 0.0], iterate[1]);

        var last = CertificateSelection.MultiplierCandidates(program, alpha, nu, theta, zero, useStationarity: true, final: true);
        Assert.Equal(3, last.Count);
        Assert.Equal(iterate[0], last[0]);
        Assert.Equal(iterate[1], last[1]);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], last[2]);

        // without the estimate (r-space), nu = 0 is tried at every iterate
        foreach (bool final in new[] { false, true })
        {
            var factor = CertificateSelection.MultiplierCandidates(program, alpha, nu, theta, zero, useStationarity: false, final);
            Assert.Equal(2, factor.Count);
            Assert.Equal([2.0, 0.0, 0.0, 0.0], factor[0]);
            Assert.Equal([0.0, 0.0, 0.0, 0.0], factor[1]);
        }

        // Z empty: the interior candidate alone, all zeros
        var none = CertificateSelection.MultiplierCandidates(program, alpha, nu, theta, [], useStationarity: true, final: true);
        Assert.Single(none);
        Assert.Equal([0.0, 0.0, 0.0, 0.0], none[0]);
    }

    [Fact]
    public void The_penalised_programs_candidates_are_clipped_into_the_box_0_to_c_i()
    {
        // lambda = 0.4: c_0 = 0.4 * 1 / 4 and c_2 = 0.4 * 3 / 4, each times (1 - 2^-50)
        var program = Program(0.5, zeroPenalty: 0.4);
        double c0 = DualCertificate.ZeroCap(program, 0), c2 = DualCertificate.ZeroCap(program, 2);
        Assert.InRange(c0, 0.1 * (1 - 1e-14), 0.1);
        Assert.InRange(c2, 0.3 * (1 - 1e-14), 0.3);
        var candidates = CertificateSelection.MultiplierCandidates(program, [-0.75, 0, 0.25, 0], [2.0, 0, 0.05, 0], 0.5, [0, 2], useStationarity: true, final: true);
        Assert.Equal(3, candidates.Count);
        Assert.Equal([c0, 0.0, 0.05, 0.0], candidates[0]);  // 2 clipped to c_0; 0.05 inside [0, c_2]
        Assert.Equal([c0, 0.0, 0.0, 0.0], candidates[1]);   // 0.75 clipped to c_0; -0.25 to 0
        Assert.Equal([0.0, 0.0, 0.0, 0.0], candidates[2]);
        // the hard program does not clip from above
        var hard = CertificateSelection.MultiplierCandidates(Program(0.5), [-0.75, 0, 0.25, 0], [2.0, 0, 0.05, 0], 0.5, [0, 2], useStationarity: true, final: true);
        Assert.Equal([2.0, 0.0, 0.05, 0.0], hard[0]);
        Assert.Equal([0.75, 0.0, 0.0, 0.0], hard[1]);
    }

    [Fact]
    public void Candidates_are_tried_nearest_the_stopping_rule_first_ties_to_the_larger_dual_then_in_the_given_order()
    {
        Assert.Equal([2, 1, 0, 3], CertificateSelection.RankOrder([2.0, 0.5, 0.5, 3.0], [0.0, 1.0, 2.0, 5.0]));
        Assert.Equal([1, 0], CertificateSelection.RankOrder([1.0, 0.25], [9.0, -9.0]));
        Assert.Equal([0, 1, 2], CertificateSelection.RankOrder([1.0, 1.0, 1.0], [0.0, 0.0, -1.0]));
        Assert.Equal([1, 0], CertificateSelection.RankOrder([double.PositiveInfinity, 7.0], [1.0, 0.0]));
    }

    [Theory]
    [InlineData(new[] { 3.0, 2.0, 5.0 }, 1, 3)]   // none meets the rule: the least score, after evaluating all
    [InlineData(new[] { 2.0, 0.5, 0.1 }, 1, 2)]   // the first that meets it ends the search (0.1 is never evaluated)
    [InlineData(new[] { 1.0, 0.5 }, 0, 1)]        // a score of exactly 1 meets it
    [InlineData(new[] { 2.0, 2.0, 3.0 }, 0, 3)]   // a later equal score does not replace the earlier
    [InlineData(new[] { 1.5, 1.2, 1.1 }, 2, 3)]   // a later strictly better one does
    [InlineData(new[] { double.PositiveInfinity, double.PositiveInfinity }, 0, 2)]
    [InlineData(new[] { 0.0 }, 0, 1)]
    public void The_rounding_safe_choice_is_the_first_candidate_to_meet_the_rule_or_else_the_first_with_the_least_score(double[] scores, int expected,
        int evaluations)
    {
        int calls = 0;
        int chosen = CertificateSelection.FirstCertified(scores.Length, k => { calls++; return scores[k]; });
        Assert.Equal(expected, chosen);
        Assert.Equal(evaluations, calls);
    }

    [Theory]
    [InlineData(true, ExitCondition.Converged, ExitCondition.Converged)]
    [InlineData(true, ExitCondition.IterationLimit, ExitCondition.Converged)]
    [InlineData(true, ExitCondition.NumericalTrouble, ExitCondition.Converged)]
    [InlineData(false, ExitCondition.Converged, ExitCondition.NumericalTrouble)]
    [InlineData(false, ExitCondition.IterationLimit, ExitCondition.IterationLimit)]
    [InlineData(false, ExitCondition.NumericalTrouble, ExitCondition.NumericalTrouble)]
    public void The_exit_is_Converged_exactly_when_the_rounding_safe_certificate_passes(bool certified, ExitCondition interior, ExitCondition expected)
        => Assert.Equal(expected, CertificateSelection.FinalExit(certified, interior));
}
