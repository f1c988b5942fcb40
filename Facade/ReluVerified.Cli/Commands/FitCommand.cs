using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ReluVerified.Core.Learning;

namespace ReluVerified.Cli.Commands;

/// <summary><c>relu fit</c>: fits a reliable (T2.1) or agnostic (R2.2) model to a CSV file and writes the model (and a report).</summary>
internal static class FitCommand
{
    internal static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "training data, CSV (a header row, the label column, feature columns) or Parquet (.parquet)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "model file to write (JSON; never the --data file; an existing read-only file only with --force)", Required = true };
        var force = new Option<bool>("--force") { Description = "replace an existing read-only --out or --report file (its permissions stay as they are)" };
        var task = new Option<string>("--task") { Description = "reliable, agnostic, depth2, depth2-agnostic, leaky, max-affine, max-affine-lspa or polynomial", DefaultValueFactory = _ => "reliable" };
        task.AcceptOnlyFromAmong([.. Enum.GetValues<ReluTask>().Select(ReliableRelu.TaskName)]);
        var units = new Option<int>("--units") { Description = "hidden units k of a depth-2 network (depth2 tasks)", DefaultValueFactory = _ => 2 };
        var pieces = new Option<int>("--pieces") { Description = "pieces k of a max-k-affine function (max-affine tasks)", DefaultValueFactory = _ => 2 };
        var slope = new Option<double?>("--slope") { Description = "slope a of a leaky ReLU when known (only the reported theory uses it)" };
        var restarts = new Option<int>("--restarts") { Description = "seeded restarts of max-affine-lspa", DefaultValueFactory = _ => 10 };
        var label = new Option<string>("--label") { Description = "name of the label column (stored in the model file: predict and evaluate then find it without --label)", DefaultValueFactory = _ => "y" };
        var epsilon = new Option<double>("--epsilon") { Description = "eps, both the false-positive budget (the target bound on P(h != 0, y = 0), and the calibration's bound on P(h != 0 | y = 0)) and the slack of the positive loss (the target excess of the positive loss over the best ReLU's); tau_c defaults to eps / (4 L)", DefaultValueFactory = _ => 0.1 };
        var delta = new Option<double>("--delta") { Description = "failure probability delta", DefaultValueFactory = _ => 0.05 };
        var recipe = new Option<string>("--recipe") { Description = "defaults for what is not given: recommended (reliable task: standardize, bias, gaussian kernel, FP-budgeted program selected by 3-fold cross-validation, calibration whenever there are enough zero-labelled rows) or theorem (the paper's learner: max-norm, multinomial kernel, hard program)", DefaultValueFactory = _ => "recommended" };
        recipe.AcceptOnlyFromAmong("recommended", "theorem");
        var kernel = new Option<string?>("--kernel") { Description = "multinomial (the theorem's kernel MK_d) or gaussian (no theorem applies); default: the recipe's" };
        kernel.AcceptOnlyFromAmong([.. OptionNames.KernelNames]);
        var gamma = new Option<double?>("--gamma") { Description = "gamma of the gaussian kernel (default: median heuristic on the fit rows)" };
        var penalty = new Option<double?>("--penalty") { Description = "lambda of the FP-budgeted program (a zero-labelled row may exceed tau_c at cost lambda/m per unit; default: the recipe's, selected among 3, 1, 0.3, 0.1, 0.03; Infinity is the hard program)" };
        var selectionRows = new Option<int?>("--selection-rows") { Description = "rows the cross-validated selection runs on (a seeded subsample of the fit rows); default: sized by cost (all fit rows up to 3000, fewer on a --rank fit whose selection would cost more than its final fit)" };
        var folds = new Option<int?>("--folds") { Description = "folds of the cross-validated selection (0: one held-out part); default: the recipe's (3 recommended, 0 theorem)" };
        var degree = new Option<int?>("--degree") { Description = "multinomial kernel degree d (default: selected among 2, 3, 4)" };
        var weight = new Option<double?>("--weight") { Description = "bound B on the squared RKHS norm ||f||^2 of the learned function f; larger B fits the data more closely (and needs more data for the same guarantee) (default: selected among 4, 16, 64; gaussian: 1, 4, 16, 64)" };
        var threshold = new Option<double?>("--threshold") { Description = "output threshold tau (default 2 tau_c, or calibrated)" };
        var constraint = new Option<double?>("--constraint-level") { Description = "tau_c, the bound on the training scores f(x) of the zero-labelled rows (the hard program keeps every one at or below it; the FP-budgeted program charges --penalty for exceeding it); default eps / (4 L), where L is the Lipschitz constant of --loss (square 2, absolute 1, huber 1)" };
        var loss = new Option<string>("--loss") { Description = "square, absolute or huber", DefaultValueFactory = _ => "square" };
        loss.AcceptOnlyFromAmong([.. OptionNames.LossNames]);
        var scale = new Option<string?>("--scale") { Description = "embedding into the unit ball: none, max-norm or standardize (default: the recipe's: standardize recommended, max-norm theorem)" };
        scale.AcceptOnlyFromAmong([.. OptionNames.ScaleNames]);
        var bias = new Option<bool>("--bias") { Description = "append a bias coordinate (ReLUs with an offset; the recommended recipe's default)" };
        var noBias = new Option<bool>("--no-bias") { Description = "no bias coordinate" };
        var theory = new Option<bool>("--theory-parameters") { Description = "use the theorem's (d, B) for this eps (certified table) instead of the selection grid" };
        var calibrate = new Option<bool>("--calibrate") { Description = "calibrate tau on held-out zero-labelled rows (Neyman-Pearson); an error when there are too few (the recommended recipe calibrates whenever it can)" };
        var noCalibrate = new Option<bool>("--no-calibrate") { Description = "do not calibrate tau" };
        var seed = new Option<int>("--seed") { Description = "seed of the held-out split", DefaultValueFactory = _ => 0 };
        var rank = new Option<int?>("--rank") { Description = "fit a rank-R Nystroem approximation of the kernel (memory O(m R) instead of O(m^2))" };
        var landmarks = new Option<string>("--landmarks") { Description = "landmarks of --rank: uniform, kmeans++, leverage or pivoted", DefaultValueFactory = _ => "uniform" };
        landmarks.AcceptOnlyFromAmong([.. OptionNames.LandmarkNames]);
        var landmarkFile = new Option<FileInfo?>("--landmark-file") { Description = "CSV or Parquet of user-supplied landmarks (the training feature columns; a label column is ignored)" };
        var stream = new Option<bool>("--stream") { Description = "fit from the file in passes without loading it (needs --rank, --degree, --weight; uniform landmarks)" };
        var cluster = ClusterOption.Create();
        var shards = ClusterOption.Shards();
        var delimiter = DelimiterOption.Create();
        var report = new Option<FileInfo?>("--report") { Description = "write the fit report as JSON" };
        var command = new Command("fit", "Fit a model (reliable or agnostic ReLU, depth-2 network, leaky ReLU, max-affine, polynomial) to a CSV file.")
            { data, output, force, task, label, delimiter, epsilon, delta, recipe, kernel, gamma, penalty, folds, selectionRows, degree, weight, threshold, constraint, loss, scale, bias, noBias, calibrate, noCalibrate,
              seed, report, units, pieces, slope, restarts, theory, rank, landmarks, landmarkFile, stream, cluster, shards };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("fit", () =>
        {
            if (parse.GetValue(bias) && parse.GetValue(noBias)) throw new ArgumentException("--bias and --no-bias contradict each other: give one.");
            if (parse.GetValue(calibrate) && parse.GetValue(noCalibrate)) throw new ArgumentException("--calibrate and --no-calibrate contradict each other: give one.");
            var options = new ReliableReluOptions
            {
                Recipe = parse.GetValue(recipe) == "theorem" ? LearnerRecipe.Theorem : LearnerRecipe.Recommended,
                Kernel = parse.GetValue(kernel) is string k ? OptionNames.ParseKernel(k) : null,
                Gamma = parse.GetValue(gamma),
                ZeroPenalty = parse.GetValue(penalty),
                Folds = parse.GetValue(folds),
                SelectionRows = parse.GetValue(selectionRows),
                Task = ReliableRelu.ParseTask(parse.GetValue(task)!),
                Units = parse.GetValue(units),
                Pieces = parse.GetValue(pieces),
                Slope = parse.GetValue(slope),
                Restarts = parse.GetValue(restarts),
                Epsilon = parse.GetValue(epsilon),
                Delta = parse.GetValue(delta),
                Degree = parse.GetValue(degree),
                Weight = parse.GetValue(weight),
                Threshold = parse.GetValue(threshold),
                ConstraintLevel = parse.GetValue(constraint),
                Loss = OptionNames.ParseLoss(parse.GetValue(loss)!),
                Scale = parse.GetValue(scale) is string sc ? OptionNames.ParseScale(sc) : null,
                Bias = parse.GetValue(bias) ? true : parse.GetValue(noBias) ? false : null,
                Calibrate = parse.GetValue(calibrate) ? true : parse.GetValue(noCalibrate) ? false : null,
                TheoryParameters = parse.GetValue(theory),
                Seed = parse.GetValue(seed),
                Rank = parse.GetValue(rank),
                Landmarks = OptionNames.ParseLandmarks(parse.GetValue(landmarks)!),
            };
            OutputFile.Check("--out", parse.GetValue(output)!, parse.GetValue(force), ("--data", parse.GetValue(data)), ("--landmark-file", parse.GetValue(landmarkFile)));
            if (parse.GetValue(report) is { } reportPath)
                OutputFile.Check("--report", reportPath, parse.GetValue(force), ("--data", parse.GetValue(data)), ("--landmark-file", parse.GetValue(landmarkFile)), ("--out", parse.GetValue(output)));
            string? clusterGateways = parse.GetValue(cluster);
            if (clusterGateways is null && parse.GetValue(shards) != 0) throw new ArgumentException("--shards cuts the data for --cluster: give --cluster too.");
            if (parse.GetValue(shards) < 0) throw new ArgumentException($"--shards {parse.GetValue(shards)}: give a positive number of parts (0: two per silo).");
            // a cluster fit makes the streaming fit's passes, on the silos
            bool streaming = parse.GetValue(stream) || clusterGateways is not null;
            var separator = DelimiterOption.Value(parse, delimiter);
            var table = streaming ? null : CsvTable.Read(parse.GetValue(data)!.FullName, parse.GetValue(label)!, delimiter: separator, cancellationToken: cancellationToken);
            // the library fits degenerate data with a warning; the command line refuses it before any work
            if (table is not null && ReliableRelu.Degenerate(table.Features.Rows, table.Labels, options.Task) is string degenerate)
                throw new DataFormatException($"{parse.GetValue(data)!}: {degenerate}");
            var supplied = parse.GetValue(landmarkFile) is { } lf ? CsvTable.Read(lf.FullName, parse.GetValue(label)!, requireLabels: false, cancellationToken: cancellationToken) : null;
            if (supplied is not null && table is not null && !supplied.FeatureNames.SequenceEqual(table.FeatureNames))
                throw new DataFormatException($"{parse.GetValue(landmarkFile)!.Name}: landmark columns [{string.Join(", ", supplied.FeatureNames)}] differ from the training features [{string.Join(", ", table.FeatureNames)}].");
            if (streaming && supplied is not null)
                throw new ArgumentException($"{(clusterGateways is null ? "--stream" : "--cluster")} chooses uniform landmarks; --landmark-file needs the in-memory fit.");
            using var client = clusterGateways is null ? null : ClusterOption.Connect(clusterGateways, cancellationToken);
            Distributed.ClusterFitResult? clustered = null;
            var model = Terminal.WithProgress("fitting", progress => client is not null
                ? (clustered = Distributed.ClusterFit.Run(client.Services.GetRequiredService<IClusterClient>(), parse.GetValue(data)!.FullName, options,
                    parse.GetValue(label)!, parse.GetValue(shards), progress, separator, cancellationToken)).Model
                : table is null
                ? StreamingFit.Fit(parse.GetValue(data)!.FullName, options, parse.GetValue(label)!, progress, separator, cancellationToken)
                : ReliableRelu.Fit(new TrainingData(table.Features, [.. table.Labels]) { FeatureNames = [.. table.FeatureNames], Landmarks = supplied?.Features, LabelName = table.LabelName }, options, progress, cancellationToken));
            // the streamed fit takes no TrainingData: the label name is set here, so every model file stores it
            if (model.LabelName is null) model = model.WithLabelName(parse.GetValue(label));
            model.Save(parse.GetValue(output)!.FullName);
            if (parse.GetValue(report) is { } reportFile)
                AtomicFile.WriteAllText(reportFile.FullName, model.Report.ToJson());
            Terminal.PrintReport(model.Report);
            // what the cluster did and a model of the same fit on more machines (Distributed/ReluVerified.Distributed/ClusterCosts.cs)
            if (clustered is not null) System.Console.WriteLine(clustered.Costs.Describe([1, 2, 4, 8]));
            System.Console.WriteLine($"model written to {parse.GetValue(output)!.Name}");
            return ExitCodes.Success;
        })));
        return command;
    }
}
