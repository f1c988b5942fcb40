using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>One method's figures over every split of a comparison: mean and spread of each (<see cref="Spread"/>).</summary>
/// <param name="Method">The method.</param>
/// <param name="ConditionalFalsePositiveRate">P(h != 0 | y = 0) on the test rows, over splits.</param>
/// <param name="FalsePositiveRate">The joint rate P(h != 0, y = 0), over splits.</param>
/// <param name="PositiveLoss">sum_{y &gt; 0} loss(h, y) / test rows, over splits.</param>
/// <param name="Loss">sum loss(h, y) / test rows, over splits.</param>
/// <param name="FitMs">Fit time in milliseconds, over splits.</param>
/// <param name="PredictMs">Predict time in milliseconds, over splits.</param>
/// <param name="Parameters">The parameters the method ended with, one entry per split.</param>
public sealed record MethodSummary(
    string Method,
    Spread ConditionalFalsePositiveRate,
    [property: JsonPropertyName("joint_false_positive_rate")] Spread FalsePositiveRate,
    Spread PositiveLoss,
    Spread Loss,
    Spread FitMs,
    Spread PredictMs,
    ImmutableArray<string> Parameters)
{
    /// <summary>The summary of one method's rows (one per split).</summary>
    public static MethodSummary Of(IReadOnlyList<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows.Any(r => r.Method != rows[0].Method)) throw new ArgumentException("a summary needs rows of one method.", nameof(rows));
        Spread Of(Func<ComparisonRow, double> pick) => Spread.Of([.. rows.Select(pick)]);
        return new MethodSummary(rows[0].Method, Of(r => r.ConditionalFalsePositiveRate), Of(r => r.FalsePositiveRate), Of(r => r.PositiveLoss),
            Of(r => r.Loss), Of(r => r.FitMs), Of(r => r.PredictMs), [.. rows.Select(r => r.Parameters)]);
    }

    /// <inheritdoc />
    public bool Equals(MethodSummary? other) => other is not null && Method == other.Method
        && ConditionalFalsePositiveRate.Equals(other.ConditionalFalsePositiveRate) && FalsePositiveRate.Equals(other.FalsePositiveRate)
        && PositiveLoss.Equals(other.PositiveLoss) && Loss.Equals(other.Loss) && FitMs.Equals(other.FitMs) && PredictMs.Equals(other.PredictMs)
        && Parameters.SequenceEqual(other.Parameters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, ConditionalFalsePositiveRate, FalsePositiveRate, PositiveLoss);
}
