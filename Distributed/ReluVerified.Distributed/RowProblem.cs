namespace ReluVerified.Distributed;

/// <summary>
/// The first row of a shard that the single-machine fit's first pass refuses (Facade/ReluVerified/StreamingFit.cs): a label
/// outside the task's range, or a row norm above 1 under <see cref="ScaleKind.None"/>. The coordinator words the message
/// with the row's position in the file, as that pass does.
/// </summary>
/// <param name="Row">The row's 0-based position in the shard.</param>
/// <param name="IsNorm">True for a norm above 1, false for a label out of range.</param>
/// <param name="Value">The label or the norm.</param>
[GenerateSerializer, Immutable]
internal sealed record RowProblem(int Row, bool IsNorm, double Value);
