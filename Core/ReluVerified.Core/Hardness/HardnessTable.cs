using ReluVerified.Core.Approximation;

namespace ReluVerified.Core.Hardness;

/// <summary>
/// T2.7's demonstration table: for each (n, k), the weight norm sqrt(kn)/2 a conjunction needs on the sphere and the
/// certified degree and weight of a kernel approximator of it at error eps, which grow without bound in n (so the
/// sphere's polynomial-time guarantee does not transfer to the cube).
/// </summary>
public static class HardnessTable
{
    /// <summary>Largest degree searched (the certified table takes about a second up to here).</summary>
    public const int MaxDegree = 400;

    /// <summary>Rows for every n in <paramref name="dimensions"/> and k in <paramref name="subsetSizes"/> with k &lt;= n.</summary>
    public static IReadOnlyList<HardnessRow> Rows(double epsilon, IEnumerable<int> dimensions, IEnumerable<int> subsetSizes)
    {
        Preconditions.Check(epsilon > 0 && epsilon < 1, nameof(epsilon), $"{nameof(epsilon)} must lie in (0, 1), got {epsilon}.");
        var rows = new List<HardnessRow>();
        foreach (int n in dimensions)
            foreach (int k in subsetSizes.Where(k => k >= 1 && k <= n))
            {
                double norm = ConjunctionReduction.RequiredWeightNorm(k, n);
                double inner = epsilon / Math.Max(1, norm);
                var certificate = ApproximationTable.SmallestDegree(new TargetFunction.Relu(), inner, ApproximationMethod.Chebyshev, MaxDegree).Certificate;
                double? weight = certificate is null ? null : norm * norm * certificate.Weight;
                rows.Add(new HardnessRow(n, k, norm, inner, certificate?.Degree, weight is double w && double.IsFinite(w) ? w : null));
            }
        return rows;
    }
}
