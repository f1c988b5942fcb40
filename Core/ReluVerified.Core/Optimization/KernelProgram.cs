using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// The convex program of T2.1 (reliable) and R2.2 (agnostic) over f = sum_j alpha_j K(x_j, .):
/// <code>
///   minimise   (1/m) sum_{i in P} w_i loss((K alpha)_i, y_i)
///   subject to (K alpha)_i &lt;= tau_c  for i in Z          (reliable only)
///              alpha' K alpha &lt;= B
/// </code>
/// Reliable: P = {i : y_i &gt; 0}, Z = {i : y_i = 0}. Agnostic: P = all points, Z empty. m is the total sample count.
/// Immutable; equality is structural.
/// </summary>
public sealed record KernelProgram : ISolvableProgram
{
    /// <summary>The symmetric positive semi-definite m x m Gram matrix K_ij = k(x_i, x_j).</summary>
    public Matrix Gram { get; }

    /// <summary>The labels y_i (reliable: in [0,1], zero marks the constrained set Z).</summary>
    public ImmutableArray<double> Labels { get; }

    /// <summary>Per-sample weights w_i &gt;= 0 (all 1 by default).</summary>
    public ImmutableArray<double> Weights { get; }

    /// <summary>Reliable (T2.1) or agnostic (R2.2).</summary>
    public ProgramTask Task { get; }

    /// <summary>The RKHS norm bound B &gt; 0 on alpha' K alpha.</summary>
    public double NormBound { get; }

    /// <summary>The threshold tau_c on zero-labelled predictions (ignored by the agnostic task).</summary>
    public double Threshold { get; }

    /// <summary>The loss(prediction, label).</summary>
    public Loss Loss { get; }

    /// <summary>Number of samples m.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// Validates and builds the program. <paramref name="weights"/> defaults to all ones. Errors name the argument and
    /// the index: non-square Gram, label count mismatch, non-finite entries, negative weights, B not positive.
    /// </summary>
    public KernelProgram(Matrix gram, ImmutableArray<double> labels, ProgramTask task, double normBound, double threshold, Loss loss,
        ImmutableArray<double> weights = default)
    {
        Preconditions.NotNull(gram);
        Preconditions.Check(!labels.IsDefault && labels.Length > 0, nameof(labels), $"{nameof(labels)} is empty: at least one sample is needed.");
        Preconditions.Check(gram.Rows == gram.Columns && gram.Rows == labels.Length, nameof(gram),
            $"{nameof(gram)} is {gram.Rows}x{gram.Columns}; {labels.Length} labels need a {labels.Length}x{labels.Length} Gram matrix.");
        Preconditions.AllFinite(gram.AsSpan(), nameof(gram));
        weights = ProgramValidation.LabelsWeightsAndBounds(labels, task, normBound, threshold, weights);
        Gram = gram;
        Labels = labels;
        Weights = weights;
        Task = task;
        NormBound = normBound;
        Threshold = threshold;
        Loss = Preconditions.NotNull(loss);
    }

    /// <summary>True when sample i carries loss (i in P).</summary>
    public bool InLossSet(int i) => Task == ProgramTask.Agnostic || Labels[i] > 0;

    /// <summary>True when sample i is constrained to f(x_i) &lt;= tau_c (i in Z).</summary>
    public bool InConstrainedSet(int i) => Task == ProgramTask.Reliable && Labels[i] == 0;

    /// <summary>A copy with a different norm bound B (for warm-started paths over B).</summary>
    public KernelProgram WithNormBound(double normBound) => new(Gram, Labels, Task, normBound, Threshold, Loss, Weights);

    /// <summary>A copy with a different threshold tau_c (for warm-started paths over tau_c).</summary>
    public KernelProgram WithThreshold(double threshold) => new(Gram, Labels, Task, NormBound, threshold, Loss, Weights);

    /// <summary>The objective (1/m) sum_{i in P} w_i loss(f_i, y_i) at predictions f (T2.1).</summary>
    public double Objective(ReadOnlySpan<double> predictions)
    {
        Preconditions.Check(predictions.Length == Count, nameof(predictions), $"{nameof(predictions)} has {predictions.Length} entries; the program has {Count} samples.");
        double sum = 0;
        for (int i = 0; i < Count; i++)
            if (InLossSet(i) && Weights[i] != 0) sum += Weights[i] * Loss.Value(predictions[i], Labels[i]);
        return sum / Count;
    }

    double[] ISolvableProgram.PredictionsOf(double[] coefficients, ComputeBackend backend) => GramEngine.MatVec(Gram, coefficients, backend);

    double ISolvableProgram.SquaredNormOf(double[] coefficients, double[] predictions) => TensorPrimitives.Dot<double>(coefficients, predictions);

    double ISolvableProgram.Quadratic(double[] s, ComputeBackend backend)
        => Math.Max(0, TensorPrimitives.Dot<double>(s, GramEngine.MatVec(Gram, s, backend)));

    double ISolvableProgram.Entry(int i, int j) => Gram[i, j];

    double[] ISolvableProgram.CoefficientsOfExpansion(double[] alpha) => alpha;

    /// <inheritdoc />
    public bool Equals(KernelProgram? other) => other is not null && Gram.Equals(other.Gram)
        && StructuralEquality.Equal(Labels, other.Labels) && StructuralEquality.Equal(Weights, other.Weights)
        && Task == other.Task && NormBound.Equals(other.NormBound) && Threshold.Equals(other.Threshold) && Loss.Equals(other.Loss);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Gram, StructuralEquality.Hash(Labels.AsSpan()), Task, NormBound, Threshold, Loss);
}
