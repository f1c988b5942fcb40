using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace ReluVerified.Cli.Commands;

/// <summary><c>relu predict</c>: applies a saved model to a CSV file and writes one column <c>prediction</c>, row order kept.</summary>
internal static class PredictCommand
{
    private const int BatchRows = 10_000;

    internal static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "model file written by relu fit", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "CSV or Parquet (.parquet) with the model's feature columns (the label column, when present, is ignored); read in batches", Required = true };
        var label = new Option<string?>("--label") { Description = "name of the label column to ignore when present (default: the one the model was fitted with, stored in the model file; y for files that store none)" };
        var output = new Option<FileInfo>("--out") { Description = "CSV to write: one column 'prediction' (never the --data file; an existing read-only file only with --force)", Required = true };
        var force = new Option<bool>("--force") { Description = "replace an existing read-only --out file (its permissions stay as they are)" };
        var delimiter = DelimiterOption.Create();
        var cluster = ClusterOption.Create();
        var shards = ClusterOption.Shards();
        var command = new Command("predict", "Predict with a saved model.") { model, data, label, output, force, delimiter, cluster, shards };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("predict", () =>
        {
            OutputFile.Check("--out", parse.GetValue(output)!, parse.GetValue(force), ("--data", parse.GetValue(data)), ("--model", parse.GetValue(model)));
            var fitted = ReliableReluModel.Load(parse.GetValue(model)!.FullName);
            var path = parse.GetValue(data)!.FullName;
            var rows = RowStream.Open(path, ModelInput.Label(fitted, parse.GetValue(label)), requireLabels: false, DelimiterOption.Value(parse, delimiter));
            ModelInput.CheckColumns(fitted, path, rows.FeatureNames);
            var csv = new StringBuilder("prediction\n");
            if (parse.GetValue(cluster) is string gateways)
            {
                if (parse.GetValue(shards) < 0) throw new ArgumentException($"--shards {parse.GetValue(shards)}: give a positive number of parts (0: two per silo).");
                using var client = ClusterOption.Connect(gateways, cancellationToken);
                var predictions = Terminal.WithProgress("predicting", _ => Distributed.ClusterPredict.Predict(client.Services.GetRequiredService<IClusterClient>(), fitted, path,
                    ModelInput.Label(fitted, parse.GetValue(label)), parse.GetValue(shards), DelimiterOption.Value(parse, delimiter), cancellationToken));
                foreach (var p in predictions) csv.Append(p.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                AtomicFile.WriteAllText(parse.GetValue(output)!.FullName, csv.ToString());
                return ExitCodes.Success;
            }
            if (parse.GetValue(shards) != 0) throw new ArgumentException("--shards cuts the data for --cluster: give --cluster too.");
            int n = rows.FeatureNames.Length, done = 0;
            // batches of rows: memory O(batch x columns) for the input, whatever the file's size (S-lowrank streaming)
            Terminal.WithProgress("predicting", progress =>
            {
                foreach (var batch in rows.Batches(BatchRows))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var x = new double[batch.Count * n];
                    for (int i = 0; i < batch.Count; i++) batch[i].Features.CopyTo(x, i * n);
                    foreach (var p in fitted.Predict(Core.LinearAlgebra.Matrix.Create(batch.Count, n, x), cancellationToken))
                        csv.Append(p.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                    done += batch.Count;
                    progress?.Report(new Core.Learning.LearnerProgress(Core.Learning.LearnerPhase.Predict, 1, 1, $"{done} rows"));
                }
                return 0;
            });
            AtomicFile.WriteAllText(parse.GetValue(output)!.FullName, csv.ToString());
            return ExitCodes.Success;
        })));
        return command;
    }
}
