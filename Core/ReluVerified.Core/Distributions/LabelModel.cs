using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Distributions;

/// <summary>
/// How labels y are attached to points (labels in [0,1], the learning model of Proofs/T2.1-reliable-relu.md), as values. Each case states the guarantee
/// it keeps; <see cref="Labelling"/> applies a model with caller-supplied randomness.
/// </summary>
public abstract record LabelModel
{
    private LabelModel() { }

    /// <summary>The dimension of the inputs the model expects.</summary>
    public abstract int Dimension { get; }

    /// <summary>
    /// The noise-free target value at x (the planted function). For <see cref="ReliableAgnostic"/> and
    /// <see cref="BoundedNoise"/> this is the function the corruption is measured against.
    /// </summary>
    public abstract double Target(ReadOnlySpan<double> x);

    /// <summary>Planted ReLU y = max(0, w.x) with ||w|| &lt;= 1 (T2.1). Labels lie in [0,1] on the ball.</summary>
    public sealed record PlantedRelu : LabelModel
    {
        /// <summary>The weight vector w.</summary>
        public ImmutableArray<double> Weights { get; }

        /// <summary>Creates the model; ||w|| must be at most 1.</summary>
        public PlantedRelu(ReadOnlySpan<double> weights) => Weights = Vectors.InUnitBall(weights, nameof(weights));

        /// <inheritdoc />
        public override int Dimension => Weights.Length;

        /// <inheritdoc />
        public override double Target(ReadOnlySpan<double> x) => Vectors.Relu(TensorPrimitives.Dot(Weights.AsSpan(), x));

        /// <inheritdoc />
        public bool Equals(PlantedRelu? other) => other is not null && StructuralEquality.Equal(Weights, other.Weights);

        /// <inheritdoc />
        public override int GetHashCode() => StructuralEquality.Hash(Weights.AsSpan());
    }

    /// <summary>
    /// Planted depth-2 network y = clip_[0,1](sum_j a_j max(0, w_j.x)) with ||w_j|| &lt;= 1 and sum |a_j| &lt;= 1 (T2.3).
    /// With all a_j &gt;= 0 the clip never acts; negative a_j are clipped at 0 so labels stay in [0,1].
    /// </summary>
    public sealed record PlantedDepth2 : LabelModel
    {
        /// <summary>Output weights a_j.</summary>
        public ImmutableArray<double> OutputWeights { get; }

        /// <summary>Hidden weights, one row w_j per unit.</summary>
        public Matrix HiddenWeights { get; }

        /// <summary>Creates the network, checking the norm constraints.</summary>
        public PlantedDepth2(ReadOnlySpan<double> outputWeights, Matrix hiddenWeights)
        {
            HiddenWeights = Preconditions.NotNull(hiddenWeights);
            Preconditions.Check(outputWeights.Length == hiddenWeights.Rows, nameof(outputWeights),
                $"{nameof(outputWeights)} has {outputWeights.Length} entries for {hiddenWeights.Rows} hidden units.");
            Preconditions.AllFinite(outputWeights, nameof(outputWeights));
            Preconditions.Check(TensorPrimitives.SumOfMagnitudes(outputWeights) <= 1 + Tolerances.UnitNorm, nameof(outputWeights),
                $"sum |a_j| = {TensorPrimitives.SumOfMagnitudes(outputWeights):R} > 1.");
            for (int j = 0; j < hiddenWeights.Rows; j++) Vectors.InUnitBall(hiddenWeights.Row(j), $"{nameof(hiddenWeights)} row {j}");
            OutputWeights = ImmutableArray.Create(outputWeights);
        }

        /// <inheritdoc />
        public override int Dimension => HiddenWeights.Columns;

        /// <inheritdoc />
        public override double Target(ReadOnlySpan<double> x)
        {
            double s = 0;
            for (int j = 0; j < OutputWeights.Length; j++) s += OutputWeights[j] * Vectors.Relu(TensorPrimitives.Dot(HiddenWeights.Row(j), x));
            return Vectors.Clip01(s);
        }

        /// <inheritdoc />
        public bool Equals(PlantedDepth2? other)
            => other is not null && HiddenWeights.Equals(other.HiddenWeights) && StructuralEquality.Equal(OutputWeights, other.OutputWeights);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(HiddenWeights, StructuralEquality.Hash(OutputWeights.AsSpan()));
    }

    /// <summary>
    /// Bounded label noise: y = clip_[0,1](target(x) + U[-a, a]). Guarantee: |y - target(x)| &lt;= a and y in [0,1].
    /// </summary>
    public sealed record BoundedNoise : LabelModel
    {
        /// <summary>The noise-free model.</summary>
        public LabelModel Inner { get; }

        /// <summary>The noise amplitude a in [0, 1].</summary>
        public double Amplitude { get; }

        /// <summary>Wraps <paramref name="inner"/> with uniform noise of amplitude <paramref name="amplitude"/>.</summary>
        public BoundedNoise(LabelModel inner, double amplitude)
        {
            Inner = Preconditions.NotNull(inner);
            Amplitude = Preconditions.InRange(amplitude, 0, 1);
        }

        /// <inheritdoc />
        public override int Dimension => Inner.Dimension;

        /// <inheritdoc />
        public override double Target(ReadOnlySpan<double> x) => Inner.Target(x);
    }

    /// <summary>
    /// Reliable-agnostic corruption around a planted ReLU w* (T2.1's setting). Zero labels occur ONLY where w*.x &lt;= 0,
    /// so max(0, w*.x) has no false positives (it lies in C+); positive labels may be arbitrary:
    /// <list type="bullet">
    /// <item>where w*.x &lt;= 0: label 0, except with probability <see cref="ZeroSidePositiveRate"/> an adversarial
    /// positive label drawn uniformly from (0, 1];</item>
    /// <item>where w*.x &gt; 0: with probability <see cref="PositiveSideCorruptionRate"/> a label uniform on (0, 1],
    /// otherwise max(w*.x + U[-a, a], w*.x / 2) with a = <see cref="PositiveSideNoise"/> (positive, within a of w*.x).</item>
    /// </list>
    /// </summary>
    public sealed record ReliableAgnostic : LabelModel
    {
        /// <summary>The planted weight vector w*, ||w*|| &lt;= 1.</summary>
        public ImmutableArray<double> Weights { get; }

        /// <summary>Probability of an adversarial positive label on the zero side.</summary>
        public double ZeroSidePositiveRate { get; }

        /// <summary>Amplitude of bounded noise on the positive side.</summary>
        public double PositiveSideNoise { get; }

        /// <summary>Probability that a positive-side label is replaced by an arbitrary positive label.</summary>
        public double PositiveSideCorruptionRate { get; }

        /// <summary>Creates the corruption model.</summary>
        public ReliableAgnostic(ReadOnlySpan<double> weights, double zeroSidePositiveRate, double positiveSideNoise, double positiveSideCorruptionRate = 0)
        {
            Weights = Vectors.InUnitBall(weights, nameof(weights));
            ZeroSidePositiveRate = Preconditions.InRange(zeroSidePositiveRate, 0, 1);
            PositiveSideNoise = Preconditions.InRange(positiveSideNoise, 0, 1);
            PositiveSideCorruptionRate = Preconditions.InRange(positiveSideCorruptionRate, 0, 1);
        }

        /// <inheritdoc />
        public override int Dimension => Weights.Length;

        /// <inheritdoc />
        public override double Target(ReadOnlySpan<double> x) => Vectors.Relu(TensorPrimitives.Dot(Weights.AsSpan(), x));

        /// <inheritdoc />
        public bool Equals(ReliableAgnostic? other)
            => other is not null && ZeroSidePositiveRate.Equals(other.ZeroSidePositiveRate) && PositiveSideNoise.Equals(other.PositiveSideNoise)
               && PositiveSideCorruptionRate.Equals(other.PositiveSideCorruptionRate) && StructuralEquality.Equal(Weights, other.Weights);

        /// <inheritdoc />
        public override int GetHashCode()
            => HashCode.Combine(ZeroSidePositiveRate, PositiveSideNoise, PositiveSideCorruptionRate, StructuralEquality.Hash(Weights.AsSpan()));
    }
    /// <summary>
    /// Max of planes y = clip_[0,1](max_j w_j . x) with ||w_j|| &lt;= 1 (the max-k-affine class of T2.6, restricted to labels
    /// in [0,1] so the reliable learners apply). With any w_j = 0 it is a max of ReLUs, zero exactly where every plane is
    /// non-positive. Noise-free: the label is the target.
    /// </summary>
    public sealed record MaxOfPlanes : LabelModel
    {
        /// <summary>The planes, one row w_j per plane.</summary>
        public Matrix Planes { get; }

        /// <summary>Creates the model, checking ||w_j|| &lt;= 1 for every row.</summary>
        public MaxOfPlanes(Matrix planes)
        {
            Planes = Preconditions.NotNull(planes);
            Preconditions.Check(planes.Rows > 0 && planes.Columns > 0, nameof(planes), $"{nameof(planes)} needs at least one plane and one column.");
            for (int j = 0; j < planes.Rows; j++) Vectors.InUnitBall(planes.Row(j), $"{nameof(planes)} row {j}");
        }

        /// <inheritdoc />
        public override int Dimension => Planes.Columns;

        /// <inheritdoc />
        public override double Target(ReadOnlySpan<double> x)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j < Planes.Rows; j++) best = Math.Max(best, TensorPrimitives.Dot(Planes.Row(j), x));
            return Vectors.Clip01(best);
        }
    }
}
