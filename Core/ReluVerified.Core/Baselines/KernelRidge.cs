using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// Unconstrained kernel ridge regression with the multinomial kernel (peer:krr): alpha = (K + m lambda I)^{-1} y, so that
/// f = sum_j alpha_j k(x_j, .) minimises (1/m) sum (f(x_i) - y_i)^2 + lambda ||f||^2; the prediction is clip_[0,1](f).
/// (d, lambda) are chosen on a held-out part by the least squared error of the clipped prediction. The solve is a
/// Cholesky factorisation (OpenBLAS dpotrf and dtrsv when available, managed otherwise). There is no false-positive control.
/// </summary>
public static class KernelRidge
{
    /// <summary>The lambda grid tried when the caller gives none: 1e-5 to 1e-1 in decades.</summary>
    public static ImmutableArray<double> DefaultLambdas { get; } = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1];

    /// <summary>The coefficients alpha = (K + m lambda I)^{-1} y for one kernel and one lambda (peer:krr).</summary>
    public static double[] Coefficients(Matrix gram, ReadOnlySpan<double> labels, double lambda, ComputeBackend backend = ComputeBackend.Auto)
    {
        Preconditions.NotNull(gram);
        Preconditions.Check(gram.Rows == gram.Columns && gram.Rows == labels.Length, nameof(gram),
            $"{nameof(gram)} is {gram.Rows}x{gram.Columns} for {labels.Length} labels.");
        Preconditions.Check(double.IsFinite(lambda) && lambda > 0, nameof(lambda), $"{nameof(lambda)} must be positive and finite, got {lambda}.");
        return RidgeSolve.Solve(gram, gram.Rows * lambda, labels, backend);
    }

    /// <summary>
    /// Fits on <paramref name="fit"/> and selects (d, lambda) among <paramref name="degrees"/> x <paramref name="lambdas"/>
    /// by held-out squared error on <paramref name="selection"/> (peer:krr). Ties go to the smaller d, then the larger lambda.
    /// The trace lists the held-out error of every candidate in the order (d ascending, lambda descending).
    /// </summary>
    public static BaselineFit Fit(LabelledSample fit, LabelledSample selection, ImmutableArray<int> degrees, ImmutableArray<double> lambdas,
        ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(fit);
        Preconditions.NotNull(selection);
        Preconditions.Check(!degrees.IsDefaultOrEmpty && degrees.All(d => d >= 0), nameof(degrees), $"{nameof(degrees)} must be non-empty and non-negative.");
        Preconditions.Check(!lambdas.IsDefaultOrEmpty && lambdas.All(l => double.IsFinite(l) && l > 0), nameof(lambdas), $"{nameof(lambdas)} must be non-empty and positive.");
        var trace = new List<double>();
        (double Error, int Degree, double Lambda, double[] Alpha)? best = null;
        foreach (int degree in degrees.Distinct().Order())
        {
            var kernel = new Kernel.Multinomial(degree);
            var gram = GramEngine.Gram(kernel, fit.Points, backend, cancellationToken);
            var cross = GramEngine.Cross(kernel, selection.Points, fit.Points, backend, cancellationToken);
            foreach (double lambda in lambdas.Distinct().OrderDescending())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var alpha = Coefficients(gram, fit.Labels.AsSpan(), lambda, backend);
                var predictions = GramEngine.MatVec(cross, alpha, backend).Select(HeldOut.Clip01).ToArray();
                double error = HeldOut.SquaredError(predictions, selection.Labels.AsSpan());
                trace.Add(error);
                if (best is null || error < best.Value.Error) best = (error, degree, lambda, alpha);
            }
        }
        var (e, d, l, a) = best!.Value;
        var hypothesis = new KernelHypothesis(new Kernel.Multinomial(d), fit.Points, [.. a], new OutputRule.Clip(0, 1));
        return new BaselineFit("krr", new BaselineHypothesis.Kernelised(hypothesis),
            ImmutableSortedDictionary.CreateRange(new Dictionary<string, double> { ["degree"] = d, ["lambda"] = l }), e, [.. trace], null);
    }
}
