using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.Learning;

/// <summary>One (d, B) candidate of the learner's model selection (T2.1) and how it did on the selection part.</summary>
/// <param name="Degree">d.</param>
/// <param name="NormBound">B.</param>
/// <param name="Exit">The solver's exit condition.</param>
/// <param name="Objective">The program's objective on the fit part.</param>
/// <param name="DualityGap">The certified duality gap.</param>
/// <param name="Selection">Metrics on the selection part (null when there was no selection part).</param>
public sealed record CandidateScore(int Degree, double NormBound, ExitCondition Exit, double Objective, double DualityGap, Metrics? Selection);
