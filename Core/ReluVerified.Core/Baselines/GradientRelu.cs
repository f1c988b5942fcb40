using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// Projected (sub)gradient descent on a single ReLU, the natural heuristic for Optimization Problem 1 (peer:gd-relu):
/// minimise F(w) = (1/m) sum_i (max(0, w . x_i) - y_i)^2 over ||w|| &lt;= 1. Each restart starts at half a uniformly random
/// unit vector (drawn from <c>new Random(seed)</c>, restarts in sequence) and takes fixed steps of 1/2 (the gradient of F is
/// 2-Lipschitz on each linear piece when ||x|| &lt;= 1) along the subgradient (2/m) sum_{w.x_i &gt; 0} (w . x_i - y_i) x_i,
/// projecting radially back onto the ball. The iterate with the least F over all restarts and steps is returned; the trace
/// is the best F so far after every step (non-increasing by construction). Prediction: max(0, w . x) = clip_[0,1](w . x)
/// on the ball. It does not enforce the zero-label constraints of Optimization Problem 1.
/// </summary>
public static class GradientRelu
{
    /// <summary>Restarts when the caller gives none.</summary>
    public const int DefaultRestarts = 5;

    /// <summary>Steps per restart when the caller gives none.</summary>
    public const int DefaultSteps = 200;

    /// <summary>The fixed step size 1/2 (1 / the gradient's Lipschitz constant 2 sup ||x||^2 on the ball).</summary>
    public const double StepSize = 0.5;

    /// <summary>The objective F(w) on <paramref name="sample"/>.</summary>
    public static double Objective(ReadOnlySpan<double> w, LabelledSample sample)
    {
        Preconditions.NotNull(sample);
        Preconditions.Check(w.Length == sample.Points.Dimension, nameof(w), $"{nameof(w)} has {w.Length} entries for dimension {sample.Points.Dimension}.");
        double sum = 0;
        for (int i = 0; i < sample.Count; i++)
        {
            double r = Math.Max(0, TensorPrimitives.Dot(w, sample.Points[i])) - sample.Labels[i];
            sum += r * r;
        }
        return sum / sample.Count;
    }

    /// <summary>Runs the seeded restarts on <paramref name="sample"/> (peer:gd-relu).</summary>
    public static BaselineFit Fit(LabelledSample sample, int seed, int restarts = DefaultRestarts, int steps = DefaultSteps, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(sample);
        Preconditions.Positive(restarts);
        Preconditions.Positive(steps);
        int m = sample.Count, n = sample.Points.Dimension;
        var rng = new Random(seed);
        var gradient = new double[n];
        double bestObjective = double.PositiveInfinity;
        double[] bestW = new double[n];
        int bestRestart = 0, bestStep = 0;
        var trace = new List<double>();
        for (int r = 0; r < restarts; r++)
        {
            var w = Distributions.RandomDraws.UnitVector(rng, n);
            TensorPrimitives.Multiply(w, 0.5, w);
            for (int t = 0; ; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Array.Clear(gradient);
                double sum = 0;
                for (int i = 0; i < m; i++)
                {
                    double s = TensorPrimitives.Dot<double>(w, sample.Points[i]);
                    double residual = Math.Max(0, s) - sample.Labels[i];
                    sum += residual * residual;
                    if (s > 0) TensorPrimitives.MultiplyAdd(sample.Points[i], 2 * residual / m, gradient, gradient);
                }
                double objective = sum / m;
                if (objective < bestObjective)
                {
                    bestObjective = objective;
                    w.CopyTo(bestW, 0);
                    bestRestart = r;
                    bestStep = t;
                }
                trace.Add(bestObjective);
                if (t == steps) break;
                TensorPrimitives.MultiplyAdd(gradient, -StepSize, w, w);
                double norm = TensorPrimitives.Norm<double>(w);
                if (norm > 1) TensorPrimitives.Divide(w, norm, w);
            }
        }
        var hypothesis = new LinearHypothesis([.. bestW], MonotoneLink.Clip01);
        return new BaselineFit("gd-relu", new BaselineHypothesis.SingleIndex(hypothesis),
            ImmutableSortedDictionary.CreateRange(new Dictionary<string, double> { ["restart"] = bestRestart, ["step"] = bestStep, ["restarts"] = restarts, ["steps"] = steps }),
            bestObjective, [.. trace], null);
    }
}
