namespace ReluVerified.Core.Learning;

/// <summary>
/// What the cross-validated selection of T2.1 / T2.1-budget (<see cref="CrossValidatedSelection"/>) ran on: how many of the
/// fit rows, over how many folds and candidates, and why that many. On a low-rank fit (S-lowrank) the subsample is sized by
/// cost (<see cref="CrossValidatedSelection.Plan"/>): the selection's estimated work, folds x candidates solves on the
/// subsample, is held to at most the larger of the final fit's estimated work and <see cref="CrossValidatedSelection.SelectionBudget"/>
/// multiply-adds, within [<see cref="CrossValidatedSelection.MinSelectionRows"/>, <see cref="CrossValidatedSelection.MaxSelectionRows"/>] rows.
/// The chosen candidate is then fitted once on every fit row.
/// </summary>
/// <param name="Rows">Rows the selection ran on: the first ones of the seeded content-hash order of the fit rows.</param>
/// <param name="FitRows">Rows of the fit part (the final fit's rows).</param>
/// <param name="Folds">Folds k of the cross-validation.</param>
/// <param name="Candidates">Candidates (d, B, lambda, kernel) tried; the selection ran Folds x Candidates solves.</param>
/// <param name="SizedByCost">Whether <paramref name="Rows"/> came from the cost rule (false: every fit row up to the cap, or a size the caller set).</param>
/// <param name="SelectionWork">The cost model's estimate of one Newton iteration summed over the selection's solves, in multiply-adds.</param>
/// <param name="FinalWork">The cost model's estimate of one Newton iteration of the final fit, in multiply-adds.</param>
public sealed record SelectionPlan(int Rows, int FitRows, int Folds, int Candidates, bool SizedByCost, double SelectionWork, double FinalWork)
{
    /// <summary>One sentence for a report: what ran on how many rows, and why.</summary>
    public string Describe()
    {
        string size = Rows == FitRows
            ? $"all {FitRows} fit rows"
            : $"{Rows} of the {FitRows} fit rows (a seeded subsample{(SizedByCost ? ", sized so the selection's estimated work is at most the larger of the final fit's and a fixed budget" : "")})";
        return $"{Folds}-fold cross-validation of {Candidates} candidates ({Folds * Candidates} solves) on {size}, then one fit of the chosen candidate on all {FitRows}";
    }
}
