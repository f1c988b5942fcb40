using System.Text.Json.Serialization;

namespace ReluVerified;

/// <summary>
/// One method's figures on the test part of a comparison (section 1 of the algorithm notes: rates averaged over all test
/// rows). Memory is the managed heap allocated during fit and predict (the delta of
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> around them; methods run one at a time, so other threads' work is the
/// method's own parallel loops); OpenBLAS's native buffers are not counted.
/// </summary>
/// <param name="Method">alphatron, glmtron, isotron, gd-relu, krr, krr-np, reliable or agnostic.</param>
/// <param name="FalsePositiveRate">#{y = 0 and h != 0} / test rows.</param>
/// <param name="PositiveLoss">sum_{y &gt; 0} loss(h, y) / test rows.</param>
/// <param name="Loss">sum loss(h, y) / test rows.</param>
/// <param name="FitMs">Wall-clock fit time in milliseconds.</param>
/// <param name="PredictMs">Wall-clock time to predict every test row, in milliseconds.</param>
/// <param name="AllocatedBytes">Managed bytes allocated during fit and predict.</param>
/// <param name="Parameters">The hyper-parameters the method ended with, e.g. "degree=3 lambda=0.001".</param>
public sealed record ComparisonRow(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("false_positive_rate")] double FalsePositiveRate,
    [property: JsonPropertyName("positive_loss")] double PositiveLoss,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("fit_ms")] double FitMs,
    [property: JsonPropertyName("predict_ms")] double PredictMs,
    [property: JsonPropertyName("allocated_bytes")] long AllocatedBytes,
    [property: JsonPropertyName("parameters")] string Parameters);
