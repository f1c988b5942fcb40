namespace ReluVerified.Core.Optimization;

/// <summary>Progress of <see cref="ReliableSolver.Solve(KernelProgram, SolverOptions, WarmStart, IProgress{SolverIteration}, CancellationToken)"/> (T2.1, R2.2): the interior-point iteration and its barrier parameter mu.</summary>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="Mu">The complementarity measure (it falls towards 0 as the solve converges).</param>
public sealed record SolverIteration(int Iteration, double Mu);
