using System.Collections.Immutable;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// The program of T2.1 / R2.2 on an approximated kernel K~ = L L' (S-lowrank), in the factor's coordinates u in R^r:
/// <code>
///   minimise   (1/m) sum_{i in P} w_i loss((L u)_i, y_i)
///   subject to (L u)_i &lt;= tau_c  for i in Z          (reliable only)
///              ||u||^2 &lt;= B
/// </code>
/// This is exactly the kernel program with Gram matrix L L' (every f = L L' alpha is L u with u = L' alpha and
/// ||f||^2 = alpha' L L' alpha = ||u||^2 at the minimal u). Memory O(m r): the m x m matrix is never formed. The
/// certificate <see cref="ReliableSolver"/> returns is for K~, not for the exact kernel; the approximation's effect is
/// <see cref="ResidualTrace"/> = trace(K - L L') (see Proofs/S-lowrank.md). A finite <see cref="ZeroPenalty"/> softens the
/// zero constraints exactly as for <see cref="KernelProgram"/> (T2.1-budget). Immutable; equality is structural.
/// </summary>
public sealed record FactorProgram : ISolvableProgram
{
    /// <summary>
    /// The factor L (m x r, row-major): row i is the feature vector of sample i in the approximated RKHS. Only for a program
    /// built on a <see cref="Matrix"/>; one built on <see cref="IFactorRows"/> held elsewhere throws
    /// <see cref="InvalidOperationException"/> (use <see cref="Rows"/>).
    /// </summary>
    public Matrix Factor => Rows is DenseFactorRows dense ? dense.Factor
        : throw new InvalidOperationException("this program's factor rows are held elsewhere (an IFactorRows); use Rows.");

    /// <summary>The factor's rows, through the products the solver needs (<see cref="IFactorRows"/>).</summary>
    public IFactorRows Rows { get; }

    /// <summary>The labels y_i (reliable: in [0,1], zero marks the constrained set Z).</summary>
    public ImmutableArray<double> Labels { get; }

    /// <summary>Per-sample weights w_i &gt;= 0 (all 1 by default).</summary>
    public ImmutableArray<double> Weights { get; }

    /// <summary>Reliable (T2.1) or agnostic (R2.2).</summary>
    public ProgramTask Task { get; }

    /// <summary>The norm bound B &gt; 0 on ||u||^2 (the squared norm of f in the RKHS of K~).</summary>
    public double NormBound { get; }

    /// <summary>The threshold tau_c on zero-labelled predictions (ignored by the agnostic task).</summary>
    public double Threshold { get; }

    /// <summary>The loss(prediction, label).</summary>
    public Loss Loss { get; }

    /// <summary>trace(K - L L') = sum_i (k(x_i, x_i) - ||L_i||^2) &gt;= 0, reported with the certificate (S-lowrank); NaN when unknown.</summary>
    public double ResidualTrace { get; }

    /// <summary>
    /// lambda &gt;= 0, the price of a unit of weighted excess on Z (T2.1-budget, Proofs/T2.1-budgeted-program.md); +infinity
    /// (the default) is the hard program. See <see cref="KernelProgram.ZeroPenalty"/>.
    /// </summary>
    public double ZeroPenalty { get; private init; } = double.PositiveInfinity;

    /// <summary>Number of samples m.</summary>
    public int Count => Labels.Length;

    /// <summary>The rank r (columns of the factor).</summary>
    public int Rank => Rows.Rank;

    /// <summary>
    /// Validates and builds the program. Errors name the argument and index: factor rows not matching the labels, a factor
    /// with no column, non-finite entries, negative weights, B not positive, a negative residual trace.
    /// </summary>
    public FactorProgram(Matrix factor, ImmutableArray<double> labels, ProgramTask task, double normBound, double threshold, Loss loss,
        double residualTrace = double.NaN, ImmutableArray<double> weights = default)
        : this(new DenseFactorRows(Checked(factor)), labels, task, normBound, threshold, loss, residualTrace, weights) { }

    /// <summary>
    /// The program on a factor seen through <paramref name="rows"/>, which may be held elsewhere (e.g. by a cluster's shards,
    /// which check their own entries). The same checks as the <see cref="Matrix"/> constructor otherwise.
    /// </summary>
    public FactorProgram(IFactorRows rows, ImmutableArray<double> labels, ProgramTask task, double normBound, double threshold, Loss loss,
        double residualTrace = double.NaN, ImmutableArray<double> weights = default)
    {
        Preconditions.NotNull(rows);
        Preconditions.Check(!labels.IsDefault && labels.Length > 0, nameof(labels), $"{nameof(labels)} is empty: at least one sample is needed.");
        Preconditions.Check(rows.Rows == labels.Length && rows.Rank > 0, "factor",
            $"factor is {rows.Rows}x{rows.Rank}; {labels.Length} labels need {labels.Length} rows and at least one column.");
        Preconditions.Check(double.IsNaN(residualTrace) || residualTrace >= 0, nameof(residualTrace), $"{nameof(residualTrace)} must be non-negative (or NaN), got {residualTrace}.");
        weights = ProgramValidation.LabelsWeightsAndBounds(labels, task, normBound, threshold, weights);
        Rows = rows;
        Labels = labels;
        Weights = weights;
        Task = task;
        NormBound = normBound;
        Threshold = threshold;
        Loss = Preconditions.NotNull(loss);
        ResidualTrace = residualTrace;
    }

    private static Matrix Checked(Matrix factor)
    {
        Preconditions.NotNull(factor);
        Preconditions.AllFinite(factor.AsSpan(), nameof(factor));
        return factor;
    }

    /// <summary>The program on the factor of a <see cref="LowRankFactor"/> (its residual trace carried along).</summary>
    public static FactorProgram From(LowRankFactor factor, ImmutableArray<double> labels, ProgramTask task, double normBound, double threshold, Loss loss,
        ImmutableArray<double> weights = default)
        => new(Preconditions.NotNull(factor).Factor, labels, task, normBound, threshold, loss, factor.ResidualTrace, weights);

    /// <summary>True when sample i carries loss (i in P).</summary>
    public bool InLossSet(int i) => Task == ProgramTask.Agnostic || Labels[i] > 0;

    /// <summary>True when sample i is constrained to f(x_i) &lt;= tau_c (i in Z).</summary>
    public bool InConstrainedSet(int i) => Task == ProgramTask.Reliable && Labels[i] == 0;

    /// <summary>A copy with a different norm bound B (for warm-started paths over B).</summary>
    public FactorProgram WithNormBound(double normBound)
        => new FactorProgram(Rows, Labels, Task, normBound, Threshold, Loss, ResidualTrace, Weights) with { ZeroPenalty = ZeroPenalty };

    /// <summary>A copy with a different threshold tau_c.</summary>
    public FactorProgram WithThreshold(double threshold)
        => new FactorProgram(Rows, Labels, Task, NormBound, threshold, Loss, ResidualTrace, Weights) with { ZeroPenalty = ZeroPenalty };

    /// <summary>
    /// A copy with zero penalty lambda (T2.1-budget): +infinity gives the hard program back; NaN and negative values are
    /// refused with an <see cref="ArgumentException"/> naming <paramref name="zeroPenalty"/>.
    /// </summary>
    public FactorProgram WithZeroPenalty(double zeroPenalty) => this with { ZeroPenalty = ProgramValidation.ZeroPenalty(zeroPenalty) };

    /// <summary>
    /// The objective at predictions f: (1/m) sum_{i in P} w_i loss(f_i, y_i) (T2.1), plus lambda <see cref="Excess"/> when
    /// <see cref="ZeroPenalty"/> lambda is finite (T2.1-budget).
    /// </summary>
    public double Objective(ReadOnlySpan<double> predictions)
    {
        Preconditions.Check(predictions.Length == Count, nameof(predictions), $"{nameof(predictions)} has {predictions.Length} entries; the program has {Count} samples.");
        return ProgramValidation.Objective(this, predictions);
    }

    /// <summary>The loss term (1/m) sum_{i in P} w_i loss(f_i, y_i) alone (the objective without the zero penalty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LossTerm(ReadOnlySpan<double> predictions)
    {
        Preconditions.Check(predictions.Length == Count, nameof(predictions), $"{nameof(predictions)} has {predictions.Length} entries; the program has {Count} samples.");
        return ProgramValidation.LossTerm(this, predictions);
    }

    /// <summary>The excess (1/m) sum_{j in Z} w_j max(0, f_j - tau_c) (T2.1-budget): the false-positive budget the predictions use.</summary>
    public double Excess(ReadOnlySpan<double> predictions)
    {
        Preconditions.Check(predictions.Length == Count, nameof(predictions), $"{nameof(predictions)} has {predictions.Length} entries; the program has {Count} samples.");
        return ProgramValidation.Excess(this, predictions);
    }

    /// <summary>The predictions f = L u of factor coordinates u (length r).</summary>
    public double[] Predictions(ReadOnlySpan<double> u)
    {
        Preconditions.Check(u.Length == Rank, nameof(u), $"{nameof(u)} has {u.Length} entries; the factor has rank {Rank}.");
        return Rows.Times(u.ToArray(), ComputeBackend.Managed);
    }

    double[] ISolvableProgram.PredictionsOf(double[] coefficients, ComputeBackend backend)
        => Rows.Times(coefficients, NativeBlas.UseNative(backend) ? ComputeBackend.Native : ComputeBackend.Managed);

    double ISolvableProgram.SquaredNormOf(double[] coefficients, double[] predictions) => TensorPrimitives.Dot<double>(coefficients, coefficients);

    (double Quadratic, double[] Stationarity) ISolvableProgram.DualQuadratics(double[] s, double[] coefficients, double[] predictions, double[] thetas,
        ComputeBackend backend)
    {
        var t = TransposeTimes(s, backend);
        var stationarity = new double[thetas.Length];
        for (int k = 0; k < thetas.Length; k++)
        {
            double sum = 0;
            for (int j = 0; j < t.Length; j++) { double r = t[j] + 2 * thetas[k] * coefficients[j]; sum += r * r; }
            stationarity[k] = sum;
        }
        return (TensorPrimitives.Dot<double>(t, t), stationarity);
    }

    (double Norm, double Stationarity) ISolvableProgram.DualNormBounds(double[] s, double[] coefficients, double theta, ComputeBackend backend)
    {
        // fl(L's) differs from L's by at most gamma_m sum_i |s_i| ||L_i|| in 2-norm; adding 2 theta u rounds each entry once more
        var t = TransposeTimes(s, backend);
        double weighted = 0;
        var squaredNorms = s.Any(v => v != 0) ? Rows.RowSquaredNorms() : [];
        for (int i = 0; i < Count; i++)
            if (s[i] != 0) weighted += Math.Abs(s[i]) * Math.Sqrt(squaredNorms[i]);
        double norm = FloatingPoint.FactorNormUpperBound(t, weighted, Count);
        var r = new double[t.Length];
        for (int j = 0; j < r.Length; j++) r[j] = t[j] + 2 * theta * coefficients[j];
        double rNorm = FloatingPoint.UpperNorm(r), uNorm = FloatingPoint.UpperNorm(coefficients);
        double stationarity = FloatingPoint.UpperSum(FloatingPoint.FactorNormUpperBound(r, weighted, Count),
            2 * FloatingPoint.Gamma(2) * (2 * theta * uNorm + rNorm));
        return (norm, stationarity);
    }

    double ISolvableProgram.Entry(int i, int j) => Rows.RowDot(i, j);

    double[] ISolvableProgram.CoefficientsOfExpansion(double[] alpha) => TransposeTimes(alpha, ComputeBackend.Auto);

    /// <summary>L' v for an m-vector v.</summary>
    private double[] TransposeTimes(double[] v, ComputeBackend backend)
        => Rows.TransposeTimes(v, NativeBlas.UseNative(backend) ? ComputeBackend.Native : ComputeBackend.Managed);

    /// <inheritdoc />
    public bool Equals(FactorProgram? other) => other is not null && Rows.Equals(other.Rows)
        && StructuralEquality.Equal(Labels, other.Labels) && StructuralEquality.Equal(Weights, other.Weights)
        && Task == other.Task && NormBound.Equals(other.NormBound) && Threshold.Equals(other.Threshold) && Loss.Equals(other.Loss)
        && ResidualTrace.Equals(other.ResidualTrace) && ZeroPenalty.Equals(other.ZeroPenalty);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rows, StructuralEquality.Hash(Labels.AsSpan()), Task, NormBound, Threshold, Loss, ZeroPenalty);
}
