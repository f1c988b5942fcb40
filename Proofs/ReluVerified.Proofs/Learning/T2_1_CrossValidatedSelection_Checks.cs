using System.Collections.Immutable;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Losses;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// T2.1-budget's cross-validated selection (Core/ReluVerified.Core/Learning/CrossValidatedSelection.cs), deterministic
/// checks: the per-candidate threshold leaves at most floor(eps n) zero-labelled scores on the non-zero side, exactly at its
/// boundaries and with ties; the choice takes the least positive loss among candidates that meet eps, never one that
/// misses eps while another meets it, and breaks ties toward the simpler candidate.
/// </summary>
public class T2_1_CrossValidatedSelection_Checks
{
    private static readonly double[] Tenths = [0.7, 0.1, 1.0, 0.4, 0.2, 0.9, 0.3, 0.6, 0.5, 0.8];

    [Theory]
    [InlineData(0.05, 0, 1.0)]
    [InlineData(0.1, 1, 0.9)]
    [InlineData(0.15, 1, 0.9)]
    [InlineData(0.2, 2, 0.8)]
    [InlineData(0.25, 2, 0.8)]
    [InlineData(0.5, 5, 0.5)]
    public void Threshold_is_the_next_double_above_the_score_that_leaves_floor_eps_n_scores_on_the_non_zero_side(double eps, int allowed, double below)
    {
        double tau = CrossValidatedSelection.EmpiricalThreshold(Tenths, eps);
        Assert.Equal(Math.BitIncrement(below), tau);
        Assert.Equal(allowed, Tenths.Count(s => s >= tau));
        // one ulp lower would let one more score through
        Assert.Equal(allowed + 1, Tenths.Count(s => s >= Math.BitDecrement(tau)));
    }

    [Fact]
    public void Tied_scores_are_all_kept_on_the_zero_side_when_letting_one_through_would_let_all_through()
    {
        var tied = Enumerable.Repeat(0.5, 10).ToArray();
        double tau = CrossValidatedSelection.EmpiricalThreshold(tied, 0.1);
        Assert.Equal(0, tied.Count(s => s >= tau));
        Assert.Equal(Math.BitIncrement(0.5), tau);
    }

    [Fact]
    public void Threshold_without_zero_labelled_scores_is_zero_and_bad_arguments_are_named()
    {
        Assert.Equal(0.0, CrossValidatedSelection.EmpiricalThreshold([], 0.1));
        foreach (double bad in new[] { 0.0, 1.0, -0.1, double.NaN })
            Assert.Equal("epsilon", Assert.Throws<ArgumentException>(() => CrossValidatedSelection.EmpiricalThreshold(Tenths, bad)).ParamName);
        Assert.Equal("zeroScores", Assert.Throws<ArgumentException>(() => CrossValidatedSelection.EmpiricalThreshold([0.1, double.NaN], 0.1)).ParamName);
    }

    private static readonly LearnerSettings Settings = new(ProgramTask.Reliable, [0], [1.0, 4.0], 0.0125, null, false, 0.1, 0.05, new Loss.Square(), 0,
        SolverOptions.Default, new KernelFamily.Gaussian(1.0), ZeroPenalties: [double.PositiveInfinity, 1.0], Folds: 3);

    // 100 rows, 50 zero-labelled: a conditional FP rate of k/50
    private static CandidateScore Candidate(double bound, double? penalty, int falsePositives, double positiveLoss, ExitCondition exit = ExitCondition.Converged)
        => new(0, bound, exit, double.NaN, double.NaN, new Metrics(100, 50, 50, falsePositives / 100.0, positiveLoss, positiveLoss), penalty, 0.5);

    [Fact]
    public void Choice_never_takes_a_candidate_that_misses_eps_when_another_meets_it()
    {
        var candidates = new[] { Candidate(1, null, 6, 0.010), Candidate(4, 1.0, 5, 0.030), Candidate(4, null, 9, 0.020) };
        // 6/50 = 0.12 and 9/50 = 0.18 miss eps = 0.1; 5/50 = 0.1 meets it (at the boundary)
        Assert.Equal(1, CrossValidatedSelection.Choose(candidates, Settings, Settings.Family));
    }

    [Fact]
    public void Choice_takes_the_least_positive_loss_among_those_that_meet_eps_and_skips_infeasible_solves()
    {
        var candidates = new[] { Candidate(1, null, 2, 0.030), Candidate(4, 1.0, 4, 0.020), Candidate(4, null, 0, 0.001, ExitCondition.Infeasible), Candidate(1, 1.0, 5, 0.025) };
        Assert.Equal(1, CrossValidatedSelection.Choose(candidates, Settings, Settings.Family));
    }

    [Fact]
    public void Ties_go_to_the_smaller_weight_then_the_larger_penalty()
    {
        var byWeight = new[] { Candidate(4, null, 1, 0.02), Candidate(1, null, 1, 0.02 * (1 + 1e-9)) };
        Assert.Equal(1, CrossValidatedSelection.Choose(byWeight, Settings, Settings.Family));
        var byPenalty = new[] { Candidate(1, 1.0, 1, 0.02), Candidate(1, null, 1, 0.02), Candidate(1, 0.1, 1, 0.02) };
        Assert.Equal(1, CrossValidatedSelection.Choose(byPenalty, Settings, Settings.Family));
        // outside the tie tolerance the loss decides
        var notTied = new[] { Candidate(1, null, 1, 0.02), Candidate(4, 0.1, 1, 0.0199) };
        Assert.Equal(1, CrossValidatedSelection.Choose(notTied, Settings, Settings.Family));
    }

    [Fact]
    public void When_no_candidate_meets_eps_the_least_false_positive_rate_is_taken_then_the_least_loss()
    {
        var candidates = new[] { Candidate(1, null, 8, 0.01), Candidate(4, 1.0, 7, 0.03), Candidate(1, 1.0, 7, 0.02) };
        Assert.Equal(2, CrossValidatedSelection.Choose(candidates, Settings, Settings.Family));
    }

    private static readonly LowRankSettings Rank1000 = new(1000, new LandmarkMethod.Uniform());

    [Fact]
    public void Iteration_work_is_m_r_squared_plus_r_cubed_over_3_with_a_factor_and_m_cubed_over_3_without()
    {
        Assert.Equal(3000.0 * 1000 * 1000 + 1e9 / 3, CrossValidatedSelection.IterationWork(3000, Rank1000));
        // the rank is capped at the rows
        Assert.Equal(600.0 * 600 * 600 + 600.0 * 600 * 600 / 3, CrossValidatedSelection.IterationWork(600, Rank1000));
        Assert.Equal(1500.0 * 1500 * 1500 / 3, CrossValidatedSelection.IterationWork(1500, null));
    }

    [Fact]
    public void A_large_low_rank_fit_selects_on_the_most_rows_whose_work_is_within_the_final_fits()
    {
        // 150,012 fit rows at rank 1000 (the 200,000-row recipe of docs/scale.md): 3 folds x 40 candidates
        var plan = CrossValidatedSelection.Plan(150_012, 3, 40, Rank1000);
        Assert.True(plan.SizedByCost);
        Assert.InRange(plan.Rows, CrossValidatedSelection.MinSelectionRows + 1, CrossValidatedSelection.MaxSelectionRows - 1);
        Assert.Equal(CrossValidatedSelection.IterationWork(150_012, Rank1000), plan.FinalWork);
        Assert.True(plan.SelectionWork <= plan.FinalWork, $"{plan.SelectionWork:E3} > {plan.FinalWork:E3}");
        // one more row would exceed it: the plan is the largest within the budget
        var oneMore = CrossValidatedSelection.Plan(150_012, 3, 40, Rank1000, plan.Rows + 1);
        Assert.True(oneMore.SelectionWork > plan.FinalWork, $"{oneMore.SelectionWork:E3} <= {plan.FinalWork:E3}");
        Assert.Equal(120 * CrossValidatedSelection.IterationWork(plan.Rows - plan.Rows / 3, Rank1000), plan.SelectionWork);
    }

    [Fact]
    public void A_fit_whose_final_work_dwarfs_the_selection_keeps_the_cap_and_small_or_exact_fits_keep_every_row_up_to_it()
    {
        Assert.Equal(3000, CrossValidatedSelection.Plan(750_000, 3, 40, Rank1000).Rows);
        var exact = CrossValidatedSelection.Plan(2500, 3, 40, null);
        Assert.Equal((2500, false), (exact.Rows, exact.SizedByCost));
        Assert.Equal(3000, CrossValidatedSelection.Plan(10_000, 3, 40, null).Rows);
        Assert.Equal(900, CrossValidatedSelection.Plan(900, 3, 40, Rank1000).Rows);
    }

    [Fact]
    public void The_floor_holds_when_no_size_is_within_the_budget_and_a_requested_size_is_taken_as_given()
    {
        // 40,000 candidates: nothing above the floor is within the budget
        var floor = CrossValidatedSelection.Plan(5000, 3, 40_000, Rank1000);
        Assert.Equal((CrossValidatedSelection.MinSelectionRows, true), (floor.Rows, floor.SizedByCost));
        Assert.True(floor.SelectionWork > Math.Max(floor.FinalWork, CrossValidatedSelection.SelectionBudget));
        var requested = CrossValidatedSelection.Plan(150_012, 3, 40, Rank1000, 2500);
        Assert.Equal((2500, false), (requested.Rows, requested.SizedByCost));
        Assert.Equal(40, CrossValidatedSelection.Plan(40, 3, 40, Rank1000, 2500).Rows);
        AssertRefused(() => CrossValidatedSelection.Plan(100, 3, 1, null, 1), "requestedRows", "requestedRows must be at least 2, got 1.");
        AssertRefused(() => CrossValidatedSelection.Plan(100, 1, 1, null), "folds", "folds must be at least 2, got 1.");
        AssertRefused(() => CrossValidatedSelection.Plan(0, 3, 1, null), "fitRows", "fitRows must be at least 1, got 0.");
        AssertRefused(() => CrossValidatedSelection.Plan(100, 3, 0, null), "candidates", "candidates must be at least 1, got 0.");
        // the boundaries themselves are accepted: one fit row, two requested rows
        Assert.Equal(1, CrossValidatedSelection.Plan(1, 3, 1, null).Rows);
        Assert.Equal(2, CrossValidatedSelection.Plan(100, 3, 1, null, 2).Rows);
        // exactly the floor's worth of fit rows is not sized by cost: every row is used
        var atFloor = CrossValidatedSelection.Plan(CrossValidatedSelection.MinSelectionRows, 3, 40_000, Rank1000);
        Assert.Equal((CrossValidatedSelection.MinSelectionRows, false), (atFloor.Rows, atFloor.SizedByCost));
    }

    [Fact]
    public void The_plan_describes_itself_in_one_true_sentence()
    {
        var plan = new SelectionPlan(1468, 150_012, 3, 40, true, 1, 2);
        Assert.Equal("3-fold cross-validation of 40 candidates (120 solves) on 1468 of the 150012 fit rows (a seeded subsample, sized so the "
            + "selection's estimated work is at most the larger of the final fit's and a fixed budget), then one fit of the chosen candidate on all 150012",
            plan.Describe());
        Assert.Equal("3-fold cross-validation of 2 candidates (6 solves) on all 500 fit rows, then one fit of the chosen candidate on all 500",
            new SelectionPlan(500, 500, 3, 2, false, 1, 2).Describe());
        Assert.Equal("3-fold cross-validation of 2 candidates (6 solves) on 90 of the 500 fit rows (a seeded subsample), then one fit of the chosen candidate on all 500",
            new SelectionPlan(90, 500, 3, 2, false, 1, 2).Describe());
    }

    private static void AssertRefused(Action make, string argument, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(make);
        Assert.Equal(argument, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }
}
