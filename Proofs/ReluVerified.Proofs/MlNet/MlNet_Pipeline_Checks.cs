using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.ML;
using Xunit;

namespace ReluVerified.Proofs.MlNet;

/// <summary>
/// The ML.NET integration (Facade/ReluVerified.ML, docs/mlnet.md) on a whole pipeline, CSV file -> NormalizeMinMax ->
/// the reliable ReLU trainer (T2.1) -> evaluate -> save -> load: the Score column is ReliableReluModel.Predict on the
/// normalised features, the false-positive figures are Core's Metrics and ML.NET's squared error agrees with them, the
/// loaded pipeline predicts the same bits, and a wrongly typed column is refused with a message naming it.
/// </summary>
public class MlNet_Pipeline_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-mlnet-").FullName;
    private readonly MLContext _ml = new(seed: 0);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The theorem's recipe at one (d, B): a fit of a few hundred rows takes well under a second.</summary>
    private static readonly ReliableReluOptions Small = new() { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 16, Bias = true };

    /// <summary>
    /// 240 rows, x uniform in [-2, 3]^3 (so the normaliser has work to do), y = clip_[0,1](max(0, w.x + c) + noise on the
    /// positive rows), seed 16; written as a CSV with a header.
    /// </summary>
    private string WriteCsv()
    {
        var random = new Random(16);
        var lines = new List<string> { "a,b,c,Label" };
        for (int i = 0; i < 240; i++)
        {
            double[] x = [.. Enumerable.Range(0, 3).Select(_ => -2 + 5 * random.NextDouble())];
            double z = 0.3 * x[0] - 0.2 * x[1] + 0.1 * x[2] - 0.1;
            double y = z <= 0 ? 0 : Math.Clamp(z + 0.05 * (random.NextDouble() - 0.5), 0, 1);
            lines.Add(string.Join(",", x.Append(y).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        var path = Path.Combine(_directory, "data.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private IDataView Load(string path) => _ml.Data.LoadFromTextFile(path,
        [new TextLoader.Column("Features", DataKind.Single, 0, 2), new TextLoader.Column("Label", DataKind.Single, 3)],
        separatorChar: ',', hasHeader: true);

    private (IDataView Data, TransformerChain<ReliableReluTransformer> Model) Fit(IProgress<LearnerProgress>? progress = null)
    {
        var data = Load(WriteCsv());
        var pipeline = _ml.Transforms.NormalizeMinMax("Features").Append(_ml.Regression.Trainers.ReliableRelu(Small, log: _ml, progress: progress));
        return (data, pipeline.Fit(data));
    }

    private static float[] Scores(IDataView scored) => [.. scored.GetColumn<float>("Score")];

    [Fact]
    public void Whole_pipeline_saves_and_loads_with_the_same_predictions_bit_for_bit()
    {
        var (data, model) = Fit();
        var before = Scores(model.Transform(data));
        var path = Path.Combine(_directory, "pipeline.zip");
        ReluVerifiedModelIO.Save(_ml, model, data.Schema, path);

        var loaded = ReluVerifiedModelIO.Load(new MLContext(seed: 1), path, out var schema);
        var after = Scores(loaded.Transform(data));

        Assert.Equal(data.Schema.Select(c => (c.Name, c.Type.ToString())), schema.Select(c => (c.Name, c.Type.ToString())));
        Assert.Equal(before.Select(BitConverter.SingleToInt32Bits), after.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(before, h => h == 0);
        Assert.Contains(before, h => h > 0);
        var relu = Assert.Single(((IEnumerable<ITransformer>)loaded).OfType<ReliableReluTransformer>());
        Assert.Equal(model.LastTransformer.Report.Guarantee, relu.Report.Guarantee);
    }

    [Fact]
    public void Score_column_is_the_model_prediction_on_the_normalised_features()
    {
        var (data, model) = Fit();
        var normalised = ((IEnumerable<ITransformer>)model).First().Transform(data);
        var rows = normalised.GetColumn<float[]>("Features").ToArray();
        var x = Matrix.Create(rows.Length, 3, rows.SelectMany(r => r.Select(v => (double)v)).ToArray());
        var expected = model.LastTransformer.Model.Predict(x).Select(h => (float)h);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), Scores(model.Transform(data)).Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Evaluation_figures_are_those_of_Core_metrics()
    {
        var (data, model) = Fit();
        var scored = model.Transform(data);
        var labels = scored.GetColumn<float>("Label").Select(y => (double)y).ToArray();
        var predictions = Scores(scored).Select(h => (double)h).ToArray();
        var expected = Metrics.Of(predictions, labels, new Loss.Square());

        var figures = ReliableReluMetrics.Evaluate(scored);
        var regression = _ml.Regression.Evaluate(scored);

        Assert.Equal(expected, figures);
        Assert.True(figures.ZeroCount > 0 && figures.PositiveCount > 0);
        Assert.Equal(expected.ConditionalFalsePositiveRate, figures.ConditionalFalsePositiveRate);
        // ML.NET's mean squared error is the square loss averaged over all rows (Metrics.Loss), up to its float sums
        Assert.Equal(expected.Loss, regression.MeanSquaredError, 1e-6);
    }

    [Fact]
    public void Wrong_column_types_are_refused_with_a_clear_message()
    {
        var path = WriteCsv();
        var textLabel = _ml.Data.LoadFromTextFile(path,
            [new TextLoader.Column("Features", DataKind.Single, 0, 2), new TextLoader.Column("Label", DataKind.String, 3)], separatorChar: ',', hasHeader: true);
        var trainer = _ml.Regression.Trainers.ReliableRelu(Small);
        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(textLabel));
        Assert.Contains("the label column 'Label' is String", fit.Message, StringComparison.Ordinal);
        Assert.Contains("Single (float)", fit.Message, StringComparison.Ordinal);

        var scalarFeatures = _ml.Data.LoadFromTextFile(path,
            [new TextLoader.Column("Features", DataKind.Single, 0), new TextLoader.Column("Label", DataKind.Single, 3)], separatorChar: ',', hasHeader: true);
        var shape = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.NormalizeMinMax("Features").Append(trainer).Fit(scalarFeatures));
        Assert.Contains("the feature column 'Features' is Single", shape.Message, StringComparison.Ordinal);

        var (data, model) = Fit();
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => model.LastTransformer.Transform(_ml.Transforms.DropColumns("Features").Fit(data).Transform(data)));
        Assert.Contains("the feature column 'Features' is not in the data", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_mlnet_save_is_refused_naming_ReluVerifiedModelIO_and_progress_reaches_the_log()
    {
        var messages = new List<string>();
        _ml.Log += (_, e) => { if (e.Source == "ReliableRelu") lock (messages) messages.Add(e.RawMessage); };
        var phases = new List<LearnerPhase>();
        var (data, model) = Fit(new Recorder(phases));

        var save = Assert.ThrowsAny<Exception>(() => _ml.Model.Save(model, data.Schema, Path.Combine(_directory, "plain.zip")));
        Assert.Contains("ReluVerifiedModelIO", Flatten(save), StringComparison.Ordinal);
        Assert.Contains(messages, m => m.StartsWith("guarantee: ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Solve ", StringComparison.Ordinal));
        Assert.Contains(LearnerPhase.Solve, phases);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    private sealed class Recorder(List<LearnerPhase> phases) : IProgress<LearnerProgress>
    {
        public void Report(LearnerProgress value) => phases.Add(value.Phase);
    }
}
