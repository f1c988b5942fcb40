using System.Collections.Immutable;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.Learning;

/// <summary>
/// The resolved hyper-parameters of the kernel learner of T2.1 / R2.2 (the Facade derives them from the user's options;
/// see Proofs/T2.1-reliable-relu.md for the defaults). Degrees and weights are candidate lists: with more than one
/// candidate, the learner selects (d, B) on a held-out part of the data.
/// </summary>
/// <param name="Task">Reliable (T2.1) or agnostic (R2.2).</param>
/// <param name="Degrees">Candidate multinomial-kernel degrees d.</param>
/// <param name="NormBounds">Candidate RKHS norm bounds B (solved in increasing order with warm starts).</param>
/// <param name="ConstraintLevel">tau_c: the bound on training scores of zero-labelled points (eps0).</param>
/// <param name="Threshold">tau, or null for 2 tau_c (the theorem's choice) unless calibration sets it.</param>
/// <param name="Calibrate">Calibrate tau on held-out zero-labelled points (Neyman-Pearson umbrella rule).</param>
/// <param name="Epsilon">Target error eps.</param>
/// <param name="Delta">Failure probability delta.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Seed">Seed of the content-hash split into fit / selection / calibration parts.</param>
/// <param name="Solver">Solver options (the facade passes <see cref="LearnerSolver"/>).</param>
/// <param name="Kernels">Which kernel each candidate degree uses (default MK_d).</param>
/// <param name="OutputLower">Lower end of the output clip (0 for ReLU tasks, -1 for the regression tasks T2.4 and T2.6).</param>
/// <param name="OutputUpper">Upper end of the output clip.</param>
/// <param name="LowRank">Fit on a Nystroem factor of this rank (S-lowrank) instead of the exact Gram matrix; null: exact.</param>
/// <param name="Comparator">The class the guarantee compares with (default: the ReLUs of T2.1 / R2.2).</param>
/// <param name="ZeroPenalties">
/// Candidate multipliers lambda of the FP-budgeted program (T2.1-budget, Proofs/T2.1-budgeted-program.md): a
/// zero-labelled point may exceed tau_c at a cost lambda / m per unit. Empty (default) or +infinity: the hard program of
/// T2.1. Finite values need <paramref name="Folds"/> &gt;= 2.
/// </param>
/// <param name="Folds">
/// 0 (default): select (d, B) on one held-out part, as T2.1's learner does. k &gt;= 2: cross-validated selection of
/// (d, B, lambda, threshold) over k folds of the non-calibration rows (<see cref="CrossValidatedSelection"/>), then a refit
/// on all of them.
/// </param>
/// <param name="SelectionRows">
/// Rows the cross-validated selection runs on (at least 2; the first ones of the seeded content-hash order of the fit
/// rows); null (default): sized by cost (<see cref="CrossValidatedSelection.Plan"/>).
/// </param>
public sealed record LearnerSettings(
    ProgramTask Task,
    ImmutableArray<int> Degrees,
    ImmutableArray<double> NormBounds,
    double ConstraintLevel,
    double? Threshold,
    bool Calibrate,
    double Epsilon,
    double Delta,
    Loss Loss,
    int Seed,
    SolverOptions Solver,
    KernelFamily? Kernels = null,
    double OutputLower = 0,
    double OutputUpper = 1,
    LowRankSettings? LowRank = null,
    ComparatorClass? Comparator = null,
    ImmutableArray<double> ZeroPenalties = default,
    int Folds = 0,
    int? SelectionRows = null)
{
    /// <summary>
    /// The solver options the learner is fitted with: <see cref="SolverOptions.Default"/> without
    /// <see cref="SolverOptions.TryInterpolant"/>. A candidate whose program a Gram matrix of full rank interpolates has many
    /// optima, and the interpolant (zero-labelled training rows at min(0, tau_c)) scored worse on held-out rows than the interior
    /// point's optimum: measured on a 900-row planted file (`Bench/scripts/planted_relu_csv.py 900 10 3`, `relu fit --epsilon
    /// 0.1`, 2026-11-30), the five cross-validation candidates at B = 64 that it certified had held-out conditional false-positive
    /// rate 0.0997 and positive loss 0.00274 against 0.0627 and 0.00240 with the interior point (docs/solver.md, "The
    /// interpolant before the interior point"). The learner's results are those of the code before the interpolant.
    /// </summary>
    public static SolverOptions LearnerSolver { get; } = SolverOptions.Default with { TryInterpolant = false };

    /// <summary>The candidate multipliers lambda in force: +infinity (the hard program) when none was given.</summary>
    public ImmutableArray<double> PenaltiesInForce => ZeroPenalties.IsDefaultOrEmpty ? [double.PositiveInfinity] : ZeroPenalties;

    /// <summary>Whether selection is cross-validated (<see cref="Folds"/> &gt;= 2).</summary>
    public bool CrossValidates => Folds >= 2;

    /// <summary>The kernel family in force (MK_d when none was given).</summary>
    public KernelFamily Family => Kernels ?? new KernelFamily.Multinomial();

    /// <summary>
    /// The loss's Lipschitz constant and bound over the output range: the declared ones on [0,1]; for the square loss on
    /// a range of width w, 2w and w^2 (the regression tasks T2.4 and T2.6 use [-1,1]).
    /// </summary>
    public (double Lipschitz, double Bound) LossConstants()
    {
        double width = OutputUpper - OutputLower;
        if (width == 1) return (Loss.Assumptions.Lipschitz, Loss.Assumptions.BoundOnUnitInterval);
        return Loss is Loss.Square ? (2 * width, width * width) : (Loss.Assumptions.Lipschitz, Loss.Assumptions.BoundOnUnitInterval * width);
    }

    /// <summary>The comparator class in force (the ReLUs when none was given).</summary>
    public ComparatorClass ComparatorInForce => Comparator ?? new ComparatorClass.Relu();

    /// <summary>
    /// s in the approximation cost L e + s e^2 of T2.1's positive-loss bound: a comparator value c in the output range and
    /// an approximation g within e of it may leave the range, where the declared Lipschitz constant does not hold. The
    /// square loss gives |(g - y)^2 - (c - y)^2| &lt;= e (2 width + e) = L e + e^2, so s = 1; the absolute and Huber losses
    /// are Lipschitz on the whole line, s = 0; for other losses it is unknown (null) and the bound is not claimed.
    /// </summary>
    public double? QuadraticExcess() => Loss switch
    {
        Loss.Square => 1.0,
        Loss.Absolute or Loss.Huber => 0.0,
        _ => null,
    };

    /// <summary>Whether (d, B) must be selected on held-out data.</summary>
    public bool Selects => Degrees.Length * NormBounds.Length > 1 && !CrossValidates;

    /// <summary>Whether tau is calibrated on held-out data (reliable task only).</summary>
    public bool Calibrates => Calibrate && Task == ProgramTask.Reliable && Threshold is null;

    /// <inheritdoc />
    public bool Equals(LearnerSettings? other) => other is not null && Task == other.Task
        && StructuralEquality.Equal(Degrees, other.Degrees) && StructuralEquality.Equal(NormBounds, other.NormBounds)
        && ConstraintLevel.Equals(other.ConstraintLevel) && Threshold.Equals(other.Threshold) && Calibrate == other.Calibrate
        && Epsilon.Equals(other.Epsilon) && Delta.Equals(other.Delta) && Loss.Equals(other.Loss) && Seed == other.Seed && Solver.Equals(other.Solver)
        && (Kernels ?? new KernelFamily.Multinomial()).Equals(other.Kernels ?? new KernelFamily.Multinomial())
        && OutputLower.Equals(other.OutputLower) && OutputUpper.Equals(other.OutputUpper) && Equals(LowRank, other.LowRank)
        && Equals(Comparator ?? new ComparatorClass.Relu(), other.Comparator ?? new ComparatorClass.Relu())
        // no penalties and +infinity alone are the same program (the hard one of T2.1)
        && StructuralEquality.Equal(ZeroPenalties.IsDefaultOrEmpty ? [double.PositiveInfinity] : ZeroPenalties,
            other.ZeroPenalties.IsDefaultOrEmpty ? [double.PositiveInfinity] : other.ZeroPenalties) && Folds == other.Folds
        && SelectionRows == other.SelectionRows;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Task, ConstraintLevel, Epsilon, Delta, Seed, Degrees.Length, NormBounds.Length);
}
