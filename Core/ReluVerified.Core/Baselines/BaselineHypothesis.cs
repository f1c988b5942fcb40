using ReluVerified.Core.Geometry;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// What a fitted baseline predicts with, as a closed set of cases (the peers of docs/theorems.md): a
/// <see cref="Kernelised"/> <see cref="KernelHypothesis"/> (peer:alphatron, peer:krr, peer:krr-np) or a
/// <see cref="SingleIndex"/> <see cref="LinearHypothesis"/> (peer:glmtron, peer:isotron, peer:gd-relu).
/// </summary>
public abstract record BaselineHypothesis
{
    private BaselineHypothesis() { }

    /// <summary>The dimension of the embedded points the hypothesis expects.</summary>
    public abstract int Dimension { get; }

    /// <summary>Predictions h(x) on embedded points.</summary>
    public abstract double[] Predict(PointSet points, ComputeBackend backend = ComputeBackend.Auto);

    /// <summary>Raw scores before the output rule or link (f(x) or w . x).</summary>
    public abstract double[] Scores(PointSet points, ComputeBackend backend = ComputeBackend.Auto);

    /// <summary>h(x) = rule(sum_j alpha_j k(s_j, x)).</summary>
    /// <param name="Hypothesis">The kernel hypothesis.</param>
    public sealed record Kernelised(KernelHypothesis Hypothesis) : BaselineHypothesis
    {
        /// <inheritdoc />
        public override int Dimension => Hypothesis.Support.Dimension;

        /// <inheritdoc />
        public override double[] Predict(PointSet points, ComputeBackend backend = ComputeBackend.Auto) => Hypothesis.Predict(points, backend);

        /// <inheritdoc />
        public override double[] Scores(PointSet points, ComputeBackend backend = ComputeBackend.Auto) => Hypothesis.Scores(points, backend);
    }

    /// <summary>h(x) = u(w . x).</summary>
    /// <param name="Hypothesis">The single-index hypothesis.</param>
    public sealed record SingleIndex(LinearHypothesis Hypothesis) : BaselineHypothesis
    {
        /// <inheritdoc />
        public override int Dimension => Hypothesis.Weights.Length;

        /// <inheritdoc />
        public override double[] Predict(PointSet points, ComputeBackend backend = ComputeBackend.Auto) => Hypothesis.Predict(points);

        /// <inheritdoc />
        public override double[] Scores(PointSet points, ComputeBackend backend = ComputeBackend.Auto) => Hypothesis.Scores(points);
    }
}
