using System.Collections.Immutable;
using System.Text.Json;

namespace ReluVerified;

/// <summary>The outcome of a comparison: one row per method, the sizes of the parts, and what was compared.</summary>
/// <param name="Rows">One row per method, in the order they ran.</param>
/// <param name="TrainCount">Rows every method was fitted on (before its own held-out split).</param>
/// <param name="TestCount">Rows every method was evaluated on.</param>
/// <param name="Loss">The loss the figures use.</param>
/// <param name="Options">The comparison's settings.</param>
public sealed record ComparisonResult(ImmutableArray<ComparisonRow> Rows, int TrainCount, int TestCount, string Loss, ComparisonOptions Options)
{
    /// <summary>The rows as a JSON array of objects (method, false_positive_rate, positive_loss, loss, fit_ms, predict_ms, allocated_bytes, parameters).</summary>
    public string ToJson() => JsonSerializer.Serialize(Rows.ToArray(), new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    /// <inheritdoc />
    public bool Equals(ComparisonResult? other) => other is not null && Rows.SequenceEqual(other.Rows) && TrainCount == other.TrainCount
        && TestCount == other.TestCount && Loss == other.Loss && Options.Equals(other.Options);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rows.Length, TrainCount, TestCount, Loss);
}
