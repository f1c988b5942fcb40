using System.Collections.Immutable;
using System.Globalization;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Bench;

/// <summary>
/// The penalised factor programs on which the cold start of T2.1-budget's interior point was chosen (docs/solver.md, "Starting
/// excess of the penalised program"): planted-ReLU labels y = clip(max(0, w.x) + 0.05 noise where w.x &gt; 0, 0, 1) on m uniform
/// points of S^19 (as Bench/scripts/planted_relu_csv.py draws them; w and the points from <c>new Random(seed)</c>), a rank-200
/// Nystroem factor of the Gaussian kernel with gamma 1 (uniform landmarks), reliable, square loss, tau_c = 0.0125, for
/// lambda in {0.1, 1} and B in {4, 16}. <c>penalised-start [m ...]</c> (default 2000 5000 20000; seeds 1 and 2) prints each
/// solve's exit, iterations and objective with default options, and the iterations' total.
/// </summary>
public static class PenalisedStart
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs the programs; returns 0, or 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        var sizes = new List<int>();
        foreach (var a in args)
        {
            if (!int.TryParse(a, NumberStyles.Integer, Inv, out int m) || m < 300)
            {
                Console.Error.WriteLine("usage: penalised-start [m ...]   (each m >= 300; default 2000 5000 20000)");
                return 2;
            }
            sizes.Add(m);
        }
        if (sizes.Count == 0) sizes.AddRange([2000, 5000, 20000]);
        Console.WriteLine($"{"m",6} {"seed",4} {"lambda",6} {"B",3} {"exit",-16} {"iter",4} {"objective",14}");
        int total = 0;
        foreach (int m in sizes)
            foreach (int seed in new[] { 1, 2 })
            {
                var (factor, labels) = Planted(m, seed);
                foreach (double lambda in new[] { 0.1, 1.0 })
                    foreach (double bound in new[] { 4.0, 16.0 })
                    {
                        var program = new FactorProgram(factor, labels, ProgramTask.Reliable, bound, 0.0125, new Loss.Square()).WithZeroPenalty(lambda);
                        var r = ReliableSolver.Solve(program);
                        total += r.Iterations;
                        Console.WriteLine(string.Create(Inv, $"{m,6} {seed,4} {lambda,6} {bound,3} {r.Exit,-16} {r.Iterations,4} {r.Objective,14:E6}"));
                    }
            }
        Console.WriteLine($"total iterations {total}");
        return 0;
    }

    /// <summary>The factor and labels of one instance (the draws in the order of the summary: w, then each point and its noise).</summary>
    private static (Core.LinearAlgebra.Matrix Factor, ImmutableArray<double> Labels) Planted(int m, int seed)
    {
        const int n = 20;
        var rng = new Random(seed);
        var w = OnSphere(rng, n);
        var points = new double[m][];
        var labels = ImmutableArray.CreateBuilder<double>(m);
        for (int i = 0; i < m; i++)
        {
            points[i] = OnSphere(rng, n);
            double z = points[i].Zip(w, (a, b) => a * b).Sum();
            double noise = z > 0 ? 0.05 * StandardNormal(rng) : 0;
            labels.Add(Math.Clamp(Math.Max(0, z) + noise, 0, 1));
        }
        var nystroem = Nystroem.Factor(new Kernel.Gaussian(1.0), PointSet.FromRows(points), 200, new LandmarkMethod.Uniform(), seed);
        return (nystroem.Factor, labels.MoveToImmutable());
    }

    private static double[] OnSphere(Random rng, int n)
    {
        var v = Enumerable.Range(0, n).Select(_ => StandardNormal(rng)).ToArray();
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>Box-Muller's cosine branch (two uniforms per draw).</summary>
    private static double StandardNormal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
