using System.Collections.Immutable;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// What <see cref="ReliableSolver"/> needs of a program (T2.1, R2.2, S-lowrank): labels, loss and constraints, and the
/// kernel only through predictions f = A c of coefficients c, the squared norm ||f||^2 and the dual's quadratic s'K s.
/// <see cref="KernelProgram"/> holds the Gram matrix (c = alpha, A = K); <see cref="FactorProgram"/> holds a factor
/// (c = u, A = L, K = L L').
/// </summary>
internal interface ISolvableProgram
{
    int Count { get; }
    ImmutableArray<double> Labels { get; }
    ImmutableArray<double> Weights { get; }
    ProgramTask Task { get; }
    double NormBound { get; }
    double Threshold { get; }
    Loss Loss { get; }

    /// <summary>lambda of the penalised program (T2.1-budget); +infinity for the hard program.</summary>
    double ZeroPenalty { get; }
    bool InLossSet(int i);
    bool InConstrainedSet(int i);
    double Objective(ReadOnlySpan<double> predictions);

    /// <summary>f = A c for coefficients c in the program's own coordinates.</summary>
    double[] PredictionsOf(double[] coefficients, ComputeBackend backend);

    /// <summary>||f||^2 for coefficients c with predictions f.</summary>
    double SquaredNormOf(double[] coefficients, double[] predictions);

    /// <summary>
    /// Plain double estimates of s'K s and of the squared stationarity ||s + 2 theta alpha||_K^2 (for factor coordinates u:
    /// ||L's + 2 theta u||^2), one per theta, for an m-vector s, the program's coefficients c and their predictions f = A c.
    /// </summary>
    (double Quadratic, double[] Stationarity) DualQuadratics(double[] s, double[] coefficients, double[] predictions, double[] thetas, ComputeBackend backend);

    /// <summary>
    /// Rigorous upper bounds (standard model of floating-point arithmetic, <see cref="FloatingPoint"/>) on sqrt(s'K s) and on
    /// the stationarity norm ||s + 2 theta alpha||_K (factor coordinates: ||L's + 2 theta u||).
    /// </summary>
    (double Norm, double Stationarity) DualNormBounds(double[] s, double[] coefficients, double theta, ComputeBackend backend);

    /// <summary>K_ij.</summary>
    double Entry(int i, int j);

    /// <summary>The program's coefficients of f = K alpha for an m-vector alpha.</summary>
    double[] CoefficientsOfExpansion(double[] alpha);
}
