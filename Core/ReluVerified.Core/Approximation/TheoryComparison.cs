namespace ReluVerified.Core.Approximation;

/// <summary>
/// Theory next to what a certificate achieves (L-approx): the degree the explicit Chebyshev-tail bound says suffices for
/// the achieved error, the theoretical error at the achieved degree, and the coefficient bound (d+1)(4e)^{2d} max|p|^2
/// on the weight.
/// </summary>
/// <param name="DegreeBound">Smallest degree for which <see cref="TheoryBounds.ErrorAtDegree"/> is at most the certified error.</param>
/// <param name="ErrorBound">The theoretical error bound at the certificate's degree.</param>
/// <param name="WeightBound">(d+1)(4e)^{2d} max|p|^2 at the certificate's degree and max |p| (may be +infinity beyond d ~ 110).</param>
public sealed record TheoryComparison(int DegreeBound, double ErrorBound, double WeightBound);
