using System.Globalization;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// Model files written before the option enums and the shared codec (Learning/Fixtures: a reliable Gaussian low-rank fit
/// with kmeans++ landmarks and the Huber loss, a max-affine fit with a nested multinomial kernel, a krr-np baseline and an
/// Alphatron baseline over the linear kernel, each with the predictions it made when written) still load, predict the
/// same bits, and are written back byte for byte as they were read, apart from the library version line.
/// </summary>
public class ModelFile_Fixture_Checks
{
    private static string Fixture(string name) => RepositoryPaths.File("Proofs", "ReluVerified.Proofs", "Learning", "Fixtures", name);

    private static double[] Expected(string name) => [.. File.ReadAllLines(Fixture(name)).Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];

    private static string WithoutLibraryVersion(string text)
        => string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("\"library_version\"", StringComparison.Ordinal)));

    [Theory]
    [InlineData("model-v1-reliable")]
    [InlineData("model-v1-max-affine")]
    [InlineData("baseline-v1-krr-np")]
    [InlineData("baseline-v1-alphatron-linear")]
    public void A_file_written_before_loads_predicts_the_same_bits_and_is_written_back_unchanged(string name)
    {
        var table = CsvTable.Read(Fixture("v1-data.csv"));
        var model = ModelCodec.Load(Fixture($"{name}.json"));
        Assert.Equal(name.StartsWith("baseline", StringComparison.Ordinal), model is BaselineModel);
        Assert.Equal(Expected($"{name}-predictions.csv"), model.Predict(table.Features));
        string path = Path.Combine(Path.GetTempPath(), $"relu-fixture-{Guid.NewGuid():N}.json");
        try
        {
            model.Save(path);
            Assert.Equal(WithoutLibraryVersion(File.ReadAllText(Fixture($"{name}.json"))), WithoutLibraryVersion(File.ReadAllText(path)));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_typed_options_and_report_fields_read_the_old_text()
    {
        var reliable = ReliableReluModel.Load(Fixture("model-v1-reliable.json"));
        Assert.Equal(KernelKind.Gaussian, reliable.Options.Kernel);
        Assert.Equal(ScaleKind.Standardize, reliable.Options.Scale);
        Assert.Equal(LandmarkKind.KMeansPlusPlus, reliable.Options.Landmarks);
        Assert.Equal(LossKind.Huber, reliable.Options.Loss);
        Assert.Equal(ReluTask.Reliable, reliable.Report.Task);
        Assert.Equal(new Core.Losses.Loss.Huber(0.1), reliable.Report.Loss);
        Assert.Equal(FitExit.Converged, reliable.Report.Exit);
        var baseline = BaselineModel.Load(Fixture("baseline-v1-krr-np.json"));
        Assert.Equal(ScaleKind.Standardize, baseline.Options.Scale);
    }

    [Fact]
    public void An_unknown_option_text_is_refused_naming_it_and_the_allowed_ones()
    {
        string text = File.ReadAllText(Fixture("model-v1-reliable.json")).Replace("\"scale\": \"standardize\"", "\"scale\": \"unit\"", StringComparison.Ordinal);
        string path = Path.Combine(Path.GetTempPath(), $"relu-fixture-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, text);
            var e = Assert.Throws<ModelFormatException>(() => ModelCodec.Load(path));
            Assert.Contains("'unit'", e.Message);
            Assert.Contains("none, max-norm, standardize", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Every_enum_is_written_as_the_name_the_command_line_parses()
    {
        foreach (var task in Enum.GetValues<ReluTask>())
            Assert.Equal($"\"{ReliableRelu.TaskName(task)}\"", System.Text.Json.JsonSerializer.Serialize(task, ModelCodec.Json));
        foreach (var scale in Enum.GetValues<ScaleKind>())
            Assert.Equal(scale, OptionNames.ParseScale(System.Text.Json.JsonSerializer.Deserialize<string>(System.Text.Json.JsonSerializer.Serialize(scale, ModelCodec.Json))!));
        foreach (var landmarks in Enum.GetValues<LandmarkKind>())
            Assert.Equal(landmarks, OptionNames.ParseLandmarks(System.Text.Json.JsonSerializer.Deserialize<string>(System.Text.Json.JsonSerializer.Serialize(landmarks, ModelCodec.Json))!));
        foreach (var kernel in Enum.GetValues<KernelKind>())
            Assert.Equal(kernel, OptionNames.ParseKernel(System.Text.Json.JsonSerializer.Deserialize<string>(System.Text.Json.JsonSerializer.Serialize(kernel, ModelCodec.Json))!));
        foreach (var loss in Enum.GetValues<LossKind>())
            Assert.Equal(loss, OptionNames.ParseLoss(System.Text.Json.JsonSerializer.Deserialize<string>(System.Text.Json.JsonSerializer.Serialize(loss, ModelCodec.Json))!));
        Assert.Contains("kmeans++, leverage", Assert.Throws<ArgumentException>(() => OptionNames.ParseLandmarks("kmeans")).Message);
    }

    [Theory]
    [InlineData("model-v1-reliable")]
    [InlineData("baseline-v1-alphatron-linear")]
    public void A_file_of_another_format_version_is_refused_naming_its_version_and_the_supported_one(string name)
    {
        string text = File.ReadAllText(Fixture($"{name}.json")).Replace("\"format_version\": 1,", "\"format_version\": 7,", StringComparison.Ordinal);
        string path = Path.Combine(Path.GetTempPath(), $"relu-fixture-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, text);
            var e = Assert.Throws<ModelFormatException>(() => FittedModel.Load(path));
            Assert.Contains("format version 7", e.Message);
            Assert.Contains("reads version 1", e.Message);
            Assert.Contains("expected 'reluverified-baseline'", Assert.Throws<ModelFormatException>(() => BaselineModel.Load(Fixture("model-v1-reliable.json"))).Message);
            Assert.Contains("expected 'reluverified-model'", Assert.Throws<ModelFormatException>(() => ReliableReluModel.Load(Fixture("baseline-v1-krr-np.json"))).Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Both_kinds_write_the_linear_kernel_with_degree_1()
    {
        var text = File.ReadAllText(Fixture("baseline-v1-alphatron-linear.json"));
        Assert.Contains("\"kind\": \"linear\",\n      \"degree\": 1,", text.ReplaceLineEndings("\n"));
        Assert.Equal(1, KernelDocument.From(new Core.Kernels.Kernel.Linear()).Degree);
        Assert.IsType<Core.Kernels.Kernel.Linear>(new KernelDocument { Kind = "linear", Degree = 0 }.ToKernel());
    }
}
