using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics.Tensors;
using ReluVerified.Core;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified;

/// <summary>
/// Fits a low-rank model (S-lowrank) from a CSV or Parquet file without holding its rows in memory: memory O(m r) for the
/// factor plus O(m) for labels and hashes, never O(m n). Three sequential passes over the file:
/// <list type="number">
/// <item>statistics: the row count, label checks and the embedding (largest row norm for <see cref="ScaleKind.MaxNorm"/>);</item>
/// <item>landmarks (<see cref="StreamingNystroem"/>'s first pass): each embedded row's seeded content hash, keeping the
/// first r rows of the canonical order (<see cref="RowOrder"/>, which <see cref="DataPartition"/> uses too), the in-memory
/// learner's uniform landmarks;</item>
/// <item>factor rows (its second pass): kernel rows against the landmarks in blocks of <see cref="Nystroem.BlockRows"/>,
/// times T, each written at its row's place in the canonical order, so the program is the in-memory one row for row.</item>
/// </list>
/// This class reads the file, checks and embeds its rows, and adapts; the factor is built in Core.
/// The result equals <see cref="ReliableRelu.Fit(TrainingData, ReliableReluOptions, IProgress{LearnerProgress}, CancellationToken)"/>
/// on the same rows with the same options, up to the rounding of blocked sums. Needs one degree, one weight, a rank, uniform
/// landmarks, no calibration, and the <see cref="ScaleKind.None"/> or <see cref="ScaleKind.MaxNorm"/> embedding (standardising would need the columns in memory).
/// </summary>
public static class StreamingFit
{
    /// <summary>
    /// Fits <paramref name="path"/> (CSV, or Parquet by extension) with <paramref name="options"/>; progress per pass and per
    /// block. <paramref name="delimiter"/> is the CSV separator (null: detected from the header line).
    /// </summary>
    public static ReliableReluModel Fit(string path, ReliableReluOptions options, string labelName = "y",
        IProgress<LearnerProgress>? progress = null, char? delimiter = null, CancellationToken cancellationToken = default)
    {
        var (resolved, settings, rank) = Prepare(options);
        options = resolved;
        var (lower, upper) = ReliableRelu.LabelRange(options.Task);
        var clock = Stopwatch.StartNew();
        var stream = RowStream.Open(path, labelName, delimiter: delimiter);
        int n = stream.FeatureNames.Length;

        // pass 1: count, labels, embedding
        int m = 0;
        double largest = 0;
        foreach (var (x, y) in stream.Rows())
        {
            if ((m & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!(y >= lower && y <= upper))
                throw new ArgumentException($"{path} row {m}: label {y} is outside [{lower}, {upper}].", nameof(path));
            double norm = TensorPrimitives.Norm<double>(x);
            if (options.Scale == ScaleKind.None && norm > 1 + Tolerances.UnitNorm)
                throw new ArgumentException($"{path} row {m} has norm {norm:G6} > 1, but the embedding is ScaleKind.None: use Scale = ScaleKind.MaxNorm.", nameof(path));
            largest = Math.Max(largest, norm);
            m++;
            if ((m & 65535) == 0) progress?.Report(new LearnerProgress(LearnerPhase.Read, 1, 4, $"pass 1 (statistics): {m} rows"));
        }
        if (m == 0) throw new DataFormatException($"{path}: the header is followed by no data rows.");
        MemoryEstimate.Check(m, 0, rank, MemoryEstimate.AvailableBytes());
        Embedding embedding = options.Scale == ScaleKind.None ? new Embedding.Identity(n, options.Bias == true) : new Embedding.MaxNorm(n, largest > 0 ? largest : 1.0, options.Bias == true);
        progress?.Report(new LearnerProgress(LearnerPhase.Read, 1, 4, $"pass 1 (statistics): {m} rows"));

        // passes 2 and 3 (Core): hashes and landmarks, then factor rows in the canonical order; each call re-reads the file
        var kernel = settings.Family.For(options.Degree!.Value);
        var streamed = StreamingNystroem.Factor(kernel, () => stream.Batches(Nystroem.BlockRows).Select(batch => Embed(embedding, batch, n)), rank, options.Seed,
            ComputeBackend.Auto, progress is null ? null : new PassProgress(progress, m), cancellationToken);
        var report = KernelLearner.ReportOf(streamed.Factor, "uniform", streamed.KernelTrace, streamed.MaxResidual);
        double factorMilliseconds = clock.Elapsed.TotalMilliseconds;
        var fit = KernelLearner.FitFactor(streamed.Factor, streamed.Labels, default, settings, report, progress, cancellationToken);
        // the passes over the file count as building the kernel matrix (the factor); the rest is the solve
        double totalMilliseconds = clock.Elapsed.TotalMilliseconds;
        var timings = new FitTimings(factorMilliseconds, totalMilliseconds - factorMilliseconds, totalMilliseconds);
        return new ReliableReluModel(options, embedding, new Predictor.KernelExpansion(fit.Hypothesis), TaskReports.Kernel(options, settings, fit, embedding, timings), stream.FeatureNames);
    }

    /// <summary>
    /// The option checks of a fit that streams its rows (this class, and the cluster fit of
    /// Distributed/ReluVerified.Distributed/ClusterFit.cs): the options with the theorem recipe's values in their null fields,
    /// the learner settings and the rank, or an <see cref="ArgumentException"/> naming what a stream cannot do.
    /// </summary>
    internal static (ReliableReluOptions Options, LearnerSettings Settings, int Rank) Prepare(ReliableReluOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ReliableRelu.Validate(options);
        // a stream solves one program on the theorem's kernel: the null fields take the theorem recipe's values
        options = options with
        {
            Scale = options.Scale ?? ScaleKind.MaxNorm, Bias = options.Bias ?? false, Calibrate = options.Calibrate ?? false,
            Kernel = options.Kernel ?? KernelKind.Multinomial, Folds = options.Folds ?? 0,
        };
        if (options.Kernel != KernelKind.Multinomial || options.ZeroPenalty is double lambda && double.IsFinite(lambda))
            throw new ArgumentException("a streaming fit solves the theorem's program on the multinomial kernel: leave Kernel and ZeroPenalty unset.", nameof(options));
        if (options.Rank is not int rank) throw new ArgumentException("a streaming fit is low-rank: set Rank.", nameof(options));
        if (options.Degree is null || options.Weight is null)
            throw new ArgumentException("a streaming fit solves one program: set Degree and Weight; selection needs held-out rows in memory.", nameof(options));
        if (options.Landmarks != LandmarkKind.Uniform)
            throw new ArgumentException($"a streaming fit chooses uniform landmarks (Landmarks = LandmarkKind.{options.Landmarks} needs every row in memory).", nameof(options));
        if (options.Scale is not (ScaleKind.None or ScaleKind.MaxNorm))
            throw new ArgumentException($"a streaming fit embeds with ScaleKind.None or ScaleKind.MaxNorm (Scale = ScaleKind.{options.Scale} needs the columns in memory).", nameof(options));
        if (options.Task == ReluTask.MaxAffineLspa) throw new ArgumentException("the max-affine-lspa task has no kernel program to stream.", nameof(options));
        var settings = ReliableRelu.Settings(options);
        if (settings.Calibrates) throw new ArgumentException("a streaming fit does not calibrate tau (no held-out part): set Threshold or Calibrate = false.", nameof(options));
        return (options, settings, rank);
    }

    /// <summary>A batch of file rows, embedded, with its labels.</summary>
    private static LabelledSample Embed(Embedding embedding, IReadOnlyList<(double[] Features, double Label)> batch, int n)
    {
        var raw = new double[batch.Count * n];
        var labels = new double[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].Features.CopyTo(raw, i * n);
            labels[i] = batch[i].Label;
        }
        return new LabelledSample(embedding.Apply(Matrix.Create(batch.Count, n, raw), "x"), [.. labels]);
    }

    /// <summary>Relays the Core passes' progress as the file's passes 2 (landmarks) and 3 (factor rows), synchronously.</summary>
    private sealed class PassProgress(IProgress<LearnerProgress> target, int m) : IProgress<StreamingProgress>
    {
        public void Report(StreamingProgress value) => target.Report(value.Pass == 1
            ? new LearnerProgress(LearnerPhase.Read, 2, 4, $"pass 2 (landmarks): {value.Rows}/{m} rows")
            : new LearnerProgress(LearnerPhase.Gram, 3, 4, $"pass 3 (factor rows): {value.Rows}/{m} rows, rank {value.Rank}"));
    }
}
