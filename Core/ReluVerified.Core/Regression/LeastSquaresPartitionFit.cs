using ReluVerified.Core.Hypotheses;
namespace ReluVerified.Core.Regression;

/// <summary>The outcome of <see cref="LeastSquaresPartition.Fit"/> (the T2.6 comparison heuristic).</summary>
/// <param name="Hypothesis">The best max-k-affine function found.</param>
/// <param name="TrainingError">Its mean squared error on the training points.</param>
/// <param name="Iterations">Partition updates of the best restart.</param>
/// <param name="ReachedFixpoint">Whether the best restart stopped because the partition stopped changing.</param>
/// <param name="Restart">Which restart (0-based) won.</param>
public sealed record LeastSquaresPartitionFit(MaxAffineHypothesis Hypothesis, double TrainingError, int Iterations, bool ReachedFixpoint, int Restart);
