namespace ReluVerified.Core.Approximation;

/// <summary>
/// The outcome of a rigorous sup-norm computation over [-1, 1] (L-approx): the true supremum lies in
/// [<see cref="Lower"/>, <see cref="Upper"/>]. Upper comes from outward-rounded Taylor enclosures on a cover of the
/// domain; Lower is |g| enclosed at an actual point. <see cref="ReachedTolerance"/> says whether the gap closed to the
/// requested tolerance before the box budget ran out (Upper is rigorous either way).
/// </summary>
/// <param name="Upper">A rigorous upper bound on the supremum.</param>
/// <param name="Lower">A rigorous lower bound on the supremum (attained, up to rounding, at a point).</param>
/// <param name="BoxesEvaluated">How many boxes the branch and bound evaluated.</param>
/// <param name="ReachedTolerance">Whether Upper &lt;= Lower (1 + relative gap) + absolute gap at the end.</param>
public sealed record SupNormBound(double Upper, double Lower, int BoxesEvaluated, bool ReachedTolerance);
