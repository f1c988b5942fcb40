using ReluVerified.Core.Baselines;
using Xunit;

namespace ReluVerified.Proofs.Baselines;

/// <summary>
/// Deterministic checks of the baselines as users reach them (the peers of docs/theorems.md): a hand-computed PAV
/// instance, the baseline file refusing tampering and other formats, the comparison running every method on one split
/// reproducibly, and <c>relu compare</c> refusing contradictory sources (its JSON and plot: Comparison/Comparison_Checks).
/// </summary>
public class Baseline_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-baselines-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string Err) Relu(params string[] args) => ReluVerified.Proofs.Cli.ReluProcess.Run(args);

    [Fact]
    public void Pav_pools_adjacent_violators_as_computed_by_hand()
    {
        // (1, 3, 2, 2, 5) with unit weights: 3 > 2 pools (3, 2) -> 2.5, then 2.5 > 2 pools (3, 2, 2) -> 7/3.
        var fit = IsotonicRegression.Fit([1, 3, 2, 2, 5]);
        Assert.Equal([1, 7.0 / 3, 7.0 / 3, 7.0 / 3, 5], fit);
        // weights: (0 w 1, 1 w 3) is monotone; (1 w 3, 0 w 1) pools to 3/4.
        Assert.Equal([0.75, 0.75], IsotonicRegression.Fit([1, 0], [3, 1]));
    }

    [Fact]
    public void Baseline_files_round_trip_and_refuse_tampering_and_other_formats()
    {
        var sample = Scenarios.Create("reliable-agnostic", 4).Draw(300, 3);
        double[][] x = [.. Enumerable.Range(0, sample.Count).Select(i => sample.Points[i].ToArray())];
        double[] y = [.. sample.Labels];
        foreach (var method in BaselineMethods.All)
        {
            var model = Baseline.Fit(method, x, y, new BaselineOptions { Iterations = 20, Steps = 20, Restarts = 2, Epsilon = 0.3, Delta = 0.2 });
            string path = Path.Combine(_directory, $"{BaselineMethods.Name(method)}.json");
            model.Save(path);
            var loaded = BaselineModel.Load(path);
            Assert.Equal(model.Predict(x), loaded.Predict(x));
            Assert.Equal(model.Fit, loaded.Fit);
            string text = File.ReadAllText(path);
            Assert.Contains("\"format\": \"reluverified-baseline\"", text);
            string tampered = Path.Combine(_directory, "tampered.json");
            string key = method is BaselineMethod.Glmtron or BaselineMethod.Isotron or BaselineMethod.GdRelu ? "\"weights\": [" : "\"coefficients\": [";
            int at = text.IndexOf(key, StringComparison.Ordinal) + key.Length;
            File.WriteAllText(tampered, text[..at] + "\n 0.125," + text[(at + text[at..].IndexOf(',') + 1)..]);
            var e = Assert.Throws<ModelFormatException>(() => BaselineModel.Load(tampered));
            Assert.Contains("checksum", e.Message);
        }
        string other = Path.Combine(_directory, "other.json");
        File.WriteAllText(other, "{\"format\": \"reluverified-model\", \"format_version\": 1}");
        Assert.Contains("expected 'reluverified-baseline'", Assert.Throws<ModelFormatException>(() => BaselineModel.Load(other)).Message);
    }

    [Fact]
    public void The_comparison_runs_every_method_on_one_split()
    {
        var result = HeadToHead.RunScenario(Scenarios.Create("max-of-planes", 5), 400, new ComparisonOptions { Seed = 4 });
        var split = Assert.Single(result.Splits);
        Assert.Equal(HeadToHead.MethodNames.Where(m => result.Notes.All(n => !n.StartsWith(m + " ", StringComparison.Ordinal))), split.Rows.Select(r => r.Method));
        Assert.Equal(400, split.TrainCount + split.TestCount);
        foreach (var row in split.Rows)
        {
            Assert.InRange(row.FalsePositiveRate, 0, 1);
            Assert.InRange(row.ConditionalFalsePositiveRate, row.FalsePositiveRate, 1);
            Assert.InRange(row.PositiveLoss, 0, row.Loss + 1e-15);
            Assert.True(row.FitMs > 0 && row.PredictMs >= 0 && row.AllocatedBytes > 0, $"{row.Method}: timings or memory missing");
        }
        // Same seed, same data: the figures are reproducible (timings and memory are not compared).
        var again = HeadToHead.RunScenario(Scenarios.Create("max-of-planes", 5), 400, new ComparisonOptions { Seed = 4 });
        Assert.Equal(split.Rows.Select(r => (r.Method, r.FalsePositiveRate, r.PositiveLoss, r.Loss)), again.Splits[0].Rows.Select(r => (r.Method, r.FalsePositiveRate, r.PositiveLoss, r.Loss)));
        // Curves equal as records (xunit's collection comparer does not use TradeOffCurve's own equality: compare through it).
        Assert.True(split.Curves.SequenceEqual(again.Splits[0].Curves), "the trade-off curves differ between two runs with the same seed");
    }

    [Fact]
    public void Relu_compare_refuses_a_scenario_and_a_file_together()
    {
        var both = Relu("compare", "--scenario", "depth2", "--data", "x.csv");
        Assert.Equal(2, both.Exit);
        Assert.Contains("either --scenario or --data", both.Err);
    }
}
