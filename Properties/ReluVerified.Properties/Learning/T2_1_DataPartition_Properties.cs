using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Properties.Generators;
using Xunit;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// The content-hash split of T2.1's learner (Core/ReluVerified.Core/Learning/DataPartition.cs): its parts partition the rows
/// and each lists them in the canonical order; every permutation of the input gives the same parts, row for row, also when
/// rows repeat and carry different weights; and copies of one row are split like distinct rows, so a held-out part is a
/// random sample of the data even when rows repeat (a split by content alone would send every copy to the same part).
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 40)]
public class T2_1_DataPartition_Properties
{
    /// <summary>A planted sample in which about a third of the rows repeat earlier ones, with weights 1, 2 or 3.</summary>
    private static (LabelledSample Sample, double[] Weights) WithCopies(PlantedCase problem, int count)
    {
        var distinct = problem.Draw(count, 1);
        var rng = new Random(problem.Seed);
        var rows = Enumerable.Range(0, count).Select(i => i % 3 == 2 ? rng.Next(i) : i).ToArray();
        var weights = rows.Select(_ => (double)rng.Next(1, 4)).ToArray();
        return (distinct.Select(rows), weights);
    }

    private static string Content(LabelledSample s, double[] w, int i) => $"{string.Join(",", s.Points[i].ToArray().Select(v => BitConverter.DoubleToInt64Bits(v)))}|{BitConverter.DoubleToInt64Bits(s.Labels[i])}|{w[i]}";

    [Property]
    public Property Every_permutation_of_rows_labels_and_weights_gives_the_same_parts_row_for_row(PlantedCase problem)
    {
        var (sample, weights) = WithCopies(problem, 120);
        var order = Enumerable.Range(0, sample.Count).ToArray();
        new Random(problem.Seed ^ 0x5eed).Shuffle(order);
        var shuffled = sample.Select(order);
        var shuffledWeights = order.Select(i => weights[i]).ToArray();
        var a = DataPartition.Split(sample, problem.Seed, 0.2, 0.25, weights);
        var b = DataPartition.Split(shuffled, problem.Seed, 0.2, 0.25, shuffledWeights);
        bool Same(IEnumerable<int> x, IEnumerable<int> y) => x.Select(i => Content(sample, weights, i)).SequenceEqual(y.Select(i => Content(shuffled, shuffledWeights, i)));
        var canonicalA = DataPartition.CanonicalOrder(sample, problem.Seed, weights);
        var canonicalB = DataPartition.CanonicalOrder(shuffled, problem.Seed, shuffledWeights);
        var all = a.Fit.Concat(a.Selection).Concat(a.Calibration).Order().ToArray();
        bool partition = all.SequenceEqual(Enumerable.Range(0, sample.Count));
        // each part lists its rows in the canonical order
        var rank = new int[sample.Count];
        for (int k = 0; k < canonicalA.Length; k++) rank[canonicalA[k]] = k;
        bool ordered = new[] { a.Fit, a.Selection, a.Calibration }.All(part => part.Zip(part.Skip(1), (x, y) => rank[x] < rank[y]).All(t => t));
        return (partition && ordered && Same(a.Fit, b.Fit) && Same(a.Selection, b.Selection) && Same(a.Calibration, b.Calibration) && Same(canonicalA, canonicalB))
            .Label($"{problem}: partition {partition}, parts in canonical order {ordered}, parts equal row for row: fit {Same(a.Fit, b.Fit)}, selection {Same(a.Selection, b.Selection)}, calibration {Same(a.Calibration, b.Calibration)}, canonical order {Same(canonicalA, canonicalB)}");
    }

    [Property(MaxTest = 20)]
    public Property Copies_of_a_row_are_split_like_distinct_rows(PlantedCase problem)
    {
        // 4 distinct rows, 250 copies each: each row's share in the calibration part (fraction 1/4) is a binomial proportion of
        // 250 hashes; Hoeffding at delta = 1e-6 bounds its deviation by sqrt(ln(2e6) / 500) = 0.17. A split by content alone
        // puts every copy in one part: shares 0 or 1.
        const int copies = 250;
        var distinct = problem.Draw(4, 1);
        var sample = distinct.Select(Enumerable.Range(0, 4 * copies).Select(i => i % 4).ToArray());
        var parts = DataPartition.Split(sample, problem.Seed, 0, 0.25);
        var shares = Enumerable.Range(0, 4).Select(r => parts.Calibration.Count(i => i % 4 == r) / (double)copies).ToArray();
        double slack = Math.Sqrt(Math.Log(2 / TestTolerances.HeldOutDelta) / (2.0 * copies));
        return shares.All(s => Math.Abs(s - 0.25) <= slack).Label($"{problem}: calibration shares of the four rows [{string.Join(", ", shares.Select(s => s.ToString("F3")))}], allowed 0.25 +- {slack:F3}");
    }

    [Fact]
    public void Permuting_weighted_copies_of_rows_does_not_change_a_single_bit_of_the_fit()
    {
        var problem = new PlantedCase(SphereKind.Uniform, 4, 1, 1000);
        var (sample, weights) = WithCopies(problem, 180);
        var order = Enumerable.Range(0, sample.Count).ToArray();
        new Random(7).Shuffle(order);
        var shuffled = sample.Select(order);
        var options = new ReliableReluOptions { Recipe = LearnerRecipe.Theorem, Degree = 2, Weight = 8, Scale = ScaleKind.None, Seed = 3 };
        var a = ReliableRelu.Fit(new TrainingData(sample.Points.Coordinates, [.. sample.Labels]) { SampleWeights = [.. weights] }, options);
        var b = ReliableRelu.Fit(new TrainingData(shuffled.Points.Coordinates, [.. shuffled.Labels]) { SampleWeights = [.. order.Select(i => weights[i])] }, options);
        var probe = problem.Draw(200, 3).Points.Coordinates;
        Assert.True(a.Scores(probe).AsSpan().SequenceEqual(b.Scores(probe)), "a permutation of weighted copies changed the scores");
    }
}
