using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// Kernel ridge regression followed by a Neyman-Pearson post-hoc threshold (peer:krr-np): (d, lambda) as in
/// <see cref="KernelRidge.Fit"/>, then tau = an order statistic of the krr scores of held-out zero-labelled rows
/// (<see cref="NeymanPearson.Calibrate"/>, umbrella rule), and h = 0 where f &lt; tau, clip_[0,1](f) above. With probability
/// at least 1 - delta over the calibration draw the false-positive rate among zero-labelled points is at most eps.
/// When the calibration part holds too few zero-labelled rows the outcome says so and the threshold stays at 0
/// (h = clip_[0,1](f) with zero predictions for negative scores), which carries no guarantee.
/// </summary>
public static class NeymanPearsonRidge
{
    /// <summary>Fits krr on <paramref name="fit"/>, selects on <paramref name="selection"/>, calibrates on <paramref name="calibration"/>.</summary>
    public static BaselineFit Fit(LabelledSample fit, LabelledSample selection, LabelledSample calibration, ImmutableArray<int> degrees,
        ImmutableArray<double> lambdas, double epsilon, double delta, ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(calibration);
        var ridge = KernelRidge.Fit(fit, selection, degrees, lambdas, backend, cancellationToken);
        var kernel = ((BaselineHypothesis.Kernelised)ridge.Hypothesis).Hypothesis;
        var zeroRows = Enumerable.Range(0, calibration.Count).Where(i => calibration.Labels[i] == 0).ToArray();
        var zeroScores = zeroRows.Length == 0 ? [] : kernel.Scores(calibration.Points.Select(zeroRows), backend, cancellationToken);
        var outcome = NeymanPearson.Calibrate(zeroScores, epsilon, delta);
        double tau = outcome.Succeeded ? outcome.Threshold : 0.0;
        var hypothesis = new KernelHypothesis(kernel.Kernel, kernel.Support, kernel.Coefficients, new OutputRule.ReliableThreshold(tau));
        return new BaselineFit("krr-np", new BaselineHypothesis.Kernelised(hypothesis),
            ridge.Parameters.Add("threshold", tau), ridge.SelectionError, ridge.Trace, outcome);
    }
}
