namespace ReluVerified.Core.Approximation;

/// <summary>
/// The answer to "smallest degree whose certified error is at most epsilon" (L-approx). <see cref="Certificate"/> is null
/// when no degree up to <see cref="MaxDegree"/> qualifies (an outcome, not an exception).
/// </summary>
/// <param name="Epsilon">The requested error.</param>
/// <param name="MaxDegree">The largest degree searched.</param>
/// <param name="Certificate">The certificate at the smallest qualifying degree, or null.</param>
/// <param name="TheoryDegree">The degree the explicit theory bound says suffices (<see cref="TheoryBounds.DegreeFor"/>).</param>
public sealed record DegreeSearchResult(double Epsilon, int MaxDegree, ApproximationCertificate? Certificate, int TheoryDegree)
{
    /// <summary>Whether a qualifying degree was found.</summary>
    public bool Found => Certificate is not null;
}
