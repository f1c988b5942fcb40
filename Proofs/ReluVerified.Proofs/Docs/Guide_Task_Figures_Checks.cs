using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ReluVerified.Core.Learning;
using ReluVerified.Proofs.Learning;
using Xunit;

namespace ReluVerified.Proofs.Docs;

/// <summary>
/// The figures of docs/guide.md's "Beyond one ReLU: the other tasks", written there by docs/scripts/guide_task_figures.sh
/// between <c>&lt;!-- figures:guide-tasks:begin --&gt;</c> and <c>end</c> markers, are what the block's commands compute:
/// this draws the same samples in-process (Scenarios, as <c>relu sample</c> does, written and read back as CSV), relabels
/// the depth-2 sample's points with the block's leaky ReLU and polynomial exactly as its awk lines do (the same double
/// operations in the same order; awk prints %.17g, which reads back to the same double), fits each task with the options
/// FitCommand's defaults resolve to, saves and reloads the model as <c>relu fit</c> and <c>relu evaluate</c> do, renders the
/// whole block as the generator does and compares it with the guide's.
/// </summary>
public class Guide_Task_Figures_Checks : IDisposable
{
    private const string Regenerate = "regenerate with: OPENBLAS_NUM_THREADS=1 bash docs/scripts/guide_task_figures.sh";
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-guide-tasks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string F(double v) => GuideBlocks.F(v);

    /// <summary>A held-out loss to two significant digits as the generator prints it (printf %.1e, exponent without padding): 1.5e-4.</summary>
    internal static string Loss(double v)
    {
        var m = Regex.Match(v.ToString("E1", CultureInfo.InvariantCulture), @"^(-?\d\.\d)E([-+])0*(\d+)$");
        Assert.True(m.Success);
        return $"{m.Groups[1].Value}e{(m.Groups[2].Value == "-" ? "-" : "")}{m.Groups[3].Value}";
    }

    private static string Block() => GuideBlocks.Block("tasks", Regenerate);

    /// <summary><c>relu sample --scenario S --dimension 5 --count N --seed SEED --out FILE</c> (SampleCommand's CSV).</summary>
    private string Sample(string scenario, int count, int seed, string file)
    {
        var sample = Scenarios.Create(scenario, 5).Draw(count, seed);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, 5).Select(j => $"x{j}").Append("y")));
        for (int i = 0; i < sample.Count; i++)
        {
            foreach (var v in sample.Points[i]) csv.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            csv.AppendLine(sample.Labels[i].ToString("R", CultureInfo.InvariantCulture));
        }
        string path = Path.Combine(_directory, file);
        System.IO.File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>The block's awk relabelling: the same points, y replaced by <paramref name="label"/>(x0, ..., x4).</summary>
    private string Relabel(string source, string file, Func<double[], double> label)
    {
        var table = CsvTable.Read(source, "y");
        var csv = new StringBuilder();
        csv.AppendLine("x0,x1,x2,x3,x4,y");
        for (int i = 0; i < table.Features.Rows; i++)
        {
            double[] x = [.. table.Features.Row(i)];
            foreach (var v in x) csv.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            csv.AppendLine(label(x).ToString("R", CultureInfo.InvariantCulture));
        }
        string path = Path.Combine(_directory, file);
        System.IO.File.WriteAllText(path, csv.ToString());
        return path;
    }

    // awk: t = 0.6*$1 - 0.48*$2 + 0.64*$4; (t > 0 ? t : 0.2*t)
    private static double Leaky(double[] x) { double t = 0.6 * x[0] - 0.48 * x[1] + 0.64 * x[3]; return t > 0 ? t : 0.2 * t; }
    // awk: 0.5*$1*$2 - 0.4*$3*$3 + 0.3*$4
    private static double Polynomial(double[] x) => 0.5 * x[0] * x[1] - 0.4 * x[2] * x[2] + 0.3 * x[3];

    /// <summary><c>relu fit --task T [--units/--pieces/--degree/--weight] --scale none --data TRAIN --out M</c>, through the model file.</summary>
    private ReliableReluModel Fit(string train, ReliableReluOptions options)
    {
        var table = CsvTable.Read(train, "y");
        Assert.Null(ReliableRelu.Degenerate(table.Features.Rows, table.Labels, options.Task));
        var fitted = ReliableRelu.Fit(new TrainingData(table.Features, [.. table.Labels]) { FeatureNames = [.. table.FeatureNames], LabelName = table.LabelName }, options);
        string path = Path.Combine(_directory, "m.json");
        fitted.Save(path);
        return ReliableReluModel.Load(path);
    }

    /// <summary>FitCommand's options with its defaults (recommended recipe, eps 0.1, delta 0.05, square loss, seed 0, units 2, pieces 2, restarts 10, uniform landmarks).</summary>
    private static ReliableReluOptions Cli(ReluTask task) => new()
    {
        Recipe = LearnerRecipe.Recommended,
        Task = task,
        Epsilon = 0.1,
        Delta = 0.05,
        Loss = OptionNames.ParseLoss("square"),
        Units = 2,
        Pieces = 2,
        Restarts = 10,
        Seed = 0,
        Landmarks = OptionNames.ParseLandmarks("uniform"),
        Scale = OptionNames.ParseScale("none"),
    };

    /// <summary><c>relu evaluate --model M --data TEST</c>: its loss line.</summary>
    private static double TestLoss(ReliableReluModel model, string test)
    {
        var table = CsvTable.Read(test, model.LabelName ?? "y");
        return model.Evaluate(table.Features, [.. table.Labels]).Loss;
    }

    private static string Selected(ReliableReluModel model) => $"d = {model.Report.Degree}, B = {F(model.Report.Weight)}";

    [Fact]
    public void Other_task_figures_are_the_guides()
    {
        string d2Train = Sample("depth2", 1500, 1, "d2-train.csv"), d2Test = Sample("depth2", 3000, 2, "d2-test.csv");
        string maxTrain = Sample("max-of-planes", 1500, 1, "maxaff-train.csv"), maxTest = Sample("max-of-planes", 3000, 2, "maxaff-test.csv");
        string leakyTrain = Relabel(d2Train, "leaky-train.csv", Leaky), leakyTest = Relabel(d2Test, "leaky-test.csv", Leaky);
        string polyTrain = Relabel(d2Train, "poly-train.csv", Polynomial);

        var d2 = Fit(d2Train, Cli(ReluTask.Depth2) with { Units = 3 });
        var leaky = Fit(leakyTrain, Cli(ReluTask.Leaky));
        var maxaff = Fit(maxTrain, Cli(ReluTask.MaxAffine) with { Pieces = 3 });
        var lspa = Fit(maxTrain, Cli(ReluTask.MaxAffineLspa) with { Pieces = 3 });
        var poly = Fit(polyTrain, Cli(ReluTask.Polynomial) with { Degree = 2, Weight = 4 });

        Assert.True($"{lspa.Report.Exit}" == "Fixpoint", $"max-affine-lspa ended with {lspa.Report.Exit}; the guide says it reaches a fixpoint");
        double lspaLoss = TestLoss(lspa, maxTest);
        string lspaFigure = lspaLoss < 1e-12 ? "below 1e-12" : Loss(lspaLoss);

        // the polynomial: its printed coefficients (relu fit's "largest coefficients" row, the first eight)
        var printed = poly.Report.Coefficients!.Value.Take(8).Select(m => (Value: F(m.Value), Monomial: m.Describe())).ToArray();
        string top3 = string.Join(", ", printed.Take(3).Select(c => $"{c.Value} {c.Monomial}"));
        string Coefficient(string monomial) => printed.Single(c => c.Monomial == monomial).Value;
        string x2sq = Coefficient("x2^2"), constant = Coefficient("1");
        var squares = new[] { "x0^2", "x1^2", "x3^2", "x4^2" }.Select(Coefficient).Distinct().ToArray();
        Assert.True(squares.Length == 1, $"the polynomial's other squares print as {string.Join(", ", squares)}; the guide's paragraph gives them one value");
        Assert.True(constant == "-" + squares[0], $"the polynomial's constant {constant} is not minus its other squares' {squares[0]}; the guide's paragraph says the sum is -0.4 x2^2 on the sphere");

        string expected = $$"""
            One run of each on 1,500 training and 3,000 test points on S^4, all noise-free. `relu sample` draws them (training
            seed 1, test seed 2; the planted networks and planes are fixed); the leaky ReLU y = 0.2 t + 0.8 ReLU(t) with
            t = 0.6 x0 - 0.48 x1 + 0.64 x3 and the polynomial y = 0.5 x0 x1 - 0.4 x2^2 + 0.3 x3 relabel the depth-2 sample's points:

                relu sample --scenario depth2 --dimension 5 --count 1500 --seed 1 --out d2-train.csv
                relu sample --scenario depth2 --dimension 5 --count 3000 --seed 2 --out d2-test.csv
                relu sample --scenario max-of-planes --dimension 5 --count 1500 --seed 1 --out maxaff-train.csv
                relu sample --scenario max-of-planes --dimension 5 --count 3000 --seed 2 --out maxaff-test.csv
                for s in train test; do
                  awk -F, 'NR == 1 {print; next} {t = 0.6*$1 - 0.48*$2 + 0.64*$4; printf "%s,%s,%s,%s,%s,%.17g\n", $1, $2, $3, $4, $5, (t > 0 ? t : 0.2*t)}' d2-$s.csv > leaky-$s.csv
                  awk -F, 'NR == 1 {print; next} {printf "%s,%s,%s,%s,%s,%.17g\n", $1, $2, $3, $4, $5, 0.5*$1*$2 - 0.4*$3*$3 + 0.3*$4}' d2-$s.csv > poly-$s.csv
                done

                relu fit --task depth2 --units 3 --scale none --data d2-train.csv --out d2.json
                relu fit --task leaky --scale none --data leaky-train.csv --out leaky.json
                relu fit --task max-affine --pieces 3 --scale none --data maxaff-train.csv --out maxaff.json
                relu fit --task max-affine-lspa --pieces 3 --scale none --data maxaff-train.csv --out lspa.json
                relu fit --task polynomial --degree 2 --weight 4 --scale none --data poly-train.csv --out poly.json
                  # largest coefficients {{top3}}, ... for the target 0.5 x0 x1 - 0.4 x2^2 + 0.3 x3

                relu evaluate --model d2.json --data d2-test.csv           # held-out loss {{Loss(TestLoss(d2, d2Test))}} (the fit selected {{Selected(d2)}})
                relu evaluate --model leaky.json --data leaky-test.csv     # held-out loss {{Loss(TestLoss(leaky, leakyTest))}} (the fit selected {{Selected(leaky)}})
                relu evaluate --model maxaff.json --data maxaff-test.csv   # held-out loss {{Loss(TestLoss(maxaff, maxTest))}} (the fit selected {{Selected(maxaff)}})
                relu evaluate --model lspa.json --data maxaff-test.csv     # held-out loss {{lspaFigure}} (the fit: fixpoint in {{lspa.Report.Iterations}} iterations)

            The polynomial's squares look different from the target's because on the sphere sum_k x_k^2 = 1: the learned
            {{x2sq}} x2^2 + {{squares[0]}} (x0^2 + x1^2 + x3^2 + x4^2) {{(constant.StartsWith('-') ? "- " + constant[1..] : "+ " + constant)}} is the same function as -0.4 x2^2 there (see Proofs/T2.4-polynomial.md).
            The figures are written by `bash docs/scripts/guide_task_figures.sh`, which runs the commands above, and the test suite
            recomputes them (Proofs/ReluVerified.Proofs/Docs/Guide_Task_Figures_Checks.cs).
            """;
        expected = expected.ReplaceLineEndings("\n");
        Assert.True(Block() == expected, $"docs/guide.md's figures:guide-tasks block is\n{Block()}\nthe block's commands compute\n{expected}\n{Regenerate}");
    }
}
