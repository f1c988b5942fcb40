using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Bench;

/// <summary>
/// A robustness sweep of the T2.1 / R2.2 solver over random programs (docs/solver.md, "Newton matrices that do not factor"):
/// <c>solver-sweep COUNT FIRST_SEED [SIZES] [--kind=KIND]</c> solves COUNT programs, seeds FIRST_SEED onwards, each drawn from
/// its seed alone: m from SIZES (default 300,700,1200,2000), n in {2, 3, 5, 10, 20, 50}, MK_d with d in 1..6, B in {0.1, 1, 10,
/// 100, 1e3, 1e4}, reliable (tau_c in {0.01, 0.05, 0.2}) or agnostic, square, absolute or Huber(0.1) loss (square twice as
/// often), and one of six kinds of data (KIND for every program when given): "sphere" (points on S^{n-1}, labels of a planted ReLU with 10%
/// positives on its zero side and noise 0.1), "ball" (the same inside the unit ball), "small-ball" (radii up to 0.2),
/// "duplicates" (a random half of the rows a copy of an earlier point, labelled afresh, so that copies may disagree),
/// "continuous" (clip(max(0, w.x) + noise, 0, 1)) and "all-zero-but-few" (3% positive labels). Default solver options. Prints
/// one line per program ("ok" when Converged, else "BAD") and the count that did not converge.
/// </summary>
public static class SolverSweep
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly int[] Dimensions = [2, 3, 5, 10, 20, 50];
    private static readonly double[] Bounds = [0.1, 1, 10, 100, 1e3, 1e4];
    private static readonly double[] Thresholds = [0.01, 0.05, 0.2];
    private static readonly string[] Kinds = ["sphere", "ball", "small-ball", "duplicates", "continuous", "all-zero-but-few"];

    /// <summary>Runs the sweep; returns 0 (also when some programs do not converge), or 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        string? kind = args.FirstOrDefault(a => a.StartsWith("--kind=", StringComparison.Ordinal))?["--kind=".Length..];
        int[]? sizes = positional.Length > 2 ? Sizes(positional[2]) : [300, 700, 1200, 2000];
        if (positional.Length < 2 || !int.TryParse(positional[0], NumberStyles.Integer, Inv, out int count) || count < 1
            || !int.TryParse(positional[1], NumberStyles.Integer, Inv, out int firstSeed) || (kind is not null && !Kinds.Contains(kind))
            || sizes is null)
        {
            Console.Error.WriteLine($"usage: solver-sweep COUNT FIRST_SEED [SIZES: m values of at least 10, comma-separated, e.g. 300,700,1200,2000] [--kind={string.Join("|", Kinds)}]");
            return 2;
        }
        int notConverged = 0;
        var total = Stopwatch.StartNew();
        for (int seed = firstSeed; seed < firstSeed + count; seed++)
        {
            var (name, program) = Draw(seed, sizes, kind);
            var clock = Stopwatch.StartNew();
            var r = ReliableSolver.Solve(program);
            bool ok = r.Exit == ExitCondition.Converged;
            if (!ok) notConverged++;
            double gap = r.DualityGap / Math.Max(1, Math.Abs(r.Objective));
            Console.WriteLine(string.Create(Inv, $"{(ok ? "ok " : "BAD")} {name}: {r.Exit} it {r.Iterations} {r.NewtonSystem} rank {r.Rank} "
                                                 + $"gap {gap:E1} stationarity {r.Stationarity:E1} {clock.Elapsed.TotalSeconds:F2} s"));
        }
        Console.WriteLine(string.Create(Inv, $"{notConverged} not converged of {count}; {total.Elapsed.TotalSeconds:F0} s"));
        return 0;
    }

    /// <summary>The m values of a comma-separated list, or null when one is not an integer of at least 10.</summary>
    private static int[]? Sizes(string list)
    {
        var parts = list.Split(',');
        var sizes = new int[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!int.TryParse(parts[k], NumberStyles.Integer, Inv, out sizes[k]) || sizes[k] < 10) return null;
        return sizes;
    }

    /// <summary>The program of one seed (every random choice from that seed's generator, in a fixed order) and its name.</summary>
    private static (string Name, KernelProgram Program) Draw(int seed, int[] sizes, string? forcedKind)
    {
        var rng = new Random(seed);
        int m = sizes[rng.Next(sizes.Length)], n = Dimensions[rng.Next(Dimensions.Length)], d = 1 + rng.Next(6);
        double b = Bounds[rng.Next(Bounds.Length)], tau = Thresholds[rng.Next(Thresholds.Length)];
        var task = rng.Next(2) == 0 ? ProgramTask.Reliable : ProgramTask.Agnostic;
        Loss loss = rng.Next(4) switch { 0 => new Loss.Square(), 1 => new Loss.Absolute(), 2 => new Loss.Huber(0.1), _ => new Loss.Square() };
        string kind = Kinds[rng.Next(Kinds.Length)];
        if (forcedKind is not null) kind = forcedKind;
        var w = Enumerable.Range(0, n).Select(_ => Gauss(rng)).ToArray();
        double wn = Math.Sqrt(w.Sum(v => v * v));
        for (int j = 0; j < n; j++) w[j] /= wn;
        var rows = new List<double[]>(m);
        var labels = new double[m];
        for (int i = 0; i < m; i++)
        {
            double[] x;
            if (kind == "duplicates" && i > 0 && rng.NextDouble() < 0.5) x = (double[])rows[rng.Next(rows.Count)].Clone();
            else
            {
                x = Enumerable.Range(0, n).Select(_ => Gauss(rng)).ToArray();
                double xn = Math.Sqrt(x.Sum(v => v * v));
                double radius = kind switch { "ball" => Math.Pow(rng.NextDouble(), 1.0 / n), "small-ball" => 0.2 * rng.NextDouble(), _ => 1.0 };
                for (int j = 0; j < n; j++) x[j] *= radius / xn;
            }
            rows.Add(x);
            double t = 0;
            for (int j = 0; j < n; j++) t += w[j] * x[j];
            labels[i] = kind switch
            {
                "continuous" => Math.Clamp(Math.Max(0, t) + 0.1 * Gauss(rng), 0, 1),
                "all-zero-but-few" => rng.NextDouble() < 0.03 ? rng.NextDouble() : 0,
                _ => t <= 0 ? (rng.NextDouble() < 0.1 ? rng.NextDouble() : 0) : Math.Clamp(t + 0.1 * Gauss(rng), 0, 1),
            };
        }
        var points = PointSet.FromRows(rows, PointDomain.Ball);
        string name = string.Create(Inv, $"s{seed} m{m} n{n} d{d} B{b} {task} {loss.GetType().Name} tau{tau} {kind}");
        var gram = GramEngine.Gram(new Kernel.Multinomial(d), points);
        return (name, new KernelProgram(gram, [.. labels], task, b, task == ProgramTask.Reliable ? tau : 0, loss));
    }

    /// <summary>A standard normal draw (Box-Muller, one of the pair).</summary>
    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
