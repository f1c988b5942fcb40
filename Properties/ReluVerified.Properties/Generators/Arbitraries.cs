using FsCheck;
using FsCheck.Fluent;

namespace ReluVerified.Properties.Generators;

/// <summary>
/// Arbitrary holders for the property suites (FsCheck 3: a non-static class of public static methods). Every
/// generator has a shrinker that reduces dimension and sample count toward the smallest failing case.
/// </summary>
public class Arbitraries
{
    /// <summary>Sample descriptions over every marginal, dimensions 2..40, 1..300 points.</summary>
    public static Arbitrary<SphereCase> SphereCases()
    {
        var gen =
            from kind in Gen.Elements(Enum.GetValues<SphereKind>())
            from dimension in Gen.Choose(2, 40)
            from count in Gen.Choose(1, 300)
            from seed in Gen.Choose(0, int.MaxValue - 2)
            select new SphereCase(kind, dimension, count, seed);
        return Arb.From(gen, ShrinkSphereCase);
    }

    /// <summary>Kernel descriptions: linear, multinomial of degree 0..8, compositional of depth 2.</summary>
    public static Arbitrary<KernelCase> KernelCases()
    {
        var gen =
            from kind in Gen.Choose(0, 2)
            from degree in Gen.Choose(0, 8)
            from inner in Gen.Choose(0, 4)
            select new KernelCase(kind, degree, inner);
        return Arb.From(gen, k => k.Degree > 0 ? [k with { Degree = k.Degree - 1 }] : []);
    }

    /// <summary>Planted reliable problems: every marginal, dimensions 2..12, corruption 0..2.</summary>
    public static Arbitrary<PlantedCase> PlantedCases()
    {
        var gen =
            from kind in Gen.Elements(Enum.GetValues<SphereKind>())
            from dimension in Gen.Choose(2, 12)
            from corruption in Gen.Choose(0, 2)
            from seed in Gen.Choose(0, int.MaxValue - 2)
            select new PlantedCase(kind, dimension, corruption, seed);
        return Arb.From(gen, c => c.Dimension > 2 ? [c with { Dimension = c.Dimension - 1 }] : []);
    }

    /// <summary>
    /// Planted reliable problems on which T2.1's held-out claims can be tested against the trivial predictors: every
    /// marginal, dimensions 2..8, corruption 0..2, kept when (estimated on an independent draw, <see cref="PlantedCase.Profile"/>)
    /// at least <see cref="InformativeZeroShare"/> of the labels are zero, so calibration finds its zero-labelled rows, and the
    /// planted ReLU's advantage over the zero function is at least <see cref="InformativeAdvantage"/>, so "as good as the
    /// planted ReLU" and "as good as predicting 0" are different claims. The filter removes about 40% of the drawn cases:
    /// concentrated caps lying (almost) wholly on one side of the planted ReLU, and imbalanced marginals with most points on
    /// its positive side.
    /// </summary>
    public static Gen<PlantedCase> InformativePlantedCases { get; } =
        (from kind in Gen.Elements(Enum.GetValues<SphereKind>())
         from dimension in Gen.Choose(2, 8)
         from corruption in Gen.Choose(0, 2)
         from seed in Gen.Choose(0, int.MaxValue - 2)
         select new PlantedCase(kind, dimension, corruption, seed))
        .Where(c => c.Profile() is var p && p.ZeroShare >= InformativeZeroShare && p.Advantage >= InformativeAdvantage);

    /// <summary>Least share of zero labels of an informative case (see <see cref="InformativePlantedCases"/>).</summary>
    public const double InformativeZeroShare = 0.35;

    /// <summary>Least advantage of the planted ReLU over the zero function of an informative case.</summary>
    public const double InformativeAdvantage = 0.02;

    /// <summary>Hard regimes with tiny samples (2..40), moderate ones (up to 300) and large dimension (up to 200) with few points.</summary>
    public static Arbitrary<HardCase> HardCases()
    {
        var gen =
            from kind in Gen.Elements(Enum.GetValues<HardKind>())
            from size in Gen.Elements(new[] { "tiny", "moderate", "wide" })
            from dimension in size == "wide" ? Gen.Choose(60, 200) : Gen.Choose(2, 12)
            from count in size == "tiny" ? Gen.Choose(2, 40) : size == "wide" ? Gen.Choose(10, 60) : Gen.Choose(100, 300)
            from seed in Gen.Choose(0, int.MaxValue - 2)
            select new HardCase(kind, dimension, count, seed);
        return Arb.From(gen, ShrinkHardCase);
    }

    internal static IEnumerable<HardCase> ShrinkHardCase(HardCase c)
    {
        if (c.Count > 2) yield return c with { Count = Math.Max(2, c.Count / 2) };
        if (c.Dimension > 2) yield return c with { Dimension = Math.Max(2, c.Dimension / 2) };
        if (c.Count > 2) yield return c with { Count = c.Count - 1 };
        if (c.Dimension > 2) yield return c with { Dimension = c.Dimension - 1 };
        if (c.Kind != HardKind.Uniform) yield return c with { Kind = HardKind.Uniform };
    }

    internal static IEnumerable<SphereCase> ShrinkSphereCase(SphereCase c)
    {
        if (c.Count > 1) yield return c with { Count = c.Count / 2 };
        if (c.Dimension > 2) yield return c with { Dimension = Math.Max(2, c.Dimension / 2) };
        if (c.Count > 1) yield return c with { Count = c.Count - 1 };
        if (c.Dimension > 2) yield return c with { Dimension = c.Dimension - 1 };
        if (c.Kind != SphereKind.Uniform) yield return c with { Kind = SphereKind.Uniform };
    }
}
