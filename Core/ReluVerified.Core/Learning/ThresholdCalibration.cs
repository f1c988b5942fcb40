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
/// <param name="ZeroCount">Number n of held-out zero-labelled scores, one per held-out zero-labelled row.</param>
/// <param name="RequiredCount">The least n for which calibration at (eps, delta) is possible: ceil(log delta / log(1 - eps)).</param>
/// <param name="ViolationProbability">P(Bin(n, 1 - eps) &gt;= k): the probability bound that the FP rate exceeds eps.</param>
/// <param name="Epsilon">The target false-positive rate.</param>
/// <param name="Delta">The allowed failure probability.</param>
/// <param name="DistinctZeroCount">
/// How many of the <paramref name="ZeroCount"/> rows are distinct (null: not counted). The bound treats every row as an
/// independent draw, which repeated values drawn from a distribution with atoms are, but copies of one record are not;
/// the learner cannot tell the two apart, so it counts every row and says how many repeat another.
/// </param>
public sealed record ThresholdCalibration(
    bool Succeeded, double Threshold, int OrderIndex, int ZeroCount, int RequiredCount, double ViolationProbability, double Epsilon, double Delta,
    int? DistinctZeroCount = null)
{
    /// <summary>
    /// The warning for held-out zero-labelled rows that repeat another row, or null when none does (or they were not counted).
    /// </summary>
    public string? RepeatedRowsWarning() => DistinctZeroCount is int distinct && distinct < ZeroCount
        ? $"{ZeroCount - distinct} of the {ZeroCount} held-out zero-labelled rows repeat another row ({distinct} distinct): the calibration's "
          + "bound treats every row as an independent draw; if repeated rows are copies of one record rather than separate draws, remove the copies and fit again."
        : null;

    /// <summary>A one-sentence explanation, e.g. for a refusal message.</summary>
    public string Explain() => Succeeded
        ? $"tau = {ThresholdText} is the {OrderIndex}-th smallest of {ZeroCount} held-out zero-labelled scores{(RepeatedRowsWarning() is null ? "" : $" ({DistinctZeroCount} distinct rows)")}: P(conditional false-positive rate P(h != 0 | y = 0) > {Epsilon}) <= {ViolationProbability:G3} <= delta = {Delta}."
        : $"calibration needs at least {RequiredCount} held-out zero-labelled rows for eps = {Epsilon}, delta = {Delta}, but only {ZeroCount} are available; collect more zero-labelled data, raise eps or delta, or fit without calibration.";

    /// <summary>
    /// tau as text; the smallest positive double (the next double above a k-th smallest score of exactly 0) reads as what it
    /// means: h != 0 exactly where f(x) &gt; 0.
    /// </summary>
    private string ThresholdText => Threshold == double.Epsilon
        ? "the smallest double above 0 (that score is 0: h != 0 exactly where f(x) > 0)"
        : Threshold.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
