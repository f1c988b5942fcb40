using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Bench;

/// <summary>
/// The solver's robustness grid (T2.1 / R2.2; driven by Bench/scripts/solver_grid.py, which times scikit-learn's
/// KernelRidge on the same data and degrees in the same run): twelve programs over n in {5, 10, 20, 100}, d in 2..6,
/// B from 1 to 1e4, reliable and agnostic, square, absolute and Huber losses, on reliable-agnostic data drawn on
/// S^{n-1} with a fixed seed per n. <c>solver-grid m DIR</c> writes X_n.csv / y_n.csv per n and one CSV line per program
/// (exit, gap relative to max(1, |objective|), iterations, Newton system, rank, Gram and solve seconds; the solve's
/// seconds include the construction of the <see cref="KernelProgram"/>, whose input checks a user pays as well) to DIR/grid.csv.
/// </summary>
public static class SolverGrid
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One program of the grid.</summary>
    public sealed record Row(string Name, int Dimension, int Degree, double Bound, ProgramTask Task, Loss Loss, double Threshold);

    /// <summary>The twelve programs (tau_c = 0.05 for the reliable ones).</summary>
    public static IReadOnlyList<Row> Programs { get; } =
    [
        new("n5-d2-B1-rel-sq", 5, 2, 1, ProgramTask.Reliable, new Loss.Square(), 0.05),
        new("n5-d3-B10-agn-abs", 5, 3, 10, ProgramTask.Agnostic, new Loss.Absolute(), 0),
        new("n10-d4-B50-rel-sq", 10, 4, 50, ProgramTask.Reliable, new Loss.Square(), 0.05),
        new("n10-d4-B50-rel-abs", 10, 4, 50, ProgramTask.Reliable, new Loss.Absolute(), 0.05),
        new("n10-d3-B1e4-agn-abs", 10, 3, 1e4, ProgramTask.Agnostic, new Loss.Absolute(), 0),
        new("n10-d6-B1e3-rel-huber", 10, 6, 1e3, ProgramTask.Reliable, new Loss.Huber(0.1), 0.05),
        new("n20-d2-B100-rel-sq", 20, 2, 100, ProgramTask.Reliable, new Loss.Square(), 0.05),
        new("n20-d5-B10-agn-sq", 20, 5, 10, ProgramTask.Agnostic, new Loss.Square(), 0),
        new("n20-d3-B1e3-rel-huber", 20, 3, 1e3, ProgramTask.Reliable, new Loss.Huber(0.1), 0.05),
        new("n100-d2-B10-rel-sq", 100, 2, 10, ProgramTask.Reliable, new Loss.Square(), 0.05),
        new("n100-d5-B100-rel-sq", 100, 5, 100, ProgramTask.Reliable, new Loss.Square(), 0.05),
        new("n100-d6-B1e4-agn-sq", 100, 6, 1e4, ProgramTask.Agnostic, new Loss.Square(), 0),
    ];

    /// <summary>Runs the grid; returns 0, or 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], NumberStyles.Integer, Inv, out int m) || m < 10)
        {
            Console.Error.WriteLine("usage: solver-grid m DIR [NAME ...] [--newton=auto|dense|lowrank] [--mixed=on|off] [--trace]   (m >= 10; NAMEs pick programs of the grid; --mixed=off: SolverOptions.MixedPrecision false)");
            return 2;
        }
        string dir = args[1];
        Directory.CreateDirectory(dir);
        var names = args[2..].Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        bool trace = args.Contains("--trace");
        var options = SolverOptions.Default;
        if (args.FirstOrDefault(a => a.StartsWith("--newton=", StringComparison.Ordinal)) is { } newton)
            options = options with { NewtonSystem = Enum.Parse<NewtonSystemKind>(newton["--newton=".Length..], ignoreCase: true) };
        if (args.FirstOrDefault(a => a.StartsWith("--mixed=", StringComparison.Ordinal)) is { } mixed)
            options = options with { MixedPrecision = mixed["--mixed=".Length..] != "off" };
        var chosen = names.Length > 0 ? Programs.Where(p => names.Contains(p.Name)).ToList() : [.. Programs];
        var samples = new Dictionary<int, LabelledSample>();
        foreach (int n in chosen.Select(p => p.Dimension).Distinct())
        {
            samples[n] = SolverVersusPeers.Draw(m, n, seed: 1000 + n);
            SolverVersusPeers.WriteSample(dir, n.ToString(Inv), samples[n]);
        }
        var lines = new List<string> { "name,m,n,d,B,task,loss,exit,gap,iterations,newton,rank,gram_s,solve_s" };
        Console.WriteLine(lines[0]);
        foreach (var p in chosen)
        {
            var sample = samples[p.Dimension];
            var clock = Stopwatch.StartNew();
            var gram = GramEngine.Gram(new Kernel.Multinomial(p.Degree), sample.Points);
            double gramSeconds = clock.Elapsed.TotalSeconds;
            // the program's own input checks (finite and symmetric K) are part of what a user pays: timed with the solve
            clock.Restart();
            var program = new KernelProgram(gram, sample.Labels, p.Task, p.Bound, p.Threshold, p.Loss);
            var r = ReliableSolver.Solve(program, options, progress: trace ? new Trace() : null);
            double solveSeconds = clock.Elapsed.TotalSeconds;
            double gap = r.DualityGap / Math.Max(1, Math.Abs(r.Objective));
            string line = string.Join(",", p.Name, m.ToString(Inv), p.Dimension.ToString(Inv), p.Degree.ToString(Inv), p.Bound.ToString("R", Inv),
                p.Task, p.Loss.GetType().Name, r.Exit, gap.ToString("E2", Inv), r.Iterations.ToString(Inv), r.NewtonSystem, r.Rank.ToString(Inv),
                gramSeconds.ToString("F3", Inv), solveSeconds.ToString("F3", Inv));
            Console.WriteLine(line);
            if (trace)
                Console.Error.WriteLine($"  objective {r.Objective:R}, dual {r.DualBound:R}, stationarity {r.Stationarity:E3}, ||f||^2 {r.SquaredNorm:R} (B {p.Bound}), "
                    + $"theta {r.BallMultiplier:E3}, violation {r.ConstraintViolation:E3}");
            lines.Add(line);
        }
        File.WriteAllLines(Path.Combine(dir, "grid.csv"), lines);
        return 0;
    }

    private sealed class Trace : IProgress<SolverIteration>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(SolverIteration value) => Console.Error.WriteLine($"  {_clock.Elapsed.TotalSeconds:F3} s: iteration {value.Iteration}, mu {value.Mu:E3}");
    }
}
