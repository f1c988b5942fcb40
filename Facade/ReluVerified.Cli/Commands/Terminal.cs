using System.Globalization;
using ReluVerified.Core.Learning;
using Spectre.Console;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// Terminal output: progress bars on an interactive terminal, progress lines on stderr otherwise (a pipe, a file, a CI log),
/// and tables for reports (unpadded when not written to a terminal).
/// </summary>
internal static class Terminal
{
    /// <summary>
    /// Runs <paramref name="work"/> with a progress display: a bar when standard output and error are an interactive
    /// terminal, else one line on stderr per phase change (and per step when the last line is older than
    /// <see cref="QuietLineSeconds"/>), never one per solver iteration.
    /// </summary>
    internal static T WithProgress<T>(string title, Func<IProgress<LearnerProgress>?, T> work)
    {
        if (System.Console.IsOutputRedirected || System.Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return work(new LineProgress(title));
        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            var bar = context.AddTask(title, maxValue: 1);
            var progress = new SynchronousProgress(p =>
            {
                bar.MaxValue = p.Steps;
                bar.Value = p.Step;
                // the phase's name in lower case ("gram", "solve", "calibrate", "done", "read", "predict"), the step and its
                // detail, which names the candidate and, while a solve runs, its iteration
                bar.Description = Markup.Escape(Describe(p));
            });
            result = work(progress);
        });
        return result;
    }

    /// <summary>Seconds without a progress line after which a new step gets one even within the same phase.</summary>
    private const double QuietLineSeconds = 5;

    /// <summary>A progress report as text: "solve 2/13: d = 3, B = 16, iteration 12, mu 1.0E-003".</summary>
    private static string Describe(LearnerProgress p) => $"{p.Phase.ToString().ToLowerInvariant()} {p.Step}/{p.Steps}: {p.Detail}";

    /// <summary>Prints the fit report as a table.</summary>
    internal static void PrintReport(FitReport report)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("fit").AddColumn("value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("task / loss", $"{ReliableRelu.TaskName(report.Task)} / {report.Loss.Describe()}");
        Row("kernel, degree d, weight B", $"{report.Kernel ?? "multinomial"}, {report.Degree}, {F(report.Weight)}");
        Row("program", report.ZeroPenalty is double lambda ? $"FP-budgeted (T2.1-budget), lambda = {F(lambda)}" : "hard zero constraints (T2.1)");
        Row("tau_c, tau", $"{F(report.ConstraintLevel)}, {(report.Threshold is double t ? Threshold(t) : "clip to [0,1]")}");
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

    /// <summary>
    /// The threshold tau as text; the smallest positive double (the next double above a calibrated score of exactly 0) reads
    /// as what it means rather than as 4.941E-324.
    /// </summary>
    internal static string Threshold(double tau) => tau == double.Epsilon ? "just above 0 (h != 0 exactly where f(x) > 0)" : F(tau);

    /// <summary>A figure that may be undefined (e.g. the conditional false-positive rate without zero-labelled rows).</summary>
    internal static string Optional(double? v) => v is double x ? F(x) : "undefined (no y = 0 rows)";

    private static string Plain(Table table)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;
        console.Write(table);
        // the table is laid out 160 columns wide; a pipe or file gets each line without its trailing padding
        return string.Join('\n', writer.ToString().Split('\n').Select(line => line.TrimEnd())).Trim('\n');
    }

    /// <summary>Progress as lines on stderr: one per phase change, and one per step after <see cref="QuietLineSeconds"/> of silence.</summary>
    private sealed class LineProgress(string title) : IProgress<LearnerProgress>
    {
        private LearnerPhase? _phase;
        private int _step = -1;
        private readonly System.Diagnostics.Stopwatch _sinceLine = new();

        public void Report(LearnerProgress value)
        {
            bool newPhase = value.Phase != _phase, newStep = value.Step != _step;
            if (!newPhase && !(newStep && _sinceLine.Elapsed.TotalSeconds >= QuietLineSeconds)) return;
            (_phase, _step) = (value.Phase, value.Step);
            _sinceLine.Restart();
            System.Console.Error.WriteLine($"{title}: {Describe(value)}");
        }
    }

    private sealed class SynchronousProgress(Action<LearnerProgress> report) : IProgress<LearnerProgress>
    {
        public void Report(LearnerProgress value) => report(value);
    }
}
