using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// Alphatron (Goel and Klivans 2017; peer:alphatron): starting from alpha = 0, repeat
/// alpha_i += (lambda / m) (y_i - u(sum_j alpha_j k(x_i, x_j))) with u = clip_[0,1] (a 1-Lipschitz non-decreasing
/// link that agrees with the ReLU on [0,1]) and lambda = 1 / sup k(x,x) (the paper's 1/L for a kernel bounded by 1,
/// rescaled because MK_d(x,x) = d+1; any kernel is accepted, e.g. the Gaussian of P-gaussian with sup 1), and keep the iterate, over every kernel tried, with the least held-out squared
/// error. Deterministic: no randomness is involved. There is no false-positive control.
/// </summary>
public static class Alphatron
{
    /// <summary>Iterations run when the caller gives none.</summary>
    public const int DefaultIterations = 500;

    /// <summary>Fits on <paramref name="fit"/> and selects the kernel and the iterate on <paramref name="selection"/> (peer:alphatron).</summary>
    public static BaselineFit Fit(LabelledSample fit, LabelledSample selection, ImmutableArray<Kernel> kernels, int iterations = DefaultIterations,
        ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(fit);
        Preconditions.NotNull(selection);
        Preconditions.Check(!kernels.IsDefaultOrEmpty, nameof(kernels), $"{nameof(kernels)} is empty.");
        Preconditions.Positive(iterations);
        int m = fit.Count;
        var labels = fit.Labels.AsSpan();
        (double Error, int Kernel, int Iteration, double[] Alpha)? best = null;
        var trace = new List<double>();
        for (int k = 0; k < kernels.Length; k++)
        {
            var kernel = kernels[k];
            var gram = GramEngine.Gram(kernel, fit.Points, backend, cancellationToken);
            var cross = GramEngine.Cross(kernel, selection.Points, fit.Points, backend, cancellationToken);
            double rate = 1.0 / kernel.DiagonalBound / m;
            var alpha = new double[m];
            for (int t = 0; t <= iterations; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (t > 0)
                {
                    var f = GramEngine.MatVec(gram, alpha, backend);
                    for (int i = 0; i < m; i++) alpha[i] += rate * (labels[i] - HeldOut.Clip01(f[i]));
                }
                var held = GramEngine.MatVec(cross, alpha, backend);
                for (int i = 0; i < held.Length; i++) held[i] = HeldOut.Clip01(held[i]);
                double error = HeldOut.SquaredError(held, selection.Labels.AsSpan());
                trace.Add(error);
                if (best is null || error < best.Value.Error) best = (error, k, t, (double[])alpha.Clone());
            }
        }
        var (e, kb, tb, a) = best!.Value;
        var hypothesis = new KernelHypothesis(kernels[kb], fit.Points, [.. a], new OutputRule.Clip(0, 1));
        var parameters = new Dictionary<string, double> { ["iteration"] = tb, ["rate"] = 1.0 / kernels[kb].DiagonalBound };
        if (kernels[kb] is Kernel.Multinomial mk) parameters["degree"] = mk.Degree;
        if (kernels[kb] is Kernel.Gaussian gaussian) parameters["gamma"] = gaussian.Gamma;
        return new BaselineFit("alphatron", new BaselineHypothesis.Kernelised(hypothesis), ImmutableSortedDictionary.CreateRange(parameters), e, [.. trace], null);
    }
}
