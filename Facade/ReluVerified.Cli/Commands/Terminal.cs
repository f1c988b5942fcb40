using System.Globalization;
using ReluVerified.Core.Learning;
using Spectre.Console;

namespace ReluVerified.Cli.Commands;

/// <summary>Terminal output: progress bars on an interactive terminal (silent in pipes), tables for reports.</summary>
internal static class Terminal
{
    /// <summary>Runs <paramref name="work"/> with a progress display when standard output is an interactive terminal.</summary>
    internal static T WithProgress<T>(string title, Func<IProgress<LearnerProgress>?, T> work)
    {
        if (System.Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return work(null);
        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            var bar = context.AddTask(title, maxValue: 1);
            var progress = new SynchronousProgress(p =>
            {
                bar.MaxValue = p.Steps;
                bar.Value = p.Step;
                // the phase's name in lower case: "gram", "solve", "calibrate", "done", "read", "predict"
                bar.Description = $"{p.Phase.ToString().ToLowerInvariant()}: {Markup.Escape(p.Detail)}";
            });
            result = work(progress);
        });
        return result;
    }

    /// <summary>Prints the fit report as a table.</summary>
    internal static void PrintReport(FitReport report)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("fit").AddColumn("value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("task / loss", $"{report.Task} / {report.Loss}");
        Row("kernel, degree d, weight B", $"{report.Kernel ?? "multinomial"}, {report.Degree}, {F(report.Weight)}");
        Row("program", report.ZeroPenalty is double lambda ? $"FP-budgeted (T2.1-budget), lambda = {F(lambda)}" : "hard zero constraints (T2.1)");
        Row("tau_c, tau", $"{F(report.ConstraintLevel)}, {(report.Threshold is double t ? F(t) : "clip to [0,1]")}");
        Row("solver", $"{report.Exit} in {report.Iterations} iterations, objective {F(report.Objective)}, gap {report.DualityGap:E2}, violation {report.MaxViolation:E2}");
        Row("parts (fit/select/calibrate)", string.Join(" / ", report.Parts));
        if (report.Selection is { } selection) Row("selection", selection.Describe());
        Row("train false-positive rate", $"joint P(h != 0, y = 0) {F(report.Train.FalsePositiveRate)}, conditional P(h != 0 | y = 0) {Optional(report.Train.ConditionalFalsePositiveRate)}");
        Row("train positive loss", F(report.Train.PositiveLoss));
        Row("time (gram/solve/total)", $"{report.Timings.GramMs:F0} / {report.Timings.SolveMs:F0} / {report.Timings.TotalMs:F0} ms");
        Row("guarantee", report.Guarantee.Statement);
        if (report.Guarantee.Premises is { } premises)
            Row("premises", string.Join("; ", premises.Select(p => $"{p.Name} [{p.AppliesTo}]: {(p.Holds ? "holds" : "FAILS")}")));
        if (report.Guarantee.TheoryDegree is int td)
            Row("theory would use", $"d = {td}, B = {(report.Guarantee.TheoryWeight is double tw ? F(tw) : "no certified weight")}, m = {(report.Guarantee.TheoryRequiredSamples is double tm ? F(tm) : "n/a")}");
        if (report.LowRank is { } lr)
            Row("low rank (S-lowrank)", $"r = {lr.Rank} ({lr.Landmarks}), trace(K - LL') = {lr.ResidualTrace:G3} ({lr.RelativeResidual:P2} of trace K), max residual {lr.MaxResidual:G3}; certificate for K~ = LL'");
        if (report.Calibration is { } c) Row("calibration", c.Explain());
        if (report.Coefficients is { } coefficients)
            Row("largest coefficients", string.Join(", ", coefficients.Take(8).Select(m => $"{F(m.Value)} {m.Describe()}")));
        if (System.Console.IsOutputRedirected) System.Console.WriteLine(Plain(table));
        else AnsiConsole.Write(table);
        foreach (var warning in report.Warnings) System.Console.Error.WriteLine($"warning: {warning}");
    }

    internal static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A figure that may be undefined (e.g. the conditional false-positive rate without zero-labelled rows).</summary>
    internal static string Optional(double? v) => v is double x ? F(x) : "undefined (no y = 0 rows)";

    private static string Plain(Table table)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;
        console.Write(table);
        return writer.ToString().TrimEnd();
    }

    private sealed class SynchronousProgress(Action<LearnerProgress> report) : IProgress<LearnerProgress>
    {
        public void Report(LearnerProgress value) => report(value);
    }
}
