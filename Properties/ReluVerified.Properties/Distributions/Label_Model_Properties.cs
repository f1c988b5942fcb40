using System.Collections.Immutable;
using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Distributions;

/// <summary>
/// Label models keep the guarantees they state (T2.1's setting): under reliable-agnostic corruption the planted ReLU
/// has zero false positives; bounded noise stays within its amplitude; planted models are exact; labels lie in [0,1].
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 80)]
public class Label_Model_Properties
{
    [Property]
    public Property Planted_relu_has_no_false_positives_under_reliable_agnostic_corruption(SphereCase sample, int rateSeed)
    {
        var rng = new Random(rateSeed);
        var w = Scaled(sample.PlantedDirection(), 0.3 + 0.7 * rng.NextDouble());
        var model = new LabelModel.ReliableAgnostic(w, rng.NextDouble(), 0.2 * rng.NextDouble(), 0.3 * rng.NextDouble());
        var labelled = Labelling.Label(model, sample.Points(), new Random(sample.Seed));
        int falsePositives = 0, zeroLabels = 0, adversarial = 0;
        bool inRange = true;
        for (int i = 0; i < labelled.Count; i++)
        {
            double y = labelled.Labels[i], s = TensorPrimitives.Dot(w, labelled.Points[i]);
            inRange &= y >= 0 && y <= 1;
            if (y == 0) { zeroLabels++; if (Math.Max(0, s) != 0) falsePositives++; }
            else if (s <= 0) adversarial++;
        }
        return (falsePositives == 0 && inRange).Label($"{falsePositives} false positives of the planted ReLU, labels in [0,1]: {inRange}")
            .Classify(adversarial > 0, "has adversarial positives").Classify(zeroLabels == 0, "no zero labels");
    }

    [Property]
    public Property Bounded_noise_stays_within_its_amplitude(SphereCase sample, int amplitudeSeed)
    {
        double amplitude = (Math.Abs(amplitudeSeed) % 1000) / 2000.0;
        var inner = new LabelModel.PlantedRelu(sample.PlantedDirection().Select(x => x / Math.Sqrt(sample.Dimension)).ToArray());
        var model = new LabelModel.BoundedNoise(inner, amplitude);
        var labelled = Labelling.Label(model, sample.Points(), new Random(sample.Seed));
        double worst = 0;
        bool inRange = true;
        for (int i = 0; i < labelled.Count; i++)
        {
            double y = labelled.Labels[i];
            inRange &= y >= 0 && y <= 1;
            worst = Math.Max(worst, Math.Abs(y - model.Target(labelled.Points[i])));
        }
        return (worst <= amplitude + TestTolerances.HornerUlp && inRange).Label($"max |y - f(x)| = {worst:R} with amplitude {amplitude}");
    }

    [Property]
    public Property Planted_depth2_labels_are_the_clipped_network(SphereCase sample)
    {
        var rng = new Random(sample.Seed);
        int k = 1 + rng.Next(4);
        var hidden = Matrix.Build(k, sample.Dimension, (_, _) => (2 * rng.NextDouble() - 1) / Math.Sqrt(sample.Dimension));
        var a = Enumerable.Range(0, k).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        double total = a.Sum(Math.Abs);
        for (int j = 0; j < k; j++) a[j] /= total;
        var model = new LabelModel.PlantedDepth2(a, hidden);
        var labelled = Labelling.Label(model, sample.Points(), new Random(sample.Seed));
        bool ok = true;
        for (int i = 0; i < labelled.Count; i++)
        {
            double s = 0;
            for (int j = 0; j < k; j++) s += a[j] * Math.Max(0, TensorPrimitives.Dot(hidden.Row(j), labelled.Points[i]));
            ok &= labelled.Labels[i] == Math.Clamp(s, 0, 1);
        }
        return ok.Label($"k = {k}");
    }

    private static double[] Scaled(double[] v, double norm)
    {
        double current = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x * norm / current).ToArray();
    }
}
