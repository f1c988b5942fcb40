using ReluVerified.Core.Losses;

namespace ReluVerified;

/// <summary>
/// Hyper-parameters of <see cref="ReliableRelu"/>.Fit (T2.1, R2.2). Every field has a default derived in
/// Proofs/T2.1-reliable-relu.md and can be overridden; data (rows, labels, sample weights) never goes here. A null field
/// is filled by the <see cref="Recipe"/> when the fit starts (<see cref="ReliableRelu.Resolve"/>); the model file keeps the
/// resolved values.
/// </summary>
public sealed record ReliableReluOptions
{
    /// <summary>
    /// Which defaults fill the null fields (default <see cref="LearnerRecipe.Recommended"/>; it differs from
    /// <see cref="LearnerRecipe.Theorem"/> only for the reliable task).
    /// </summary>
    public LearnerRecipe Recipe { get; init; } = LearnerRecipe.Recommended;

    /// <summary>
    /// The kernel: <see cref="KernelKind.Multinomial"/> (MK_d, the theorem's kernel) or <see cref="KernelKind.Gaussian"/>
    /// (P-gaussian, no theorem applies); null: the recipe's (recommended reliable fits: Gaussian; otherwise multinomial).
    /// </summary>
    public KernelKind? Kernel { get; init; }

    /// <summary>gamma of the Gaussian kernel; null: the median heuristic on the embedded fit rows.</summary>
    public double? Gamma { get; init; }

    /// <summary>
    /// lambda of the FP-budgeted program (T2.1-budget): a zero-labelled training row may exceed tau_c at a cost lambda / m
    /// per unit; +infinity is the theorem's hard program. Null: the recipe's (recommended reliable fits: selected among
    /// <see cref="ReliableRelu.DefaultPenalties"/>; otherwise +infinity).
    /// </summary>
    public double? ZeroPenalty { get; init; }

    /// <summary>Folds of the cross-validated selection (0: one held-out selection part); null: the recipe's (recommended reliable fits: 3; otherwise 0).</summary>
    public int? Folds { get; init; }

    /// <summary>
    /// Rows the cross-validated selection runs on (at least 2; a seeded subsample of the fit rows); null: sized by cost
    /// (every fit row up to 3,000, fewer on a low-rank fit whose selection would cost more than its final fit; see
    /// <see cref="Core.Learning.CrossValidatedSelection.Plan"/>).
    /// </summary>
    public int? SelectionRows { get; init; }
    /// <summary>The task (default reliable, T2.1).</summary>
    public ReluTask Task { get; init; } = ReluTask.Reliable;

    /// <summary>Hidden units k of a depth-2 network (T2.3); default 2.</summary>
    public int Units { get; init; } = 2;

    /// <summary>Pieces k of a max-k-affine function (T2.6 and the LSPA heuristic); default 2.</summary>
    public int Pieces { get; init; } = 2;

    /// <summary>Slope a of a leaky ReLU when known (only the reported theory uses it: one model covers every slope); null = unknown.</summary>
    public double? Slope { get; init; }

    /// <summary>Seeded restarts of the LSPA heuristic; default 10.</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>Target error eps in (0, 1); default 0.1.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Failure probability delta in (0, 1); default 0.05.</summary>
    public double Delta { get; init; } = 0.05;

    /// <summary>The loss; default square.</summary>
    public LossKind Loss { get; init; } = LossKind.Square;

    /// <summary>Width of the Huber loss (used when <see cref="Loss"/> is Huber); default 0.1.</summary>
    public double HuberDelta { get; init; } = 0.1;

    /// <summary>Multinomial kernel degree d; null selects among 2, 3, 4 on held-out data.</summary>
    public int? Degree { get; init; }

    /// <summary>
    /// Use the theorem's own (d, B) for this eps instead of the selection grid: the smallest degree whose certified ReLU
    /// error is at most tau_c and its weight (L-approx). Faithful to T2.1 but, at practical sample sizes, slow and prone to
    /// overfit (see Proofs/T2.1-reliable-relu.md); default false. Explicit <see cref="Degree"/>/<see cref="Weight"/> win.
    /// </summary>
    public bool TheoryParameters { get; init; }

    /// <summary>RKHS norm bound B; null selects among 4, 16, 64 on held-out data.</summary>
    public double? Weight { get; init; }

    /// <summary>tau_c, the bound on training scores of zero-labelled rows; null means eps / (4 L).</summary>
    public double? ConstraintLevel { get; init; }

    /// <summary>tau, the output threshold; null means 2 tau_c, or the calibrated value when <see cref="Calibrate"/>.</summary>
    public double? Threshold { get; init; }

    /// <summary>
    /// Calibrate tau on held-out zero-labelled rows (Neyman-Pearson umbrella rule). Null: the recipe's (recommended
    /// reliable fits: whenever the calibration part holds enough zero-labelled rows, otherwise not, with a warning in the
    /// report; otherwise false).
    /// </summary>
    public bool? Calibrate { get; init; }

    /// <summary>How rows are embedded into the unit ball; null: the recipe's (recommended reliable fits: <see cref="ScaleKind.Standardize"/>; otherwise <see cref="ScaleKind.MaxNorm"/>).</summary>
    public ScaleKind? Scale { get; init; }

    /// <summary>Append a bias coordinate so ReLUs with an offset are learnable; null: the recipe's (recommended reliable fits: true; otherwise false).</summary>
    public bool? Bias { get; init; }

    /// <summary>
    /// Rank r of a Nystroem approximation K ~ L L' (S-lowrank): memory O(m r) instead of O(m^2), r landmarks in the model,
    /// a certificate for the approximated kernel and its residual trace in the report. Null (default): the exact Gram matrix.
    /// </summary>
    public int? Rank { get; init; }

    /// <summary>How the r landmarks are chosen (S-lowrank); default <see cref="LandmarkKind.Uniform"/>.</summary>
    public LandmarkKind Landmarks { get; init; } = LandmarkKind.Uniform;

    /// <summary>Seed of the held-out split (and of the landmark choice); default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The loss value for these options.</summary>
    public Loss LossFunction() => Loss switch
    {
        LossKind.Square => new Loss.Square(),
        LossKind.Absolute => new Loss.Absolute(),
        LossKind.Huber => new Loss.Huber(HuberDelta),
        _ => throw new ArgumentOutOfRangeException(nameof(Loss), Loss, $"Loss {Loss} is not one of {string.Join(", ", Enum.GetNames<LossKind>())}."),
    };
}
