// The ML.NET sample of docs/mlnet.md: load a CSV, normalise, fit the reliable ReLU learner (T2.1), evaluate, save,
// load, and check that the loaded pipeline predicts the same bits. Run: dotnet run --project samples/ReluVerified.ML.Sample
using Microsoft.ML;
using Microsoft.ML.Data;
using ReluVerified;
using ReluVerified.ML;

var mlContext = new MLContext(seed: 0);
mlContext.Log += (_, e) =>
{
    // the fit's phases and its guarantee (each interior-point iteration is logged too; this sample skips those)
    if (e.Source == "ReliableRelu" && e.Kind >= Microsoft.ML.Runtime.ChannelMessageKind.Info && !e.RawMessage.Contains("iteration"))
        Console.WriteLine($"  log: {e.RawMessage}");
};

// data.csv: x0, x1, x2 and a label in [0, 1] that is 0 on about half the rows (make_data.py wrote it)
var data = mlContext.Data.LoadFromTextFile(Path.Combine(AppContext.BaseDirectory, "data.csv"),
    [new TextLoader.Column("Features", DataKind.Single, 0, 2), new TextLoader.Column("Label", DataKind.Single, 3)],
    separatorChar: ',', hasHeader: true);
var split = mlContext.Data.TrainTestSplit(data, testFraction: 0.3, seed: 0);

var options = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 16, Bias = true, Epsilon = 0.1 };
var pipeline = mlContext.Transforms.NormalizeMinMax("Features")
    .Append(mlContext.Regression.Trainers.ReliableRelu(options, log: mlContext));

Console.WriteLine("fit:");
var model = pipeline.Fit(split.TrainSet);
var relu = model.LastTransformer;
Console.WriteLine($"  degree {relu.Report.Degree}, weight {relu.Report.Weight}, threshold {relu.Report.Threshold}, exit {relu.Report.Exit}");
Console.WriteLine($"  guarantee: {relu.Report.Guarantee.Statement}");

var scored = model.Transform(split.TestSet);
var regression = mlContext.Regression.Evaluate(scored);
var reliable = ReliableReluMetrics.Evaluate(scored);
Console.WriteLine("test figures:");
Console.WriteLine($"  ML.NET: RMSE {regression.RootMeanSquaredError:F4}, MAE {regression.MeanAbsoluteError:F4}");
Console.WriteLine($"  false positives: joint {reliable.FalsePositiveRate:F4}, conditional {reliable.ConditionalFalsePositiveRate:F4}; positive loss {reliable.PositiveLoss:F4}, loss {reliable.Loss:F4}");

var path = Path.Combine(Path.GetTempPath(), "reluverified-mlnet-sample.zip");
ReluVerifiedModelIO.Save(mlContext, model, data.Schema, path);
var loaded = ReluVerifiedModelIO.Load(mlContext, path, out _);
var before = scored.GetColumn<float>("Score").ToArray();
var after = loaded.Transform(split.TestSet).GetColumn<float>("Score").ToArray();
bool same = before.Length == after.Length && before.Zip(after).All(p => BitConverter.SingleToInt32Bits(p.First) == BitConverter.SingleToInt32Bits(p.Second));
Console.WriteLine($"saved to {path}, loaded: {(same ? "same predictions, bit for bit" : "PREDICTIONS DIFFER")} on {after.Length} test rows");
File.Delete(path);
return same ? 0 : 1;
