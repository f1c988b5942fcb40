using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Hypotheses;

/// <summary>
/// A fitted predictor on embedded points, as a closed set: <see cref="KernelExpansion"/> (the kernel learners of T2.1,
/// R2.2, T2.3, T2.4 and T2.6) and <see cref="MaxAffine"/> (the least-squares partition heuristic beside T2.6).
/// </summary>
public abstract record Predictor
{
    private Predictor() { }

    /// <summary>Raw scores before the output rule (the kernel expansion f, or max_j w_j.x).</summary>
    public abstract double[] Scores(PointSet points, CancellationToken cancellationToken = default);

    /// <summary>Predictions h(x).</summary>
    public abstract double[] Predict(PointSet points, CancellationToken cancellationToken = default);

    /// <summary>The dimension of the embedded points it expects.</summary>
    public abstract int Dimension { get; }

    /// <summary>A kernel expansion with its output rule.</summary>
    /// <param name="Hypothesis">The kernel hypothesis.</param>
    public sealed record KernelExpansion(KernelHypothesis Hypothesis) : Predictor
    {
        /// <inheritdoc />
        public override double[] Scores(PointSet points, CancellationToken cancellationToken = default)
            => Hypothesis.Scores(points, ComputeBackend.Auto, cancellationToken);

        /// <inheritdoc />
        public override double[] Predict(PointSet points, CancellationToken cancellationToken = default)
            => Hypothesis.Predict(points, ComputeBackend.Auto, cancellationToken);

        /// <inheritdoc />
        public override int Dimension => Hypothesis.Support.Dimension;
    }

    /// <summary>A max-k-affine function.</summary>
    /// <param name="Hypothesis">The pieces and clip range.</param>
    public sealed record MaxAffine(MaxAffineHypothesis Hypothesis) : Predictor
    {
        /// <inheritdoc />
        public override double[] Scores(PointSet points, CancellationToken cancellationToken = default) => Hypothesis.Scores(points);

        /// <inheritdoc />
        public override double[] Predict(PointSet points, CancellationToken cancellationToken = default) => Hypothesis.Predict(points);

        /// <inheritdoc />
        public override int Dimension => Hypothesis.Pieces.Columns;
    }
}
