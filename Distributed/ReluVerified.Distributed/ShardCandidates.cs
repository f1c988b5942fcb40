namespace ReluVerified.Distributed;

/// <summary>
/// A shard's landmark candidates (<see cref="ShardWork.Candidates"/>): its first r embedded rows in the canonical order of
/// Core/ReluVerified.Core/Geometry/RowOrder.cs, each with its seeded hash, label and position in the file; the coordinator
/// merges every shard's into the file's first r rows (<see cref="ShardPlan.Landmarks"/>). A message: arrays keep reference
/// equality.
/// </summary>
/// <param name="Dimension">The embedded rows' dimension.</param>
/// <param name="Hashes">The rows' hashes (RowOrder.Hash with the fit's seed), in the canonical order.</param>
/// <param name="Points">The embedded rows, row-major (Hashes.Length x Dimension).</param>
/// <param name="Labels">The rows' labels.</param>
/// <param name="Positions">The rows' 0-based positions in the file.</param>
[GenerateSerializer, Immutable]
internal sealed record ShardCandidates(int Dimension, double[] Hashes, double[] Points, double[] Labels, int[] Positions);
