using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Scale;

/// <summary>
/// S-lowrank, deterministic checks: the memory estimate and its refusal naming <c>--rank</c>, Parquet round trips and
/// errors, a hand-computable Nystroem factor, and <c>relu fit --rank</c> / <c>--stream</c> as a user runs them.
/// </summary>
public class SLowRank_Checks : IDisposable
{
    private const double GiB = 1024.0 * 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-scale-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string File(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Exact_fit_of_50000_rows_on_24_GiB_is_refused_with_an_error_naming_the_rank_remedy()
    {
        // 16 m^2 bytes alone are 37.3 GiB at m = 50,000: past 0.8 x 24 GiB
        var e = Assert.Throws<MemoryBudgetException>(() => MemoryEstimate.Check(50_000, 100, null, 24 * GiB));
        Assert.Contains("Rank = ", e.Message);
        Assert.Contains("50000 x 50000 Gram matrix", e.Message);
        Assert.Equal(MemoryEstimate.LargestSuggestedRank, e.SuggestedRank);
        Assert.Contains($"Rank = {e.SuggestedRank}", e.Message);
        Assert.Equal("Rank", e.ParamName);
        Assert.True(MemoryEstimate.LowRankBytes(50_000, 100, e.SuggestedRank) <= MemoryEstimate.UsableShare * 24 * GiB);
    }

    [Fact]
    public void Memory_estimates_follow_the_buffers_they_count()
    {
        // exact: 24 m^2 + 24 m n + 400 m; low rank: 8 m r + 32 r^2 + 16 * 2048 r + 24 m n + 400 m
        Assert.Equal(24.0 * 1000 * 1000 + 24.0 * 1000 * 10 + 400.0 * 1000, MemoryEstimate.ExactBytes(1000, 10));
        Assert.Equal(8.0 * 1_000_000 * 2000 + 32.0 * 2000 * 2000 + 16.0 * 2048 * 2000 + 24.0 * 1_000_000 * 100 + 400.0 * 1_000_000,
            MemoryEstimate.LowRankBytes(1_000_000, 100, 2000));
        Assert.Equal(MemoryEstimate.ExactBytes(1000, 10), MemoryEstimate.Check(1000, 10, null, 24 * GiB));
        // a rank that does not fit either is refused with a smaller one
        var e = Assert.Throws<MemoryBudgetException>(() => MemoryEstimate.Check(1_000_000, 100, 2000, 8 * GiB));
        Assert.True(e.SuggestedRank is > 0 and < 2000, $"suggested {e.SuggestedRank}");
        Assert.Contains($"Rank = {e.SuggestedRank}", e.Message);
        Assert.Equal(0, MemoryEstimate.SuggestedRank(1_000_000_000, 100, 1 * GiB));
    }

    [Fact]
    public void Parquet_round_trip_keeps_every_bit_across_row_groups()
    {
        var x = Matrix.Build(7, 3, (i, j) => Math.Sin(1 + i * 3 + j) * Math.Pow(10, j - 1));
        double[] y = [0, 0.25, 1, 0, 0.5, 0.125, 1e-300];
        string path = File("t.parquet");
        ParquetTable.Write(path, ["a", "b", "c"], x, y, rowGroupSize: 3);
        var table = CsvTable.Read(path);
        Assert.Equal(new[] { "a", "b", "c" }, table.FeatureNames.ToArray());
        Assert.Equal(x, table.Features);
        Assert.Equal(y, table.Labels);
        var rows = RowStream.Open(path).Rows().ToList();
        Assert.Equal(7, rows.Count);
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(x.Row(i).ToArray(), rows[i].Features);
            Assert.Equal(y[i], rows[i].Label);
        }
    }

    [Fact]
    public void Parquet_without_the_label_column_is_an_error_naming_the_file_and_the_columns()
    {
        string path = File("nolabel.parquet");
        ParquetTable.Write(path, ["a", "b"], Matrix.Build(2, 2, (i, j) => i + j), []);
        var e = Assert.Throws<DataFormatException>(() => CsvTable.Read(path));
        Assert.Contains("nolabel.parquet", e.Message);
        Assert.Contains("no label column 'y' among [a, b]", e.Message);
        Assert.False(CsvTable.Read(path, requireLabels: false).HasLabels);
        System.IO.File.WriteAllText(File("bad.parquet"), "not parquet");
        Assert.Throws<DataFormatException>(() => CsvTable.Read(File("bad.parquet")));
    }

    [Fact]
    public void Nystroem_on_one_landmark_is_the_rank_one_kernel_through_it()
    {
        // k = linear, landmark z = (1, 0): W = 1, L_i = <x_i, z> (1 + jitter)^(-1/2), residual_i = ||x_i||^2 - L_i^2
        var points = Core.Geometry.PointSet.FromRows([[0.6, 0.8], [1, 0], [0, 0.5]]);
        var landmark = Core.Geometry.PointSet.FromRows([[1.0, 0.0]]);
        var f = Nystroem.Fit(new Kernel.Linear(), points, landmark);
        double s = 1 / Math.Sqrt(1 + Nystroem.RelativeJitter);
        Assert.Equal(Nystroem.RelativeJitter, f.Jitter, 1e-25);
        Assert.Equal(0.6 * s, f.Factor[0, 0], 1e-15);
        Assert.Equal(1.0 * s, f.Factor[1, 0], 1e-15);
        Assert.Equal(0.0, f.Factor[2, 0], 1e-15);
        Assert.Equal(0.64 + 0.25, f.ResidualTrace, 1e-9);
        Assert.Equal(2.0 * s, f.LandmarkCoefficients([2.0])[0], 1e-15);
    }

    [Fact]
    public void Factor_program_refuses_a_factor_whose_rows_do_not_match_the_labels()
    {
        var e = Assert.Throws<ArgumentException>(() => new FactorProgram(Matrix.Build(3, 2, (i, j) => 0), [0.0, 1.0], ProgramTask.Reliable, 1, 0.1, new Loss.Square()));
        Assert.Equal("factor", e.ParamName);
        Assert.Contains("2 labels need 2 rows", e.Message);
    }

    [Fact]
    public void Low_rank_fit_reports_the_residual_trace_and_keeps_only_the_landmarks()
    {
        var rng = new Random(5);
        int m = 300, n = 4;
        var x = new double[m][];
        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            x[i] = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
            y[i] = Math.Max(0, 0.5 * x[i][0] - 0.3 * x[i][1]);
        }
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 3, Weight = 16, Rank = 20, Landmarks = LandmarkKind.KMeansPlusPlus });
        Assert.Equal(20, model.Hypothesis!.Support.Count);
        var lowRank = model.Report.LowRank!;
        Assert.Equal(20, lowRank.Rank);
        Assert.Equal("kmeans++", lowRank.Landmarks);
        Assert.True(lowRank.ResidualTrace > 0 && lowRank.ResidualTrace < lowRank.KernelTrace, $"residual {lowRank.ResidualTrace}, trace {lowRank.KernelTrace}");
        Assert.Contains("Certificate for the rank-20 Nystroem kernel", model.Report.Guarantee.Statement);
        string path = File("m.json");
        model.Save(path);
        var loaded = ReliableReluModel.Load(path);
        Assert.Equal(model.Predict(x), loaded.Predict(x));
        Assert.Equal(model.Report.LowRank, loaded.Report.LowRank);
    }

    [Fact]
    public void Supplied_landmarks_are_embedded_like_the_rows_and_become_the_support()
    {
        var rng = new Random(9);
        int m = 200, n = 3;
        var x = Matrix.Build(m, n, (_, _) => 4 * rng.NextDouble() - 2);
        var y = Enumerable.Range(0, m).Select(i => Math.Max(0, 0.3 * x[i, 0] - 0.2 * x[i, 2]) / 2).ToArray();
        var landmarks = Matrix.Build(12, n, (i, j) => x[3 * i, j]);
        // MK_3 on R^3 has C(6, 3) = 20 feature dimensions: 12 landmarks are independent and all kept
        var model = ReliableRelu.Fit(new TrainingData(x, [.. y]) { Landmarks = landmarks }, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 3, Weight = 8, Rank = 50 });
        Assert.Equal("supplied", model.Report.LowRank!.Landmarks);
        Assert.Equal(12, model.Hypothesis!.Support.Count);
        Assert.Equal(model.Embedding.Apply(landmarks), model.Hypothesis.Support);
        // MK_2 on R^3 has C(5, 2) = 10: two of the 12 are numerically dependent and dropped, and the factor is then exact
        var quadratic = ReliableRelu.Fit(new TrainingData(x, [.. y]) { Landmarks = landmarks }, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8 });
        Assert.Equal(10, quadratic.Hypothesis!.Support.Count);
        Assert.True(quadratic.Report.LowRank!.RelativeResidual < 1e-8, $"relative residual {quadratic.Report.LowRank.RelativeResidual}");
        var e = Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(new TrainingData(x, [.. y]) { Landmarks = Matrix.Build(2, n + 1, (_, _) => 0) }, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8 }));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("Landmarks have", e.Message);
    }

    private static (int Exit, string Out, string Err) Relu(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relu.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    [Fact]
    public void Relu_fit_with_rank_and_stream_on_parquet_and_predict_in_batches()
    {
        Assert.Equal(0, Relu("sample", "--count", "500", "--dimension", "4", "--seed", "3", "--out", File("train.csv")).Exit);
        var table = CsvTable.Read(File("train.csv"));
        ParquetTable.Write(File("train.parquet"), table.FeatureNames, table.Features, table.Labels.AsSpan());
        var fit = Relu("fit", "--data", File("train.parquet"), "--recipe", "theorem", "--out", File("model.json"), "--rank", "25", "--landmarks", "leverage", "--report", File("report.json"));
        Assert.True(fit.Exit == 0, fit.Err);
        using (var report = JsonDocument.Parse(System.IO.File.ReadAllText(File("report.json"))))
        {
            var lowRank = report.RootElement.GetProperty("low_rank");
            Assert.Equal(25, lowRank.GetProperty("rank").GetInt32());
            Assert.Equal("leverage", lowRank.GetProperty("landmarks").GetString());
            Assert.True(lowRank.GetProperty("residual_trace").GetDouble() >= 0);
        }
        var streamed = Relu("fit", "--data", File("train.csv"), "--out", File("streamed.json"), "--stream", "--rank", "25", "--degree", "2", "--weight", "8");
        Assert.True(streamed.Exit == 0, streamed.Err);
        var predict = Relu("predict", "--model", File("streamed.json"), "--data", File("train.parquet"), "--out", File("pred.csv"));
        Assert.True(predict.Exit == 0, predict.Err);
        Assert.Equal(501, System.IO.File.ReadAllLines(File("pred.csv")).Length);
        var refused = Relu("fit", "--data", File("train.csv"), "--out", File("x.json"), "--stream", "--rank", "25");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--degree", refused.Err);
        Assert.False(System.IO.File.Exists(File("x.json")));
    }
}
