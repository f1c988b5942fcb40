using System.Globalization;
using System.Text.RegularExpressions;
using ReluVerified.Core.Learning;
using ReluVerified.Proofs.Learning;
using Xunit;

namespace ReluVerified.Proofs.Docs;

/// <summary>
/// The figures of docs/guide.md's moderation walk-through (sections 2 and 3), written there by docs/scripts/guide_figures.sh
/// between <c>&lt;!-- figures:guide-...:begin --&gt;</c> and <c>end</c> markers, are what the guide's commands compute: this
/// recomputes them in-process through the library with the options the CLI's defaults resolve to for those commands
/// (Facade/ReluVerified.Cli/Commands/FitCommand.cs), on the same head/tail split of docs/data/moderation.csv, saves and
/// reloads the model as <c>relu fit</c> and <c>relu evaluate</c> do, and compares each figure as the CLI prints it (G4).
/// A block that does not match its pattern, or a figure that differs, fails with the command that regenerates the guide.
/// </summary>
public class Guide_Figures_Checks : IDisposable
{
    private const string Regenerate = "regenerate with: OPENBLAS_NUM_THREADS=1 bash docs/scripts/guide_figures.sh";
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-guide-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string F(double v) => GuideBlocks.F(v);

    private static string Block(string name) => GuideBlocks.Block(name, Regenerate);

    /// <summary>A block's prose with each run of white space (line breaks included) as one space.</summary>
    private static string Prose(string name) => Regex.Replace(Block(name), @"\s+", " ").Trim();

    private static Match Parse(string name, string pattern)
    {
        var match = Regex.Match(Prose(name), "^" + pattern + "$");
        Assert.True(match.Success, $"the figures:guide-{name} block of docs/guide.md is not in the generator's form; {Regenerate}");
        return match;
    }

    private static void Figure(Match match, string group, string computed, string what) =>
        Assert.True(match.Groups[group].Value == computed, $"docs/guide.md says {what} {match.Groups[group].Value}; the guide's command computes {computed}; {Regenerate}");

    /// <summary>The guide's split: <c>head -1501</c> (header and the first 1,500 rows) and the header with <c>tail -500</c>.</summary>
    private (CsvTable Train, string TestPath) Split()
    {
        var lines = System.IO.File.ReadAllLines(RepositoryPaths.File("docs", "data", "moderation.csv"));
        string train = Path.Combine(_directory, "train.csv"), test = Path.Combine(_directory, "test.csv");
        System.IO.File.WriteAllLines(train, lines[..1501]);
        System.IO.File.WriteAllLines(test, [lines[0], .. lines[^500..]]);
        return (CsvTable.Read(train, "y"), test);
    }

    /// <summary>
    /// <c>relu fit --data train.csv --out M --epsilon 0.1 [extra]</c> then <c>relu evaluate --model M --data test.csv</c>: the
    /// options are FitCommand's with its defaults (task reliable, delta 0.05, loss square, seed 0, landmarks uniform, units 2,
    /// pieces 2, restarts 10, everything else the recipe's), and the model goes through its file as in the CLI.
    /// </summary>
    private (ReliableReluModel Model, Metrics Test) FitAndEvaluate(ReliableReluOptions options)
    {
        var (train, testPath) = Split();
        var fitted = ReliableRelu.Fit(new TrainingData(train.Features, [.. train.Labels]) { FeatureNames = [.. train.FeatureNames], LabelName = train.LabelName }, options);
        string modelPath = Path.Combine(_directory, "model.json");
        fitted.Save(modelPath);
        var model = ReliableReluModel.Load(modelPath);
        var test = CsvTable.Read(testPath, model.LabelName ?? "y");
        Assert.Equal(model.FeatureNames.ToArray(), test.FeatureNames.ToArray());
        return (model, model.Evaluate(test.Features, [.. test.Labels]));
    }

    private static ReliableReluOptions Cli(LearnerRecipe recipe) => new()
    {
        Recipe = recipe,
        Task = ReluTask.Reliable,
        Epsilon = 0.1,
        Delta = 0.05,
        Loss = OptionNames.ParseLoss("square"),
        Units = 2,
        Pieces = 2,
        Restarts = 10,
        Seed = 0,
        Landmarks = OptionNames.ParseLandmarks("uniform"),
    };

    /// <summary>relu evaluate's text output (EvaluateCommand), indented as a code block.</summary>
    private static string EvaluateOutput(Metrics m, ReliableReluModel model) => string.Join("\n",
        $"rows {m.Count} ({m.ZeroCount} zero-labelled, {m.PositiveCount} positive)",
        $"false-positive rate {F(m.FalsePositiveRate)} (joint: P(h != 0, y = 0), over all rows)",
        $"                    {(m.ConditionalFalsePositiveRate is double c ? F(c) : "undefined (no y = 0 rows)")} (conditional: P(h != 0 | y = 0), over the zero-labelled rows)",
        $"positive loss       {F(m.PositiveLoss)} ({model.Report.Loss.Describe()})",
        $"loss                {F(m.Loss)}");

    [Fact]
    public void Recommended_fit_and_evaluate_figures_are_the_guides()
    {
        // relu fit --data train.csv --out model.json --epsilon 0.1 --report report.json
        var (model, test) = FitAndEvaluate(Cli(LearnerRecipe.Recommended));
        var report = model.Report;

        var fit = Parse("fit",
            @"On this data the fit above chooses the Gaussian kernel, B = (?<B>\S+) and lambda = (?<lambda>\S+) \((?<folds>\d+)-fold cross-validation "
            + @"of (?<candidates>\d+) candidates, (?<solves>\d+) solves, on the (?<rows>\d+) fit rows\), sets tau = (?<tau>\S+), and has training "
            + @"false-positive rates (?<joint>\S+) \(joint\) and (?<conditional>\S+) \(conditional\)\. The calibrated bound is stated; no positive-loss "
            + @"bound is claimed \(no theorem applies to the Gaussian kernel\), and the Rademacher bound on the joint rate is withheld \(its premises are listed\)\.");
        Assert.Equal("gaussian", report.Kernel);
        Figure(fit, "B", F(report.Weight), "B =");
        Assert.NotNull(report.ZeroPenalty);
        Figure(fit, "lambda", F(report.ZeroPenalty!.Value), "lambda =");
        Assert.NotNull(report.Selection);
        var selection = report.Selection!;
        Assert.Equal(selection.FitRows, selection.Rows);
        Figure(fit, "folds", $"{selection.Folds}", "folds");
        Figure(fit, "candidates", $"{selection.Candidates}", "candidates");
        Figure(fit, "solves", $"{selection.Folds * selection.Candidates}", "solves");
        Figure(fit, "rows", $"{selection.FitRows}", "fit rows");
        Assert.NotNull(report.Threshold);
        Figure(fit, "tau", F(report.Threshold!.Value), "tau =");
        Figure(fit, "joint", F(report.Train.FalsePositiveRate), "the training joint false-positive rate");
        Figure(fit, "conditional", F(report.Train.ConditionalFalsePositiveRate!.Value), "the training conditional false-positive rate");
        // the block's sentences: calibrated, no positive-loss bound, the joint Rademacher bound withheld
        Assert.NotNull(report.Calibration);
        Assert.Contains("No positive loss bound", report.Guarantee.Statement);
        Assert.Contains("No joint false-positive bound", report.Guarantee.Statement);

        // relu evaluate --model model.json --data test.csv
        string expected = "    relu evaluate --model model.json --data test.csv\n\n"
            + string.Join("\n", EvaluateOutput(test, model).Split('\n').Select(line => "    " + line));
        Assert.True(Block("evaluate") == expected, $"docs/guide.md's evaluate block is\n{Block("evaluate")}\nthe guide's commands print\n{expected}\n{Regenerate}");
    }

    [Fact]
    public void Theorem_recipe_figures_are_the_guides()
    {
        // relu fit --data train.csv --out theorem.json --epsilon 0.1 --recipe theorem --scale standardize --bias --calibrate
        var (model, test) = FitAndEvaluate(Cli(LearnerRecipe.Theorem) with { Scale = OptionNames.ParseScale("standardize"), Bias = true, Calibrate = true });
        var report = model.Report;
        var theorem = Parse("theorem",
            @"With `--recipe theorem --scale standardize --bias --calibrate` \(the held-out selection chooses d = (?<d>\d+), B = (?<B>\S+); "
            + @"calibrated tau = (?<tau>\S+)\) the same test rows give (?:the same false-positive rates \((?<joint>\S+) joint, (?<conditional>\S+) conditional\)"
            + @"|false-positive rates (?<joint>\S+) \(joint\) and (?<conditional>\S+) \(conditional\), against (?<joint0>\S+) and (?<conditional0>\S+) above) "
            + @"and a positive loss of (?<loss>\S+)\.");
        Assert.NotEqual("gaussian", report.Kernel);
        Figure(theorem, "d", $"{report.Degree}", "d =");
        Figure(theorem, "B", F(report.Weight), "B =");
        Assert.NotNull(report.Calibration);
        Figure(theorem, "tau", F(report.Threshold!.Value), "tau =");
        Figure(theorem, "joint", F(test.FalsePositiveRate), "the theorem recipe's joint false-positive rate");
        Figure(theorem, "conditional", F(test.ConditionalFalsePositiveRate!.Value), "the theorem recipe's conditional false-positive rate");
        Figure(theorem, "loss", F(test.PositiveLoss), "the theorem recipe's positive loss");

        // "the same" only when the recommended fit's printed rates (the evaluate block, checked above) are these; otherwise
        // the rates it is set against are that block's
        var evaluate = Block("evaluate").Split('\n');
        string recommendedJoint = Regex.Match(evaluate[3], @"^    false-positive rate (\S+) ").Groups[1].Value;
        string recommendedConditional = Regex.Match(evaluate[4], @"^ +(\S+) \(conditional").Groups[1].Value;
        bool same = !theorem.Groups["joint0"].Success;
        Assert.True(same == (recommendedJoint == F(test.FalsePositiveRate) && recommendedConditional == F(test.ConditionalFalsePositiveRate!.Value)),
            $"docs/guide.md says the theorem recipe's false-positive rates are {(same ? "" : "not ")}the recommended fit's; {Regenerate}");
        if (!same)
        {
            Figure(theorem, "joint0", recommendedJoint, "the recommended fit's joint rate");
            Figure(theorem, "conditional0", recommendedConditional, "the recommended fit's conditional rate");
        }
    }
}
