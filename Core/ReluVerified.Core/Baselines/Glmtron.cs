using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// GLMtron (Kakade, Kanade, Shamir and Kalai 2011; peer:glmtron): Alphatron with the linear kernel, run in weight space.
/// From w = 0 repeat w += (1/m) sum_i (y_i - u(w . x_i)) x_i with u = clip_[0,1] (step 1 = 1 / sup ||x||^2 on the
/// ball), keeping the iterate with the least held-out squared error. Deterministic. Its iterates equal Alphatron's with
/// <see cref="Kernels.Kernel.Linear"/> (w = sum_i alpha_i x_i), which the properties check.
/// </summary>
public static class Glmtron
{
    /// <summary>Iterations run when the caller gives none.</summary>
    public const int DefaultIterations = 500;

    /// <summary>Fits on <paramref name="fit"/> and selects the iterate on <paramref name="selection"/> (peer:glmtron).</summary>
    public static BaselineFit Fit(LabelledSample fit, LabelledSample selection, int iterations = DefaultIterations, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(fit);
        Preconditions.NotNull(selection);
        Preconditions.Positive(iterations);
        int m = fit.Count, n = fit.Points.Dimension;
        var w = new double[n];
        var step = new double[n];
        (double Error, int Iteration, double[] W)? best = null;
        var trace = new List<double>();
        var link = MonotoneLink.Clip01;
        for (int t = 0; t <= iterations; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (t > 0)
            {
                Array.Clear(step);
                for (int i = 0; i < m; i++)
                {
                    double r = fit.Labels[i] - link.Apply(TensorPrimitives.Dot<double>(w, fit.Points[i]));
                    TensorPrimitives.MultiplyAdd(fit.Points[i], r / m, step, step);
                }
                TensorPrimitives.Add(w, step, w);
            }
            double error = HeldOut.SquaredError(new LinearHypothesis([.. w], link).Predict(selection.Points), selection.Labels.AsSpan());
            trace.Add(error);
            if (best is null || error < best.Value.Error) best = (error, t, (double[])w.Clone());
        }
        var (e, tb, wb) = best!.Value;
        return new BaselineFit("glmtron", new BaselineHypothesis.SingleIndex(new LinearHypothesis([.. wb], link)),
            ImmutableSortedDictionary.CreateRange(new Dictionary<string, double> { ["iteration"] = tb }), e, [.. trace], null);
    }
}
