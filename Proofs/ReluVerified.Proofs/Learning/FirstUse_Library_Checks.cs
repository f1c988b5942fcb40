using ReluVerified.Core.Learning;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// The library's side of a new user's first fits: the model file's checksum covers the feature names (files of format
/// version 1, whose checksum did not, still load), the label name is stored, degenerate data is warned about (the command
/// line refuses it: Cli/FirstUse_Cli_Checks.cs),
/// and the Neyman-Pearson calibration counts every held-out zero-labelled row and warns when rows repeat.
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
    public void Repeated_zero_labelled_calibration_rows_are_counted_and_warned_about()
    {
        // 3 distinct zero-labelled rows, each written 100 times, and 60 positive rows: every row counts in the calibration
        // (the bound assumes i.i.d. rows, which repeated draws from a distribution with atoms are), and the report warns
        // that most held-out zero-labelled rows repeat another, since copies of one record are not independent draws
        var positive = Data(200, seed: 5);
        var x = new List<double[]>();
        var y = new List<double>();
        for (int i = 0; i < positive.X.Rows && x.Count < 60; i++)
            if (positive.Y[i] > 0) { x.Add([positive.X[i, 0], positive.X[i, 1]]); y.Add(positive.Y[i]); }
        for (int copy = 0; copy < 100; copy++)
            foreach (var row in new[] { new[] { -0.5, -0.25 }, [-0.75, 0.1], [0.1, -0.6] }) { x.Add(row); y.Add(0); }
        var data = TrainingData.FromRows([.. x], [.. y]);
        var report = ReliableRelu.Fit(data, Quick with { Calibrate = true }).Report;
        var calibration = report.Calibration!;
        Assert.True(calibration.Succeeded);
        Assert.InRange(calibration.DistinctZeroCount!.Value, 1, 3);
        Assert.True(calibration.ZeroCount > 3 * calibration.DistinctZeroCount);
        Assert.Contains(report.Warnings, w => w.Contains("repeat another row", StringComparison.Ordinal));
        // without repeats there is no such warning
        var distinct = ReliableRelu.Fit(TrainingData.FromRows([.. Enumerable.Range(0, 400).Select(i => new[] { Math.Cos(i), Math.Sin(0.7 * i) * 0.9 })],
            [.. Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 0.0 : 0.3 + 0.001 * i)]), Quick with { Calibrate = true }).Report;
        Assert.DoesNotContain(distinct.Warnings, w => w.Contains("repeat another row", StringComparison.Ordinal));
    }

    [Fact]
    public void The_calibration_says_how_many_rows_are_distinct_and_never_prints_the_smallest_double()
    {
        var repeated = new ThresholdCalibration(true, double.Epsilon, 1, 30, 29, 0.04, 0.1, 0.05, DistinctZeroCount: 3);
        Assert.Contains("(3 distinct rows)", repeated.Explain());
        Assert.StartsWith("27 of the 30 held-out zero-labelled rows repeat another row (3 distinct)", repeated.RepeatedRowsWarning());
        Assert.DoesNotContain("E-324", repeated.Explain());
        Assert.Equal("27 of the 30 held-out zero-labelled rows repeat another row (3 distinct): the calibration's bound treats every row "
            + "as an independent draw; if repeated rows are copies of one record rather than separate draws, remove the copies and fit again.",
            repeated.RepeatedRowsWarning());
        Assert.Equal("tau = the smallest double above 0 (that score is 0: h != 0 exactly where f(x) > 0) is the 1-th smallest of 30 held-out "
            + "zero-labelled scores (3 distinct rows): P(conditional false-positive rate P(h != 0 | y = 0) > 0.1) <= 0.04 <= delta = 0.05.", repeated.Explain());
        var plain = new ThresholdCalibration(true, 0.25, 1, 30, 29, 0.04, 0.1, 0.05, DistinctZeroCount: 30);
        Assert.Null(plain.RepeatedRowsWarning());
        Assert.Equal("tau = 0.25 is the 1-th smallest of 30 held-out zero-labelled scores: P(conditional false-positive rate P(h != 0 | y = 0) > 0.1) "
            + "<= 0.04 <= delta = 0.05.", plain.Explain());
        Assert.Null((plain with { DistinctZeroCount = null }).RepeatedRowsWarning());
        // tau prints with 6 significant digits
        Assert.StartsWith("tau = 0.123457 is the 1-th smallest", (plain with { Threshold = 0.123456789 }).Explain());
        var refused = new ThresholdCalibration(false, double.NaN, 0, 12, 29, 1.0, 0.1, 0.05);
        Assert.Equal("calibration needs at least 29 held-out zero-labelled rows for eps = 0.1, delta = 0.05, but only 12 are available; collect more "
            + "zero-labelled data, raise eps or delta, or fit without calibration.", refused.Explain());
    }

    [Fact]
    public void Counting_distinct_rows_takes_each_row_at_its_first_occurrence_and_refuses_null_arguments()
    {
        var points = Core.Geometry.PointSet.FromRows([[0.5, 0.0], [0.0, 0.5], [0.5, 0.0], [0.0, 0.5], [0.25, 0.25]], Core.Geometry.PointDomain.Ball, "points");
        Assert.Equal([1, 2, 4], NeymanPearson.DistinctRows(points, [1, 2, 0, 3, 4]));
        Assert.Throws<ArgumentNullException>(() => NeymanPearson.DistinctRows(null!, [0]));
        Assert.Throws<ArgumentNullException>(() => NeymanPearson.DistinctRows(points, null!));
    }
}
