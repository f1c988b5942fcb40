using FsCheck;
using FsCheck.Fluent;

namespace ReluVerified.Properties.Optimization;

/// <summary>Generators for the T2.1 solver properties: small instances (m = 30..120) so the suite stays fast.</summary>
public class SolverArbitraries
{
    /// <summary>Random small programs: n in 2..8, d in 1..4, B in [0.2, 40], tau_c in [0, 0.2].</summary>
    public static Arbitrary<ProgramSpec> Specs() => Arb.From(SpecGen);

    /// <summary>The generator behind <see cref="Specs"/>, shared with the S-lowrank generators.</summary>
    internal static Gen<ProgramSpec> SpecGen { get; } =
            from m in Gen.Choose(30, 120)
            from n in Gen.Choose(2, 8)
            from d in Gen.Choose(1, 4)
            from b in Gen.Choose(2, 400)
            from t in Gen.Choose(0, 20)
            from noisy in Gen.Elements(true, false)
            from seed in Gen.Choose(0, 1_000_000)
            select new ProgramSpec(m, n, d, b / 10.0, t / 100.0, noisy, seed);
}
