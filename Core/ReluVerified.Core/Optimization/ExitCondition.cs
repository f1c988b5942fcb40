namespace ReluVerified.Core.Optimization;

/// <summary>Why the solver of the T2.1 / R2.2 program stopped (an outcome, never an exception).</summary>
public enum ExitCondition
{
    /// <summary>
    /// The duality gap, the zero-constraint violation, the ball violation and the stationarity are all within the tolerances
    /// of <see cref="SolverOptions"/>, on the rounding-safe certificate.
    /// </summary>
    Converged,

    /// <summary>The constraints admit no point: a Farkas-type certificate (multipliers on Z) was found.</summary>
    Infeasible,

    /// <summary>The iteration limit was reached first; the result still carries a valid dual bound.</summary>
    IterationLimit,

    /// <summary>A factorisation failed or the iterates stopped making progress; the result still carries a valid dual bound.</summary>
    NumericalTrouble,
}
