namespace ReluVerified.Core.Learning;

/// <summary>Progress of a fit, reported through <see cref="IProgress{T}"/>: the phase and the step within it.</summary>
/// <param name="Phase">What the fit is doing (<see cref="LearnerPhase"/>).</param>
/// <param name="Step">1-based step within the whole fit.</param>
/// <param name="Steps">Total number of steps.</param>
/// <param name="Detail">What the step is doing, e.g. "d = 3, B = 16".</param>
public sealed record LearnerProgress(LearnerPhase Phase, int Step, int Steps, string Detail);
