using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Bench;

/// <summary>
/// <c>compare-peers [m] [n] [d] [m_cvx] [repeats]</c>: times our kernel ridge (peer:krr) and our solver of the reliable
/// program (T2.1) against their Python peers on the same files in the same run (Bench/scripts/peers_compare.py:
/// scikit-learn KernelRidge with a precomputed multinomial Gram and with its poly kernel, cvxopt's coneqp on the reliable
/// program), and prints the figures and the ratios peer time / our time. Python is Debian's /usr/bin/python3; a missing
/// package skips that peer with a message.
/// </summary>
public static class ComparePeers
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const double Lambda = 1e-3, NormBound = 16, ConstraintLevel = 0.025;

    /// <summary>Runs the comparison; returns 0 on success, 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], Inv) : fallback;
        int m = Arg(0, 3000), n = Arg(1, 10), d = Arg(2, 3), mCvx = Arg(3, 800), repeats = Arg(4, 3);
        if (m < 50 || n < 2 || d < 1 || mCvx < 20 || mCvx > m || repeats < 1)
        {
            Console.Error.WriteLine("usage: compare-peers [m >= 50] [n >= 2] [d >= 1] [m_cvx in 20..m] [repeats >= 1]");
            return 2;
        }
        var scenario = Scenarios.Create("reliable-agnostic", n);
        var train = scenario.Draw(m, 11);
        var test = scenario.Draw(m / 2, 12);
        string directory = Directory.CreateTempSubdirectory("relu-peers-").FullName;
        try
        {
            Write(Path.Combine(directory, "train.csv"), train);
            Write(Path.Combine(directory, "test.csv"), test);
            var kernel = new Kernel.Multinomial(d);

            // Ours: Gram + Cholesky solve + cross-kernel prediction (the same work as the precomputed scikit-learn peer).
            double[] alpha = [];
            double mse = 0;
            var krrTimes = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                var gram = GramEngine.Gram(kernel, train.Points);
                alpha = KernelRidge.Coefficients(gram, train.Labels.AsSpan(), Lambda);
                var predictions = GramEngine.MatVec(GramEngine.Cross(kernel, test.Points, train.Points), alpha).Select(v => Math.Clamp(v, 0, 1)).ToArray();
                krrTimes.Add(clock.Elapsed.TotalSeconds);
                mse = predictions.Select((p, i) => (p - test.Labels[i]) * (p - test.Labels[i])).Average();
            }
            File.WriteAllLines(Path.Combine(directory, "alpha_krr.csv"), alpha.Select(v => v.ToString("R", Inv)));

            // Ours: the reliable program on the first m_cvx rows (Gram + solve), as the cvxopt peer solves it.
            var small = train.Select([.. Enumerable.Range(0, mCvx)]);
            var solverTimes = new List<double>();
            SolverResult? result = null;
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                var gram = GramEngine.Gram(kernel, small.Points);
                result = ReliableSolver.Solve(new KernelProgram(gram, small.Labels, ProgramTask.Reliable, NormBound, ConstraintLevel, new Loss.Square()));
                solverTimes.Add(clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"compare-peers: reliable-agnostic scenario, m = {m} training and {test.Count} test rows on S^{n - 1}, MK_{d}, lambda = {Lambda}; reliable program on {mCvx} rows, B = {NormBound}, tau_c = {ConstraintLevel}. Medians of {repeats} runs, {Environment.ProcessorCount} cores, OpenBLAS {(GramEngine.NativeAvailable ? "present" : "absent")}.");
            var peers = RunPython(directory, d, m, mCvx, repeats);
            double ourKrr = Median(krrTimes), ourSolver = Median(solverTimes);
            var table = new StringBuilder();
            table.AppendLine("| implementation | task | median s | test mse / objective | agreement / violation | peer time / ours |");
            table.AppendLine("|---|---|---|---|---|---|");
            table.AppendLine(Inv, $"| ReluVerified KernelRidge (Gram + Cholesky + predict) | krr | {ourKrr:F3} | {mse:G4} | - | 1 |");
            foreach (var peer in peers.Where(p => p.Name.StartsWith("sklearn", StringComparison.Ordinal)))
                table.AppendLine(Inv, $"| scikit-learn {peer.Name} | krr | {peer.Seconds:F3} | {peer.Figure:G4} | {peer.Agreement} | {peer.Seconds / ourKrr:F2} |");
            table.AppendLine(Inv, $"| ReluVerified ReliableSolver (Gram + solve, exit {result!.Exit}) | reliable program | {ourSolver:F3} | {result.Objective:G6} | {result.MaxViolation:G3} | 1 |");
            foreach (var peer in peers.Where(p => p.Name == "cvxopt-reliable"))
                table.AppendLine(Inv, $"| cvxopt coneqp | reliable program | {peer.Seconds:F3} | {peer.Figure:G6} | {peer.Agreement} | {peer.Seconds / ourSolver:F2} |");
            Console.Write(table.ToString());
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Write(string path, LabelledSample sample)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", Enumerable.Range(0, sample.Points.Dimension).Select(j => $"x{j}").Append("y")));
        for (int i = 0; i < sample.Count; i++)
            text.AppendLine(string.Join(",", sample.Points[i].ToArray().Append(sample.Labels[i]).Select(v => v.ToString("R", Inv))));
        File.WriteAllText(path, text.ToString());
    }

    private static List<(string Name, double Seconds, double Figure, string Agreement)> RunPython(string directory, int d, int m, int mCvx, int repeats)
    {
        const string python = "/usr/bin/python3";
        var peers = new List<(string, double, double, string)>();
        if (!File.Exists(python)) { Console.WriteLine("Python peers skipped: /usr/bin/python3 not found (apt-get install -y python3-sklearn python3-cvxopt)."); return peers; }
        string script = Path.Combine(AppContext.BaseDirectory, "scripts", "peers_compare.py");
        var start = new ProcessStartInfo(python, [script, directory, d.ToString(Inv), Lambda.ToString("R", Inv), NormBound.ToString("R", Inv),
            ConstraintLevel.ToString("R", Inv), mCvx.ToString(Inv), repeats.ToString(Inv)]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) Console.WriteLine($"Python peers failed (exit {process.ExitCode}): {error.Result.Trim().Split('\n').LastOrDefault()}");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.Split(',');
            if (cells[0] == "peer" && cells.Length >= 5)
                peers.Add((cells[1], double.Parse(cells[2], Inv), double.Parse(cells[3], Inv), cells[4]));
            else
                Console.WriteLine($"python: {line}");
        }
        return peers;
    }
}
