using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Regression;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// T2.3 (depth-2 networks), the leaky-ReLU gadget, T2.6 (max-k-affine) and T2.4 (polynomial reconstruction) as learners:
/// on planted, noise-free targets over several marginals, the held-out square loss is at most eps plus a Hoeffding slack
/// (the target itself has loss 0). Each case prints its seed; failure probability per case is 1e-4 (the slack's delta).
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 5)]
public class T2_3_T2_6_T2_4_Learner_Properties
{
    private const int TrainCount = 700, TestCount = 2000;
    private const double HoeffdingDelta = 1e-4;

    /// <summary>One-sided Hoeffding slack for a mean of values in [0, b] over n points.</summary>
    private static double Slack(double b, int n) => b * Math.Sqrt(Math.Log(1 / HoeffdingDelta) / (2.0 * n));

    private static (Matrix X, double[] Y) Draw(SphereCase shape, int count, int stream, Func<double[], double> target)
    {
        var points = SphereSampler.Sample(shape.Distribution(), count, new Random(unchecked(shape.Seed * 31 + stream)));
        var y = Enumerable.Range(0, count).Select(i => target(points[i].ToArray())).ToArray();
        return (points.Coordinates, y);
    }

    private static Matrix UnitRows(Random rng, int rows, int n)
    {
        var data = new double[rows * n];
        for (int r = 0; r < rows; r++)
        {
            var v = data.AsSpan(r * n, n);
            for (int j = 0; j < n; j++) v[j] = rng.NextDouble() * 2 - 1;
            TensorPrimitives.Divide(v, TensorPrimitives.Norm<double>(v), v);
        }
        return Matrix.Create(rows, n, data);
    }

    [Property]
    public Property Depth2_networks_are_learned_to_eps_on_fresh_data(SphereCase sample, int unitsSeed)
    {
        var shape = sample with { Dimension = Math.Min(sample.Dimension, 8) };
        int k = 2 + Math.Abs(unitsSeed % 3);
        var rng = new Random(shape.Seed);
        var hidden = UnitRows(rng, k, shape.Dimension);
        var a = Enumerable.Range(0, k).Select(_ => rng.NextDouble()).ToArray();
        double total = a.Sum();
        var network = new LabelModel.PlantedDepth2(a.Select(v => v / total).ToArray(), hidden);
        var (x, y) = Draw(shape, TrainCount, 1, v => network.Target(v));
        var (tx, ty) = Draw(shape, TestCount, 2, v => network.Target(v));
        const double eps = 0.02;
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Task = ReluTask.Depth2Agnostic, Units = k, Degree = 4, Weight = 16, Scale = "none" });
        double loss = model.Evaluate(tx, ty).Loss;
        return (loss <= eps + Slack(1, TestCount)).Label($"{shape}, k = {k}: held-out loss {loss:E3} <= {eps} + {Slack(1, TestCount):F4}");
    }

    [Property]
    public Property One_leaky_model_covers_every_slope(SphereCase sample)
    {
        var shape = sample with { Dimension = Math.Min(sample.Dimension, 8) };
        var w = shape.PlantedDirection();
        double norm = Math.Sqrt(w.Sum(v => v * v));
        var options = new ReliableReluOptions { Task = ReluTask.Leaky, Degree = 4, Weight = 16, Scale = "none" };
        const double eps = 0.02;
        var worst = 0.0;
        foreach (double slope in new[] { 0.0, 0.1, 0.3, 0.6, 1.0 })
        {
            double Leaky(double[] v) { double t = TensorPrimitives.Dot(w, v) / norm; return slope * t + (1 - slope) * Math.Max(0, t); }
            var (x, y) = Draw(shape, TrainCount, 1, Leaky);
            var (tx, ty) = Draw(shape, TestCount, 2, Leaky);
            worst = Math.Max(worst, ReliableRelu.Fit(x, y, options).Evaluate(tx, ty).Loss);
        }
        // Square loss on [-1,1] is bounded by 4.
        return (worst <= eps + Slack(4, TestCount)).Label($"{shape}: worst held-out loss over slopes {worst:E3}");
    }

    [Property]
    public Property Max_affine_tournament_kernel_learns_max_of_planes_and_lspa_reaches_a_fixpoint(SphereCase sample, int piecesSeed)
    {
        var shape = sample with { Dimension = Math.Min(sample.Dimension, 6) };
        int k = 2 + Math.Abs(piecesSeed % 2);
        var planes = UnitRows(new Random(shape.Seed), k, shape.Dimension);
        double Max(double[] v) => Enumerable.Range(0, k).Max(j => TensorPrimitives.Dot(planes.Row(j), v));
        var (x, y) = Draw(shape, TrainCount, 1, Max);
        var (tx, ty) = Draw(shape, TestCount, 2, Max);
        const double eps = 0.03;
        var kernel = ReliableRelu.Fit(x, y, new ReliableReluOptions { Task = ReluTask.MaxAffine, Pieces = k, Degree = 3, Weight = 16, Scale = "none" });
        double kernelLoss = kernel.Evaluate(tx, ty).Loss;
        var lspa = ReliableRelu.Fit(x, y, new ReliableReluOptions { Task = ReluTask.MaxAffineLspa, Pieces = k, Restarts = 5, Scale = "none", Seed = shape.Seed });
        bool fixpoint = lspa.Report.Exit == "Fixpoint";
        return (kernelLoss <= eps + Slack(4, TestCount) && fixpoint)
            .Label($"{shape}, k = {k}: tournament-kernel loss {kernelLoss:E3}; LSPA exit {lspa.Report.Exit}, loss {lspa.Evaluate(tx, ty).Loss:E3}");
    }

    [Property]
    public Property Polynomial_reconstruction_recovers_the_planted_off_diagonal_coefficients(SphereCase sample)
    {
        var shape = sample with { Kind = SphereKind.Uniform, Dimension = Math.Clamp(sample.Dimension, 3, 6) };
        var rng = new Random(shape.Seed);
        double c01 = 0.6 * (rng.NextDouble() - 0.5), c2 = 0.6 * (rng.NextDouble() - 0.5);
        double Target(double[] v) => c01 * v[0] * v[1] + c2 * v[2];
        var (x, y) = Draw(shape, 1200, 1, Target);
        var model = ReliableRelu.Fit(x, y, new ReliableReluOptions { Task = ReluTask.Polynomial, Degree = 2, Weight = 4, Scale = "none" });
        var coefficients = PolynomialCoefficients.Of(model.Hypothesis!);
        double Coefficient(params int[] exponents) => coefficients.Single(c => c.Exponents.SequenceEqual(exponents)).Value;
        var e01 = new int[shape.Dimension]; e01[0] = 1; e01[1] = 1;
        var e2 = new int[shape.Dimension]; e2[2] = 1;
        double error = Math.Max(Math.Abs(Coefficient(e01) - c01), Math.Abs(Coefficient(e2) - c2));
        // Tolerance 0.02: off-diagonal and linear monomials are identifiable on the sphere (only sum x_i^2 = 1 ties the
        // squares to the constant); with noise-free labels the ridge-like bias of the norm bound is what remains.
        return (error <= 0.02).Label($"{shape}: target x0x1 {c01:F4}, x2 {c2:F4}; recovered error {error:E2}");
    }
}
