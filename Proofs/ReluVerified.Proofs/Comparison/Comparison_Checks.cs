using System.Text.Json;
using System.Xml.Linq;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Proofs.Learning;
using Xunit;

namespace ReluVerified.Proofs.Comparison;

/// <summary>
/// The comparison harness (Facade/ReluVerified.Comparison; docs/comparison.md): the ML.NET tree baselines are
/// deterministic for a seed and their Neyman-Pearson threshold holds the conditional false-positive rate on fresh data,
/// the hurdle predicts 0 exactly where its classifier is below tau, <c>relu compare --splits 2 --trade-off --json</c>
/// writes a picture and JSON with both false-positive rates and monotone curves, and the shipped package stays free of
/// Microsoft.ML.
/// </summary>
public class Comparison_Checks : IDisposable
{
    private const double Epsilon = 0.1, Delta = 0.05;

    /// <summary>Small settings keep the checks fast; the rules under test do not depend on the ensemble size.</summary>
    private static readonly TreeBaselineOptions Small = new() { Trees = 40, Epsilon = Epsilon, Delta = Delta, Seed = 5 };

    private readonly string _directory = Directory.CreateTempSubdirectory("relu-comparison-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// A planted zero-inflated problem: x uniform in [-1,1]^3, y = clip_[0,1](max(0, w.x + noise)) with noise N(0, 0.05^2),
    /// and one positive label in five set to 0 (zeros the features cannot tell from positives, as on real data).
    /// </summary>
    private static (Matrix X, double[] Y) Planted(int count, int seed)
    {
        var rng = new Random(seed);
        double[] w = [0.7, -0.5, 0.3];
        var data = new double[count * 3];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            double dot = 0;
            for (int j = 0; j < 3; j++) { data[i * 3 + j] = 2 * rng.NextDouble() - 1; dot += w[j] * data[i * 3 + j]; }
            double noise = 0.05 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            y[i] = rng.NextDouble() < 0.2 ? 0 : Math.Clamp(Math.Max(0, dot + noise), 0, 1);
        }
        return (Matrix.Create(count, 3, data), y);
    }

    /// <summary>
    /// The empirical conditional false-positive rate on fresh zero-labelled rows, and its allowance: the calibration bounds
    /// the TRUE rate by eps (with probability 1 - delta over the held-out draw); the empirical rate over n0 fresh zero rows
    /// then exceeds eps by more than three binomial standard deviations, 3 sqrt(eps (1 - eps) / n0), with probability
    /// below 0.2%. The seeds are fixed, so the check is deterministic; the slack says why it is expected to hold.
    /// </summary>
    private static (double Rate, double Allowed) FreshFalsePositives(double[] h, double[] y)
    {
        int zeros = y.Count(v => v == 0);
        int falsePositives = Enumerable.Range(0, y.Length).Count(i => y[i] == 0 && h[i] != 0);
        return ((double)falsePositives / zeros, Epsilon + 3 * Math.Sqrt(Epsilon * (1 - Epsilon) / zeros));
    }

    [Fact]
    public void Tree_baselines_are_deterministic_for_a_seed_and_meet_eps_on_fresh_data()
    {
        var (x, y) = Planted(1000, 1);
        var (fresh, freshY) = Planted(4000, 2);
        foreach (var kind in Enum.GetValues<TreeEnsembleKind>())
        {
            if (TreeBaseline.Unavailable(kind) is string problem)
            {
                Assert.Equal(TreeEnsembleKind.LightGbm, kind); // only LightGBM depends on a native library that may be missing
                Assert.Contains("lib_lightgbm", problem);
                continue;
            }
            var model = TreeBaseline.Fit(kind, x, y, Small);
            var again = TreeBaseline.Fit(kind, x, y, Small);
            Assert.True(model.Calibration.Succeeded, model.Calibration.Explain());
            Assert.Equal(model.Threshold, again.Threshold);
            var h = model.Predict(fresh);
            Assert.Equal(h, again.Predict(fresh));
            var (rate, allowed) = FreshFalsePositives(h, freshY);
            Assert.True(rate <= allowed, $"{model.Method}: conditional false-positive rate {rate} on fresh data exceeds eps + slack = {allowed}");
            Assert.Contains(h, v => v > 0); // the threshold did not simply switch everything off
        }
    }

    [Fact]
    public void Hurdle_predicts_zero_exactly_where_the_classifier_is_below_tau()
    {
        var (x, y) = Planted(1000, 3);
        var (fresh, freshY) = Planted(3000, 4);
        var model = HurdleBaseline.Fit(x, y, Small);
        Assert.True(model.Calibration.Succeeded, model.Calibration.Explain());
        var p = model.Probabilities(fresh);
        var g = model.Magnitudes(fresh);
        var h = model.Predict(fresh);
        Assert.Contains(p, v => v < model.Threshold);
        Assert.Contains(p, v => v >= model.Threshold);
        for (int i = 0; i < h.Length; i++)
        {
            if (p[i] < model.Threshold) Assert.Equal(0.0, h[i]);
            else
            {
                Assert.Equal(Math.Clamp(g[i], 0, 1), h[i]);
                Assert.True(h[i] > 0, $"row {i}: p = {p[i]} >= tau = {model.Threshold} but g = {g[i]} (the regressor was fitted on positive labels only)");
            }
        }
        var (rate, allowed) = FreshFalsePositives(h, freshY);
        Assert.True(rate <= allowed, $"hurdle-np: conditional false-positive rate {rate} on fresh data exceeds eps + slack = {allowed}");
    }

    [Fact]
    public void Relu_compare_with_splits_writes_the_trade_off_picture_and_json_with_both_rates_and_monotone_curves()
    {
        string picture = Path.Combine(_directory, "x.png");
        var run = Cli.ReluProcess.Run("compare", "--scenario", "reliable-agnostic", "--count", "300", "--dimension", "3", "--seed", "2",
            "--splits", "2", "--trade-off", picture, "--out", _directory, "--json",
            // one method of each kind of output (kernel with a threshold, single index, tree, hurdle, the learner) keeps it fast
            "--methods", "glmtron,krr-np,fasttree-np,hurdle-np,reliable");
        Assert.True(run.Exit == 0, run.Err);
        var png = File.ReadAllBytes(picture);
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "x.png missing or not a PNG");
        Assert.True(File.Exists(Path.Combine(_directory, "comparison.json")));

        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        var options = root.GetProperty("parameters").GetProperty("options");
        Assert.Equal(2, options.GetProperty("splits").GetInt32());
        Assert.Equal(0.1, options.GetProperty("epsilon").GetDouble());
        var methods = root.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("method").GetString()!).ToArray();
        Assert.Equal(["glmtron", "krr-np", "fasttree-np", "hurdle-np", "reliable"], methods);
        foreach (var m in root.GetProperty("methods").EnumerateArray())
            foreach (var field in new[] { "conditional_false_positive_rate", "joint_false_positive_rate", "positive_loss", "fit_ms" })
            {
                var spread = m.GetProperty(field);
                Assert.True(spread.GetProperty("mean").ValueKind == JsonValueKind.Number && spread.GetProperty("count").GetInt32() == 2,
                    $"{m.GetProperty("method")} lacks the mean over 2 splits of '{field}'");
            }

        // Per split, thresholds rise with the level and both false-positive rates never rise; the averaged curves too.
        var splits = root.GetProperty("splits").EnumerateArray().ToArray();
        Assert.Equal(2, splits.Length);
        var curves = splits.SelectMany(s => s.GetProperty("curves").EnumerateArray()).Concat(root.GetProperty("curves").EnumerateArray()).ToArray();
        Assert.Equal(3 * methods.Length, curves.Length);
        foreach (var curve in curves)
        {
            var points = curve.GetProperty("points").EnumerateArray().ToArray();
            Assert.Equal(41, points.Length);
            for (int j = 1; j < points.Length; j++)
            {
                string at = $"{curve.GetProperty("method")} point {j}";
                Assert.True(points[j].GetProperty("level").GetDouble() > points[j - 1].GetProperty("level").GetDouble(), at);
                if (points[j].GetProperty("threshold").ValueKind == JsonValueKind.Number && points[j - 1].GetProperty("threshold").ValueKind == JsonValueKind.Number)
                    Assert.True(points[j].GetProperty("threshold").GetDouble() >= points[j - 1].GetProperty("threshold").GetDouble(), at);
                foreach (var rate in new[] { "conditional_false_positive_rate", "joint_false_positive_rate" })
                    Assert.True(points[j].GetProperty(rate).GetDouble() <= points[j - 1].GetProperty(rate).GetDouble() + 1e-12, $"{at}: {rate} rose"); // 1e-12: rounding of the average over splits
            }
            Assert.Equal(0.0, points[^1].GetProperty("conditional_false_positive_rate").GetDouble()); // level 1 switches nothing on
            Assert.True(curve.GetProperty("operating_point").TryGetProperty("conditional_false_positive_rate", out _));
        }
    }

    [Fact]
    public void The_shipped_package_does_not_depend_on_Microsoft_ML()
    {
        // The package's project and Core (packed inside it) reference no ML.NET package and not the comparison project.
        foreach (var project in new[] { RepositoryPaths.File("Facade", "ReluVerified", "ReluVerified.csproj"), RepositoryPaths.File("Core", "ReluVerified.Core", "ReluVerified.Core.csproj") })
        {
            var references = XDocument.Load(project).Descendants().Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference")
                .Select(e => (string?)e.Attribute("Include") ?? "").ToArray();
            Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase) || r.Contains("Comparison", StringComparison.Ordinal));
        }
        // Nor does anything the built assemblies load.
        foreach (var assembly in new[] { typeof(ReliableRelu).Assembly, typeof(Core.Learning.NeymanPearson).Assembly })
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.ML", StringComparison.Ordinal) || a.Name == "ReluVerified.Comparison");
        // And the restored dependency graph of the package project holds no ML.NET package, even transitively.
        string assets = RepositoryPaths.File("Facade", "ReluVerified", "obj", "project.assets.json");
        if (File.Exists(assets))
        {
            using var graph = JsonDocument.Parse(File.ReadAllText(assets));
            Assert.DoesNotContain(graph.RootElement.GetProperty("libraries").EnumerateObject(), l => l.Name.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase));
        }
    }
}
