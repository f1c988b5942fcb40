using System.Collections.Immutable;
using ReluVerified.Core;
using System.Text.Json.Serialization;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Losses;

namespace ReluVerified;

/// <summary>
/// Everything a fit reports (T2.1 / R2.2): the parameters used, the solver's certificate, training figures, how (d, B)
/// and tau were chosen, timings, and what the theorem guarantees for the parameters used next to what it would need.
/// Serialised as the report JSON of <c>relu fit --report</c> (snake_case names).
/// </summary>
public sealed record FitReport
{
    /// <summary>The task (written as its file name, e.g. "reliable", "max-affine-lspa").</summary>
    public required ReluTask Task { get; init; }
    /// <summary>The loss (written as "square", "absolute" or "huber(delta)").</summary>
    [JsonConverter(typeof(LossTextConverter))]
    public required Loss Loss { get; init; }
    /// <summary>Target eps.</summary>
    public required double Epsilon { get; init; }
    /// <summary>delta.</summary>
    public required double Delta { get; init; }
    /// <summary>Chosen multinomial kernel degree d.</summary>
    public required int Degree { get; init; }
    /// <summary>Chosen RKHS norm bound B.</summary>
    public required double Weight { get; init; }
    /// <summary>Output threshold tau (null for the agnostic task, whose output is clipped).</summary>
    public required double? Threshold { get; init; }
    /// <summary>tau_c.</summary>
    public required double ConstraintLevel { get; init; }
    /// <summary>The program's objective at the solution: (1/m) sum_P w_i loss(f_i, y_i).</summary>
    public required double Objective { get; init; }
    /// <summary>Objective minus the certified dual bound.</summary>
    public required double DualityGap { get; init; }
    /// <summary>Largest constraint violation at the solution.</summary>
    public required double MaxViolation { get; init; }
    /// <summary>Interior-point iterations.</summary>
    public required int Iterations { get; init; }
    /// <summary>How the optimiser stopped (written by its C# name, e.g. "Converged").</summary>
    [JsonConverter(typeof(ExitTextConverter))]
    public required FitExit Exit { get; init; }
    /// <summary>Timings in milliseconds.</summary>
    public required FitTimings Timings { get; init; }
    /// <summary>Figures on the fit part.</summary>
    public required Metrics Train { get; init; }
    /// <summary>What T2.1 promises.</summary>
    public required FitGuarantee Guarantee { get; init; }
    /// <summary>Every (d, B) tried.</summary>
    public required ImmutableArray<CandidateScore> Candidates { get; init; }
    /// <summary>The Neyman-Pearson calibration of tau, when it ran.</summary>
    public ThresholdCalibration? Calibration { get; init; }
    /// <summary>Rows in the fit / selection / calibration parts.</summary>
    public required ImmutableArray<int> Parts { get; init; }

    /// <summary>T2.4: the largest monomial coefficients of the learned polynomial (polynomial task, small n and d); else null.</summary>
    public ImmutableArray<ReluVerified.Core.Regression.MonomialCoefficient>? Coefficients { get; init; }
    /// <summary>
    /// The low-rank approximation (S-lowrank) when the fit used one: rank, landmark method, trace(K - L L') and the largest
    /// residual diagonal. The certificate (objective, gap, violation) is then for the approximated kernel K~ = L L'.
    /// </summary>
    public LowRankReport? LowRank { get; init; }

    /// <summary>
    /// What the user should know about this fit that is not an error: e.g. calibration skipped for lack of zero-labelled
    /// rows, or a model that predicts 0 on every fit row. Empty when there is nothing to say.
    /// </summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>The chosen multiplier lambda of the FP-budgeted program (T2.1-budget); null for the hard program of T2.1.</summary>
    public double? ZeroPenalty { get; init; }

    /// <summary>What the cross-validated selection ran on (rows of the fit part, folds, candidates); null without cross-validation.</summary>
    public SelectionPlan? Selection { get; init; }

    /// <summary>The kernel the model uses: "multinomial", "tournament(k)" or "gaussian"; null in files written before the Gaussian kernel existed.</summary>
    public string? Kernel { get; init; }

    /// <summary>The report as indented JSON with snake_case names (the <c>relu fit --report</c> format).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ModelCodec.Json);

    /// <inheritdoc />
    public bool Equals(FitReport? other) => other is not null && Task == other.Task && Loss == other.Loss && Epsilon.Equals(other.Epsilon)
        && Delta.Equals(other.Delta) && Degree == other.Degree && Weight.Equals(other.Weight) && Nullable.Equals(Threshold, other.Threshold)
        && ConstraintLevel.Equals(other.ConstraintLevel) && Objective.Equals(other.Objective) && DualityGap.Equals(other.DualityGap)
        && MaxViolation.Equals(other.MaxViolation) && Iterations == other.Iterations && Exit == other.Exit && Timings.Equals(other.Timings)
        && Train.Equals(other.Train) && Guarantee.Equals(other.Guarantee) && StructuralEquality.Equal(Candidates, other.Candidates)
        && Equals(Calibration, other.Calibration) && StructuralEquality.Equal(Parts, other.Parts)
        && (Coefficients is { } mine ? other.Coefficients is { } theirs && StructuralEquality.Equal(mine, theirs) : other.Coefficients is null)
        && Equals(LowRank, other.LowRank) && StructuralEquality.Equal(Warnings, other.Warnings) && Nullable.Equals(ZeroPenalty, other.ZeroPenalty)
        && Equals(Selection, other.Selection) && Kernel == other.Kernel;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Task, Degree, Weight, Objective, Iterations, Exit, Timings);
}

/// <summary>Fit timings in milliseconds.</summary>
/// <param name="GramMs">Building kernel matrices.</param>
/// <param name="SolveMs">The solver.</param>
/// <param name="TotalMs">The whole fit, embedding and calibration included.</param>
public sealed record FitTimings(double GramMs, double SolveMs, double TotalMs);
