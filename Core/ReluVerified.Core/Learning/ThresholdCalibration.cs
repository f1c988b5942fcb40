namespace ReluVerified.Core.Learning;

/// <summary>
/// The outcome of Neyman-Pearson (umbrella) calibration of the output threshold tau on held-out zero-labelled scores
/// (T2.1, calibrated variant). When <see cref="Succeeded"/>, predicting non-zero only where f(x) &gt;= <see cref="Threshold"/>
/// has conditional false-positive rate P(h != 0 | y = 0) at most <see cref="Epsilon"/> (so joint rate P(h != 0, y = 0) at
/// most eps too) with probability at least 1 - <see cref="Delta"/> over the held-out draw, when the held-out rows are
/// i.i.d. and were used for nothing else (Tong, Feng and Li 2018; see Proofs/T2.1-reliable-relu.md).
/// </summary>
/// <param name="Succeeded">False when there are too few zero-labelled held-out points.</param>
/// <param name="Threshold">tau: the smallest double above the k-th smallest held-out zero score (NaN when not succeeded).</param>
/// <param name="OrderIndex">k (1-based) of the order statistic used; 0 when not succeeded.</param>
/// <param name="ZeroCount">Number of held-out zero-labelled scores n.</param>
/// <param name="RequiredCount">The least n for which calibration at (eps, delta) is possible: ceil(log delta / log(1 - eps)).</param>
/// <param name="ViolationProbability">P(Bin(n, 1 - eps) &gt;= k): the probability bound that the FP rate exceeds eps.</param>
/// <param name="Epsilon">The target false-positive rate.</param>
/// <param name="Delta">The allowed failure probability.</param>
public sealed record ThresholdCalibration(
    bool Succeeded, double Threshold, int OrderIndex, int ZeroCount, int RequiredCount, double ViolationProbability, double Epsilon, double Delta)
{
    /// <summary>A one-sentence explanation, e.g. for a refusal message.</summary>
    public string Explain() => Succeeded
        ? $"tau = {Threshold:G6} is the {OrderIndex}-th smallest of {ZeroCount} held-out zero-labelled scores: P(conditional false-positive rate P(h != 0 | y = 0) > {Epsilon}) <= {ViolationProbability:G3} <= delta = {Delta}."
        : $"calibration needs at least {RequiredCount} held-out zero-labelled points for eps = {Epsilon}, delta = {Delta}, but only {ZeroCount} are available; collect more zero-labelled data, raise eps or delta, or fit without calibration.";
}
