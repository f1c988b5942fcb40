using System.Collections.Immutable;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Properties.Optimization;

/// <summary>
/// A small random T2.1 instance, fully determined by its fields: m points on S^{n-1} labelled by a planted ReLU
/// (clean when <see cref="Noisy"/> is false, reliable-agnostic corruption otherwise), kernel MK_d, norm bound B, threshold tau_c.
/// </summary>
public sealed record ProgramSpec(int Count, int Dimension, int Degree, double NormBound, double Threshold, bool Noisy, int Seed)
{
    /// <summary>The planted unit weight vector w*.</summary>
    public double[] PlantedWeights()
    {
        var rng = new Random(Seed);
        var w = new double[Dimension];
        for (int j = 0; j < Dimension; j++) w[j] = rng.NextDouble() - 0.5;
        double norm = Math.Sqrt(w.Sum(v => v * v));
        return w.Select(v => v / norm).ToArray();
    }

    /// <summary>The labelled sample.</summary>
    public LabelledSample Sample()
    {
        var w = PlantedWeights();
        LabelModel model = Noisy ? new LabelModel.ReliableAgnostic(w, 0.1, 0.1) : new LabelModel.PlantedRelu(w);
        return Labelling.Sample(new SphereDistribution.Uniform(Dimension), model, Count, new Random(Seed + 1));
    }

    /// <summary>
    /// <see cref="Sample"/> with about half of its rows, after the first, replaced by a copy of an earlier row's point (from a
    /// generator seeded by <see cref="Seed"/>): half of the copies keep that row's label, the other half take a conflicting one
    /// (0 for a positive label, else uniform on [0, 0.5)). Repeated points make K exactly rank deficient; conflicting labels put
    /// the same point in Z and in the loss rows.
    /// </summary>
    public LabelledSample SampleDrawnTwice()
    {
        var sample = Sample();
        var rng = new Random(Seed + 2);
        var rows = new int[Count];
        var labels = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            rows[i] = i > 0 && rng.NextDouble() < 0.5 ? rows[rng.Next(i)] : i;
            double label = sample.Labels[rows[i]];
            labels[i] = rows[i] == i || rng.NextDouble() < 0.5 ? label : label > 0 ? 0 : 0.5 * rng.NextDouble();
        }
        return new LabelledSample(sample.Points.Select(rows), [.. labels]);
    }

    /// <summary>The program on <see cref="Sample"/> with the given task and loss.</summary>
    public KernelProgram Program(ProgramTask task, Loss loss) => Program(Sample(), task, loss);

    /// <summary>The program on a given sample with this spec's kernel, B and tau_c.</summary>
    public KernelProgram Program(LabelledSample sample, ProgramTask task, Loss loss)
        => new(GramEngine.Gram(new Kernel.Multinomial(Degree), sample.Points), sample.Labels, task, NormBound, Threshold, loss);

    /// <summary>The sample with its rows permuted by <paramref name="order"/>.</summary>
    public static LabelledSample Permute(LabelledSample sample, ImmutableArray<int> order) => sample.Select(order.AsSpan());
}
