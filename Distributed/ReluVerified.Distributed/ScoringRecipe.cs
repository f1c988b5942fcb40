namespace ReluVerified.Distributed;

/// <summary>
/// A kernel expansion f(x) = sum_j c_j k(s_j, e(x)) that a shard can evaluate on its rows (<see cref="ShardWork.Scores"/>):
/// the model's embedding e, kernel, support points s_j and coefficients c_j. The output rule stays with the coordinator. A
/// message: arrays keep reference equality.
/// </summary>
/// <param name="Embedding">The model's embedding.</param>
/// <param name="Kernel">The model's kernel.</param>
/// <param name="SupportCount">The number of support points.</param>
/// <param name="Dimension">The embedded dimension.</param>
/// <param name="Support">The support points, row-major.</param>
/// <param name="Coefficients">The coefficients, one per support point.</param>
[GenerateSerializer, Immutable]
internal sealed record ScoringRecipe(EmbeddingCode Embedding, KernelCode Kernel, int SupportCount, int Dimension, double[] Support, double[] Coefficients);
