using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// <c>relu compare</c>: runs every baseline (alphatron, glmtron, isotron, gd-relu, krr, krr-np) and the reliable and
/// agnostic learners on the same split of a built-in scenario or a CSV file, prints one table (false-positive rate,
/// positive loss, loss, fit time, predict time, managed memory), and writes comparison.json and tradeoff.png (false-positive
/// rate against positive loss) into the output directory. <c>--json</c> prints the JSON array instead of the table.
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
        var seed = new Option<int>("--seed") { Description = "seed of the draw, the split, every method's held-out split and gd-relu's restarts", DefaultValueFactory = _ => 1 };
        var scale = new Option<string>("--scale") { Description = "embedding into the unit ball for --data: none, max-norm or standardize", DefaultValueFactory = _ => "max-norm" };
        scale.AcceptOnlyFromAmong("none", "max-norm", "standardize");
        var epsilon = new Option<double>("--epsilon") { Description = "target false-positive rate of the reliable learner and krr-np", DefaultValueFactory = _ => 0.1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "directory for comparison.json and tradeoff.png", DefaultValueFactory = _ => new DirectoryInfo("relu-compare") };
        var json = new Option<bool>("--json") { Description = "print the JSON array (one object per method) instead of the table" };
        var command = new Command("compare", "Run every baseline and the reliable learner on the same split and compare false positives, losses, time and memory.")
            { scenario, data, label, count, dimension, seed, scale, epsilon, output, json };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("compare", () =>
        {
            var file = parse.GetValue(data);
            var scenarioName = parse.GetValue(scenario);
            if (file is not null && scenarioName is not null) throw new ArgumentException("give either --scenario or --data, not both.");
            bool asJson = parse.GetValue(json);
            var options = new ComparisonOptions { Seed = parse.GetValue(seed), Scale = parse.GetValue(scale)!, Epsilon = parse.GetValue(epsilon) };
            var live = asJson || Console.IsOutputRedirected ? null : (Action<ComparisonRow>)(row =>
                Console.WriteLine($"  {row.Method}: done in {row.FitMs:F0} ms"));
            ComparisonResult result;
            string source;
            if (file is not null)
            {
                var table = CsvTable.Read(file.FullName, parse.GetValue(label)!);
                source = $"{file.Name} ({table.Features.Rows} rows, {table.Features.Columns} features)";
                if (!asJson) Console.WriteLine($"Comparing on {source}, seed {options.Seed}.");
                result = HeadToHead.Run(table.Features, [.. table.Labels], options, live, cancellationToken);
            }
            else
            {
                var s = Scenarios.Create(scenarioName ?? "reliable-agnostic", parse.GetValue(dimension));
                source = $"scenario {s.Name}";
                if (!asJson) Console.WriteLine($"Comparing on scenario {s.Name}: {s.Description} {parse.GetValue(count)} rows, seed {options.Seed}.");
                result = HeadToHead.RunScenario(s, parse.GetValue(count), options, live, cancellationToken);
            }
            var directory = parse.GetValue(output)!;
            directory.Create();
            AtomicFile.WriteAllText(Path.Combine(directory.FullName, "comparison.json"), result.ToJson());
            ComparePlot.Save(Path.Combine(directory.FullName, "tradeoff.png"), result, source);
            if (asJson)
            {
                Console.WriteLine(result.ToJson());
                return ExitCodes.Success;
            }
            Print(result);
            Console.WriteLine($"Wrote comparison.json and tradeoff.png to {directory.Name}/.");
            return ExitCodes.Success;
        })));
        return command;
    }

    private static void Print(ComparisonResult result)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn($"method ({result.TestCount} test rows)").AddColumn("false-positive rate (joint)").AddColumn($"positive loss ({result.Loss})")
            .AddColumn($"loss ({result.Loss})").AddColumn("fit ms").AddColumn("predict ms").AddColumn("allocated MB").AddColumn("chosen");
        foreach (var r in result.Rows)
            table.AddRow(Markup.Escape(r.Method), Terminal.F(r.FalsePositiveRate), Terminal.F(r.PositiveLoss), Terminal.F(r.Loss),
                r.FitMs.ToString("F0", CultureInfo.InvariantCulture), r.PredictMs.ToString("F1", CultureInfo.InvariantCulture),
                (r.AllocatedBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture), Markup.Escape(r.Parameters));
        if (Console.IsOutputRedirected)
        {
            var writer = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
            console.Profile.Width = 200;
            console.Write(table);
            Console.WriteLine(writer.ToString().TrimEnd());
        }
        else AnsiConsole.Write(table);
        Console.WriteLine($"Same split for every method: {result.TrainCount} training rows (each method's own held-out selection comes out of these), {result.TestCount} test rows; seed {result.Options.Seed}.");
        Console.WriteLine("Memory: managed bytes allocated during fit and predict (GC.GetTotalAllocatedBytes delta; OpenBLAS buffers not counted).");
    }
}
