using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using Xunit;

namespace ReluVerified.Proofs.Scale;

/// <summary>
/// S-lowrank on a factor whose rows live elsewhere (<see cref="IFactorRows"/>, the seam a cluster's shards plug into):
/// a program on rows split into shards, each answering for its own rows and summed in shard order, solves to the same
/// objective, certificate and coefficients as the program on the whole matrix, to 1e-10 relative; a program on rows
/// held elsewhere has no <see cref="FactorProgram.Factor"/> to hand out; <see cref="KernelLearner.FitFactor(NystroemRows,
/// ImmutableArray{double}, ImmutableArray{double}, LearnerSettings, LowRankReport, IProgress{LearnerProgress}, CancellationToken)"/>
/// on shards fits the same hypothesis as on the factor. Seed printed in each check.
/// </summary>
public sealed class SLowRank_FactorRows_Checks
{
    private const int Seed = 18;

    /// <summary>Rows split into contiguous shards of unequal sizes; every product is summed shard by shard, in shard order.</summary>
    private sealed class ShardedRows(Matrix factor, int[] sizes) : IFactorRows
    {
        private readonly Matrix[] _shards = Split(factor, sizes);

        public int Rows => factor.Rows;

        public int Rank => factor.Columns;

        /// <summary>How many products were asked of the shards (so a check can see the solve went through them).</summary>
        public int Calls { get; private set; }

        private static Matrix[] Split(Matrix l, int[] sizes)
        {
            var shards = new Matrix[sizes.Length];
            for (int s = 0, start = 0; s < sizes.Length; start += sizes[s], s++)
            {
                int from = start;
                shards[s] = Matrix.Build(sizes[s], l.Columns, (i, j) => l[from + i, j]);
            }
            return shards;
        }

        public double[] Times(double[] x, ComputeBackend backend)
        {
            Calls++;
            return _shards.SelectMany(s => new DenseFactorRows(s).Times(x, backend)).ToArray();
        }

        public double[] TransposeTimes(double[] v, ComputeBackend backend)
        {
            Calls++;
            var total = new double[Rank];
            int start = 0;
            foreach (var s in _shards)
            {
                TensorPrimitives.Add(total, new DenseFactorRows(s).TransposeTimes(v[start..(start + s.Rows)], backend), total);
                start += s.Rows;
            }
            return total;
        }

        public double[] RowSquaredNorms() => _shards.SelectMany(s => new DenseFactorRows(s).RowSquaredNorms()).ToArray();

        public void AddWeightedGram(double[] d, double[] target, ComputeBackend backend)
        {
            Calls++;
            int start = 0;
            foreach (var s in _shards)
            {
                var part = new double[target.Length];
                new DenseFactorRows(s).AddWeightedGram(d[start..(start + s.Rows)], part, backend);
                TensorPrimitives.Add(target, part, target);
                start += s.Rows;
            }
        }

        public double RowDot(int i, int j) => TensorPrimitives.Dot(factor.Row(i), factor.Row(j));
    }

    /// <summary>m points in the unit ball of R^n and reliable labels max(0, w.x) with a third of them set to 0.</summary>
    private static (PointSet Points, ImmutableArray<double> Labels) Sample(int m, int n, Random random)
    {
        var w = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var rows = new List<double[]>();
        var labels = new double[m];
        for (int i = 0; i < m; i++)
        {
            var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double norm = Math.Sqrt(x.Sum(v => v * v));
            for (int j = 0; j < n; j++) x[j] /= Math.Max(1, norm);
            rows.Add(x);
            double relu = Math.Max(0, TensorPrimitives.Dot(w, x)) / Math.Sqrt(n);
            labels[i] = random.Next(3) == 0 ? 0 : Math.Min(1, relu);
        }
        return (PointSet.FromRows(rows), [.. labels]);
    }

    private static NystroemFactor Factor(PointSet points, Kernel kernel, int rank)
        => Nystroem.Fit(kernel, points, points.Select(Enumerable.Range(0, rank).ToArray()));

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
        => Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: {actual:R} against {expected:R} (seed {Seed})");

    [Theory]
    [InlineData("square")]
    [InlineData("absolute")]
    public void A_program_on_sharded_rows_solves_as_the_program_on_the_whole_factor(string lossName)
    {
        var random = new Random(Seed);
        var (points, labels) = Sample(600, 5, random);
        var factor = Factor(points, new Kernel.Multinomial(3), 40);
        Loss loss = lossName == "square" ? new Loss.Square() : new Loss.Absolute();
        var whole = new FactorProgram(factor.Factor, labels, ProgramTask.Reliable, 4, 0.05, loss, factor.ResidualTrace);
        var rows = new ShardedRows(factor.Factor, [250, 1, 349]);
        var sharded = new FactorProgram(rows, labels, ProgramTask.Reliable, 4, 0.05, loss, factor.ResidualTrace);

        var expected = ReliableSolver.Solve(whole);
        var actual = ReliableSolver.Solve(sharded);

        Assert.Equal(ExitCondition.Converged, expected.Exit);
        Assert.Equal(expected.Exit, actual.Exit);
        Assert.True(rows.Calls > 2 * actual.Iterations, $"{rows.Calls} products asked of the shards in {actual.Iterations} iterations");
        AssertRelative(expected.Objective, actual.Objective, 1e-10, "objective");
        AssertRelative(expected.DualBound, actual.DualBound, 1e-10, "dual bound");
        double scale = expected.Coefficients.Max(Math.Abs);
        for (int k = 0; k < expected.Coefficients.Length; k++)
            Assert.True(Math.Abs(expected.Coefficients[k] - actual.Coefficients[k]) <= 1e-6 * scale,
                $"u[{k}]: {actual.Coefficients[k]:R} against {expected.Coefficients[k]:R} (seed {Seed})");
    }

    /// <summary>
    /// The in-memory rows (<see cref="DenseFactorRows"/>) on more rows than one block of sqrt(D) L (two full blocks and a
    /// partial one), with dyadic entries and weights whose square roots are dyadic, so that every product and sum is exact:
    /// each product equals a plain loop bit for bit, on the managed path and on OpenBLAS, and the strict upper triangle of
    /// the target is left alone.
    /// </summary>
    [Fact]
    public void In_memory_rows_give_the_exact_products_over_several_blocks_on_either_backend()
    {
        const int m = 2 * DenseFactorRows.BlockRows + 905, r = 7;
        var l = Matrix.Build(m, r, (i, j) => ((i * 7 + j * 3) % 17 - 8) / 8.0);
        var rows = new DenseFactorRows(l);
        double[] weights = [0, 0.25, 1, 4, 0, 2.25];
        var d = Enumerable.Range(0, m).Select(i => weights[i % weights.Length]).ToArray();
        var x = Enumerable.Range(0, r).Select(j => (j - 3) / 4.0).ToArray();
        var v = Enumerable.Range(0, m).Select(i => (i % 5 - 2) / 2.0).ToArray();
        var expectedGram = new double[r * r];
        var expectedT = new double[r];
        for (int i = 0; i < m; i++)
            for (int a = 0; a < r; a++)
            {
                expectedT[a] += v[i] * l[i, a];
                for (int b = 0; b <= a; b++) expectedGram[a * r + b] += d[i] * l[i, a] * l[i, b];
            }
        var backends = GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed];
        foreach (var backend in backends)
        {
            var target = Enumerable.Repeat(-1.0, r * r).ToArray();
            for (int a = 0; a < r; a++) for (int b = 0; b <= a; b++) target[a * r + b] = 0;
            rows.AddWeightedGram(d, target, backend);
            for (int a = 0; a < r; a++)
                for (int b = 0; b < r; b++)
                    Assert.True(target[a * r + b] == (b <= a ? expectedGram[a * r + b] : -1.0),
                        $"{backend}: entry ({a}, {b}) is {target[a * r + b]:R}, expected {(b <= a ? expectedGram[a * r + b] : -1.0):R}");
            Assert.Equal(expectedT, rows.TransposeTimes(v, backend));
            var f = rows.Times(x, backend);
            Assert.Equal(m, f.Length);
            for (int i = 0; i < m; i += 997) Assert.Equal(Enumerable.Range(0, r).Sum(j => l[i, j] * x[j]), f[i]);
        }
        var norms = rows.RowSquaredNorms();
        Assert.Equal(Enumerable.Range(0, r).Sum(j => l[m - 1, j] * l[m - 1, j]), norms[m - 1]);
        Assert.Equal(Enumerable.Range(0, r).Sum(j => l[5, j] * l[m - 2, j]), rows.RowDot(5, m - 2));
        // no weight: nothing added
        var untouched = new double[r * r];
        rows.AddWeightedGram(new double[m], untouched, ComputeBackend.Managed);
        Assert.All(untouched, e => Assert.Equal(0.0, e));
    }

    [Fact]
    public void A_program_on_rows_held_elsewhere_has_no_matrix_to_hand_out_and_compares_by_its_rows()
    {
        var l = Matrix.Create(3, 2, [1, 2, 0.5, -1, -2, 0.25]);
        var rows = new ShardedRows(l, [2, 1]);
        var p = new FactorProgram(rows, [0, 0.5, 1], ProgramTask.Reliable, 4, 0.1, new Loss.Square());
        Assert.Same(rows, p.Rows);
        Assert.Equal((3, 2), (p.Count, p.Rank));
        var e = Assert.Throws<InvalidOperationException>(() => p.Factor);
        Assert.Contains("held elsewhere", e.Message);
        Assert.Equal(p, p.WithNormBound(9).WithNormBound(4));
        Assert.NotEqual(p, new FactorProgram(l, [0, 0.5, 1], ProgramTask.Reliable, 4, 0.1, new Loss.Square()));
        var refused = Assert.ThrowsAny<ArgumentException>(() => new FactorProgram(rows, [0, 1], ProgramTask.Reliable, 4, 0.1, new Loss.Square()));
        Assert.StartsWith("factor is 3x2; 2 labels need 2 rows", refused.Message);
    }

    [Fact]
    public void FitFactor_on_sharded_rows_fits_the_hypothesis_of_FitFactor_on_the_factor()
    {
        var random = new Random(Seed + 1);
        var (points, labels) = Sample(500, 4, random);
        var kernel = new Kernel.Multinomial(2);
        var factor = Factor(points, kernel, 30);
        var settings = ReliableRelu.Settings(new ReliableReluOptions
        {
            Degree = 2, Weight = 4, Rank = 30, Calibrate = false, Kernel = KernelKind.Multinomial, Folds = 0, Scale = ScaleKind.MaxNorm,
            Bias = false, Threshold = 0.05,
        });
        var report = new LowRankReport(30, "uniform", factor.ResidualTrace, double.NaN, double.NaN, factor.Jitter);
        var expected = KernelLearner.FitFactor(factor, labels, default, settings, report);
        var onShards = factor.AsRows() with { Rows = new ShardedRows(factor.Factor, [100, 150, 250]) };
        var actual = KernelLearner.FitFactor(onShards, labels, default, settings, report);

        Assert.Equal(expected.Solver.Exit, actual.Solver.Exit);
        AssertRelative(expected.Solver.Objective, actual.Solver.Objective, 1e-10, "objective");
        var fresh = Sample(50, 4, new Random(Seed + 2)).Points;
        var want = expected.Hypothesis.Scores(fresh);
        var got = actual.Hypothesis.Scores(fresh);
        for (int i = 0; i < want.Length; i++) AssertRelative(want[i], got[i], 1e-9, $"score of fresh row {i}");
    }
}
