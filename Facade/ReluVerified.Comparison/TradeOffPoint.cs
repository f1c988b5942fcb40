using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// One point of a method's trade-off curve (<see cref="TradeOff"/>): its figures on the test rows when its output is
/// switched on only where its score is at least a threshold.
/// </summary>
/// <param name="Level">The quantile level q in [0, 1]: the threshold is the q-quantile of the method's test scores (q = 1: nothing is switched on).</param>
/// <param name="Threshold">The threshold on the method's score; null for q = 1 (infinite) and on curves averaged over splits (each split has its own).</param>
/// <param name="ConditionalFalsePositiveRate">P(h != 0 | y = 0) on the test rows (NaN without zero labels).</param>
/// <param name="FalsePositiveRate">The joint rate P(h != 0, y = 0) on the test rows.</param>
/// <param name="PositiveLoss">sum_{y &gt; 0} loss(h, y) / test rows.</param>
public sealed record TradeOffPoint(
    double Level,
    double? Threshold,
    double ConditionalFalsePositiveRate,
    [property: JsonPropertyName("joint_false_positive_rate")] double FalsePositiveRate,
    double PositiveLoss);
