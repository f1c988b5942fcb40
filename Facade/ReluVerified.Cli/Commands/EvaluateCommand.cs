using System.CommandLine;
using System.Text.Json;

namespace ReluVerified.Cli.Commands;

/// <summary><c>relu evaluate</c>: joint and conditional false-positive rates, positive loss and loss of a saved model on labelled CSV data (T2.1).</summary>
internal static class EvaluateCommand
{
    internal static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "model file written by relu fit", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "labelled CSV or Parquet (.parquet) with the model's feature columns and the label column", Required = true };
        var label = new Option<string?>("--label") { Description = "name of the label column (default: the one the model was fitted with, stored in the model file; y for files that store none)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var delimiter = DelimiterOption.Create();
        var command = new Command("evaluate", "Evaluate a saved model on labelled data.") { model, data, label, json, delimiter };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("evaluate", () =>
        {
            var fitted = ReliableReluModel.Load(parse.GetValue(model)!.FullName);
            var table = ModelInput.Read(fitted, parse.GetValue(data)!.FullName, requireLabels: true, parse.GetValue(label), DelimiterOption.Value(parse, delimiter), cancellationToken);
            var metrics = fitted.Evaluate(table.Features, [.. table.Labels], cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    count = metrics.Count,
                    zero_count = metrics.ZeroCount,
                    positive_count = metrics.PositiveCount,
                    false_positive_rate = metrics.FalsePositiveRate,
                    conditional_false_positive_rate = metrics.ConditionalFalsePositiveRate,
                    positive_loss = metrics.PositiveLoss,
                    loss = metrics.Loss,
                }));
            }
            else
            {
                Console.WriteLine($"rows {metrics.Count} ({metrics.ZeroCount} zero-labelled, {metrics.PositiveCount} positive)");
                Console.WriteLine($"false-positive rate {Terminal.F(metrics.FalsePositiveRate)} (joint: P(h != 0, y = 0), over all rows)");
                Console.WriteLine($"                    {Terminal.Optional(metrics.ConditionalFalsePositiveRate)} (conditional: P(h != 0 | y = 0), over the zero-labelled rows)");
                Console.WriteLine($"positive loss       {Terminal.F(metrics.PositiveLoss)} ({fitted.Report.Loss.Describe()})");
                Console.WriteLine($"loss                {Terminal.F(metrics.Loss)}");
            }
            return ExitCodes.Success;
        })));
        return command;
    }
}
