namespace ReluVerified.Core.LowRank;

/// <summary>
/// Progress of <see cref="StreamingNystroem.Factor"/> (S-lowrank): after each batch of the first pass and each block of
/// factor rows of the second.
/// </summary>
/// <param name="Pass">1: hashes and landmarks; 2: factor rows.</param>
/// <param name="Rows">Rows done in this pass.</param>
/// <param name="Rank">The requested rank in pass 1; the number of landmarks kept (the factor's rank) in pass 2.</param>
public sealed record StreamingProgress(int Pass, int Rows, int Rank);
