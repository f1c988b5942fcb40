namespace ReluVerified.ClusterBench;

/// <summary>
/// Entry point of the cluster benchmark's processes (Bench/scripts/cluster_fit.sh): <c>cluster-silo ...</c> or
/// <c>cluster-fit ...</c> (<see cref="ClusterBench"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the named command; 2 on an unknown one.</summary>
    public static int Main(string[] args) => args.FirstOrDefault() switch
    {
        "cluster-silo" => ClusterBench.Silo(args[1..]),
        "cluster-fit" => ClusterBench.Fit(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: cluster-silo --port P --gateway G [--primary Q] | cluster-fit --gateways G1,G2 --data D --out M --rank R --degree d --weight B [--shards K] [--silos S]");
        return 2;
    }
}
