using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LowRank;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// The cost rule of the cross-validated selection's subsample (<c>CrossValidatedSelection.Plan</c>, T2.1-budget at scale) on
/// arbitrary fit sizes, ranks, folds and grids: the rows lie between the floor (or every fit row, when fewer) and the cap;
/// a plan above the floor is within its budget, max(final work, fixed budget), and one row more would exceed it (or it is
/// at the cap); and a larger fit never gets a smaller selection. A rule that always took the cap fails the budget clause
/// on the large low-rank fits the generator draws; one that always took the floor fails maximality.
/// </summary>
[Properties(MaxTest = 300)]
public class T2_1_SelectionPlan_Properties
{
    private static Gen<(int FitRows, int Folds, int Candidates, LowRankSettings? LowRank)> Cases =>
        from fitRows in Gen.OneOf(Gen.Choose(2, 5000), Gen.Choose(5000, 2_000_000))
        from folds in Gen.Choose(2, 10)
        from candidates in Gen.Choose(1, 200)
        from rank in Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 4000))
        select (fitRows, folds, candidates, rank == 0 ? null : new LowRankSettings(rank, new LandmarkMethod.Uniform()));

    [Property]
    public Property The_plan_lies_between_floor_and_cap_and_is_the_largest_within_its_budget()
        => Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var plan = CrossValidatedSelection.Plan(c.FitRows, c.Folds, c.Candidates, c.LowRank);
            int cap = Math.Min(c.FitRows, CrossValidatedSelection.MaxSelectionRows);
            int floor = Math.Min(c.FitRows, CrossValidatedSelection.MinSelectionRows);
            double budget = Math.Max(plan.FinalWork, CrossValidatedSelection.SelectionBudget);
            bool inRange = plan.Rows >= floor && plan.Rows <= cap;
            bool withinBudget = !plan.SizedByCost || plan.Rows == floor || plan.SelectionWork <= budget;
            bool largest = !plan.SizedByCost || plan.Rows == cap
                || CrossValidatedSelection.Plan(c.FitRows, c.Folds, c.Candidates, c.LowRank, plan.Rows + 1).SelectionWork > budget;
            bool exactKeepsAll = c.LowRank is not null || plan.Rows == cap;
            return (inRange && withinBudget && largest && exactKeepsAll)
                .Classify(plan.SizedByCost && plan.Rows < cap, "subsampled by cost")
                .Label($"{c.FitRows} rows, rank {c.LowRank?.Rank}, {c.Folds} folds, {c.Candidates} candidates: {plan}");
        });

    [Property]
    public Property A_larger_fit_never_gets_a_smaller_selection()
        => Prop.ForAll(Cases.ToArbitrary(), Gen.Choose(1, 100_000).ToArbitrary(), (c, extra) =>
        {
            var smaller = CrossValidatedSelection.Plan(c.FitRows, c.Folds, c.Candidates, c.LowRank);
            var larger = CrossValidatedSelection.Plan(c.FitRows + extra, c.Folds, c.Candidates, c.LowRank);
            return (larger.Rows >= smaller.Rows)
                .Label($"{c.FitRows} -> {c.FitRows + extra} rows: {smaller.Rows} -> {larger.Rows}");
        });
}
