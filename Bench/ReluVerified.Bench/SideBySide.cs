namespace ReluVerified.Bench;

/// <summary>Named side-by-side comparisons against peers measured in the same run.</summary>
public static class SideBySide
{
    /// <summary>Command name to runner.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string[], int>> Commands = new Dictionary<string, Func<string[], int>>
    {
        ["gram-vs-numpy"] = GramVersusNumpy.Run,
        ["gaussian-vs-numpy"] = GaussianVersusNumpy.Run,
        ["solver-vs-peers"] = SolverVersusPeers.Run,
        ["compare-peers"] = ComparePeers.Run,
        ["scale"] = ScaleBenchmark.Run,
        ["real-data"] = RealData.Run,
        ["solver-grid"] = SolverGrid.Run,
        ["solver-sweep"] = SolverSweep.Run,
        ["rank-probe"] = RankProbe.Run,
        ["csv-read"] = CsvRead.Run,
        ["fresh-pages"] = FreshPages.Run,
        ["factor-products"] = FactorProducts.Run,
        ["penalised-start"] = PenalisedStart.Run,
    };
}
