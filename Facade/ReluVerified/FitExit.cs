namespace ReluVerified;

/// <summary>
/// How the fit's optimiser stopped, as <see cref="FitReport.Exit"/> states it: the interior-point solver's
/// <see cref="Core.Optimization.ExitCondition"/> for the kernel tasks, <see cref="Fixpoint"/> or
/// <see cref="IterationLimit"/> for the LSPA heuristic. Written in report JSON by its C# name (e.g. "Converged").
/// </summary>
public enum FitExit
{
    /// <summary>The solver's certificate is within its tolerances (<see cref="Core.Optimization.ExitCondition.Converged"/>).</summary>
    Converged,

    /// <summary>The constraints admit no point (<see cref="Core.Optimization.ExitCondition.Infeasible"/>).</summary>
    Infeasible,

    /// <summary>The iteration limit was reached first (the solver's, or the LSPA heuristic's).</summary>
    IterationLimit,

    /// <summary>A factorisation failed or the iterates stopped making progress (<see cref="Core.Optimization.ExitCondition.NumericalTrouble"/>).</summary>
    NumericalTrouble,

    /// <summary>The LSPA heuristic reached a fixpoint of its partition (no guarantee attaches to it).</summary>
    Fixpoint,
}
