using System.Numerics.Tensors;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Properties.Generators;

/// <summary>
/// A planted reliable-agnostic problem (T2.1's setting): a marginal, a planted ReLU w* (||w*|| = 1) and a corruption
/// level, all drawn from <see cref="Seed"/>. Training and test samples are independent draws from the same distribution.
/// </summary>
public sealed record PlantedCase(SphereKind Kind, int Dimension, int Corruption, int Seed)
{
    /// <summary>The marginal (from <see cref="SphereCase"/>, whose imbalanced halves are split by w*).</summary>
    public SphereDistribution Distribution()
    {
        if (Kind == SphereKind.Imbalanced) return new SphereDistribution.ImbalancedHalves(Weights(), Seed % 2 == 0 ? 0.8 : 0.2);
        return new SphereCase(Kind, Dimension, 1, Seed).Distribution();
    }

    /// <summary>The planted unit weight vector w*.</summary>
    public double[] Weights()
    {
        var w = new SphereCase(Kind, Dimension, 1, Seed).PlantedDirection();
        double norm = Math.Sqrt(w.Sum(v => v * v));
        return [.. w.Select(v => v / norm)];
    }

    /// <summary>Reliable-agnostic labels: corruption level 0..2 sets the adversarial-positive rate 0, 5% or 15%.</summary>
    public LabelModel Labels() => new LabelModel.ReliableAgnostic(Weights(), Corruption * 0.05 + (Corruption == 2 ? 0.05 : 0), 0.05, Corruption * 0.02);

    /// <summary>A labelled draw of <paramref name="count"/> points; <paramref name="stream"/> separates train from test.</summary>
    public LabelledSample Draw(int count, int stream) => Labelling.Sample(Distribution(), Labels(), count, new Random(unchecked(Seed * 7919 + stream)));

    /// <summary>
    /// What the case offers a learner, estimated on an independent draw of <paramref name="count"/> points (stream 0, never a
    /// training or test stream): the share of zero labels, and the planted ReLU's advantage over the zero function in
    /// positive loss, E[1{y &gt; 0} (y^2 - (y - max(0, w*.x))^2)] (square loss).
    /// </summary>
    public (double ZeroShare, double Advantage) Profile(int count = 4000)
    {
        var sample = Draw(count, 0);
        var w = Weights();
        double zeros = 0, advantage = 0;
        for (int i = 0; i < count; i++)
        {
            double y = sample.Labels[i], p = Math.Max(0, TensorPrimitives.Dot(w, sample.Points[i]));
            if (y == 0) zeros++;
            else advantage += y * y - (y - p) * (y - p);
        }
        return (zeros / count, advantage / count);
    }
}
