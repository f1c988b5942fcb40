namespace ReluVerified.Distributed;

/// <summary>
/// Everything a shard grain needs to build its factor rows L_s = C_s T (S-lowrank) from the data file, bit for bit the same
/// on any silo (<see cref="ShardWork.Build"/>): where its rows are, the embedding, the kernel, the landmarks and the map T of
/// Core/ReluVerified.Core/LowRank/Nystroem.cs. The coordinator keeps it and sends it again when a shard's activation is lost
/// (<see cref="ShardFleet"/>). A message: arrays keep reference equality.
/// </summary>
/// <param name="Source">The shard's rows in the file.</param>
/// <param name="Count">The shard's row count from the first pass (the build checks it and sizes its memory with it).</param>
/// <param name="Embedding">The embedding into the unit ball.</param>
/// <param name="Kernel">The kernel.</param>
/// <param name="LandmarkCount">The number of landmarks r.</param>
/// <param name="Dimension">The embedded dimension.</param>
/// <param name="Landmarks">The landmarks, row-major (r x Dimension).</param>
/// <param name="Map">T (r x r, row-major).</param>
[GenerateSerializer, Immutable]
internal sealed record ShardRecipe(ShardSource Source, int Count, EmbeddingCode Embedding, KernelCode Kernel, int LandmarkCount, int Dimension, double[] Landmarks, double[] Map);
