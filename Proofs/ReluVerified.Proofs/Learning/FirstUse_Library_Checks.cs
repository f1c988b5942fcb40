using ReluVerified.Core.Learning;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// The library's side of a new user's first fits: the model file's checksum covers the feature names (files of format
/// version 1, whose checksum did not, still load), the label name is stored, degenerate data is warned about (the command
/// line refuses it: Cli/FirstUse_Cli_Checks.cs),
/// and the Neyman-Pearson calibration counts each distinct zero-labelled row once.
/// </summary>
public class FirstUse_Library_Checks
{
    private static TrainingData Data(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var x = new double[rows][];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = [random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1];
            y[i] = Math.Max(0, x[i][0] + x[i][1]) / 2;
        }
        return TrainingData.FromRows(x, y);
    }

    private static readonly ReliableReluOptions Quick = new() { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8 };

    private static string Temporary() => Path.Combine(Path.GetTempPath(), $"relu-first-{Guid.NewGuid():N}.json");

    [Fact]
    public void The_checksum_covers_the_feature_names_and_the_label_name_is_stored()
    {
        var model = ReliableRelu.Fit(Data(60) with { FeatureNames = ["height", "width"], LabelName = "target" }, Quick);
        string path = Temporary();
        try
        {
            model.Save(path);
            var loaded = ReliableReluModel.Load(path);
            Assert.Equal("target", loaded.LabelName);
            Assert.Equal<string>(["height", "width"], [.. loaded.FeatureNames]);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"width\"", "\"depth\"", StringComparison.Ordinal));
            var refused = Assert.Throws<ModelFormatException>(() => ReliableReluModel.Load(path));
            Assert.Contains("checksum", refused.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_version_1_file_loads_with_the_checksum_of_its_version_and_no_label_name()
    {
        var model = ReliableReluModel.Load(RepositoryPaths.File("Proofs", "ReluVerified.Proofs", "Learning", "Fixtures", "model-v1-reliable.json"));
        Assert.Null(model.LabelName);
    }

    [Fact]
    public void Too_few_rows_all_zero_labels_and_fewer_rows_than_features_are_warned_about()
    {
        Assert.Contains(ReliableRelu.Fit(Data(1), Quick).Report.Warnings, w => w.Contains("at least 10", StringComparison.Ordinal));
        var zeros = Data(30) with { Y = [.. new double[30]] };
        Assert.Contains(ReliableRelu.Fit(zeros, Quick).Report.Warnings, w => w.StartsWith("every label is 0", StringComparison.Ordinal));
        var random = new Random(2);
        var wide = TrainingData.FromRows([.. Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 20).Select(_ => random.NextDouble()).ToArray())],
            [.. Enumerable.Range(0, 12).Select(i => i % 2 * 0.5)]);
        var fit = ReliableRelu.Fit(wide, Quick);
        Assert.Contains(fit.Report.Warnings, w => w.StartsWith("12 rows for 20 feature columns", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicated_zero_labelled_rows_count_once_in_the_calibration()
    {
        // 3 distinct zero-labelled rows, each written 100 times, and 60 positive rows: the calibration part holds far fewer
        // distinct zero-labelled rows than the Neyman-Pearson rule needs at eps = 0.1, delta = 0.05 (29).
        var positive = Data(200, seed: 5);
        var x = new List<double[]>();
        var y = new List<double>();
        for (int i = 0; i < positive.X.Rows && x.Count < 60; i++)
            if (positive.Y[i] > 0) { x.Add([positive.X[i, 0], positive.X[i, 1]]); y.Add(positive.Y[i]); }
        for (int copy = 0; copy < 100; copy++)
            foreach (var row in new[] { new[] { -0.5, -0.25 }, [-0.75, 0.1], [0.1, -0.6] }) { x.Add(row); y.Add(0); }
        var data = TrainingData.FromRows([.. x], [.. y]);
        var refused = Assert.Throws<ArgumentException>(() => ReliableRelu.Fit(data, Quick with { Calibrate = true }));
        Assert.Contains("distinct", refused.Message);
        var recommended = ReliableRelu.Fit(data, Quick with { Calibrate = null });
        Assert.Null(recommended.Report.Calibration);
    }

    [Fact]
    public void The_calibration_explains_that_it_counts_distinct_rows_and_never_prints_the_smallest_double()
    {
        var calibration = new ThresholdCalibration(true, double.Epsilon, 1, 30, 29, 0.04, 0.1, 0.05);
        Assert.Contains("distinct", calibration.Explain());
        Assert.DoesNotContain("E-324", calibration.Explain());
    }
}
