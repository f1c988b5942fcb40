using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Bench;

/// <summary>
/// The C# half of the T2.1 solver comparison (driven by Bench/scripts/solver_vs_peers.py):
/// <list type="bullet">
/// <item><c>instances DIR</c>: writes small reliable/agnostic instances (X.csv, y.csv per instance) and a manifest.csv.</item>
/// <item><c>solve DIR</c>: solves every row of DIR/manifest.csv and writes the objective, dual bound, gap, violation,
/// iterations, time and predictions (predictions_NAME.csv) to DIR/results.csv, solving to a 1e-11 gap.</item>
/// <item><c>budget DIR</c>: solves every row of DIR/budget.csv (T2.1-budget): a penalised program at a given lambda, or the
/// budgeted program at a given S through <see cref="ReliableSolver.SolveWithBudget(KernelProgram, double, SolverOptions?, int, double, CancellationToken)"/>,
/// and writes the objective (penalised objective, or the loss for a budget), the excess, the dual bound, the gap, lambda and the
/// number of solves to DIR/budget_results.csv, with predictions_NAME.csv.</item>
/// <item><c>time DIR m n d</c>: draws m points on S^{n-1} with reliable labels, writes them, times Gram + solve of the
/// reliable program (square loss, MK_d), and prints one CSV line with the timings and the peak working set.</item>
/// </list>
/// </summary>
public static class SolverVersusPeers
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const double ComparisonGapTolerance = 1e-11;

    /// <summary>Runs a sub-command; returns 0 on success, 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        if (args.Length >= 2 && args[0] == "instances") return Instances(args[1]);
        if (args.Length >= 2 && args[0] == "solve") return Solve(args[1]);
        if (args.Length >= 2 && args[0] == "budget") return Budget(args[1]);
        if (args.Length >= 5 && args[0] == "time")
            return Time(args[1], int.Parse(args[2], Inv), int.Parse(args[3], Inv), int.Parse(args[4], Inv));
        Console.Error.WriteLine("usage: solver-vs-peers instances DIR | solve DIR | budget DIR | time DIR m n d");
        return 2;
    }

    /// <summary>m points on S^{n-1} with reliable-agnostic labels of a planted unit weight vector, all from one seed.</summary>
    internal static LabelledSample Draw(int m, int n, int seed)
    {
        var rng = new Random(seed);
        var w = new double[n];
        for (int j = 0; j < n; j++) w[j] = rng.NextDouble() - 0.5;
        double norm = Math.Sqrt(w.Sum(v => v * v));
        for (int j = 0; j < n; j++) w[j] /= norm;
        var model = new LabelModel.ReliableAgnostic(w, zeroSidePositiveRate: 0.1, positiveSideNoise: 0.1);
        return Labelling.Sample(new SphereDistribution.Uniform(n), model, m, rng);
    }

    /// <summary>Writes X_NAME.csv and y_NAME.csv (round-trip doubles) under <paramref name="dir"/>.</summary>
    internal static void WriteSample(string dir, string name, LabelledSample sample)
    {
        var x = new StringBuilder();
        for (int i = 0; i < sample.Count; i++)
            x.AppendLine(string.Join(",", sample.Points[i].ToArray().Select(v => v.ToString("R", Inv))));
        File.WriteAllText(Path.Combine(dir, $"X_{name}.csv"), x.ToString());
        File.WriteAllLines(Path.Combine(dir, $"y_{name}.csv"), sample.Labels.Select(v => v.ToString("R", Inv)));
    }

    private static LabelledSample ReadSample(string dir, string data)
    {
        var rows = File.ReadAllLines(Path.Combine(dir, $"X_{data}.csv")).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, Inv)).ToArray()).ToList();
        var labels = File.ReadAllLines(Path.Combine(dir, $"y_{data}.csv")).Where(l => l.Length > 0).Select(v => double.Parse(v, Inv));
        return new LabelledSample(PointSet.FromRows(rows, PointDomain.Ball), [.. labels]);
    }

    private static int Instances(string dir)
    {
        Directory.CreateDirectory(dir);
        WriteSample(dir, "a", Draw(200, 5, 1));
        WriteSample(dir, "b", Draw(300, 3, 2));
        WriteSample(dir, "c", Draw(250, 10, 3));
        // name,data,task,loss,degree,B,tau
        File.WriteAllLines(Path.Combine(dir, "manifest.csv"),
        [
            "name,data,task,loss,degree,B,tau",
            "rel-sq-a,a,reliable,square,3,10,0.05",
            "rel-sq-b,b,reliable,square,4,30,0",
            "rel-sq-c,c,reliable,square,2,5,0.1",
            "rel-abs-a,a,reliable,absolute,3,10,0.05",
            "rel-hub-b,b,reliable,huber(0.1),3,20,0.02",
            "rel-neg-a,a,reliable,square,3,50,-0.02",
            "agn-sq-a,a,agnostic,square,3,10,0",
            "agn-abs-c,c,agnostic,absolute,2,5,0",
            "agn-hub-b,b,agnostic,huber(0.1),4,30,0",
        ]);
        // T2.1-budget: name,data,loss,degree,B,tau,kind,value (kind: penalty = lambda, budget = S)
        File.WriteAllLines(Path.Combine(dir, "budget.csv"),
        [
            "name,data,loss,degree,B,tau,kind,value",
            "pen-sq-a-0.05,a,square,3,10,0.05,penalty,0.05",
            "pen-sq-a-0.5,a,square,3,10,0.05,penalty,0.5",
            "pen-sq-b-0.2,b,square,4,30,0,penalty,0.2",
            "pen-abs-a-0.1,a,absolute,3,10,0.05,penalty,0.1",
            "pen-hub-b-0.1,b,huber(0.1),3,20,0.02,penalty,0.1",
            "pen-neg-a-0.3,a,square,3,50,-0.02,penalty,0.3",
            "bud-sq-a-0.002,a,square,3,10,0.05,budget,0.002",
            "bud-sq-a-0.01,a,square,3,10,0.05,budget,0.01",
            "bud-sq-b-0.005,b,square,4,30,0,budget,0.005",
            "bud-sq-c-0.02,c,square,2,5,0.1,budget,0.02",
            "bud-hub-b-0.01,b,huber(0.1),3,20,0.02,budget,0.01",
        ]);
        Console.WriteLine($"wrote 3 samples, manifest.csv (9 programs) and budget.csv (11 programs) to {dir}");
        return 0;
    }

    private static Loss ParseLoss(string text) => text switch
    {
        "square" => new Loss.Square(),
        "absolute" => new Loss.Absolute(),
        _ when text.StartsWith("huber(", StringComparison.Ordinal) => new Loss.Huber(double.Parse(text[6..^1], Inv)),
        _ => throw new ArgumentException($"unknown loss '{text}'"),
    };

    private static int Solve(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "manifest.csv")).Skip(1).Where(l => l.Length > 0).ToList();
        var output = new List<string> { "name,exit,objective,dual,gap,violation,norm2,iterations,seconds,system,rank" };
        var samples = new Dictionary<string, LabelledSample>();
        foreach (var line in lines)
        {
            var p = line.Split(',');
            string name = p[0], data = p[1];
            if (!samples.TryGetValue(data, out var sample)) samples[data] = sample = ReadSample(dir, data);
            var task = p[2] == "reliable" ? ProgramTask.Reliable : ProgramTask.Agnostic;
            var gram = GramEngine.Gram(new Kernel.Multinomial(int.Parse(p[4], Inv)), sample.Points);
            var program = new KernelProgram(gram, sample.Labels, task, double.Parse(p[5], Inv), double.Parse(p[6], Inv), ParseLoss(p[3]));
            // a gap tolerance below the default 1e-8: predictions agree to sqrt(m gap) by strong convexity, and the comparison
            // asks for 1e-5; solves that reach the certificate's floating-point floor first stop with NumericalTrouble
            var solveClock = Stopwatch.StartNew();
            var r = ReliableSolver.Solve(program, SolverOptions.Default with { GapTolerance = ComparisonGapTolerance });
            double solveSeconds = solveClock.Elapsed.TotalSeconds;
            output.Add(string.Join(",", name, r.Exit, r.Objective.ToString("R", Inv), r.DualBound.ToString("R", Inv), r.DualityGap.ToString("R", Inv),
                r.MaxViolation.ToString("R", Inv), r.SquaredNorm.ToString("R", Inv), r.Iterations, solveSeconds.ToString("R", Inv), r.NewtonSystem, r.Rank));
            File.WriteAllLines(Path.Combine(dir, $"predictions_{name}.csv"), r.Predictions.Select(v => v.ToString("R", Inv)));
        }
        File.WriteAllLines(Path.Combine(dir, "results.csv"), output);
        Console.WriteLine($"solved {lines.Count} programs; results in results.csv");
        return 0;
    }

    private static int Budget(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "budget.csv")).Skip(1).Where(l => l.Length > 0).ToList();
        var output = new List<string> { "name,exit,objective,excess,dual,gap,lambda,solves,seconds" };
        var samples = new Dictionary<string, LabelledSample>();
        var options = SolverOptions.Default with { GapTolerance = ComparisonGapTolerance };
        foreach (var line in lines)
        {
            var p = line.Split(',');
            string name = p[0], data = p[1], kind = p[6];
            if (!samples.TryGetValue(data, out var sample)) samples[data] = sample = ReadSample(dir, data);
            var gram = GramEngine.Gram(new Kernel.Multinomial(int.Parse(p[3], Inv)), sample.Points);
            var program = new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, double.Parse(p[4], Inv), double.Parse(p[5], Inv), ParseLoss(p[2]));
            double value = double.Parse(p[7], Inv);
            var clock = Stopwatch.StartNew();
            string row;
            ImmutableArray<double> predictions;
            if (kind == "penalty")
            {
                var r = ReliableSolver.Solve(program.WithZeroPenalty(value), options);
                row = string.Join(",", name, r.Exit, R(r.Objective), R(r.Excess), R(r.DualBound), R(r.DualityGap), R(value), 1, R(clock.Elapsed.TotalSeconds));
                predictions = r.Predictions;
            }
            else
            {
                // the budget search's own stopping rule: budget gap <= 1e-9 max(1, loss) (its bisections stop at 30)
                var b = ReliableSolver.SolveWithBudget(program, value, options, budgetGapTolerance: 1e-9);
                row = string.Join(",", name, b.Exit, R(b.Loss), R(b.Excess), R(b.BudgetDualBound), R(b.BudgetGap), R(b.ZeroPenalty), b.Solves, R(clock.Elapsed.TotalSeconds));
                predictions = b.Result.Predictions;
            }
            output.Add(row);
            File.WriteAllLines(Path.Combine(dir, $"predictions_{name}.csv"), predictions.Select(v => v.ToString("R", Inv)));
        }
        File.WriteAllLines(Path.Combine(dir, "budget_results.csv"), output);
        Console.WriteLine($"solved {lines.Count} penalised/budgeted programs; results in budget_results.csv");
        return 0;
    }

    private static string R(double v) => v.ToString("R", Inv);

    private static int Time(string dir, int m, int n, int d)
    {
        Directory.CreateDirectory(dir);
        var sample = Draw(m, n, 7);
        WriteSample(dir, $"time{m}", sample);
        // warm the JIT and the native library on a small instance so the timing is of the work itself
        var small = Draw(200, n, 8);
        ReliableSolver.Solve(new KernelProgram(GramEngine.Gram(new Kernel.Multinomial(d), small.Points), small.Labels, ProgramTask.Reliable, 20, 0.05, new Loss.Square()));
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var gram = GramEngine.Gram(new Kernel.Multinomial(d), sample.Points);
        double gramSeconds = clock.Elapsed.TotalSeconds;
        var program = new KernelProgram(gram, sample.Labels, ProgramTask.Reliable, 20, 0.05, new Loss.Square());
        double solveStart = clock.Elapsed.TotalSeconds;
        var r = ReliableSolver.Solve(program);
        double total = clock.Elapsed.TotalSeconds;
        double solveSeconds = total - solveStart;
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(string.Join(",", "csharp", m, n, d, gramSeconds.ToString("F3", Inv), solveSeconds.ToString("F3", Inv),
            total.ToString("F3", Inv), r.Iterations, r.Exit, r.DualityGap.ToString("E2", Inv), r.MaxViolation.ToString("E2", Inv),
            (peak / 1048576.0).ToString("F0", Inv), r.NewtonSystem, r.Rank));
        return 0;
    }
}
