using System.CommandLine;
using System.Globalization;
using System.Text;

namespace ReluVerified.Cli.Commands;

/// <summary><c>relu predict</c>: applies a saved model to a CSV file and writes one column <c>prediction</c>, row order kept.</summary>
internal static class PredictCommand
{
    internal static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "model file written by relu fit", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "CSV with the model's feature columns (a label column is ignored)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "CSV to write: one column 'prediction'", Required = true };
        var command = new Command("predict", "Predict with a saved model.") { model, data, output };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("predict", () =>
        {
            var fitted = ReliableReluModel.Load(parse.GetValue(model)!.FullName);
            var table = ModelInput.Read(fitted, parse.GetValue(data)!.FullName, requireLabels: false);
            var predictions = fitted.Predict(table.Features, cancellationToken);
            var csv = new StringBuilder("prediction\n");
            foreach (var p in predictions) csv.Append(p.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            AtomicFile.WriteAllText(parse.GetValue(output)!.FullName, csv.ToString());
            return ExitCodes.Success;
        })));
        return command;
    }
}
