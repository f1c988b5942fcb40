using System.Text.Json;
using Xunit;

namespace ReluVerified.Proofs.Cli;

/// <summary>
/// The <c>relu</c> program as a user runs it: fit, predict and evaluate on CSV files, JSON outputs with the documented
/// fields, exit code 2 with a message naming file, line and column on bad input, and no output file after a failure.
/// </summary>
public class Cli_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string Err) Relu(params string[] args) => Cli.ReluProcess.Run(args);

    private string File(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Fit_predict_and_evaluate_work_on_csv_files()
    {
        Assert.Equal(0, Relu("sample", "--count", "400", "--dimension", "4", "--seed", "1", "--out", File("train.csv")).Exit);
        Assert.Equal(0, Relu("sample", "--count", "300", "--dimension", "4", "--seed", "2", "--out", File("test.csv")).Exit);
        var fit = Relu("fit", "--data", File("train.csv"), "--out", File("model.json"), "--degree", "2", "--weight", "8", "--report", File("report.json"));
        Assert.True(fit.Exit == 0, fit.Err);
        using (var report = JsonDocument.Parse(System.IO.File.ReadAllText(File("report.json"))))
            foreach (var field in new[] { "task", "degree", "weight", "threshold", "constraint_level", "objective", "duality_gap", "max_violation", "iterations", "exit", "timings", "train", "guarantee" })
                Assert.True(report.RootElement.TryGetProperty(field, out _), $"report lacks '{field}'");

        var predict = Relu("predict", "--model", File("model.json"), "--data", File("test.csv"), "--out", File("pred.csv"));
        Assert.True(predict.Exit == 0, predict.Err);
        var lines = System.IO.File.ReadAllLines(File("pred.csv"));
        Assert.Equal("prediction", lines[0]);
        Assert.Equal(301, lines.Length);

        var evaluate = Relu("evaluate", "--model", File("model.json"), "--data", File("test.csv"), "--json");
        Assert.True(evaluate.Exit == 0, evaluate.Err);
        using var metrics = JsonDocument.Parse(evaluate.Out);
        Assert.Equal(300, metrics.RootElement.GetProperty("count").GetInt32());
        foreach (var field in new[] { "zero_count", "positive_count", "false_positive_rate", "positive_loss", "loss" })
            Assert.True(metrics.RootElement.TryGetProperty(field, out _), $"evaluate --json lacks '{field}'");
    }

    [Fact]
    public void Bad_input_exits_with_2_naming_file_line_and_column_and_writes_nothing()
    {
        System.IO.File.WriteAllText(File("bad.csv"), "a,b,y\n0.1,0.2,0\n0.3,oops,1\n");
        var result = Relu("fit", "--data", File("bad.csv"), "--out", File("model.json"));
        Assert.Equal(2, result.Exit);
        Assert.Contains("bad.csv line 3, column 'b'", result.Err);
        Assert.False(System.IO.File.Exists(File("model.json")));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void A_missing_model_file_exits_with_2()
    {
        System.IO.File.WriteAllText(File("x.csv"), "a,y\n0.1,0\n");
        var result = Relu("evaluate", "--model", File("absent.json"), "--data", File("x.csv"));
        Assert.Equal(2, result.Exit);
        Assert.Contains("absent.json", result.Err);
    }
}
