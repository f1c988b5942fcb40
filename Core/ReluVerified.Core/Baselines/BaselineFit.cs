using System.Collections.Immutable;
using ReluVerified.Core.Learning;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// The outcome of fitting one baseline (the peers of docs/theorems.md: peer:alphatron, peer:glmtron, peer:isotron,
/// peer:gd-relu, peer:krr, peer:krr-np): the hypothesis, the hyper-parameters it ended with (by name, e.g. "degree",
/// "lambda", "iteration", "threshold"), its selection figure, a trace (held-out squared error per iterate, or the best
/// objective after each step) and, for krr-np, the Neyman-Pearson calibration. Immutable; equality is structural.
/// </summary>
/// <param name="Method">The peer id without the "peer:" prefix, e.g. "alphatron".</param>
/// <param name="Hypothesis">The fitted predictor on embedded points.</param>
/// <param name="Parameters">Chosen hyper-parameters, sorted by name.</param>
/// <param name="SelectionError">The figure the hyper-parameters were chosen by (held-out squared error, or the training objective for gd-relu).</param>
/// <param name="Trace">Held-out squared error per iterate (alphatron, glmtron, isotron), best objective per step (gd-relu), or held-out error per lambda (krr).</param>
/// <param name="Calibration">The threshold calibration (krr-np only).</param>
public sealed record BaselineFit(
    string Method,
    BaselineHypothesis Hypothesis,
    ImmutableSortedDictionary<string, double> Parameters,
    double SelectionError,
    ImmutableArray<double> Trace,
    ThresholdCalibration? Calibration)
{
    /// <inheritdoc />
    public bool Equals(BaselineFit? other) => other is not null && Method == other.Method && Hypothesis.Equals(other.Hypothesis)
        && Parameters.SequenceEqual(other.Parameters) && SelectionError.Equals(other.SelectionError)
        && StructuralEquality.Equal(Trace, other.Trace) && Equals(Calibration, other.Calibration);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, Hypothesis, Parameters.Count, SelectionError, StructuralEquality.Hash(Trace.AsSpan()));
}
