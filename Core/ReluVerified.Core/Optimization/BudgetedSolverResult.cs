namespace ReluVerified.Core.Optimization;

/// <summary>
/// What <see cref="ReliableSolver.SolveWithBudget(KernelProgram, double, SolverOptions?, int, double, CancellationToken)"/>
/// returns (T2.1-budget, ours, beyond the paper; Proofs/T2.1-budgeted-program.md): a penalised solution and its certificate
/// for the budgeted program
/// <code>
///   minimise   (1/m) sum_{i in P} w_i loss(f_i, y_i)
///   subject to f_j &lt;= tau_c + t_j, t_j &gt;= 0 (j in Z),   (1/m) sum_{j in Z} w_j t_j &lt;= S,   ||f||_K^2 &lt;= B.
/// </code>
/// <para>
/// Guaranteed (standard model of floating-point arithmetic, PSD K, a built-in loss): <see cref="BudgetDualBound"/> &lt;= the
/// optimum of the budgeted program. It is D - S eta with D = <see cref="SolverResult.DualBound"/> (at most the dual function
/// d(s) of the hard program at the returned multipliers) and eta = <see cref="BudgetMultiplier"/> &gt;= max_j s_j m / w_j;
/// when the returned point is within the budget and the ball, Loss - optimum &lt;= <see cref="BudgetGap"/>.
/// </para>
/// </summary>
/// <param name="Exit">Converged when the point is within the budget and the ball, its stationarity meets the solver's
/// tolerance and <see cref="BudgetGap"/> &lt;= the requested budget-gap tolerance times max(1, |Loss|); IterationLimit when the
/// bisection ran out first (the point is still within the budget); NumericalTrouble when no solve met the budget (then the
/// point with the least excess is returned and <see cref="WithinBudget"/> is false).</param>
/// <param name="Result">The solve of the penalised program at <see cref="ZeroPenalty"/> (for +infinity: the hard program's
/// solve), with its own certificate for that program; when <see cref="Mixed"/>, the certified mixture of two solves.</param>
/// <param name="ZeroPenalty">The lambda of that solve: +infinity for the hard program, 0 when the budget is not binding; for a
/// mixture, max_j nu_j m / w_j of its combined multipliers (times 1 + 1e-9).</param>
/// <param name="Budget">S &gt;= 0, the bound on (1/m) sum_Z w_j max(0, f_j - tau_c).</param>
/// <param name="Loss">(1/m) sum_P w_i loss(f_i, y_i) at the returned predictions: the budgeted program's objective.</param>
/// <param name="BudgetMultiplier">eta: an upper bound (rounded upwards) on max_{j in Z, s_j &gt; 0} s_j m / w_j over the returned
/// multipliers s (+infinity when a zero-weight point has s_j &gt; 0); at most lambda for a penalised solve.</param>
/// <param name="BudgetDualBound">A lower bound on the budgeted program's optimum: D - S eta rounded downwards (D itself when S = 0).</param>
/// <param name="Solves">How many interior-point solves the search made.</param>
/// <param name="Mixed">True when <see cref="Result"/> is not one solve but the convex combination of the bracket's two solves
/// (the last one within the budget and the last one above it; Proofs/T2.1-budgeted-program.md, "Mixing the ends"),
/// certified as a point of the penalised program at <see cref="ZeroPenalty"/> with the same combination of their multipliers.</param>
public sealed record BudgetedSolverResult(
    ExitCondition Exit,
    SolverResult Result,
    double ZeroPenalty,
    double Budget,
    double Loss,
    double BudgetMultiplier,
    double BudgetDualBound,
    int Solves,
    bool Mixed = false)
{
    /// <summary>The excess the returned point uses, (1/m) sum_Z w_j max(0, f_j - tau_c) (<see cref="SolverResult.Excess"/>).</summary>
    public double Excess => Result.Excess;

    /// <summary>Excess &lt;= Budget.</summary>
    public bool WithinBudget => Result.Excess <= Budget;

    /// <summary>Loss - BudgetDualBound: bounds Loss - optimum of the budgeted program when the point is within the budget and the ball.</summary>
    public double BudgetGap => Loss - BudgetDualBound;
}
