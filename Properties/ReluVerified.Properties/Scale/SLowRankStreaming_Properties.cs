using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LowRank;
using ReluVerified.Properties.Optimization;
using Xunit;

namespace ReluVerified.Properties.Scale;

/// <summary>
/// S-lowrank over streamed rows (Core/ReluVerified.Core/LowRank/StreamingNystroem.cs): the factor of a sample handed over in
/// batches of any size (1, sizes that do not divide m, all of it at once) is the same bits, its rows come in the canonical
/// order of <see cref="DataPartition.CanonicalOrder"/> index for index also when rows repeat (the tie case of the order),
/// and its landmarks are the in-memory learner's uniform ones (the first r rows of that order).
/// </summary>
[Properties(Arbitrary = new[] { typeof(ScaleArbitraries) })]
public sealed class SLowRankStreaming_Properties
{
    /// <summary>The sample with about a third of its rows replaced by copies of earlier rows.</summary>
    private static LabelledSample WithCopies(LabelledSample sample, int seed)
    {
        var rng = new Random(seed);
        return sample.Select(Enumerable.Range(0, sample.Count).Select(i => i % 3 == 2 ? rng.Next(i) : i).ToArray());
    }

    private static IEnumerable<LabelledSample> Batches(LabelledSample sample, int size)
    {
        for (int start = 0; start < sample.Count; start += size)
            yield return sample.Select(Enumerable.Range(start, Math.Min(size, sample.Count - start)).ToArray());
    }

    private static (bool SameBits, bool Canonical, bool Landmarks, bool Rows) Check(LabelledSample sample, int rank, int degree, int seed, int[] sizes)
    {
        var kernel = new Kernel.Multinomial(degree);
        var whole = StreamingNystroem.Factor(kernel, () => [sample], rank, seed);
        bool sameBits = sizes.All(size => StreamingNystroem.Factor(kernel, () => Batches(sample, size), rank, seed).Equals(whole));
        var canonical = DataPartition.CanonicalOrder(sample, seed);
        var ordered = sample.Select(canonical);
        bool order = whole.Order.SequenceEqual(canonical) && whole.Labels.SequenceEqual(ordered.Labels);
        // the in-memory learner's factor: Nystroem.Fit on the rows in canonical order, on the first r of them
        var memory = Nystroem.Fit(kernel, ordered.Points, ordered.Points.Select(Enumerable.Range(0, Math.Min(rank, sample.Count)).ToArray()));
        bool landmarks = memory.Landmarks.Equals(whole.Factor.Landmarks) && memory.Map.Equals(whole.Factor.Map) && memory.Jitter == whole.Factor.Jitter;
        double scale = Math.Max(1, Enumerable.Range(0, sample.Count).Max(i => kernel.Diagonal(sample.Points[i])));
        bool rows = memory.Factor.Rows == whole.Factor.Factor.Rows && memory.Factor.Columns == whole.Factor.Factor.Columns
            && Enumerable.Range(0, sample.Count).All(i => memory.Factor.Row(i).ToArray().Zip(whole.Factor.Factor.Row(i).ToArray(), (a, b) => Math.Abs(a - b)).All(d => d <= 1e-9 * scale))
            && Math.Abs(memory.ResidualTrace - whole.Factor.ResidualTrace) <= TestTolerances.ResidualTraceRelative * Math.Max(1, whole.KernelTrace);
        return (sameBits, order, landmarks, rows);
    }

    [Property(MaxTest = 40)]
    public Property Batches_of_any_size_give_the_same_factor_in_the_canonical_order(LowRankCase c)
    {
        var sample = WithCopies(c.Spec.Sample(), c.Spec.Seed);
        int m = sample.Count;
        int ragged = Enumerable.Range(2, m).First(s => m % s != 0);
        var (sameBits, canonical, landmarks, rows) = Check(sample, c.Rank, c.Spec.Degree, c.Spec.Seed, [1, ragged, m - 1, m, m + 5]);
        return (sameBits && canonical && landmarks && rows)
            .Label($"m {m}, rank {c.Rank}, ragged batch {ragged}: same bits {sameBits}, canonical order {canonical}, landmarks {landmarks}, factor rows {rows}");
    }

    [Fact]
    public void Rows_spanning_several_blocks_give_the_same_factor_in_batches_of_any_size()
    {
        var spec = new ProgramSpec(Nystroem.BlockRows + 700, 3, 2, 2.0, 0.1, true, 17);
        var sample = WithCopies(spec.Sample(), spec.Seed);
        var (sameBits, canonical, landmarks, rows) = Check(sample, 12, spec.Degree, spec.Seed, [1, 333, Nystroem.BlockRows, Nystroem.BlockRows + 1]);
        Assert.True(sameBits && canonical && landmarks && rows, $"same bits {sameBits}, canonical order {canonical}, landmarks {landmarks}, factor rows {rows}");
    }

    [Fact]
    public void A_second_pass_that_yields_other_rows_is_refused()
    {
        var sample = new ProgramSpec(40, 3, 2, 2.0, 0.1, false, 5).Sample();
        int calls = 0;
        IEnumerable<LabelledSample> Reread() => calls++ == 0 ? [sample] : [sample.Select(Enumerable.Range(0, 39).Reverse().ToArray())];
        var error = Assert.Throws<ArgumentException>(() => StreamingNystroem.Factor(new Kernel.Multinomial(2), Reread, 5, 3));
        Assert.Contains("same rows in the same order", error.Message, StringComparison.Ordinal);
    }
}
