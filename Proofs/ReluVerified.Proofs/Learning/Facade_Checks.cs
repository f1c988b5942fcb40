using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// The facade's contract for T2.1: validation names argument, row and column; embeddings map into the ball and refuse
/// what they cannot; model files round-trip bit-exactly and refuse truncated, corrupted, wrong-version and
/// hand-edited files.
/// </summary>
public class Facade_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-checks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (double[][] X, double[] Y) Data(int m, int n, int seed)
    {
        var sample = Scenarios.Create("reliable-agnostic", n).Draw(m, seed);
        var x = Enumerable.Range(0, m).Select(i => sample.Points[i].ToArray().Select(v => 3 * v + 1).ToArray()).ToArray();
        return (x, [.. sample.Labels]);
    }

    private static readonly ReliableReluOptions Quick = new() { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8 };

    [Fact]
    public void Fit_names_the_row_and_column_of_a_nan()
    {
        var (x, y) = Data(50, 4, 1);
        x[17][2] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(x, y, Quick));
        Assert.Contains("row 17 column 2", e.Message);
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void Fit_names_a_label_outside_the_unit_interval()
    {
        var (x, y) = Data(50, 4, 1);
        y[9] = 1.5;
        var e = Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(x, y, Quick));
        Assert.Contains("y row 9", e.Message);
    }

    [Fact]
    public void Fit_names_a_ragged_row_and_a_length_mismatch()
    {
        var (x, y) = Data(50, 4, 1);
        x[3] = [1, 2, 3];
        Assert.Contains("x row 3 has 3 columns", Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(x, y, Quick)).Message);
        var (x2, _) = Data(50, 4, 1);
        Assert.Contains("49 labels", Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(x2, y[..49], Quick)).Message);
    }

    [Fact]
    public void Embedding_none_refuses_rows_outside_the_ball_naming_the_row_and_the_remedy()
    {
        var (x, y) = Data(50, 4, 1);
        var e = Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(x, y, Quick with { Scale = ScaleKind.None }));
        Assert.Contains("row 0", e.Message);
        Assert.Contains("max-norm", e.Message);
    }

    [Theory]
    [InlineData("max-norm", false)]
    [InlineData("standardize", false)]
    [InlineData("standardize", true)]
    public void Embeddings_put_every_training_row_in_the_unit_ball(string kind, bool bias)
    {
        var (x, _) = Data(100, 5, 2);
        var raw = Matrix.Create(100, 5, x.SelectMany(r => r).ToArray());
        var embedding = Embedding.Fit(kind, bias, raw);
        var points = embedding.Apply(raw);
        Assert.Equal(5 + (bias ? 1 : 0), points.Dimension);
        double widest = Enumerable.Range(0, 100).Max(i => Math.Sqrt(points[i].ToArray().Sum(v => v * v)));
        // Tolerance: the widest training row is scaled to norm 1 up to rounding (a few ulps).
        Assert.InRange(widest, 1 - 1e-12, 1 + 1e-12);
    }

    [Fact]
    public void Model_file_round_trip_is_bit_exact_on_predictions()
    {
        var (x, y) = Data(200, 4, 3);
        var model = ReliableRelu.Fit(x, y, Quick with { Scale = ScaleKind.Standardize, Bias = true });
        string path = Path.Combine(_directory, "model.json");
        model.Save(path);
        var loaded = ReliableReluModel.Load(path);
        var (probe, _) = Data(100, 4, 4);
        Assert.Equal(model.Predict(probe), loaded.Predict(probe));
        Assert.Equal(model.Report.Degree, loaded.Report.Degree);
        Assert.Equal(model.Embedding, loaded.Embedding);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void Truncated_corrupted_wrong_version_and_edited_files_are_refused_with_a_clear_error()
    {
        var (x, y) = Data(120, 3, 5);
        var model = ReliableRelu.Fit(x, y, Quick);
        string path = Path.Combine(_directory, "model.json");
        model.Save(path);
        string text = File.ReadAllText(path);

        File.WriteAllText(path, text[..(text.Length / 2)]);
        Assert.Contains("truncated or corrupted", Assert.Throws<ModelFormatException>(() => ReliableReluModel.Load(path)).Message);

        File.WriteAllText(path, text.Replace($"\"format_version\": {ModelCodec.ModelFormatVersion}", "\"format_version\": 7"));
        Assert.Contains("format version 7 is not supported", Assert.Throws<ModelFormatException>(() => ReliableReluModel.Load(path)).Message);

        int at = text.IndexOf("\"coefficients\": [", StringComparison.Ordinal) + "\"coefficients\": [".Length;
        int end = text.IndexOfAny([',', ']'], at);
        File.WriteAllText(path, text[..at] + "\n    0.123456" + text[end..]);
        Assert.Contains("checksum", Assert.Throws<ModelFormatException>(() => ReliableReluModel.Load(path)).Message);

        File.WriteAllText(path, text.Replace("\"kind\": \"multinomial\"", "\"kind\": \"gaussian\""));
        Assert.IsType<ModelFormatException>(Record.Exception(() => ReliableReluModel.Load(path)));
    }

    [Fact]
    public void A_failed_save_leaves_the_previous_file_untouched_and_no_temporary_file()
    {
        string path = Path.Combine(_directory, "keep.json");
        File.WriteAllText(path, "previous");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s => { s.WriteByte(1); throw new InvalidOperationException("boom"); }));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void Calibration_with_too_few_zero_labels_is_refused_naming_the_number_needed()
    {
        var (x, y) = Data(60, 3, 6);
        var e = Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(x, y, Quick with { Calibrate = true, Epsilon = 0.01, Delta = 0.01 }));
        Assert.Contains($"at least {NeymanPearson.RequiredCount(0.01, 0.01)} zero-labelled rows", e.Message);
    }

    [Fact]
    public void Cancellation_stops_the_fit()
    {
        var (x, y) = Data(300, 4, 7);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ReliableRelu.Fit(x, y, Quick, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Progress_reports_every_phase_in_order()
    {
        var (x, y) = Data(800, 4, 8);
        var phases = new List<LearnerProgress>();
        ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Calibrate = true }, progress: new Recorder(phases));
        Assert.Equal(LearnerPhase.Gram, phases[0].Phase);
        Assert.Contains(phases, p => p.Phase == LearnerPhase.Solve);
        Assert.Contains(phases, p => p.Phase == LearnerPhase.Calibrate);
        Assert.Equal(LearnerPhase.Done, phases[^1].Phase);
        Assert.True(phases.Select(p => p.Step).SequenceEqual(phases.Select(p => p.Step).Order()), "steps never go back");
    }

    [Fact]
    public void A_cross_validated_fit_reports_the_rows_its_selection_ran_on_and_honours_a_requested_size()
    {
        var (x, y) = Data(400, 4, 3);
        var options = new ReliableReluOptions { Kernel = KernelKind.Gaussian, Gamma = 1, Weight = 4, ZeroPenalty = 1, Calibrate = false, Folds = 3 };
        var all = ReliableRelu.Fit(x, y, options).Report;
        Assert.Equal((all.Parts[0], all.Parts[0], 3, 1, false), (all.Selection!.Rows, all.Selection.FitRows, all.Selection.Folds, all.Selection.Candidates, all.Selection.SizedByCost));
        var phases = new List<LearnerProgress>();
        var some = ReliableRelu.Fit(x, y, options with { SelectionRows = 90 }, new Recorder(phases)).Report;
        // the refit on every fit row builds its own kernel matrix, reported as a Gram phase (so the facade's timing charges it there)
        Assert.Contains(phases, p => p.Phase == LearnerPhase.Gram && p.Detail.StartsWith("refit: kernel on ", StringComparison.Ordinal));
        Assert.Equal((90, some.Parts[0]), (some.Selection!.Rows, some.Selection.FitRows));
        Assert.StartsWith("3-fold cross-validation of 1 candidates (3 solves) on 90 of the ", some.Selection.Describe());
        Assert.Contains("\"selection\"", some.ToJson());
        Assert.Equal("SelectionRows", Assert.Throws<ArgumentOutOfRangeException>(() => ReliableRelu.Fit(x, y, options with { SelectionRows = 1 })).ParamName);
        // a fit without cross-validation has no selection plan
        Assert.Null(ReliableRelu.Fit(x, y, Quick).Report.Selection);
    }

    [Fact]
    public void Theory_parameters_are_the_certified_table_entry_for_tau_c()
    {
        var (x, y) = Data(150, 3, 9);
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, TheoryParameters = true });
        var entry = Core.Approximation.ApproximationTable.SmallestDegree(new Core.Approximation.TargetFunction.Relu(), 0.1 / 8).Certificate!;
        Assert.Equal(entry.Degree, model.Report.Degree);
        Assert.Equal(entry.Weight, model.Report.Weight);
        Assert.Equal(entry.Degree, model.Report.Guarantee.TheoryDegree);
    }

    private sealed class Recorder(List<LearnerProgress> into) : IProgress<LearnerProgress>
    {
        public void Report(LearnerProgress value) => into.Add(value);
    }
}
