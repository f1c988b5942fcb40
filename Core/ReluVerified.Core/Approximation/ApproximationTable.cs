using System.Collections.Immutable;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// Entry points for certified approximations and their inverse queries (L-approx): certificate at a degree, smallest
/// degree for an error, weight at a degree, and the degree/error/weight table with theory beside it.
/// </summary>
public static class ApproximationTable
{
    /// <summary>Largest degree the inverse query searches by default.</summary>
    public const int DefaultMaxDegree = 400;

    /// <summary>Builds and certifies the degree-d approximation of <paramref name="target"/> by <paramref name="method"/>.</summary>
    public static ApproximationCertificate Approximate(TargetFunction target, int degree, ApproximationMethod method = ApproximationMethod.Chebyshev)
    {
        Preconditions.NotNull(target);
        Preconditions.InRange(degree, 0, 2000);
        var polynomial = method switch
        {
            ApproximationMethod.Chebyshev => ChebyshevInterpolation.Interpolate(target, degree),
            ApproximationMethod.Remez => Remez.BestApproximation(target, degree).Polynomial,
            _ => throw new ArgumentException($"method must be Chebyshev or Remez, got {method}.", nameof(method)),
        };
        return Certifier.Certify(target, polynomial, method);
    }

    /// <summary>The weight sum beta_i^2 of the degree-d approximation (L-rkhs-norm).</summary>
    public static double WeightAt(TargetFunction target, int degree, ApproximationMethod method = ApproximationMethod.Chebyshev)
        => Approximate(target, degree, method).Weight;

    /// <summary>
    /// The smallest degree d in 1..maxDegree whose certified error is at most epsilon. Chebyshev: every degree is tried in
    /// order, skipping those whose point-evaluated error already exceeds epsilon (a rigorous lower bound). Remez: best
    /// errors decrease with d, so a bisection finds the crossing, then a downward scan confirms it is the smallest.
    /// </summary>
    public static DegreeSearchResult SmallestDegree(TargetFunction target, double epsilon,
        ApproximationMethod method = ApproximationMethod.Chebyshev, int maxDegree = DefaultMaxDegree)
    {
        Preconditions.NotNull(target);
        Preconditions.InRange(epsilon, double.Epsilon, double.MaxValue);
        Preconditions.InRange(maxDegree, 1, 2000);
        int theory = TheoryBounds.DegreeFor(target, epsilon);
        ApproximationCertificate? Try(int d)
        {
            var cert = Approximate(target, d, method);
            return cert.SupError <= epsilon ? cert : null;
        }
        if (method == ApproximationMethod.Chebyshev)
        {
            for (int d = 1; d <= maxDegree; d++)
            {
                var c = ChebyshevInterpolation.Coefficients(target, d);
                if (Certifier.SampledLowerBound(c, target, 4 * (d + 1)) > epsilon) continue;
                if (Try(d) is { } found) return new DegreeSearchResult(epsilon, maxDegree, found, theory);
            }
            return new DegreeSearchResult(epsilon, maxDegree, null, theory);
        }
        if (Try(maxDegree) is null) return new DegreeSearchResult(epsilon, maxDegree, null, theory);
        int lo = 0, hi = maxDegree; // Try(hi) succeeds; lo fails or is 0
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (Try(mid) is null) lo = mid; else hi = mid;
        }
        var best = Try(hi)!;
        for (int d = hi - 1; d >= 1 && Try(d) is { } lower; d--) best = lower;
        return new DegreeSearchResult(epsilon, maxDegree, best, theory);
    }

    /// <summary>Rows d = 1..maxDegree of certified error, attained error, weight and theory (L-approx).</summary>
    public static ImmutableArray<ApproximationTableRow> Rows(TargetFunction target, int maxDegree,
        ApproximationMethod method = ApproximationMethod.Chebyshev)
    {
        Preconditions.NotNull(target);
        Preconditions.InRange(maxDegree, 1, 2000);
        var rows = new ApproximationTableRow[maxDegree];
        Parallel.For(1, maxDegree + 1, d =>
        {
            var cert = Approximate(target, d, method);
            var theory = cert.Theory;
            rows[d - 1] = new ApproximationTableRow(d, cert.SupError, cert.SupErrorLowerBound, cert.Weight, cert.MaxAbs,
                theory.ErrorBound, theory.WeightBound);
        });
        return ImmutableArray.Create(rows);
    }
}
