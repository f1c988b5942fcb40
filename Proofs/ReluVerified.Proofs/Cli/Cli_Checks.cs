using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit;

namespace ReluVerified.Proofs.Cli;

/// <summary>
/// The <c>relu</c> program as a user runs it: fit, predict and evaluate on CSV files, JSON outputs with the documented
/// fields, exit code 2 with a message naming file, line and column on bad input, and no output file after a failure.
/// </summary>
public class Cli_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string Err) Relu(params string[] args) => Cli.ReluProcess.Run(args);

    private string File(string name) => Path.Combine(_directory, name);

    /// <summary>
    /// Makes <paramref name="pipe"/> a named pipe and starts <c>relu fit --data pipe --out model</c> on it, its output and error
    /// read as they come; the fit waits until a writer opens the pipe.
    /// </summary>
    private static async Task<(Process Relu, Task<string> Output, Task<string> Error)> FitOnNamedPipe(string pipe, string model)
    {
        using (var make = Process.Start("mkfifo", [pipe])) await make.WaitForExitAsync();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "relu.dll"), "fit", "--data", pipe, "--out", model }) start.ArgumentList.Add(a);
        var relu = Process.Start(start)!;
        return (relu, relu.StandardOutput.ReadToEndAsync(), relu.StandardError.ReadToEndAsync());
    }

    /// <summary>
    /// Interrupts (Facade/ReluVerified.Cli/Commands/Interrupt.cs), on Linux: <c>relu fit</c> reads its data from a named pipe
    /// whose writer, this check, holds it open, so the fit waits inside a block of the CSV reader, which checks its token only
    /// between blocks. One
    /// SIGINT, then the rest of the file: the fit stops at its next check, exit 1, "cancelled; nothing was written." and no
    /// model file. Two SIGINTs 0.3 s apart while it waits: the process ends at once with status 130 (SIGINT's default
    /// action), without the stack trace and status 134 of System.CommandLine 3.0.0's own handler, which threw on the second.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Interrupts_cancel_a_fit_once_and_end_it_at_once_the_second_time(int interrupts)
    {
        if (!OperatingSystem.IsLinux()) return;
        string pipe = File("pipe.csv"), model = File("model.json");
        var (relu, output, error) = await FitOnNamedPipe(pipe, model);
        using var process = relu;
        using (var writer = new StreamWriter(pipe)) // opens once the fit, its signal handler registered, opens the pipe to read it
        {
            // 40,000 rows: about 260 KB, more than a pipe holds (64 KiB) and fewer values than the reader's first block
            // (65,536), so once they are written the reader has passed its first token check and waits inside the block
            await writer.WriteAsync("a,y\n" + string.Concat(Enumerable.Repeat("0.5,0\n0.25,1\n", 20000)));
            await writer.FlushAsync();
            await Task.Delay(300);
            for (int k = 0; k < interrupts; k++)
            {
                if (k > 0) await Task.Delay(300);
                using var kill = Process.Start("kill", ["-INT", relu.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
            if (interrupts == 1)
            {
                await Task.Delay(300);
                for (int i = 0; i < 40; i++) await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{0.02 * i},{i % 2}\n"));
            }
        }
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await relu.WaitForExitAsync(limit.Token); // throws if the fit has not ended within 60 s of its interrupts
        string err = await error;
        Assert.DoesNotContain("Unhandled exception", err);
        Assert.Contains("relu: stopping at the next check (interrupt again to stop at once).", err);
        Assert.Equal(interrupts == 1 ? 1 : 130, relu.ExitCode);
        if (interrupts == 1) Assert.Contains("relu fit: cancelled; nothing was written.", err);
        Assert.False(System.IO.File.Exists(model), $"a model was written; stdout: {await output}");
    }

    /// <summary>
    /// One SIGINT while <c>relu fit</c> reads an endless CSV from a named pipe (rows keep arriving, about a million a
    /// second): the reader checks the command's token at each block of rows (Facade/ReluVerified/CsvTable.cs), so the fit ends
    /// (exit 1, "cancelled; nothing was written.") and the writer finds the pipe closed within seconds. A reader that checked
    /// nothing would read on until the writer gave up, after 20 s.
    /// </summary>
    [Fact]
    public async Task An_interrupt_stops_a_fit_while_it_reads_its_csv()
    {
        if (!OperatingSystem.IsLinux()) return;
        string pipe = File("endless.csv"), model = File("model.json");
        var (relu, output, error) = await FitOnNamedPipe(pipe, model);
        using var process = relu;
        var opened = new TaskCompletionSource();
        var writing = Task.Run(async () =>
        {
            string rows = string.Concat(Enumerable.Repeat("0.5,0\n0.25,1\n", 5000));
            var clock = Stopwatch.StartNew();
            try
            {
                await using var writer = new StreamWriter(pipe); // opens once the fit, its signal handler registered, opens the pipe
                opened.SetResult();
                await writer.WriteAsync("a,y\n");
                while (clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await writer.WriteAsync(rows);
                    await Task.Delay(10);
                }
            }
            catch (IOException)
            {
                // the pipe's reader has gone: the fit ended
            }
            return clock.Elapsed;
        });
        await opened.Task;
        await Task.Delay(1000); // the fit is reading rows
        using (var kill = Process.Start("kill", ["-INT", relu.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await relu.WaitForExitAsync(limit.Token);
        var written = await writing;
        string err = await error;
        Assert.Equal(1, relu.ExitCode);
        Assert.Contains("relu fit: cancelled; nothing was written.", err);
        Assert.True(written < TimeSpan.FromSeconds(15), $"the fit read on for {written.TotalSeconds:F1} s after it was started; stderr: {err}");
        Assert.False(System.IO.File.Exists(model), $"a model was written; stdout: {await output}");
    }

    [Fact]
    public void Fit_predict_and_evaluate_work_on_csv_files()
    {
        Assert.Equal(0, Relu("sample", "--count", "400", "--dimension", "4", "--seed", "1", "--out", File("train.csv")).Exit);
        Assert.Equal(0, Relu("sample", "--count", "300", "--dimension", "4", "--seed", "2", "--out", File("test.csv")).Exit);
        var fit = Relu("fit", "--data", File("train.csv"), "--recipe", "theorem", "--out", File("model.json"), "--degree", "2", "--weight", "8", "--report", File("report.json"));
        Assert.True(fit.Exit == 0, fit.Err);
        using (var report = JsonDocument.Parse(System.IO.File.ReadAllText(File("report.json"))))
            foreach (var field in new[] { "task", "degree", "weight", "threshold", "constraint_level", "objective", "duality_gap", "max_violation", "iterations", "exit", "timings", "train", "guarantee" })
                Assert.True(report.RootElement.TryGetProperty(field, out _), $"report lacks '{field}'");

        var predict = Relu("predict", "--model", File("model.json"), "--data", File("test.csv"), "--out", File("pred.csv"));
        Assert.True(predict.Exit == 0, predict.Err);
        var lines = System.IO.File.ReadAllLines(File("pred.csv"));
        Assert.Equal("prediction", lines[0]);
        Assert.Equal(301, lines.Length);

        var evaluate = Relu("evaluate", "--model", File("model.json"), "--data", File("test.csv"), "--json");
        Assert.True(evaluate.Exit == 0, evaluate.Err);
        using var metrics = JsonDocument.Parse(evaluate.Out);
        Assert.Equal(300, metrics.RootElement.GetProperty("count").GetInt32());
        foreach (var field in new[] { "zero_count", "positive_count", "false_positive_rate", "positive_loss", "loss" })
            Assert.True(metrics.RootElement.TryGetProperty(field, out _), $"evaluate --json lacks '{field}'");
    }

    [Fact]
    public void Bad_input_exits_with_2_naming_file_line_and_column_and_writes_nothing()
    {
        System.IO.File.WriteAllText(File("bad.csv"), "a,b,y\n0.1,0.2,0\n0.3,oops,1\n");
        var result = Relu("fit", "--data", File("bad.csv"), "--out", File("model.json"));
        Assert.Equal(2, result.Exit);
        Assert.Contains("bad.csv line 3, column 2 (b): 'oops' is not a number", result.Err);
        Assert.False(System.IO.File.Exists(File("model.json")));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void A_semicolon_file_is_fitted_predicted_and_evaluated_and_a_wrong_delimiter_is_named()
    {
        Assert.Equal(0, Relu("sample", "--count", "200", "--dimension", "3", "--seed", "1", "--out", File("c.csv")).Exit);
        System.IO.File.WriteAllText(File("s.csv"), System.IO.File.ReadAllText(File("c.csv")).Replace(',', ';'));
        var fit = Relu("fit", "--data", File("s.csv"), "--recipe", "theorem", "--degree", "2", "--weight", "8", "--out", File("m.json"));
        Assert.True(fit.Exit == 0, fit.Err);
        var predict = Relu("predict", "--model", File("m.json"), "--data", File("s.csv"), "--delimiter", "semicolon", "--out", File("p.csv"));
        Assert.True(predict.Exit == 0, predict.Err);
        Assert.Equal(201, System.IO.File.ReadAllLines(File("p.csv")).Length);
        var evaluate = Relu("evaluate", "--model", File("m.json"), "--data", File("s.csv"), "--delimiter", ";", "--json");
        Assert.True(evaluate.Exit == 0, evaluate.Err);
        var wrong = Relu("evaluate", "--model", File("m.json"), "--data", File("s.csv"), "--delimiter", "comma");
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("s.csv line 1: no label column 'y'", wrong.Err);
        Assert.Contains("name the label column with --label; the header holds ';': if that separates the columns, give --delimiter semicolon.", wrong.Err);
        // a streamed fit reads with the given separator too, also one that detection does not try (the pipe)
        System.IO.File.WriteAllText(File("pipe.csv"), System.IO.File.ReadAllText(File("c.csv")).Replace(',', '|'));
        var streamed = Relu("fit", "--data", File("pipe.csv"), "--stream", "--rank", "20", "--recipe", "theorem", "--degree", "2", "--weight", "8",
            "--delimiter", "pipe", "--out", File("ms.json"));
        Assert.True(streamed.Exit == 0, streamed.Err);
        var unknown = Relu("compare", "--data", File("s.csv"), "--delimiter", "colon", "--methods", "krr");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("the separator 'colon' is not one of", unknown.Err);
    }

    [Fact]
    public void A_missing_model_file_exits_with_2()
    {
        System.IO.File.WriteAllText(File("x.csv"), "a,y\n0.1,0\n");
        var result = Relu("evaluate", "--model", File("absent.json"), "--data", File("x.csv"));
        Assert.Equal(2, result.Exit);
        Assert.Contains("absent.json", result.Err);
    }

    [Fact]
    public void Approx_json_has_the_documented_fields_and_a_certified_bound()
    {
        var result = Relu("approx", "--function", "relu", "--degree", "10", "--json");
        Assert.True(result.Exit == 0, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        foreach (var field in new[] { "function", "method", "degree", "sup_error", "certified", "max_abs", "weight", "coefficients", "theory" })
            Assert.True(root.TryGetProperty(field, out _), $"approx --json lacks '{field}'");
        Assert.True(root.GetProperty("certified").GetBoolean());
        Assert.Equal(11, root.GetProperty("coefficients").GetArrayLength());
        Assert.True(root.GetProperty("theory").TryGetProperty("degree_bound", out _) && root.GetProperty("theory").TryGetProperty("weight_bound", out _));
        // The degree-10 Chebyshev interpolant of ReLU has sup error 2.73e-2 (numpy reference); the certified bound is at most 0.5% above.
        Assert.InRange(root.GetProperty("sup_error").GetDouble(), 0.0273, 0.0275);
    }

    [Fact]
    public void Approx_epsilon_finds_the_smallest_certified_degree()
    {
        var result = Relu("approx", "--function", "relu", "--epsilon", "0.01", "--json");
        Assert.True(result.Exit == 0, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(30, json.RootElement.GetProperty("degree").GetInt32());
        Assert.True(json.RootElement.GetProperty("sup_error").GetDouble() <= 0.01);
    }

    [Fact]
    public void Fit_reports_every_task_through_the_same_entry()
    {
        Assert.Equal(0, Relu("sample", "--count", "300", "--dimension", "3", "--seed", "4", "--out", File("t.csv")).Exit);
        foreach (var task in new[] { "agnostic", "depth2", "leaky", "max-affine", "max-affine-lspa" })
        {
            var fit = Relu("fit", "--data", File("t.csv"), "--out", File($"{task}.json"), "--task", task, "--degree", "2", "--weight", "8");
            Assert.True(fit.Exit == 0, $"{task}: {fit.Err}");
            var evaluate = Relu("evaluate", "--model", File($"{task}.json"), "--data", File("t.csv"), "--json");
            Assert.True(evaluate.Exit == 0, $"{task}: {evaluate.Err}");
        }
        var polynomial = Relu("fit", "--data", File("t.csv"), "--out", File("p.json"), "--task", "polynomial");
        Assert.Equal(2, polynomial.Exit);
        Assert.Contains("--degree", polynomial.Err);
    }

    [Fact]
    public void Library_errors_reach_the_user_with_the_flags_that_set_the_options()
    {
        Assert.Equal(0, Relu("sample", "--count", "60", "--dimension", "3", "--seed", "1", "--out", File("small.csv")).Exit);
        var rank = Relu("fit", "--data", File("small.csv"), "--out", File("r.json"), "--rank", "0");
        Assert.Equal(2, rank.Exit);
        Assert.Contains("--rank must be at least 1", rank.Err);
        var label = Relu("fit", "--data", File("small.csv"), "--out", File("l.json"), "--label", "target");
        Assert.Equal(2, label.Exit);
        Assert.Contains("name the label column with --label", label.Err);
        var streamed = Relu("fit", "--data", File("small.csv"), "--out", File("s.json"), "--stream", "--rank", "5", "--degree", "2", "--weight", "4", "--scale", "standardize");
        Assert.Equal(2, streamed.Exit);
        Assert.Contains("embeds with none or max-norm (--scale standardize needs the columns in memory)", streamed.Err);
    }
}
