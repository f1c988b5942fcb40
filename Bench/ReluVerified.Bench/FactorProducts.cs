using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Bench;

/// <summary>
/// The refinement product of the mixed-precision r-space Newton solves (T2.1; <c>DenseFactorRows.WeightedGramTimes</c>,
/// sum over the rows i in Z of d_i (L_i . y) L_i') with its two loops, against OpenBLAS dgemv with all of L (L y, which reads
/// twice the rows). <c>factor-products M R [SEED]</c> draws L (M x R, entries uniform in [-0.5, 0.5)), a set Z holding each
/// row with probability 1/2 (scattered, as the zero-labelled rows of a sample are) and weights d, all from the seed (default
/// 1), then times each product five times in turn and prints every pass, the fastest of each and the largest relative
/// difference between the two loops' sums. docs/solver.md, "Refinement products at scale".
/// </summary>
public static class FactorProducts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs the comparison; returns 0, or 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], NumberStyles.Integer, Inv, out int m) || !int.TryParse(args[1], NumberStyles.Integer, Inv, out int r)
            || m < 1 || r < 1 || (long)m * r > Array.MaxLength)
        {
            Console.Error.WriteLine("usage: factor-products M R [SEED]   (M rows, rank R, M x R at most the largest array)");
            return 2;
        }
        int seed = args.Length > 2 && int.TryParse(args[2], NumberStyles.Integer, Inv, out int s) ? s : 1;
        var random = new Random(seed);
        var data = new double[(long)m * r];
        for (long i = 0; i < data.LongLength; i++) data[i] = random.NextDouble() - 0.5;
        var rows = new DenseFactorRows(Matrix.Own(m, r, data));
        var zero = Enumerable.Range(0, m).Where(_ => random.NextDouble() < 0.5).ToArray();
        var d = new double[m];
        foreach (int i in zero) d[i] = random.NextDouble();
        var y = new double[r];
        for (int j = 0; j < r; j++) y[j] = random.NextDouble() - 0.5;
        double zeroGigabytes = zero.Length * (double)r * sizeof(double) / 1e9, allGigabytes = (double)m * r * sizeof(double) / 1e9;
        Console.WriteLine($"L: {m} x {r} ({allGigabytes:F2} GB), Z: {zero.Length} rows ({zeroGigabytes:F2} GB), seed {seed}; ms per product");
        Console.WriteLine($"{"pass",4} {"wide loop",10} {"portable loop",14} {"dgemv L y",10}");
        double wideBest = double.MaxValue, portableBest = double.MaxValue, gemvBest = double.MaxValue, difference = 0;
        for (int pass = 1; pass <= 5; pass++)
        {
            var clock = Stopwatch.StartNew();
            var wide = rows.WeightedGramTimes(zero, d, y);
            double a = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var portable = rows.WeightedGramTimes(zero, d, y, portable: true);
            double b = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            GC.KeepAlive(rows.Times(y, ComputeBackend.Native));
            double c = clock.Elapsed.TotalMilliseconds;
            (wideBest, portableBest, gemvBest) = (Math.Min(wideBest, a), Math.Min(portableBest, b), Math.Min(gemvBest, c));
            double largest = portable.Max(Math.Abs);
            for (int j = 0; j < r; j++) difference = Math.Max(difference, Math.Abs(wide[j] - portable[j]) / largest);
            Console.WriteLine($"{pass,4} {a,10:F1} {b,14:F1} {c,10:F1}");
        }
        Console.WriteLine($"fastest: wide {wideBest:F1} ms ({zeroGigabytes / wideBest * 1e3:F1} GB/s), portable {portableBest:F1} ms "
            + $"({zeroGigabytes / portableBest * 1e3:F1} GB/s), dgemv {gemvBest:F1} ms ({allGigabytes / gemvBest * 1e3:F1} GB/s); "
            + $"wide / portable {wideBest / portableBest:F2}; largest difference between the loops {difference:E1} of the largest entry");
        return 0;
    }
}
