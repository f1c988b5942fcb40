using System.Numerics.Tensors;
using ReluVerified.Core;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Hypotheses;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;

namespace ReluVerified.Distributed;

/// <summary>
/// The work of one shard on its rows, as functions of the shard's source and the coordinator's arguments (the grain,
/// <see cref="ShardGrain"/>, only holds their results): the three passes of Facade/ReluVerified/StreamingFit.cs restricted
/// to the shard, and scoring for predictions. Rows are embedded in blocks of <see cref="Nystroem.BlockRows"/> consecutive
/// rows of the shard, so the same source and arguments give the same bits on every silo.
/// </summary>
internal static class ShardWork
{
    /// <summary>
    /// Pass 1: the row count, the largest raw row norm and the first row the fit refuses: a label outside
    /// [<paramref name="lower"/>, <paramref name="upper"/>], or (with <paramref name="identity"/>, the embedding
    /// <see cref="ScaleKind.None"/>) a norm above 1 + <see cref="Tolerances.UnitNorm"/>. The checks are StreamingFit's.
    /// </summary>
    public static ShardStatistics Statistics(ShardSource source, bool identity, double lower, double upper, CancellationToken cancellationToken)
    {
        int count = 0;
        double largest = 0;
        foreach (var (x, y) in ShardFile.Rows(source))
        {
            if ((count & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!(y >= lower && y <= upper)) return new ShardStatistics(count, largest, new RowProblem(count, false, y));
            double norm = TensorPrimitives.Norm<double>(x);
            if (identity && norm > 1 + Tolerances.UnitNorm) return new ShardStatistics(count, largest, new RowProblem(count, true, norm));
            largest = Math.Max(largest, norm);
            count++;
        }
        return new ShardStatistics(count, largest, null);
    }

    /// <summary>
    /// Pass 2: the shard's first <paramref name="rank"/> embedded rows in the canonical order of <see cref="RowOrder"/> for
    /// <paramref name="seed"/> (hash, then content, then position), as Core/ReluVerified.Core/LowRank/StreamingNystroem.cs's
    /// first pass keeps them; positions count from the source's <see cref="ShardSource.RowOffset"/>.
    /// </summary>
    public static ShardCandidates Candidates(ShardSource source, Embedding embedding, int rank, int seed, CancellationToken cancellationToken)
    {
        var first = new PriorityQueue<Candidate, Candidate>(Comparer<Candidate>.Create((a, b) => Candidate.Compare(b, a)));
        int position = source.RowOffset, dimension = embedding.OutputDimension;
        foreach (var batch in Embedded(source, embedding))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < batch.Points.Count; i++, position++)
            {
                double h = RowOrder.Hash(batch.Points[i], batch.Labels[i], seed);
                if (first.Count == rank && RowOrder.Compare(h, batch.Points[i], batch.Labels[i], first.Peek().Hash, first.Peek().Point, first.Peek().Label) >= 0) continue;
                var candidate = new Candidate(h, batch.Points[i].ToArray(), batch.Labels[i], position);
                if (first.Count < rank) first.Enqueue(candidate, candidate);
                else first.DequeueEnqueue(candidate, candidate);
            }
        }
        var ordered = first.UnorderedItems.Select(e => e.Element).Order(Comparer<Candidate>.Create(Candidate.Compare)).ToArray();
        var points = new double[(long)ordered.Length * dimension];
        for (int k = 0; k < ordered.Length; k++) ordered[k].Point.CopyTo(points, k * dimension);
        return new ShardCandidates(dimension, [.. ordered.Select(c => c.Hash)], points, [.. ordered.Select(c => c.Label)], [.. ordered.Select(c => c.Position)]);
    }

    /// <summary>
    /// Pass 3: the shard's factor rows L_s = C_s T (Core/ReluVerified.Core/LowRank/Nystroem.cs's Features, block by block),
    /// its labels, and its kernel trace and residual sums in file order, as StreamingNystroem's second pass computes them
    /// for each row. The rows are checked against the first pass's count (the file must not change during a fit) and the
    /// memory they need against this silo's (<see cref="MemoryEstimate.Check"/>).
    /// </summary>
    public static (ShardRows Rows, BuildSummary Summary) Build(ShardRecipe recipe, CancellationToken cancellationToken)
    {
        MemoryEstimate.Check(recipe.Count, 0, recipe.LandmarkCount, MemoryEstimate.AvailableBytes());
        var kernel = recipe.Kernel.ToKernel();
        var embedding = recipe.Embedding.ToEmbedding();
        var landmarks = PointSet.FromRowMajor(recipe.LandmarkCount, recipe.Dimension, recipe.Landmarks, PointDomain.Ball, "landmarks");
        var map = Matrix.Create(recipe.LandmarkCount, recipe.LandmarkCount, recipe.Map);
        int m = recipe.Count, r = recipe.LandmarkCount, done = 0;
        var data = new double[(long)m * r];
        var labels = new double[m];
        double trace = 0, residual = 0, maxResidual = 0;
        foreach (var batch in Embedded(recipe.Source, embedding))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (done + batch.Points.Count > m) throw Changed(recipe, done + batch.Points.Count);
            var features = Nystroem.Features(kernel, landmarks, map, batch.Points, ComputeBackend.Auto, cancellationToken);
            for (int i = 0; i < batch.Points.Count; i++)
            {
                var li = features.Row(i);
                li.CopyTo(data.AsSpan((int)((long)(done + i) * r), r));
                labels[done + i] = batch.Labels[i];
                double k = kernel.Diagonal(batch.Points[i]);
                double res = k - TensorPrimitives.Dot(li, li);
                trace += k;
                residual += Math.Max(0, res);
                maxResidual = Math.Max(maxResidual, res);
            }
            done += batch.Points.Count;
        }
        if (done != m) throw Changed(recipe, done);
        return (new ShardRows(m, r, data), new BuildSummary(m, trace, residual, maxResidual, labels));
    }

    /// <summary>The kernel scores f(x) of the shard's rows, in file order (the output rule is the coordinator's).</summary>
    public static double[] Scores(ShardSource source, ScoringRecipe recipe, CancellationToken cancellationToken)
    {
        var support = PointSet.FromRowMajor(recipe.SupportCount, recipe.Dimension, recipe.Support, PointDomain.Ball, "support");
        // the rule plays no part in the scores; the hypothesis needs one
        var hypothesis = new KernelHypothesis(recipe.Kernel.ToKernel(), support, [.. recipe.Coefficients], new OutputRule.ReliableThreshold(0));
        var scores = new List<double>();
        foreach (var batch in Embedded(source, recipe.Embedding.ToEmbedding()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            scores.AddRange(hypothesis.Scores(batch.Points, ComputeBackend.Auto, cancellationToken));
        }
        return [.. scores];
    }

    /// <summary>The shard's rows in blocks of <see cref="Nystroem.BlockRows"/>, embedded, with their labels (NaN when the file has none).</summary>
    private static IEnumerable<(PointSet Points, double[] Labels)> Embedded(ShardSource source, Embedding embedding)
    {
        int n = embedding.InputDimension;
        foreach (var batch in ShardFile.Batches(source, Nystroem.BlockRows))
        {
            var raw = new double[batch.Count * n];
            var labels = new double[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                batch[i].Features.CopyTo(raw, i * n);
                labels[i] = batch[i].Label;
            }
            yield return (embedding.Apply(Matrix.Create(batch.Count, n, raw), "x"), labels);
        }
    }

    private static InvalidOperationException Changed(ShardRecipe recipe, int rows)
        => new($"{recipe.Source.Path}: the shard starting at row {recipe.Source.RowOffset} now holds {rows} rows where the first pass counted {recipe.Count}; the file must not change during a fit.");

    /// <summary>A row kept as a landmark candidate with its canonical keys (StreamingNystroem's, positions in the file).</summary>
    private readonly record struct Candidate(double Hash, double[] Point, double Label, int Position)
    {
        public static int Compare(Candidate a, Candidate b)
        {
            int c = RowOrder.Compare(a.Hash, a.Point, a.Label, b.Hash, b.Point, b.Label);
            return c != 0 ? c : a.Position.CompareTo(b.Position);
        }
    }
}
