using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.Learning;

/// <summary>One (d, B) candidate of the learner's model selection (T2.1) and how it did on the selection part.</summary>
/// <param name="Degree">d.</param>
/// <param name="NormBound">B.</param>
/// <param name="Exit">The solver's exit condition.</param>
/// <param name="Objective">The program's objective on the fit part.</param>
/// <param name="DualityGap">The certified duality gap.</param>
/// <param name="Selection">Metrics on the selection part, or of the pooled out-of-fold predictions under cross-validation (null when there was no selection).</param>
/// <param name="ZeroPenalty">The multiplier lambda of the FP-budgeted program (T2.1-budget); null: the hard program of T2.1.</param>
/// <param name="Gamma">The Gaussian kernel's gamma when the candidate uses one (P-gaussian); null otherwise.</param>
/// <param name="SelectedThreshold">Under cross-validation, the threshold chosen for this candidate on its out-of-fold zero-labelled scores; null otherwise.</param>
public sealed record CandidateScore(int Degree, double NormBound, ExitCondition Exit, double Objective, double DualityGap, Metrics? Selection,
    double? ZeroPenalty = null, double? SelectedThreshold = null, double? Gamma = null)
{
    /// <summary>lambda, +infinity for the hard program.</summary>
    public double Penalty => ZeroPenalty ?? double.PositiveInfinity;
}
