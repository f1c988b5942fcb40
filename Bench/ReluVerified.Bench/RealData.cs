using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ReluVerified.Core.Kernels;

namespace ReluVerified.Bench;

/// <summary>
/// <c>real-data DIR</c>: the real-data benchmark of docs/comparison-real.md. Reads the six CSV files that
/// Bench/scripts/real_data.R writes into DIR (labels already scaled into [0, 1]), runs <see cref="HeadToHead"/> on each for
/// every eps (default 0.05, 0.1, 0.2) over seeded splits (default 5) with every method, and writes the tables
/// (docs/comparison-real/results.md, spliced into docs/comparison-real.md between its <c>real-data:begin</c> and
/// <c>real-data:end</c> markers), one trade-off picture per data set at eps = 0.1 (docs/comparison-real/NAME.png), and the
/// full JSON of every run into DIR/results. The methods that never read eps (<see cref="HeadToHead.EpsilonFreeMethods"/>) are
/// fitted once per split, at the first eps, and their rows repeated at the others: same seeds, same splits, same fits.
/// Meant to be started by Bench/scripts/real_data.sh; never part of CI.
/// </summary>
public static class RealData
{
    /// <summary>A data set: its name (file DIR/NAME.csv), the R package it comes from, the target and the columns dropped because they leak it.</summary>
    private sealed record DataSet(string Name, string Package, string Target, string Dropped);

    /// <summary>The data sets, in the order of the tables (Bench/scripts/real_data.R exports them).</summary>
    private static readonly ImmutableArray<DataSet> Sets =
    [
        new("DoctorVisits", "AER", "visits", "none"),
        new("RecreationDemand", "AER", "trips", "none"),
        new("PSID1976", "AER", "hours", "participation, wage, repwage"),
        new("NMES1988", "AER", "visits", "nvisits, ovisits, novisits, emergency"),
        new("CreditCard", "AER", "expenditure", "card, share"),
        new("bioChemists", "pscl", "art", "none"),
    ];

    /// <summary>How far above eps a mean conditional false-positive rate may lie and still count as meeting the budget.</summary>
    private const double Tolerance = 0.03;

    private const string Begin = "<!-- real-data:begin -->", End = "<!-- real-data:end -->";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Parses the arguments and runs the benchmark; 0 on success, 2 on bad input.</summary>
    public static int Run(string[] args)
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "folder with the CSV files of Bench/scripts/real_data.R" };
        var output = new Option<DirectoryInfo>("--out") { Description = "folder for results.md and the pictures", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("docs", "comparison-real")) };
        var doc = new Option<FileInfo>("--doc") { Description = "document whose real-data markers receive the tables", DefaultValueFactory = _ => new FileInfo(Path.Combine("docs", "comparison-real.md")) };
        var splits = new Option<int>("--splits") { Description = "seeded train/test splits per data set and eps", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "seed of the first split", DefaultValueFactory = _ => 1 };
        var epsilons = new Option<string>("--epsilons") { Description = "comma-separated eps values", DefaultValueFactory = _ => "0.05,0.1,0.2" };
        var plotEpsilon = new Option<double>("--plot-epsilon") { Description = "eps of the trade-off pictures", DefaultValueFactory = _ => 0.1 };
        var datasets = new Option<string?>("--datasets") { Description = $"comma-separated subset of: {string.Join(", ", Sets.Select(s => s.Name))}" };
        var commit = new Option<string>("--commit") { Description = "the commit the run is made at (for the document)", DefaultValueFactory = _ => "unknown" };
        var root = new RootCommand("The real-data benchmark of docs/comparison-real.md.") { directory, output, doc, splits, seed, epsilons, plotEpsilon, datasets, commit };
        root.SetAction(parse =>
        {
            try
            {
                var eps = parse.GetValue(epsilons)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(e => double.Parse(e, NumberStyles.Float, Inv)).ToImmutableArray();
                var chosen = parse.GetValue(datasets) is string list ? list.Split(',', StringSplitOptions.TrimEntries) : [.. Sets.Select(s => s.Name)];
                var unknown = chosen.Where(c => Sets.All(s => s.Name != c)).ToArray();
                if (unknown.Length > 0) throw new ArgumentException($"--datasets: unknown data set(s) {string.Join(", ", unknown)}; choose among {string.Join(", ", Sets.Select(s => s.Name))}.");
                if (eps.IsEmpty) throw new ArgumentException("--epsilons: give at least one value.");
                return Execute(parse.GetValue(directory)!, parse.GetValue(output)!, parse.GetValue(doc)!, [.. Sets.Where(s => chosen.Contains(s.Name))], eps,
                    parse.GetValue(splits), parse.GetValue(seed), parse.GetValue(plotEpsilon), parse.GetValue(commit)!);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or DataFormatException or FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"real-data: {e.Message}");
                return 2;
            }
        });
        return root.Parse(args).Invoke();
    }

    private static int Execute(DirectoryInfo data, DirectoryInfo output, FileInfo doc, ImmutableArray<DataSet> sets, ImmutableArray<double> epsilons,
        int splits, int seed, double plotEpsilon, string commit)
    {
        if (!data.Exists) throw new DirectoryNotFoundException($"{data.FullName}: no such folder; run Bench/scripts/real_data.sh (or Rscript Bench/scripts/real_data.R DIR) first.");
        output.Create();
        var raw = Directory.CreateDirectory(Path.Combine(data.FullName, "results"));
        var total = Stopwatch.StartNew();
        var summary = new List<string>();
        var sections = new StringBuilder();
        foreach (var set in sets)
        {
            var table = CsvTable.Read(Path.Combine(data.FullName, set.Name + ".csv"));
            double[] y = [.. table.Labels];
            double zeros = y.Count(v => v == 0) / (double)y.Length;
            var clock = Stopwatch.StartNew();
            ComparisonResult? shared = null;
            var results = new List<(double Eps, ComparisonResult Result)>();
            foreach (double eps in epsilons)
            {
                var methods = shared is null ? HeadToHead.MethodNames : [.. HeadToHead.MethodNames.Where(m => !HeadToHead.EpsilonFreeMethods.Contains(m))];
                var options = new ComparisonOptions { Seed = seed, Splits = splits, Epsilon = eps, Methods = methods };
                Console.WriteLine($"{set.Name}: eps = {eps}, {splits} splits, {methods.Length} methods ({clock.Elapsed.TotalMinutes:F1} min so far)");
                var result = HeadToHead.Run(table.Features, y, options,
                    row => Console.WriteLine($"  split {row.Split + 1} {row.Method}: {row.FitMs / 1000:F1} s, conditional FP {row.ConditionalFalsePositiveRate:F3}, positive loss {row.PositiveLoss:F4}"))
                    with { Source = $"{set.Name} ({table.Features.Rows} rows, {table.Features.Columns} features)" };
                if (shared is null) shared = result;
                else result = WithRowsOf(result, shared);
                results.Add((eps, result));
                File.WriteAllText(Path.Combine(raw.FullName, $"{set.Name}-eps{eps.ToString(Inv)}.json"), result.ToJson());
                if (eps == plotEpsilon)
                    TradeOffPlot.Save(Path.Combine(output.FullName, $"{set.Name}.png"), result,
                        $"{set.Name}: eps = {eps}, {splits} splits, {result.Splits[0].TestCount} test rows each");
            }
            double minutes = clock.Elapsed.TotalMinutes;
            sections.Append(Section(set, table, zeros, results, minutes, plotEpsilon, PictureFolder(doc, output)));
            summary.AddRange(results.Select(r => SummaryRow(set, table, zeros, r.Eps, r.Result)));
            Console.WriteLine($"{set.Name}: done in {minutes:F1} min.");
        }

        var markdown = new StringBuilder();
        markdown.AppendLine(Begin);
        markdown.AppendLine(string.Create(Inv, $"Produced by commit {commit} on {DateTime.UtcNow:yyyy-MM-dd} (UTC) with `real-data` over {splits} seeded splits (seeds {seed}..{seed + splits - 1}, 70% / 30%), eps in {{{string.Join(", ", epsilons)}}}, delta = 0.05;"));
        markdown.AppendLine(string.Create(Inv, $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, OpenBLAS {(GramEngine.NativeAvailable ? "present" : "absent")}, LightGBM {(TreeBaseline.Unavailable(TreeEnsembleKind.LightGbm) is null ? "present" : "absent")}; wall time {total.Elapsed.TotalMinutes:F0} min."));
        markdown.AppendLine();
        markdown.AppendLine("### Summary: the reliable learner against the best thresholded baseline");
        markdown.AppendLine();
        markdown.AppendLine(string.Create(Inv, $"Best thresholded baseline: the least mean positive loss among {string.Join(", ", HeadToHead.ThresholdedBaselines)} whose mean conditional false-positive rate is at most eps + {Tolerance} (\"none\" when no baseline meets it). Ratio = reliable / best; below 1 the reliable learner wins. Calibrated: in how many splits the held-out part held enough zero-labelled rows for the umbrella rule (ceil(ln delta / ln(1 - eps)): 59 at eps = 0.05, 29 at 0.1, 14 at 0.2); in the others the method fell back to an uncalibrated threshold (krr-np and the trees 0, the hurdle 0.5, the reliable learner the umbrella rule on its out-of-fold cross-validation scores; none of them carries a guarantee)."));
        markdown.AppendLine();
        markdown.AppendLine("| data set | eps | reliable: positive loss | reliable: conditional FP | meets eps + 0.03 | calibrated | best thresholded baseline | its positive loss | its conditional FP | calibrated | ratio |");
        markdown.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in summary) markdown.AppendLine(row);
        markdown.AppendLine();
        markdown.Append(sections);
        markdown.AppendLine(End);
        string block = markdown.ToString();
        File.WriteAllText(Path.Combine(output.FullName, "results.md"), block);
        Console.WriteLine($"Wrote {Path.Combine(output.Name, "results.md")}, the pictures and {raw.FullName} in {total.Elapsed.TotalMinutes:F1} min.");
        if (doc.Exists)
        {
            string text = File.ReadAllText(doc.FullName);
            int begin = text.IndexOf(Begin, StringComparison.Ordinal), end = text.IndexOf(End, StringComparison.Ordinal);
            if (begin >= 0 && end > begin)
            {
                File.WriteAllText(doc.FullName, text[..begin] + block.TrimEnd('\n', '\r') + text[(end + End.Length)..]);
                Console.WriteLine($"Replaced the results in {doc.Name}.");
            }
            else Console.WriteLine($"{doc.Name} has no {Begin} ... {End} markers: paste results.md into it by hand.");
        }
        return 0;
    }

    /// <summary>The result at one eps with the eps-free methods' rows and curves taken from the run at the first eps (same seeds, same splits, same fits).</summary>
    private static ComparisonResult WithRowsOf(ComparisonResult result, ComparisonResult shared)
    {
        var splits = result.Splits.Select((split, s) =>
        {
            var other = shared.Splits[s];
            var rows = HeadToHead.MethodNames.Select(m => split.Rows.FirstOrDefault(r => r.Method == m) ?? other.Rows.FirstOrDefault(r => r.Method == m)).OfType<ComparisonRow>().ToImmutableArray();
            var curves = rows.Select(r => split.Curves.FirstOrDefault(c => c.Method == r.Method) ?? other.Curves.First(c => c.Method == r.Method)).ToImmutableArray();
            return split with { Rows = rows, Curves = curves };
        }).ToImmutableArray();
        return ComparisonResult.Create(splits, result.Loss, result.Options with { Methods = [] }, result.Notes) with { Source = result.Source };
    }

    /// <summary>
    /// The best thresholded baseline at eps: least mean positive loss among those whose mean conditional false-positive rate
    /// meets eps + tolerance; null when none does (a loss bought with false positives is no reference).
    /// </summary>
    private static MethodSummary? Best(ComparisonResult result, double eps)
        => result.Summaries.Where(s => HeadToHead.ThresholdedBaselines.Contains(s.Method) && s.ConditionalFalsePositiveRate.Mean <= eps + Tolerance)
            .OrderBy(s => s.PositiveLoss.Mean).FirstOrDefault();

    private static string SummaryRow(DataSet set, CsvTable table, double zeros, double eps, ComparisonResult result)
    {
        var reliable = result.Summary("reliable");
        var best = Best(result, eps);
        string cell(MethodSummary? s, Func<MethodSummary, Spread> pick) => s is null ? "n/a" : Figure(pick(s));
        return string.Create(Inv, $"| {set.Name} ({zeros * 100:F0}% zeros) | {eps} | {cell(reliable, s => s.PositiveLoss)} | {cell(reliable, s => s.ConditionalFalsePositiveRate)} | {Meets(reliable, eps)} | {(reliable is null ? "n/a" : Calibrated(reliable))} | {best?.Method ?? "none"} | {cell(best, s => s.PositiveLoss)} | {cell(best, s => s.ConditionalFalsePositiveRate)} | {(best is null ? "n/a" : Calibrated(best))} | {Ratio(reliable, best)} |");
    }

    private static string Section(DataSet set, CsvTable table, double zeros, List<(double Eps, ComparisonResult Result)> results, double minutes, double plotEpsilon, string pictures)
    {
        var text = new StringBuilder();
        var first = results[0].Result;
        // Level 1 of every curve switches nothing on: the positive loss of predicting 0 everywhere.
        double zeroLoss = first.Curves[0].Points[^1].PositiveLoss;
        text.AppendLine(string.Create(Inv, $"### {set.Name} ({set.Package}; target {set.Target}; dropped: {set.Dropped})"));
        text.AppendLine();
        text.AppendLine(string.Create(Inv, $"{table.Features.Rows} rows, {table.Features.Columns} features, {zeros * 100:F0}% zero labels; {first.Splits[0].TrainCount} training and {first.Splits[0].TestCount} test rows per split. Predicting 0 everywhere: positive loss {zeroLoss:F4}. Wall time {minutes:F1} min."));
        text.AppendLine();
        foreach (var (eps, result) in results)
        {
            var best = Best(result, eps);
            text.AppendLine(string.Create(Inv, $"eps = {eps} (mean (standard deviation) over {result.Splits.Length} splits; ratio = positive loss / that of {best?.Method ?? "(none: no thresholded baseline meets eps + 0.03)"}, the best thresholded baseline):"));
            text.AppendLine();
            text.AppendLine("| method | conditional FP P(h!=0 \\| y=0) | joint FP P(h!=0, y=0) | positive loss | ratio | meets eps + 0.03 | calibrated | fit s |");
            text.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var s in result.Summaries)
            {
                bool thresholded = HeadToHead.ThresholdedBaselines.Contains(s.Method) || s.Method == "reliable";
                text.AppendLine(string.Create(Inv, $"| {(s.Method == "reliable" ? "**reliable**" : s.Method)} | {Figure(s.ConditionalFalsePositiveRate)} | {Figure(s.FalsePositiveRate)} | {Figure(s.PositiveLoss)} | {Ratio(s, best)} | {(thresholded ? Meets(s, eps) : "(no threshold)")} | {(thresholded ? Calibrated(s) : "-")} | {s.FitMs.Mean / 1000:F1} |"));
            }
            text.AppendLine();
        }
        if (results.Any(r => r.Eps == plotEpsilon)) text.AppendLine(string.Create(Inv, $"![{set.Name}: trade-off at eps = {plotEpsilon}]({pictures}/{set.Name}.png)")).AppendLine();
        foreach (var note in first.Notes) text.AppendLine($"Note: {note}").AppendLine();
        return text.ToString();
    }

    /// <summary>The pictures' folder relative to the document, with forward slashes (a markdown link).</summary>
    private static string PictureFolder(FileInfo doc, DirectoryInfo output)
        => Path.GetRelativePath(doc.DirectoryName ?? ".", output.FullName).Replace('\\', '/');

    /// <summary>In how many splits the method's threshold was calibrated (the others fell back to an uncalibrated threshold).</summary>
    private static string Calibrated(MethodSummary s)
        => string.Create(Inv, $"{s.Parameters.Count(p => !p.Contains(HeadToHead.CalibrationRefused, StringComparison.Ordinal))}/{s.Parameters.Length}");

    private static string Figure(Spread s) => string.Create(Inv, $"{s.Mean:F4} ({s.StandardDeviation:F4})");

    private static string Meets(MethodSummary? s, double eps) => s is null ? "n/a" : s.ConditionalFalsePositiveRate.Mean <= eps + Tolerance ? "yes" : "**no**";

    private static string Ratio(MethodSummary? s, MethodSummary? best)
        => s is null || best is null || best.PositiveLoss.Mean == 0 ? "n/a" : (s.PositiveLoss.Mean / best.PositiveLoss.Mean).ToString("F3", Inv);
}
