using ReluVerified.Core.Approximation;

namespace ReluVerified.Core.Hardness;

/// <summary>
/// T2.7's demonstration table: for each (n, k), the weight norm sqrt(kn)/2 a conjunction needs on the sphere and the
/// certified degree and weight of a kernel approximator of it at error eps, which grow without bound in n (so the
/// sphere's polynomial-time guarantee does not transfer to the cube). The conjunction is the SHIFTED ReLU
/// max(0, w.z + c) (c = 1 - k/2), so with R = max(1, ||w||) and t = (w/||w||).z in [-1, 1] it is
/// R max(0, (||w||/R) t + c/R): the certified approximation is of that shifted ReLU at eps / R, with weight R^2 times its own.
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
                double scale = Math.Max(1, norm), offset = 1 - k / 2.0;
                double inner = epsilon / scale;
                var target = new TargetFunction.ShiftedRelu(norm / scale, offset / scale);
                var certificate = ApproximationTable.SmallestDegree(target, inner, ApproximationMethod.Chebyshev, MaxDegree).Certificate;
                double? weight = certificate is null ? null : scale * scale * certificate.Weight;
                rows.Add(new HardnessRow(n, k, norm, inner, certificate?.Degree, weight is double w && double.IsFinite(w) ? w : null, offset / scale));
            }
        return rows;
    }
}
