namespace ReluVerified.Core.Approximation;

/// <summary>
/// Theory next to what a certificate achieves (L-approx): the degree the explicit Chebyshev-tail bound says suffices for
/// the achieved error, the explicit error bound of the certificate's construction at its degree, and the coefficient bound (d+1)(4e)^{2d} max|p|^2
/// on the weight.
/// </summary>
/// <param name="DegreeBound">Smallest degree for which <see cref="TheoryBounds.ErrorAtDegree"/> is at most the certified error.</param>
/// <param name="ErrorBound">The explicit error bound for the certificate's own construction at its degree (<see cref="TheoryBounds.ErrorBoundFor"/>:
/// the interpolant bound for Chebyshev interpolation, the truncated-series bound for Remez; NaN for gadgets).</param>
/// <param name="WeightBound">(d+1)(4e)^{2d} max|p|^2 at the certificate's degree and max |p| (may be +infinity beyond d ~ 110).</param>
public sealed record TheoryComparison(int DegreeBound, double ErrorBound, double WeightBound);
