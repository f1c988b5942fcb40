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
/// With a finite <see cref="ZeroPenalty"/> lambda the zero constraints are softened (T2.1-budget, ours, beyond the paper;
/// Proofs/T2.1-budgeted-program.md): the objective gains (lambda/m) sum_{j in Z} w_j max(0, (K alpha)_j - tau_c).
/// Immutable; equality is structural.
/// </summary>
public sealed record KernelProgram : ISolvableProgram
{
    /// <summary>
    /// The symmetric positive semi-definite m x m Gram matrix K_ij = k(x_i, x_j): the given matrix, or (K + K')/2 when the
    /// given one is symmetric only to rounding (<see cref="Tolerances.GramSymmetry"/>).
    /// </summary>
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

    /// <summary>
    /// lambda &gt;= 0, the price of a unit of weighted excess on Z (T2.1-budget, Proofs/T2.1-budgeted-program.md): the program
    /// minimises (1/m) sum_P w_i loss(f_i, y_i) + (lambda/m) sum_{j in Z} w_j t_j subject to f_j &lt;= tau_c + t_j, t_j &gt;= 0
    /// and the ball. +infinity (the default) is the hard program of T2.1 (f_j &lt;= tau_c), solved by exactly the same code path.
    /// Zero-labelled points of weight 0 (and all of Z when lambda = 0) are unconstrained in the penalised program.
    /// </summary>
    public double ZeroPenalty { get; private init; } = double.PositiveInfinity;

    /// <summary>Number of samples m.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// Validates and builds the program. <paramref name="weights"/> defaults to all ones. Errors name the argument and
    /// the index: non-square Gram, label count mismatch, non-finite entries, a Gram matrix that is not symmetric to rounding
    /// (<see cref="Tolerances.GramSymmetry"/>), negative weights, B not positive. Positive semi-definiteness is checked by
    /// <see cref="ReliableSolver"/>, which factors K anyway (an O(m^3) check does not belong in a constructor).
    /// </summary>
    public KernelProgram(Matrix gram, ImmutableArray<double> labels, ProgramTask task, double normBound, double threshold, Loss loss,
        ImmutableArray<double> weights = default)
    {
        Gram = ValidGram(gram, labels);
        Weights = ProgramValidation.LabelsWeightsAndBounds(labels, task, normBound, threshold, weights);
        Labels = labels;
        Task = task;
        NormBound = normBound;
        Threshold = threshold;
        Loss = Preconditions.NotNull(loss);
    }

    /// <summary>A copy of <paramref name="source"/> with another B and tau_c: its Gram matrix, labels and weights are already valid.</summary>
    private KernelProgram(KernelProgram source, double normBound, double threshold)
    {
        Gram = source.Gram;
        Weights = ProgramValidation.LabelsWeightsAndBounds(source.Labels, source.Task, normBound, threshold, source.Weights);
        Labels = source.Labels;
        Task = source.Task;
        NormBound = normBound;
        Threshold = threshold;
        Loss = source.Loss;
        ZeroPenalty = source.ZeroPenalty;
    }

    /// <summary>True when sample i carries loss (i in P).</summary>
    public bool InLossSet(int i) => Task == ProgramTask.Agnostic || Labels[i] > 0;

    /// <summary>True when sample i is constrained to f(x_i) &lt;= tau_c (i in Z).</summary>
    public bool InConstrainedSet(int i) => Task == ProgramTask.Reliable && Labels[i] == 0;

    /// <summary>A copy with a different norm bound B (for warm-started paths over B).</summary>
    public KernelProgram WithNormBound(double normBound) => new(this, normBound, Threshold);

    /// <summary>A copy with a different threshold tau_c (for warm-started paths over tau_c).</summary>
    public KernelProgram WithThreshold(double threshold) => new(this, NormBound, threshold);

    /// <summary>
    /// A copy with zero penalty lambda (T2.1-budget): +infinity gives the hard program back; NaN and negative values are
    /// refused with an <see cref="ArgumentException"/> naming <paramref name="zeroPenalty"/>.
    /// </summary>
    public KernelProgram WithZeroPenalty(double zeroPenalty) => this with { ZeroPenalty = ProgramValidation.ZeroPenalty(zeroPenalty) };

    /// <summary>Shape, finiteness and symmetry of the Gram matrix; returns the (possibly symmetrised) matrix the program uses.</summary>
    private static Matrix ValidGram(Matrix gram, ImmutableArray<double> labels)
    {
        Preconditions.NotNull(gram);
        Preconditions.Check(!labels.IsDefault && labels.Length > 0, nameof(labels), $"{nameof(labels)} is empty: at least one sample is needed.");
        Preconditions.Check(gram.Rows == gram.Columns && gram.Rows == labels.Length, nameof(gram),
            $"{nameof(gram)} is {gram.Rows}x{gram.Columns}; {labels.Length} labels need a {labels.Length}x{labels.Length} Gram matrix.");
        // max |K_ij| is finite exactly when every entry is (one vectorised pass, which the later checks reuse); the entry-by-entry
        // pass runs only to name the first entry that is not
        if (!double.IsFinite(GramValidation.LargestEntry(gram))) Preconditions.AllFinite(gram.AsSpan(), nameof(gram));
        return GramValidation.Symmetric(gram, nameof(gram));
    }

    /// <summary>
    /// The objective at predictions f: (1/m) sum_{i in P} w_i loss(f_i, y_i) (T2.1), plus lambda <see cref="Excess"/> when
    /// <see cref="ZeroPenalty"/> lambda is finite (T2.1-budget: the penalised objective with t_j = max(0, f_j - tau_c)).
    /// </summary>
    public double Objective(ReadOnlySpan<double> predictions)
    {
        Preconditions.Check(predictions.Length == Count, nameof(predictions), $"{nameof(predictions)} has {predictions.Length} entries; the program has {Count} samples.");
        return ProgramValidation.Objective(this, predictions);
    }

    /// <summary>The loss term (1/m) sum_{i in P} w_i loss(f_i, y_i) alone (the objective without the zero penalty).</summary>
    public double LossTerm(ReadOnlySpan<double> predictions)
    {
        Preconditions.Check(predictions.Length == Count, nameof(predictions), $"{nameof(predictions)} has {predictions.Length} entries; the program has {Count} samples.");
        return ProgramValidation.LossTerm(this, predictions);
    }

    /// <summary>
    /// The excess (1/m) sum_{j in Z} w_j max(0, f_j - tau_c) (T2.1-budget): the false-positive budget the predictions use,
    /// the quantity <see cref="ReliableSolver.SolveWithBudget(KernelProgram, double, SolverOptions?, int, double, CancellationToken)"/> bounds.
    /// </summary>
    public double Excess(ReadOnlySpan<double> predictions)
    {
        Preconditions.Check(predictions.Length == Count, nameof(predictions), $"{nameof(predictions)} has {predictions.Length} entries; the program has {Count} samples.");
        return ProgramValidation.Excess(this, predictions);
    }

    double[] ISolvableProgram.PredictionsOf(double[] coefficients, ComputeBackend backend) => GramEngine.MatVec(Gram, coefficients, backend);

    double ISolvableProgram.SquaredNormOf(double[] coefficients, double[] predictions) => TensorPrimitives.Dot<double>(coefficients, predictions);

    (double Quadratic, double[] Stationarity) ISolvableProgram.DualQuadratics(double[] s, double[] coefficients, double[] predictions, double[] thetas,
        ComputeBackend backend)
    {
        // K (s + 2 theta alpha) = K s + 2 theta f: one mat-vec for every quadratic form (dsymv: K is exactly symmetric, and
        // these working estimates need no particular order of summation); each form in K + delta I, as the rigorous bounds
        // below (delta = Indefiniteness)
        var ks = DenseProducts.Symv(Gram, s, NativeBlas.UseNative(backend));
        double delta = Indefiniteness;
        var stationarity = new double[thetas.Length];
        for (int t = 0; t < thetas.Length; t++)
        {
            double theta = thetas[t], sum = 0;
            for (int i = 0; i < ks.Length; i++)
            {
                double r = s[i] + 2 * theta * coefficients[i];
                sum += r * (ks[i] + 2 * theta * predictions[i]) + delta * r * r;
            }
            stationarity[t] = sum;
        }
        return (TensorPrimitives.Dot<double>(s, ks) + delta * TensorPrimitives.Dot<double>(s, s), stationarity);
    }

    (double Norm, double Stationarity) ISolvableProgram.DualNormBounds(double[] s, double[] coefficients, double theta, ComputeBackend backend)
    {
        // r = fl(s + 2 theta alpha) differs from the exact vector by at most gamma_1 (2 theta |alpha_i| + |r_i|) per entry (2 theta is
        // exact; one rounding for the product, one for the sum), and a coefficient error e_i moves the function sum_i r_i K(x_i, .)
        // by at most sum_i |e_i| ||K(x_i, .)|| = sum_i |e_i| sqrt(K_ii + delta) in the norm of K + delta I; the factor 2 covers the
        // rounding of the slack's own sum
        int m = Count;
        double delta = Indefiniteness;
        var r = new double[m];
        double slack = 0;
        for (int i = 0; i < m; i++)
        {
            r[i] = s[i] + 2 * theta * coefficients[i];
            slack += (2 * theta * Math.Abs(coefficients[i]) + Math.Abs(r[i])) * Math.Sqrt(Math.Max(Gram[i, i], 0) + delta);
        }
        double norm = Shifted(FloatingPoint.QuadraticNormUpperBound(Gram, s), s, delta);
        double stationarity = FloatingPoint.UpperSum(Shifted(FloatingPoint.QuadraticNormUpperBound(Gram, r), r, delta),
            2 * FloatingPoint.Gamma(1) * slack);
        return (norm, stationarity);
    }

    /// <summary>
    /// The lambda_min(K) &gt;= -delta that the input check proved for <see cref="Gram"/> (<see cref="GramValidation"/>): the dual
    /// quadratics are taken in K + delta I, which is PSD, so that the Cauchy-Schwarz step of the dual bound holds for a Gram matrix
    /// that is PSD only to rounding (Proofs/T2.1-reliable-program.md, "Floating-point certificate"). The check runs before any
    /// certificate is evaluated (<see cref="ReliableSolver"/>); on a matrix no solve has verified (internal callers only) K is
    /// taken as PSD as stored, delta = 0.
    /// </summary>
    internal double Indefiniteness => Gram.Facts.PositiveSemidefinite ? Gram.Facts.Indefiniteness : 0;

    /// <summary>
    /// An upper bound on sqrt(v'K v + delta ||v||^2) from an upper bound n on sqrt(max(0, v'K v)): each product and the sum round
    /// once (relative u each; the factors cover them) and <see cref="FloatingPoint.UpperSqrt"/> the root.
    /// </summary>
    private static double Shifted(double n, double[] v, double delta)
    {
        if (delta == 0) return n;
        double norm = FloatingPoint.UpperNorm(v);
        return FloatingPoint.UpperSqrt(FloatingPoint.UpperSum(n * n * (1 + 4 * FloatingPoint.U), delta * norm * norm * (1 + 4 * FloatingPoint.U)));
    }

    double ISolvableProgram.Entry(int i, int j) => Gram[i, j];

    double[] ISolvableProgram.CoefficientsOfExpansion(double[] alpha) => alpha;

    /// <inheritdoc />
    public bool Equals(KernelProgram? other) => other is not null && Gram.Equals(other.Gram)
        && StructuralEquality.Equal(Labels, other.Labels) && StructuralEquality.Equal(Weights, other.Weights)
        && Task == other.Task && NormBound.Equals(other.NormBound) && Threshold.Equals(other.Threshold) && Loss.Equals(other.Loss)
        && ZeroPenalty.Equals(other.ZeroPenalty);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Gram, StructuralEquality.Hash(Labels.AsSpan()), Task, NormBound, Threshold, Loss, ZeroPenalty);
}
