namespace ReluVerified.Distributed;

/// <summary>A cluster fit's model and what the fit cost (<see cref="ClusterFit.Run"/>).</summary>
/// <param name="Model">The fitted model: StreamingFit's, up to the rounding of sums taken in another order.</param>
/// <param name="Costs">The measured per-shard and coordinator costs, and the model of the time on k machines built from them.</param>
public sealed record ClusterFitResult(ReliableReluModel Model, ClusterCosts Costs);
