using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// <c>relu compare</c>: runs every baseline (alphatron, glmtron, isotron, gd-relu, krr, krr-np, fasttree-np, fastforest-np,
/// lightgbm-np, hurdle-np) and the reliable and agnostic learners on the same seeded splits of a built-in scenario or a CSV
/// file (<see cref="HeadToHead"/>), prints one table (mean and spread over <c>--splits</c> of the conditional and joint
/// false-positive rates, positive loss, loss, fit and predict time), and writes comparison.json (parameters, summaries,
/// trade-off curves, every split) and the trade-off picture (<see cref="TradeOffPlot"/>; tradeoff.png in the output
/// directory, or <c>--trade-off FILE.png</c>). <c>--json</c> prints the JSON instead of the table.
/// </summary>
internal static class CompareCommand
{
    internal static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = $"built-in scenario (default reliable-agnostic): {string.Join(", ", Scenarios.Names)}" };
        var data = new Option<FileInfo?>("--data") { Description = "CSV file with a header row, the label column and feature columns (instead of a scenario)" };
        var label = new Option<string>("--label") { Description = "name of the label column (with --data)", DefaultValueFactory = _ => "y" };
        var count = new Option<int>("--count") { Description = "rows drawn from the scenario", DefaultValueFactory = _ => 3000 };
        var dimension = new Option<int>("--dimension") { Description = "dimension of the scenario (points on S^{n-1})", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "seed of the draw and of the first split (split s uses seed + s for the split, every method's held-out split, gd-relu's restarts and ML.NET)", DefaultValueFactory = _ => 1 };
        var splits = new Option<int>("--splits") { Description = "number of seeded train/test splits; the table shows mean and standard deviation over them", DefaultValueFactory = _ => 1 };
        var scale = new Option<string>("--scale") { Description = "embedding of the baselines into the unit ball for --data: none, max-norm or standardize (the reliable learner embeds the raw rows itself, with its default)", DefaultValueFactory = _ => "max-norm" };
        scale.AcceptOnlyFromAmong([.. OptionNames.ScaleNames]);
        var bias = new Option<bool>("--bias") { Description = "append a bias coordinate to the baselines' embedding (ReLUs with an offset; default: none; the reliable learner embeds the raw rows itself, with its default)" };
        var epsilon = new Option<double>("--epsilon") { Description = "target conditional false-positive rate of every thresholded method (krr-np, trees, hurdle, reliable)", DefaultValueFactory = _ => 0.1 };
        var methods = new Option<string?>("--methods") { Description = $"comma-separated subset of: {string.Join(", ", HeadToHead.MethodNames)} (default: all)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "directory for comparison.json (and tradeoff.png unless --trade-off)", DefaultValueFactory = _ => new DirectoryInfo("relu-compare") };
        var tradeOff = new Option<FileInfo?>("--trade-off") { Description = "PNG file for the trade-off picture (conditional false-positive rate against positive loss, every method's threshold swept over the quantiles of its test scores); default tradeoff.png in --out" };
        var delimiter = DelimiterOption.Create();
        var json = new Option<bool>("--json") { Description = "print the JSON (parameters, per-method summaries with both false-positive rates, trade-off curves, every split) instead of the table" };
        var command = new Command("compare", "Run every baseline and the reliable learner on the same seeded splits and compare false positives, losses, trade-off curves and time.")
            { scenario, data, label, delimiter, count, dimension, seed, splits, scale, bias, epsilon, methods, output, tradeOff, json };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("compare", () =>
        {
            var file = parse.GetValue(data);
            var scenarioName = parse.GetValue(scenario);
            if (file is not null && scenarioName is not null) throw new ArgumentException("give either --scenario or --data, not both.");
            bool asJson = parse.GetValue(json);
            var selected = parse.GetValue(methods) is string list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray() : [];
            var options = new ComparisonOptions
            {
                Seed = parse.GetValue(seed), Splits = parse.GetValue(splits), Scale = OptionNames.ParseScale(parse.GetValue(scale)!), Bias = parse.GetValue(bias), Epsilon = parse.GetValue(epsilon), Methods = selected,
            };
            var live = asJson || Console.IsOutputRedirected ? null : (Action<ComparisonRow>)(row =>
                Console.WriteLine($"  split {row.Split + 1}/{options.Splits} {row.Method}: done in {row.FitMs:F0} ms"));
            ComparisonResult result;
            if (file is not null)
            {
                var table = CsvTable.Read(file.FullName, parse.GetValue(label)!, delimiter: DelimiterOption.Value(parse, delimiter), cancellationToken: cancellationToken);
                string source = $"{file.Name} ({table.Features.Rows} rows, {table.Features.Columns} features)";
                if (!asJson) Console.WriteLine($"Comparing on {source}, {options.Splits} split(s) from seed {options.Seed}.");
                result = HeadToHead.Run(table.Features, [.. table.Labels], options, live, cancellationToken) with { Source = source };
            }
            else
            {
                var s = Scenarios.Create(scenarioName ?? "reliable-agnostic", parse.GetValue(dimension));
                if (!asJson) Console.WriteLine($"Comparing on scenario {s.Name}: {s.Description} {parse.GetValue(count)} rows, {options.Splits} split(s) from seed {options.Seed}.");
                result = HeadToHead.RunScenario(s, parse.GetValue(count), options, live, cancellationToken);
            }
            var directory = parse.GetValue(output)!;
            directory.Create();
            AtomicFile.WriteAllText(Path.Combine(directory.FullName, "comparison.json"), result.ToJson());
            string picture = parse.GetValue(tradeOff)?.FullName ?? Path.Combine(directory.FullName, "tradeoff.png");
            TradeOffPlot.Save(picture, result, $"relu compare: {result.Source}, eps = {options.Epsilon}, {result.Splits[0].TestCount} test rows");
            if (asJson)
            {
                Console.WriteLine(result.ToJson());
                return ExitCodes.Success;
            }
            Print(result);
            Console.WriteLine($"Wrote comparison.json to {directory.Name}/ and the trade-off picture to {Path.GetFileName(picture)}.");
            return ExitCodes.Success;
        })));
        return command;
    }

    private static void Print(ComparisonResult result)
    {
        int splits = result.Splits.Length;
        string Figure(Spread s) => splits == 1 ? Terminal.F(s.Mean) : $"{Terminal.F(s.Mean)} ± {Terminal.F(s.StandardDeviation)}";
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn($"method ({result.Splits[0].TestCount} test rows)").AddColumn("conditional FP P(h!=0|y=0)").AddColumn("joint FP P(h!=0,y=0)")
            .AddColumn($"positive loss ({result.Loss})").AddColumn($"loss ({result.Loss})").AddColumn("fit ms").AddColumn("predict ms").AddColumn(splits == 1 ? "chosen" : "chosen (split 1)");
        foreach (var r in result.Summaries)
            table.AddRow(Markup.Escape(r.Method), Figure(r.ConditionalFalsePositiveRate), Figure(r.FalsePositiveRate), Figure(r.PositiveLoss), Figure(r.Loss),
                r.FitMs.Mean.ToString("F0", CultureInfo.InvariantCulture), r.PredictMs.Mean.ToString("F1", CultureInfo.InvariantCulture), Markup.Escape(r.Parameters[0]));
        if (Console.IsOutputRedirected)
        {
            var writer = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
            console.Profile.Width = 220;
            console.Write(table);
            Console.WriteLine(writer.ToString().TrimEnd());
        }
        else AnsiConsole.Write(table);
        var first = result.Splits[0];
        Console.WriteLine($"Same splits for every method: {first.TrainCount} training rows (each method's own held-out parts come out of these), {first.TestCount} test rows; seeds {result.Options.Seed}..{result.Options.Seed + splits - 1}"
            + (splits > 1 ? "; figures are mean ± sample standard deviation over the splits." : "."));
        Console.WriteLine($"Thresholded at eps = {result.Options.Epsilon} (Neyman-Pearson umbrella rule on held-out zero-labelled rows, delta = {result.Options.Delta}): "
            + string.Join(", ", HeadToHead.ThresholdedBaselines) + (result.Options.CalibrateReliable ? ", reliable (calibrated for this comparison)." : "."));
        foreach (var note in result.Notes) Console.WriteLine($"Note: {note}");
    }
}
