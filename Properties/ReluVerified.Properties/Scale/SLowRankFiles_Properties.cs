using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Properties.Scale;

/// <summary>
/// S-lowrank on files: the streaming fit (three passes, never holding the rows) gives the in-memory low-rank fit's model,
/// and Parquet and CSV files of the same data give the same model.
/// </summary>
[Properties(Arbitrary = new[] { typeof(FileArbitraries) })]
public sealed class SLowRankFiles_Properties : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-scale-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static double[][] Probe(FileCase c)
    {
        var (x, _) = c.Data(stream: 2);
        return [.. Enumerable.Range(0, x.Rows).Select(i => x.Row(i).ToArray())];
    }

    [Property(MaxTest = 15)]
    public Property Streaming_fit_equals_the_in_memory_fit_on_the_same_file(FileCase c)
    {
        var (x, y) = c.Data();
        string path = Path.Combine(_directory, $"train-{Guid.NewGuid():N}.csv");
        FileCase.WriteCsv(path, x, y);
        var table = CsvTable.Read(path);
        var memory = ReliableRelu.Fit(new TrainingData(table.Features, [.. table.Labels]) { FeatureNames = [.. table.FeatureNames] }, c.Options());
        var streamed = StreamingFit.Fit(path, c.Options());
        var hm = ((Predictor.KernelExpansion)memory.Predictor).Hypothesis;
        var hs = ((Predictor.KernelExpansion)streamed.Predictor).Hypothesis;
        var probe = Probe(c);
        var pm = memory.Predict(probe);
        var ps = streamed.Predict(probe);
        var sm = hm.Scores(memory.Embedding.Apply(Core.LinearAlgebra.Matrix.Create(probe.Length, c.Dimension, probe.SelectMany(r => r).ToArray())));
        var ss = hs.Scores(streamed.Embedding.Apply(Core.LinearAlgebra.Matrix.Create(probe.Length, c.Dimension, probe.SelectMany(r => r).ToArray())));
        double scoreDiff = sm.Zip(ss, (a, b) => Math.Abs(a - b)).Max();
        int predictionFlips = pm.Zip(ps, (a, b) => Math.Abs(a - b) > TestTolerances.StreamRounding ? 1 : 0).Sum();
        bool sameLandmarks = hm.Support.Equals(hs.Support) && memory.Embedding.Equals(streamed.Embedding);
        var lm = memory.Report.LowRank!;
        var ls = streamed.Report.LowRank!;
        // residual traces are sums over the same rows in another order (TestTolerances.ResidualTraceRelative)
        return (sameLandmarks && scoreDiff <= TestTolerances.StreamRounding && predictionFlips == 0 && lm.Rank == ls.Rank
                && Math.Abs(lm.ResidualTrace - ls.ResidualTrace) <= TestTolerances.ResidualTraceRelative * Math.Max(1, lm.KernelTrace))
            .Label($"same landmarks {sameLandmarks}, max score difference {scoreDiff:E2}, predictions moved {predictionFlips}, residuals {lm.ResidualTrace:R} / {ls.ResidualTrace:R}");
    }

    [Property(MaxTest = 10)]
    public Property Parquet_and_csv_of_the_same_data_give_the_same_model(FileCase c)
    {
        var (x, y) = c.Data();
        string csv = Path.Combine(_directory, $"train-{Guid.NewGuid():N}.csv");
        string parquet = Path.ChangeExtension(csv, ".parquet");
        FileCase.WriteCsv(csv, x, y);
        ParquetTable.Write(parquet, [.. Enumerable.Range(0, c.Dimension).Select(j => $"x{j}")], x, y, rowGroupSize: 1 + c.Seed % 97);
        var a = CsvTable.Read(csv);
        var b = CsvTable.Read(parquet);
        var ma = ReliableRelu.Fit(new TrainingData(a.Features, [.. a.Labels]) { FeatureNames = [.. a.FeatureNames] }, c.Options());
        var mb = ReliableRelu.Fit(new TrainingData(b.Features, [.. b.Labels]) { FeatureNames = [.. b.FeatureNames] }, c.Options());
        var probe = Probe(c);
        bool sameTables = a.Features.Equals(b.Features) && a.Labels.SequenceEqual(b.Labels) && a.FeatureNames.SequenceEqual(b.FeatureNames);
        bool samePredictions = ma.Predict(probe).SequenceEqual(mb.Predict(probe));
        bool sameHypothesis = ((Predictor.KernelExpansion)ma.Predictor).Hypothesis.Equals(((Predictor.KernelExpansion)mb.Predictor).Hypothesis);
        return (sameTables && samePredictions && sameHypothesis).Label($"tables {sameTables}, predictions {samePredictions}, hypothesis {sameHypothesis}");
    }
}
