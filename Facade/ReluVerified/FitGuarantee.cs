using System.Collections.Immutable;
using ReluVerified.Core.Learning;

namespace ReluVerified;

/// <summary>
/// What a fit's theorem (T2.1, R2.2, T2.3, T2.4, T2.6) promises for the parameters and the solve actually used, every
/// premise checked, and what the theorem itself would ask for at this eps (the <c>guarantee</c> object of the report JSON).
/// <see cref="Statement"/> is <see cref="GuaranteeText.Of"/> of the other fields: every number in it is one of them.
/// Fields from <see cref="Bound"/> on were added with issue 12; a model file written before them loads with them null
/// (false for <see cref="ReachesEpsilon"/>) and keeps its old statement. Derivations: Proofs/T2.1-reliable-relu.md.
/// </summary>
/// <param name="Statement">The guarantee in words, derived from the other fields.</param>
/// <param name="Rademacher">R = sqrt(B' k / m_fit), B' = B (1 + the solver's feasibility tolerance), k = sup of the kernel on the ball.</param>
/// <param name="FalsePositiveBound">The bound on the JOINT false-positive rate P(h != 0, y = 0) from the fit rows alone; null when a premise it needs fails (or for tasks without one).</param>
/// <param name="PositiveLossSlack">The slack over opt besides the approximation term: L max(tau, 0) + gap + 2 L R + 2 b c (agnostic tasks: the overall loss, without the tau term).</param>
/// <param name="ThresholdAdmissible">tau &gt;= 2 tau_c &gt; 0 (the false-positive bound's premise on the threshold).</param>
/// <param name="RequiredSamples">Fit rows at which every bound reaches eps with the chosen d and B (other terms held at this fit's values); null when they never do.</param>
/// <param name="TheoryDegree">The degree the task's theorem would use at this tau_c (certified Chebyshev table).</param>
/// <param name="TheoryWeight">Its weight B (null where the construction has none certified).</param>
/// <param name="TheoryRequiredSamples">The fit rows the bounds would need with (TheoryDegree, TheoryWeight), one candidate and a perfect solve.</param>
/// <param name="CalibratedFalsePositiveBound">eps when tau was calibrated: a bound on the CONDITIONAL rate P(h != 0 | y = 0), with probability 1 - delta; else null.</param>
/// <param name="Bound">Which bounds the task has: "reliable" (false positives and positive loss), "agnostic" (overall loss) or "none".</param>
/// <param name="Comparator">The comparator class, in the embedded coordinates and what they are in the user's columns.</param>
/// <param name="Approximation">The certified approximation that puts the comparator class into the RKHS ball at the chosen degree.</param>
/// <param name="ApproximationError">eps_a(d), its certified sup error over the class; null when there is none.</param>
/// <param name="ApproximationWeight">B_a(d), its certified RKHS weight; null when there is none.</param>
/// <param name="ApproximationTerm">A = L e + s e^2, the (positive) loss the approximation can cost (e = eps_a, plus the low-rank shift); null when unknown.</param>
/// <param name="Premises">Every premise of the bounds, checked for this fit.</param>
/// <param name="CandidatesUnion">|C|: the candidates selection looked at (each (d, B), and under cross-validation each (d, B, lambda, bandwidth)); the bounds hold for all of them at once (delta split over 3 |C| events).</param>
/// <param name="ReachesEpsilon">Whether the bounds reach eps at some sample size (every premise holds and the terms that do not shrink with m are below eps).</param>
/// <param name="FalsePositiveBoundKind">"joint": <see cref="FalsePositiveBound"/> bounds P(h != 0, y = 0).</param>
/// <param name="CalibratedFalsePositiveBoundKind">"conditional": <see cref="CalibratedFalsePositiveBound"/> bounds P(h != 0 | y = 0); null without calibration.</param>
/// <param name="Epsilon">eps.</param>
/// <param name="Confidence">1 - delta.</param>
/// <param name="FitRows">m: the rows the program was solved on.</param>
/// <param name="Degree">The chosen d.</param>
/// <param name="DualityGap">The solver's certified gap, clamped at 0 (in the slack).</param>
/// <param name="TrainingDualLoss">D = (1/m) sum_{y_i = 0} clip((f_i - tau_c) / tau_c): the fit rows' part of the false-positive bound.</param>
/// <param name="LossFloor">A + L max(tau, 0) + gap (agnostic: A + gap): the part of the loss bound that does not shrink with m.</param>
/// <param name="CalibrationZeroCount">Held-out zero-labelled rows the calibration used.</param>
/// <param name="LowRank">The S-lowrank report of a low-rank fit (its certificate is for K~).</param>
public sealed record FitGuarantee(
    string Statement, double Rademacher, double? FalsePositiveBound, double PositiveLossSlack, bool ThresholdAdmissible,
    double? RequiredSamples, int? TheoryDegree, double? TheoryWeight, double? TheoryRequiredSamples, double? CalibratedFalsePositiveBound,
    string? Bound = null, string? Comparator = null, string? Approximation = null, double? ApproximationError = null,
    double? ApproximationWeight = null, double? ApproximationTerm = null, ImmutableArray<GuaranteePremise>? Premises = null,
    int? CandidatesUnion = null, bool ReachesEpsilon = false, string? FalsePositiveBoundKind = null, string? CalibratedFalsePositiveBoundKind = null,
    double? Epsilon = null, double? Confidence = null, int? FitRows = null, int? Degree = null, double? DualityGap = null,
    double? TrainingDualLoss = null, double? LossFloor = null, int? CalibrationZeroCount = null, LowRankReport? LowRank = null)
{
    /// <summary>The kind of <see cref="FalsePositiveBound"/>.</summary>
    public const string Joint = "joint";

    /// <summary>The kind of <see cref="CalibratedFalsePositiveBound"/>.</summary>
    public const string Conditional = "conditional";

    /// <summary>The premises that fail and that the named bound needs ("false-positive", "positive-loss", "loss"; "all" apply to every bound).</summary>
    public IEnumerable<GuaranteePremise> Failing(string bound)
        => (Premises ?? []).Where(p => !p.Holds && (p.AppliesTo == bound || p.AppliesTo == TheoremGuarantee.All));

    /// <inheritdoc />
    public bool Equals(FitGuarantee? other) => other is not null && Statement == other.Statement && Rademacher.Equals(other.Rademacher)
        && Nullable.Equals(FalsePositiveBound, other.FalsePositiveBound) && PositiveLossSlack.Equals(other.PositiveLossSlack)
        && ThresholdAdmissible == other.ThresholdAdmissible && Nullable.Equals(RequiredSamples, other.RequiredSamples)
        && TheoryDegree == other.TheoryDegree && Nullable.Equals(TheoryWeight, other.TheoryWeight)
        && Nullable.Equals(TheoryRequiredSamples, other.TheoryRequiredSamples) && Nullable.Equals(CalibratedFalsePositiveBound, other.CalibratedFalsePositiveBound)
        && Bound == other.Bound && Comparator == other.Comparator && Approximation == other.Approximation
        && Nullable.Equals(ApproximationError, other.ApproximationError) && Nullable.Equals(ApproximationWeight, other.ApproximationWeight)
        && Nullable.Equals(ApproximationTerm, other.ApproximationTerm)
        && Premises.HasValue == other.Premises.HasValue && (Premises ?? []).SequenceEqual(other.Premises ?? [])
        && CandidatesUnion == other.CandidatesUnion && ReachesEpsilon == other.ReachesEpsilon
        && FalsePositiveBoundKind == other.FalsePositiveBoundKind && CalibratedFalsePositiveBoundKind == other.CalibratedFalsePositiveBoundKind
        && Nullable.Equals(Epsilon, other.Epsilon) && Nullable.Equals(Confidence, other.Confidence) && FitRows == other.FitRows
        && Degree == other.Degree && Nullable.Equals(DualityGap, other.DualityGap) && Nullable.Equals(TrainingDualLoss, other.TrainingDualLoss)
        && Nullable.Equals(LossFloor, other.LossFloor) && CalibrationZeroCount == other.CalibrationZeroCount && Equals(LowRank, other.LowRank);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Statement, Rademacher, ReachesEpsilon);
}
