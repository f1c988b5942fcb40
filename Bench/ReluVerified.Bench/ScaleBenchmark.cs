using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Bench;

/// <summary>
/// S-lowrank benchmarks (docs/scale.md), on planted reliable-agnostic data on S^{n-1} drawn from a seed (never a file):
/// <list type="bullet">
/// <item><c>accuracy m n d B ranks seed</c>: the exact fit and rank-r fits (uniform, k-means++, leverage, pivoted
/// landmarks) of the reliable program at m rows; per fit: time, objective, gap, trace(K - LL')/trace K, test false-positive
/// rate and positive loss, and the largest test-score difference from the exact fit. One CSV line per fit.</item>
/// <item><c>large m n d B r seed [DIR]</c>: one rank-r fit of the agnostic square-loss program (uniform landmarks) at m rows,
/// with the time split (data, factor, solve), the solver's iterations, test MSE and the peak working set; with DIR, the
/// train and test data are also written there as raw float64 (X_train.bin, y_train.bin, X_test.bin, y_test.bin) for the
/// scikit-learn side (Bench/scripts/scale_sklearn.py).</item>
/// </list>
/// </summary>
public static class ScaleBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs a sub-command; returns 0 on success, 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        if (args.Length >= 7 && args[0] == "accuracy")
            return Accuracy(Int(args[1]), Int(args[2]), Int(args[3]), double.Parse(args[4], Inv), [.. args[5].Split(',').Select(Int)], Int(args[6]));
        if (args.Length >= 7 && args[0] == "large")
            return Large(Int(args[1]), Int(args[2]), Int(args[3]), double.Parse(args[4], Inv), Int(args[5]), Int(args[6]), args.Length > 7 ? args[7] : null);
        Console.Error.WriteLine("usage: scale accuracy m n d B r1,r2,... seed | scale large m n d B r seed [DIR]");
        return 2;
    }

    private static int Int(string s) => int.Parse(s, Inv);

    private static (LabelledSample Train, LabelledSample Test) Draw(int m, int n, int seed)
    {
        var rng = new Random(seed);
        var w = new double[n];
        for (int j = 0; j < n; j++) w[j] = rng.NextDouble() - 0.5;
        double norm = Math.Sqrt(w.Sum(v => v * v));
        for (int j = 0; j < n; j++) w[j] /= norm;
        var model = new LabelModel.ReliableAgnostic(w, 0.05, 0.05);
        var distribution = new SphereDistribution.Uniform(n);
        return (Labelling.Sample(distribution, model, m, new Random(seed + 1)), Labelling.Sample(distribution, model, Math.Min(m, 20_000), new Random(seed + 2)));
    }

    private static int Accuracy(int m, int n, int degree, double weight, int[] ranks, int seed)
    {
        var (train, test) = Draw(m, n, seed);
        var baseOptions = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = degree, Weight = weight, Scale = ScaleKind.None, Seed = seed };
        Console.WriteLine("fit,rank,landmarks,seconds,exit,objective,gap,relative_residual,test_fp,test_positive_loss,max_score_diff_vs_exact,peak_mib");
        double[]? exactScores = null;
        var configurations = new List<(int? Rank, string Landmarks)> { (null, "exact") };
        foreach (int r in ranks)
            foreach (var method in OptionNames.LandmarkNames)
                configurations.Add((r, method));
        foreach (var (rank, landmarks) in configurations)
        {
            var options = rank is null ? baseOptions : baseOptions with { Rank = rank, Landmarks = OptionNames.ParseLandmarks(landmarks) };
            var clock = Stopwatch.StartNew();
            var model = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], options);
            double seconds = clock.Elapsed.TotalSeconds;
            var scores = model.Hypothesis!.Scores(test.Points);
            exactScores ??= scores;
            double diff = scores.Zip(exactScores, (a, b) => Math.Abs(a - b)).Max();
            var metrics = model.Evaluate(test.Points.Coordinates, [.. test.Labels]);
            var r = model.Report;
            Console.WriteLine(string.Join(",", rank is null ? "exact" : "low-rank", rank?.ToString(Inv) ?? "", landmarks, F(seconds), r.Exit, F(r.Objective), F(r.DualityGap),
                F(r.LowRank?.RelativeResidual ?? 0), F(metrics.FalsePositiveRate), F(metrics.PositiveLoss), F(diff), F(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0)));
        }
        return 0;
    }

    private static int Large(int m, int n, int degree, double weight, int rank, int seed, string? directory)
    {
        var clock = Stopwatch.StartNew();
        var (train, test) = Draw(m, n, seed);
        double dataSeconds = clock.Elapsed.TotalSeconds;
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            Write(Path.Combine(directory, "X_train.bin"), train.Points.Coordinates.AsSpan());
            Write(Path.Combine(directory, "y_train.bin"), train.Labels.AsSpan());
            Write(Path.Combine(directory, "X_test.bin"), test.Points.Coordinates.AsSpan());
            Write(Path.Combine(directory, "y_test.bin"), test.Labels.AsSpan());
        }
        var options = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Task = ReluTask.Agnostic, Degree = degree, Weight = weight, Scale = ScaleKind.None, Seed = seed, Rank = rank };
        LearnerPhase? last = null;
        var progress = new Progress(p => { if (p.Phase != last) { last = p.Phase; Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,7:F1} s] {p.Phase.ToString().ToLowerInvariant()}: {p.Detail}"); } });
        clock.Restart();
        var model = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], options, progress: progress);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var predictions = model.Predict(test.Points.Coordinates);
        double predictSeconds = clock.Elapsed.TotalSeconds;
        double mse = predictions.Zip(test.Labels, (p, y) => (p - y) * (p - y)).Average();
        var r = model.Report;
        Console.WriteLine("m,n,d,B,rank,data_s,fit_s,factor_s,solve_s,iterations,exit,gap,relative_residual,test_mse,predict_s,test_rows,peak_mib");
        Console.WriteLine(string.Join(",", m, n, degree, F(weight), rank, F(dataSeconds), F(fitSeconds), F(r.Timings.GramMs / 1000), F(r.Timings.SolveMs / 1000),
            r.Iterations, r.Exit, F(r.DualityGap), F(r.LowRank!.RelativeResidual), F(mse), F(predictSeconds), test.Count,
            F(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0)));
        return 0;
    }

    private static void Write(string path, ReadOnlySpan<double> values)
    {
        using var file = File.Create(path);
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    private static string F(double v) => v.ToString("G6", Inv);

    private sealed class Progress(Action<LearnerProgress> report) : IProgress<LearnerProgress>
    {
        public void Report(LearnerProgress value) => report(value);
    }
}
