using System.Globalization;
using System.Text;
using Xunit;

namespace ReluVerified.Proofs.Cli;

/// <summary>
/// What a new user meets first: the label column named once at fit time, usage errors that exit 2 with one line and a
/// hint, an --out that never clobbers the data or a read-only file, degenerate data refused or warned about, labels outside
/// [0, 1] refused by evaluate, progress on stderr in pipes, help texts that define their symbols, and error messages
/// without .NET's parameter suffixes.
/// </summary>
public class FirstUse_Cli_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-first-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string Err) Relu(params string[] args) => ReluProcess.Run(args);

    private string File(string name) => Path.Combine(_directory, name);

    /// <summary>A CSV of <paramref name="rows"/> rows: columns a, b, c and the label column <paramref name="label"/> = max(0, a + b - c) / 3.</summary>
    private string Data(string name, int rows, string label = "y", int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder($"a,b,c,{label}\n");
        for (int i = 0; i < rows; i++)
        {
            double a = random.NextDouble() * 2 - 1, b = random.NextDouble() * 2 - 1, c = random.NextDouble() * 2 - 1;
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{a},{b},{c},{Math.Max(0, a + b - c) / 3}\n"));
        }
        System.IO.File.WriteAllText(File(name), text.ToString());
        return File(name);
    }

    private static readonly string[] Quick = ["--recipe", "theorem", "--degree", "2", "--weight", "8"];

    [Fact]
    public void Evaluate_and_predict_read_the_label_column_the_model_was_fitted_with()
    {
        string data = Data("target.csv", 120, label: "target");
        var fit = Relu(["fit", "--data", data, "--label", "target", "--out", File("m.json"), .. Quick]);
        Assert.True(fit.Exit == 0, fit.Err);
        var evaluate = Relu("evaluate", "--model", File("m.json"), "--data", data, "--json");
        Assert.True(evaluate.Exit == 0, evaluate.Err);
        var named = Relu("evaluate", "--model", File("m.json"), "--data", data, "--label", "target");
        Assert.True(named.Exit == 0, named.Err);
        var predict = Relu("predict", "--model", File("m.json"), "--data", data, "--out", File("p.csv"));
        Assert.True(predict.Exit == 0, predict.Err);
        Assert.Equal(121, System.IO.File.ReadAllLines(File("p.csv")).Length);
    }

    [Theory]
    [InlineData("fit", "--bogus")]
    [InlineData("fit", "--task", "nonsense")]
    [InlineData("fit")]
    public void Usage_errors_exit_2_with_one_line_and_a_hint_on_stderr(string command, params string[] extra)
    {
        string data = Data("u.csv", 20);
        string[] output = extra.Length > 0 ? ["--out", File("u.json")] : [];
        var result = Relu([command, "--data", data, .. output, .. extra]);
        Assert.Equal(2, result.Exit);
        Assert.Equal("", result.Out);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 2, result.Err);
        Assert.StartsWith("relu fit: ", lines[0]);
        Assert.Contains("see relu fit --help", result.Err);
    }

    [Fact]
    public void Out_never_overwrites_the_input_data()
    {
        string data = Data("same.csv", 40);
        string before = System.IO.File.ReadAllText(data);
        var fit = Relu(["fit", "--data", data, "--out", Path.Combine(_directory, ".", "same.csv"), .. Quick]);
        Assert.Equal(2, fit.Exit);
        Assert.Contains("same.csv", fit.Err);
        Assert.Contains("--data", fit.Err);
        Assert.Equal(before, System.IO.File.ReadAllText(data));
    }

    [Fact]
    public void A_read_only_out_file_is_kept_unless_force_and_its_mode_is_never_changed()
    {
        if (OperatingSystem.IsWindows()) return;
        string data = Data("d.csv", 40);
        System.IO.File.WriteAllText(File("ro.json"), "keep");
        const UnixFileMode readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead;
        System.IO.File.SetUnixFileMode(File("ro.json"), readOnly);
        var refused = Relu(["fit", "--data", data, "--out", File("ro.json"), .. Quick]);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("ro.json", refused.Err);
        Assert.Contains("--force", refused.Err);
        Assert.Equal("keep", System.IO.File.ReadAllText(File("ro.json")));
        var forced = Relu(["fit", "--data", data, "--out", File("ro.json"), "--force", .. Quick]);
        Assert.True(forced.Exit == 0, forced.Err);
        Assert.NotEqual("keep", System.IO.File.ReadAllText(File("ro.json")));
        Assert.Equal(readOnly, System.IO.File.GetUnixFileMode(File("ro.json")));
    }

    [Fact]
    public void Out_at_a_directory_names_the_users_path_and_never_the_temporary_file()
    {
        string data = Data("d.csv", 40);
        Directory.CreateDirectory(File("folder"));
        var fit = Relu(["fit", "--data", data, "--out", File("folder"), .. Quick]);
        Assert.Equal(2, fit.Exit);
        Assert.Contains("folder", fit.Err);
        Assert.Contains("is a directory", fit.Err);
        Assert.DoesNotContain(".tmp", fit.Err);
        Assert.DoesNotContain("Is a directory", fit.Err);
    }

    [Fact]
    public void Degenerate_data_is_refused_or_warned_about()
    {
        var one = Relu(["fit", "--data", Data("one.csv", 1), "--out", File("one.json"), .. Quick]);
        Assert.Equal(2, one.Exit);
        Assert.Contains("1 row", one.Err);
        Assert.Contains("at least 10", one.Err);
        Assert.False(System.IO.File.Exists(File("one.json")));

        System.IO.File.WriteAllText(File("zeros.csv"), "a,y\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i * 0.03},0\n")));
        var zeros = Relu(["fit", "--data", File("zeros.csv"), "--out", File("zeros.json"), .. Quick]);
        Assert.Equal(2, zeros.Exit);
        Assert.Contains("every label is 0", zeros.Err);
        Assert.DoesNotContain("E-324", zeros.Out + zeros.Err);

        var wide = new StringBuilder(string.Join(',', Enumerable.Range(0, 50).Select(j => $"x{j}")) + ",y\n");
        var random = new Random(3);
        for (int i = 0; i < 12; i++)
            wide.Append(string.Join(',', Enumerable.Range(0, 50).Select(_ => random.NextDouble().ToString("R", CultureInfo.InvariantCulture)))).Append(i % 2 == 0 ? ",0\n" : ",0.5\n");
        System.IO.File.WriteAllText(File("wide.csv"), wide.ToString());
        var warned = Relu(["fit", "--data", File("wide.csv"), "--out", File("wide.json"), .. Quick]);
        Assert.True(warned.Exit == 0, warned.Err);
        Assert.Contains("warning: 12 rows for 50 feature columns", warned.Err);
    }

    [Fact]
    public void Evaluate_refuses_labels_outside_the_unit_interval_naming_file_line_and_value()
    {
        string data = Data("d.csv", 40);
        Assert.Equal(0, Relu(["fit", "--data", data, "--out", File("m.json"), .. Quick]).Exit);
        var lines = System.IO.File.ReadAllLines(data);
        lines[3] = string.Join(',', lines[3].Split(',')[..3]) + ",1.5";
        System.IO.File.WriteAllLines(File("bad.csv"), lines);
        var evaluate = Relu("evaluate", "--model", File("m.json"), "--data", File("bad.csv"));
        Assert.Equal(2, evaluate.Exit);
        Assert.Contains("bad.csv line 4", evaluate.Err);
        Assert.Contains("1.5", evaluate.Err);
        Assert.Contains("[0, 1]", evaluate.Err);
    }

    [Fact]
    public void Piped_runs_report_progress_on_stderr_and_print_unpadded_tables()
    {
        string data = Data("d.csv", 60);
        var fit = Relu("fit", "--data", data, "--out", File("m.json"), "--degree", "2", "--weight", "8");
        Assert.True(fit.Exit == 0, fit.Err);
        Assert.Contains("fitting: solve", fit.Err);
        var progress = fit.Err.Split('\n').Where(l => l.StartsWith("fitting: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(progress.Length, progress.Distinct().Count());
        foreach (var line in fit.Out.Split('\n'))
            Assert.True(line == line.TrimEnd(), $"trailing spaces: '{line}'");
    }

    [Fact]
    public void Help_texts_define_their_symbols_and_compare_takes_bias()
    {
        var fit = Relu("fit", "--help");
        Assert.Contains("squared RKHS norm", fit.Out);
        Assert.Contains("Lipschitz constant", fit.Out);
        Assert.Contains("false-positive budget", fit.Out);
        Assert.Contains("--bias", Relu("compare", "--help").Out);
    }

    [Fact]
    public void Argument_errors_reach_the_user_without_the_parameter_and_actual_value_suffixes()
    {
        var fit = Relu(["fit", "--data", Data("d.csv", 20), "--out", File("m.json"), "--epsilon", "1.5"]);
        Assert.Equal(2, fit.Exit);
        Assert.Contains("--epsilon must lie in (0, 1)", fit.Err);
        Assert.DoesNotContain("(Parameter", fit.Err);
        Assert.DoesNotContain("Actual value was", fit.Err);
    }
}
