using System.Text.Json;
using ReluVerified.Proofs.Learning;
using Xunit;

namespace ReluVerified.Proofs.Cli;

/// <summary>
/// T2.1's guarantee as the <c>relu</c> program prints it: the default fit of <c>relu demo</c> reports premises and
/// <c>reaches_epsilon</c> that agree with a recomputation from <c>relu approx --degree d --method remez --json</c> (the
/// certified approximation the bound uses), its statement writes only numbers that are fields, and the printed
/// false-positive figures say whether they are joint or conditional.
/// </summary>
public class Guarantee_Cli_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-guarantee-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string File(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Demo_report_premises_and_reach_agree_with_a_recomputation_from_relu_approx()
    {
        var demo = ReluProcess.Run("demo", "--out", File("demo"));
        Assert.True(demo.Exit == 0, demo.Err);
        using var reportDocument = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(File("demo"), "report.json")));
        var report = reportDocument.RootElement;
        var guarantee = report.GetProperty("guarantee");
        int d = report.GetProperty("degree").GetInt32();

        var approx = ReluProcess.Run("approx", "--function", "relu", "--degree", $"{d}", "--method", "remez", "--json");
        Assert.True(approx.Exit == 0, approx.Err);
        using var approxDocument = JsonDocument.Parse(approx.Out);
        double error = approxDocument.RootElement.GetProperty("sup_error").GetDouble();
        double weight = approxDocument.RootElement.GetProperty("weight").GetDouble();
        // JSON round trips doubles exactly (shortest round-trip form): the same certificate gives the same bits
        Assert.Equal(error, guarantee.GetProperty("approximation_error").GetDouble());
        Assert.Equal(weight, guarantee.GetProperty("approximation_weight").GetDouble());

        // relu demo: scale none (fixed embedding), no sample weights
        var (premises, reaches, floor) = GuaranteeFields.Recompute(report, error, weight, unitWeights: true, embeddingFixed: true);
        GuaranteeFields.AssertPremises(guarantee, premises);
        Assert.Equal(reaches, guarantee.GetProperty("reaches_epsilon").GetBoolean());
        // the loss floor L e + e^2 + L tau + gap, recomputed (tolerance: the same sum in another order, a few ulps)
        Assert.Equal(floor, guarantee.GetProperty("loss_floor").GetDouble(), 1e-12);
        Assert.Equal(report.GetProperty("candidates").GetArrayLength(), guarantee.GetProperty("candidates_union").GetInt32());
        string statement = guarantee.GetProperty("statement").GetString()!;
        if (reaches) Assert.Contains(" at m = ", statement);
        else
        {
            Assert.Equal(JsonValueKind.Null, guarantee.GetProperty("required_samples").ValueKind);
            Assert.Contains("never reach eps", statement);
        }
        GuaranteeFields.AssertStatementNumbersAreFields(guarantee);
        Assert.Equal("joint", guarantee.GetProperty("false_positive_bound_kind").GetString());
        Assert.Equal("conditional", guarantee.GetProperty("calibrated_false_positive_bound_kind").GetString());
        Assert.Contains("conditional P(h != 0 | y = 0)", Collapsed(demo.Out));
        Assert.Contains("joint P(h != 0, y = 0)", Collapsed(demo.Out));
    }

    [Fact]
    public void Fit_prints_the_premises_and_evaluate_prints_both_false_positive_rates()
    {
        Assert.Equal(0, ReluProcess.Run("sample", "--count", "400", "--dimension", "4", "--seed", "9", "--out", File("t.csv")).Exit);
        var fit = ReluProcess.Run("fit", "--data", File("t.csv"), "--recipe", "theorem", "--out", File("m.json"), "--degree", "2", "--weight", "4", "--scale", "none");
        Assert.True(fit.Exit == 0, fit.Err);
        string printed = Collapsed(fit.Out);
        Assert.Contains("premises", printed);
        Assert.Contains("B >= B_a(d)", printed);
        Assert.Contains("tau_c >= eps_a(d)", printed);
        var evaluate = ReluProcess.Run("evaluate", "--model", File("m.json"), "--data", File("t.csv"), "--json");
        Assert.True(evaluate.Exit == 0, evaluate.Err);
        using var metrics = JsonDocument.Parse(evaluate.Out);
        var root = metrics.RootElement;
        double joint = root.GetProperty("false_positive_rate").GetDouble(), conditional = root.GetProperty("conditional_false_positive_rate").GetDouble();
        // joint = conditional * zeros / rows (tolerance: two roundings)
        Assert.Equal(joint, conditional * root.GetProperty("zero_count").GetInt32() / root.GetProperty("count").GetInt32(), 1e-15);
        var text = ReluProcess.Run("evaluate", "--model", File("m.json"), "--data", File("t.csv"));
        Assert.Contains("(joint: P(h != 0, y = 0)", Collapsed(text.Out));
        Assert.Contains("(conditional: P(h != 0 | y = 0)", Collapsed(text.Out));
    }

    /// <summary>The terminal table wraps long cells at any space: printed text is compared with runs of white space collapsed.</summary>
    private static string Collapsed(string printed) => System.Text.RegularExpressions.Regex.Replace(printed, @"\s+", " ");
}
