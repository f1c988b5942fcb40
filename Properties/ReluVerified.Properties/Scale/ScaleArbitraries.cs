using FsCheck;
using FsCheck.Fluent;
using ReluVerified.Core.LowRank;
using ReluVerified.Properties.Optimization;

namespace ReluVerified.Properties.Scale;

/// <summary>Generators for the S-lowrank properties: small programs (m = 30..120) and a rank and landmark method for each.</summary>
public class ScaleArbitraries
{
    /// <summary>A random small program with a rank in 1..m and one of the four landmark methods that choose among the points.</summary>
    public static Arbitrary<LowRankCase> Cases()
    {
        var gen =
            from spec in SolverArbitraries.SpecGen
            from rankShare in Gen.Choose(1, 100)
            from method in Gen.Elements<LandmarkMethod>(new LandmarkMethod.Uniform(), new LandmarkMethod.KMeansPlusPlus(), new LandmarkMethod.Leverage(), new LandmarkMethod.Pivoted())
            select new LowRankCase(spec, Math.Max(1, spec.Count * rankShare / 100), method);
        return Arb.From(gen);
    }
}

/// <summary>A program spec, a rank and a landmark method.</summary>
public sealed record LowRankCase(ProgramSpec Spec, int Rank, LandmarkMethod Method);
