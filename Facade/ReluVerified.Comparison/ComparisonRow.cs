using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// One method's figures on the test part of one split of a comparison (as in docs/comparison.md: rates averaged
/// over all test rows; both false-positive rates, joint and conditional). Memory is the managed heap allocated during fit and predict
/// (the delta of <see cref="GC.GetTotalAllocatedBytes(bool)"/> around them; methods run one at a time, so other threads'
/// work is the method's own parallel loops); OpenBLAS's and LightGBM's native buffers are not counted.
/// </summary>
/// <param name="Method">One of <see cref="HeadToHead.MethodNames"/>.</param>
/// <param name="Split">The split (0-based); its seed is the comparison's seed plus this.</param>
/// <param name="ConditionalFalsePositiveRate">#{y = 0 and h != 0} / #{y = 0}: an estimate of P(h != 0 | y = 0); NaN when no test row has y = 0.</param>
/// <param name="FalsePositiveRate">The joint rate #{y = 0 and h != 0} / test rows: an estimate of P(h != 0, y = 0).</param>
/// <param name="PositiveLoss">sum_{y &gt; 0} loss(h, y) / test rows (all of them).</param>
/// <param name="Loss">sum loss(h, y) / test rows.</param>
/// <param name="FitMs">Wall-clock fit time in milliseconds.</param>
/// <param name="PredictMs">Wall-clock time to predict every test row, in milliseconds.</param>
/// <param name="AllocatedBytes">Managed bytes allocated during fit and predict.</param>
/// <param name="Parameters">The hyper-parameters the method ended with, e.g. "degree=3 lambda=0.001 threshold=0.12".</param>
public sealed record ComparisonRow(
    string Method,
    int Split,
    double ConditionalFalsePositiveRate,
    [property: JsonPropertyName("joint_false_positive_rate")] double FalsePositiveRate,
    double PositiveLoss,
    double Loss,
    double FitMs,
    double PredictMs,
    long AllocatedBytes,
    string Parameters);
