using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Bench;

/// <summary>
/// The full-rank probe of the T2.1 solver's Newton-system choice (<c>PivotedCholesky.ProbeNative</c>) on the Gram matrices of
/// the solver grid (<see cref="SolverGrid"/>) at size m: OpenBLAS's dpotrf on all of K against the bordered factorisation on
/// growing leading blocks that the probe uses (<c>PivotedCholesky.BorderedCholesky</c>), each with the copy of K into the
/// buffer, fastest of five. <c>rank-probe m</c> prints one line per distinct (n, d) of the grid: the first failing pivot of
/// dpotrf (0: it completed), both times and their ratio.
/// </summary>
public static class RankProbe
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs the comparison; returns 0, or 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.Integer, Inv, out int m) || m < 10)
        {
            Console.Error.WriteLine("usage: rank-probe m   (m >= 10; the solver grid's Gram matrices at m points)");
            return 2;
        }
        Console.WriteLine($"{"n",4} {"d",2} {"dpotrf pivot",12} {"dpotrf ms",10} {"bordered ms",12} {"completes",9} {"ratio",6}");
        foreach (var (n, d) in SolverGrid.Programs.Select(p => (p.Dimension, p.Degree)).Distinct())
        {
            var gram = GramEngine.Gram(new Kernel.Multinomial(d), SolverVersusPeers.Draw(m, n, seed: 1000 + n).Points);
            var buffer = new double[(long)m * m];
            int failed = -1;
            double plain = Fastest(() =>
            {
                gram.AsSpan().CopyTo(buffer);
                failed = SymmetricFactor.Attempt(buffer, m, native: true).FailedPivot;
            });
            bool completes = false;
            double bordered = Fastest(() =>
            {
                gram.AsSpan().CopyTo(buffer);
                completes = PivotedCholesky.BorderedCholesky(buffer, m, PivotedCholesky.FirstBlock, _ => false);
            });
            Console.WriteLine($"{n,4} {d,2} {failed + 1,12} {plain,10:F1} {bordered,12:F1} {completes,9} {plain / bordered,6:F2}");
        }
        return 0;
    }

    private static double Fastest(Action action)
    {
        action();
        double best = double.PositiveInfinity;
        for (int k = 0; k < 5; k++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
