using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// The shards' factor (passes 1 to 3 on the cluster) is StreamingNystroem's, row for row in file order (same landmarks,
/// map and labels, rows to the rounding of blocked products), and <see cref="GrainFactorRows"/>' products agree with the
/// dense products of that factor to rounding.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class Grain_Factor_Rows_Tests(ClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// Factor entries and products are sums of at most r (or m) terms of size at most ~(d + 1) computed in other blocks or
    /// another order: 1e-12 relative to the largest term (a few hundred ulps).
    /// </summary>
    private const double Rounding = 1e-12;

    private readonly string _directory = Directory.CreateTempSubdirectory("relu-factor-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_shards_hold_the_streaming_factor_and_their_products_are_the_dense_ones()
    {
        const int seed = 1801, rows = 1500, dimension = 10, rank = 40, shards = 7;
        var (x, y) = TestData.Planted(rows, dimension, seed);
        string path = Path.Combine(_directory, "train.csv");
        TestData.WriteCsv(path, x, y);
        var (options, settings, r) = StreamingFit.Prepare(TestData.Options(degree: 2, rank, seed));
        var fleet = new ShardFleet(fixture.Client, Guid.NewGuid(), shards);
        try
        {
            var factor = ClusterFit.BuildFactor(fleet, path, options, settings, r, "y", null, null, CancellationToken.None);
            var streamed = Streamed(path, factor, rank, seed);
            // the streaming factor's rows are in the canonical order; Order maps them back to file order
            var dense = new double[(long)rows * factor.Rows.Rank];
            for (int k = 0; k < rows; k++) streamed.Factor.Factor.Row(k).CopyTo(dense.AsSpan(streamed.Order[k] * factor.Rows.Rank));
            var l = Matrix.Create(rows, factor.Rows.Rank, dense);
            var labels = new double[rows];
            for (int k = 0; k < rows; k++) labels[streamed.Order[k]] = streamed.Labels[k];

            Assert.Equal(streamed.Factor.Landmarks, factor.Landmarks);
            Assert.Equal(streamed.Factor.Map, factor.Map);
            Assert.Equal(streamed.Factor.Jitter, factor.Jitter);
            Assert.Equal(labels, factor.Labels.ToArray());
            Assert.Equal(y, labels);
            Assert.True(Close(streamed.KernelTrace, factor.KernelTrace, streamed.KernelTrace), $"trace {streamed.KernelTrace:R} / {factor.KernelTrace:R}");
            Assert.True(Close(streamed.Factor.ResidualTrace, factor.ResidualTrace, streamed.KernelTrace), $"residual {streamed.Factor.ResidualTrace:R} / {factor.ResidualTrace:R}");
            AssertClose(l.AsSpan(), Gather(factor.Rows).AsSpan(), 1, "factor rows");

            var random = new Random(seed);
            var u = Vector(random, l.Columns);
            AssertClose(Times(l, u), factor.Rows.Times(u, ComputeBackend.Auto), Scale(l) * Scale(u), "L x");
            var v = Vector(random, rows);
            for (int i = 0; i < rows; i += 3) v[i] = 0;
            AssertClose(TransposeTimes(l, v), factor.Rows.TransposeTimes(v, ComputeBackend.Auto), rows * Scale(l) * Scale(v), "L' v");
            AssertClose(RowNorms(l), factor.Rows.RowSquaredNorms(), Scale(l) * Scale(l) * l.Columns, "row norms");
            var d = Vector(random, rows).Select(Math.Abs).ToArray();
            for (int i = 0; i < rows / 2; i++) d[i] = 0; // the first shards send nothing
            var target = Vector(random, l.Columns * l.Columns);
            var expected = (double[])target.Clone();
            AddWeightedGram(l, d, expected);
            var actual = (double[])target.Clone();
            factor.Rows.AddWeightedGram(d, actual, ComputeBackend.Auto);
            AssertClose(expected, actual, rows * Scale(l) * Scale(l), "L' D L");
            for (int a = 0; a < l.Columns; a++)
                for (int b = a + 1; b < l.Columns; b++)
                    Assert.True(actual[a * l.Columns + b] == target[a * l.Columns + b], $"the strict upper triangle changed at ({a}, {b})");
            foreach (var (i, j) in new[] { (0, 0), (3, rows - 1), (rows / 2, rows / 3), (rows - 1, rows - 1) })
                Assert.True(Close(TensorPrimitives.Dot(l.Row(i), l.Row(j)), factor.Rows.RowDot(i, j), Scale(l) * Scale(l) * l.Columns), $"RowDot({i}, {j})");
            output.WriteLine($"seed {seed}: {rows} rows, {shards} shards, rank {l.Columns}");
        }
        finally
        {
            await fleet.ReleaseAsync(TimeSpan.FromSeconds(10));
            Assert.True(await fixture.NoShardsWithin(TimeSpan.FromSeconds(10)), "shard grains are still active after the release");
        }
    }

    /// <summary>StreamingNystroem's factor of the file's rows, embedded as the shards embedded them.</summary>
    private static StreamedFactor Streamed(string path, ShardedFactor factor, int rank, int seed)
    {
        var stream = RowStream.Open(path);
        int n = stream.FeatureNames.Length;
        return StreamingNystroem.Factor(factor.Kernel, () => stream.Batches(Nystroem.BlockRows).Select(batch =>
        {
            var raw = Matrix.Create(batch.Count, n, batch.SelectMany(row => row.Features).ToArray());
            return new LabelledSample(factor.Embedding.Apply(raw), [.. batch.Select(row => row.Label)]);
        }), rank, seed);
    }

    /// <summary>The rows as one matrix, gathered column by column: L e_j for every j (each entry exact: one nonzero product).</summary>
    private static Matrix Gather(GrainFactorRows rows)
    {
        int m = rows.Rows, r = rows.Rank;
        var dense = new double[(long)m * r];
        var unit = new double[r];
        for (int j = 0; j < r; j++)
        {
            unit[j] = 1;
            var column = rows.Times(unit, ComputeBackend.Auto);
            unit[j] = 0;
            for (int i = 0; i < m; i++) dense[(long)i * r + j] = column[i];
        }
        return Matrix.Create(m, r, dense);
    }

    private static double[] Vector(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1)];

    private static double Scale(ReadOnlySpan<double> v) => Math.Max(TensorPrimitives.MaxMagnitude(v), double.Epsilon);

    private static double Scale(Matrix a) => Scale(a.AsSpan());

    private static double[] Times(Matrix a, double[] x) => [.. Enumerable.Range(0, a.Rows).Select(i => TensorPrimitives.Dot(a.Row(i), x))];

    private static double[] TransposeTimes(Matrix a, double[] v)
    {
        var t = new double[a.Columns];
        for (int i = 0; i < a.Rows; i++) TensorPrimitives.MultiplyAdd(a.Row(i), v[i], t, t);
        return t;
    }

    private static double[] RowNorms(Matrix a) => [.. Enumerable.Range(0, a.Rows).Select(i => TensorPrimitives.Dot(a.Row(i), a.Row(i)))];

    /// <summary>The lower triangle of target += sum_i d_i L_i' L_i, entry by entry.</summary>
    private static void AddWeightedGram(Matrix a, double[] d, double[] target)
    {
        int r = a.Columns;
        for (int i = 0; i < a.Rows; i++)
            for (int p = 0; p < r; p++)
                for (int q = 0; q <= p; q++) target[p * r + q] += d[i] * a[i, p] * a[i, q];
    }

    private static bool Close(double expected, double actual, double scale) => Math.Abs(expected - actual) <= Rounding * Math.Max(Math.Abs(scale), 1);

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double scale, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst <= Rounding * Math.Max(scale, 1), $"{what}: largest difference {worst:E2} > {Rounding:E0} x {Math.Max(scale, 1):G3}");
    }
}
