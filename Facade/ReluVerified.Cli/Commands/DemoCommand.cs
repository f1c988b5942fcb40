using System.CommandLine;
using System.Numerics.Tensors;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using Spectre.Console;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// <c>relu demo</c>: the main job on an embedded default. A planted ReLU on S^9 under reliable-agnostic corruption
/// (10% adversarial positives on the zero side, noisy and arbitrary positive labels) is learned from 3000 points with
/// the default options plus Neyman-Pearson calibration, then evaluated on 10000 fresh points beside the planted ReLU.
/// Writes model.json, report.json and demo.png into the output directory.
/// </summary>
internal static class DemoCommand
{
    private const int Dimension = 10, TrainCount = 3000, TestCount = 10000;

    internal static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "seed of the training and test draws", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "directory for model.json, report.json and demo.png", DefaultValueFactory = _ => new DirectoryInfo("relu-demo") };
        var command = new Command("demo", "Learn a planted ReLU under reliable-agnostic corruption and compare with it on fresh data.") { seed, output };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("demo", () =>
        {
            int s = parse.GetValue(seed);
            var directory = parse.GetValue(output)!;
            var scenario = Scenarios.Create("reliable-agnostic", Dimension);
            var train = scenario.Draw(TrainCount, s);
            var test = scenario.Draw(TestCount, s + 1_000_003);
            Console.WriteLine($"Scenario: {scenario.Description}");
            Console.WriteLine($"Training on {TrainCount} points of S^{Dimension - 1} (seed {s}); testing on {TestCount} fresh points.");
            var options = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Scale = ScaleKind.None, Calibrate = true, Seed = s };
            var x = train.Points.Coordinates;
            var model = Terminal.WithProgress("fitting", progress => ReliableRelu.Fit(x, [.. train.Labels], options, progress, cancellationToken));
            var testX = test.Points.Coordinates;
            var learned = model.Evaluate(testX, [.. test.Labels], cancellationToken);
            var planted = (LabelModel.ReliableAgnostic)scenario.Labels;
            var plantedPredictions = Enumerable.Range(0, test.Count).Select(i => Math.Max(0, TensorPrimitives.Dot(planted.Weights.AsSpan(), test.Points[i]))).ToArray();
            var reference = Metrics.Of(plantedPredictions, test.Labels.AsSpan(), options.LossFunction());

            var table = new Table().Border(TableBorder.Simple).AddColumn("held-out (10000 points)").AddColumn("learned h").AddColumn("planted ReLU max(0, w*.x)");
            table.AddRow("joint FP rate", Terminal.F(learned.FalsePositiveRate), Terminal.F(reference.FalsePositiveRate));
            table.AddRow("conditional FP rate", Terminal.Optional(learned.ConditionalFalsePositiveRate), Terminal.Optional(reference.ConditionalFalsePositiveRate));
            table.AddRow("positive loss (square)", Terminal.F(learned.PositiveLoss), Terminal.F(reference.PositiveLoss));
            table.AddRow("loss (square)", Terminal.F(learned.Loss), Terminal.F(reference.Loss));
            table.AddRow("target", $"conditional FP <= eps = {options.Epsilon}", $"positive loss within eps of {Terminal.F(reference.PositiveLoss)}");
            AnsiConsole.Write(table);
            Console.WriteLine("joint FP rate: P(h != 0, y = 0), over all rows; conditional FP rate: P(h != 0 | y = 0), over the zero-labelled rows (what calibration bounds).");
            Terminal.PrintReport(model.Report);

            directory.Create();
            model.Save(Path.Combine(directory.FullName, "model.json"));
            AtomicFile.WriteAllText(Path.Combine(directory.FullName, "report.json"), model.Report.ToJson());
            var predictions = model.Predict(testX, cancellationToken);
            DemoPlot.Save(Path.Combine(directory.FullName, "demo.png"), test, planted.Weights.AsSpan(), predictions);
            Console.WriteLine($"Wrote model.json, report.json and demo.png to {directory.Name}/.");
            bool met = (learned.ConditionalFalsePositiveRate ?? 0) <= options.Epsilon && learned.PositiveLoss <= reference.PositiveLoss + options.Epsilon;
            Console.WriteLine(met
                ? "Both targets met on fresh data: conditional false-positive rate <= eps (so the joint one too) and positive loss within eps of the planted ReLU."
                : "A target was missed on these fresh points (see the table): the calibrated bound allows a true conditional rate above eps with probability up to delta, and the estimate on the test points has its own sampling error.");
            return ExitCodes.Success;
        })));
        return command;
    }
}
