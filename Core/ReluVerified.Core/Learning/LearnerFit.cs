using System.Collections.Immutable;
using ReluVerified.Core.Optimization;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Learning;

/// <summary>
/// The outcome of <see cref="KernelLearner.Fit"/> (T2.1 / R2.2): the hypothesis, the certificate of its program, the
/// selection and calibration that chose its parameters, and what the theorem guarantees for them. It carries no timings:
/// the learner reads no clock, so two fits of the same input are equal (callers that want timings measure around the fit).
/// </summary>
/// <param name="Hypothesis">The learned predictor (on embedded points).</param>
/// <param name="Degree">The chosen d.</param>
/// <param name="NormBound">The chosen B.</param>
/// <param name="ConstraintLevel">tau_c.</param>
/// <param name="Threshold">tau (for the agnostic task: NaN, the output is clipped).</param>
/// <param name="Solver">The solver's result for the chosen program.</param>
/// <param name="Candidates">Every (d, B) tried, with its selection metrics.</param>
/// <param name="Calibration">The Neyman-Pearson calibration, when it ran.</param>
/// <param name="Train">Metrics of the hypothesis on the fit part.</param>
/// <param name="Guarantee">What T2.1 promises for (m_fit, d, B, tau_c, tau, delta).</param>
/// <param name="FitCount">Rows in the fit part.</param>
/// <param name="SelectionCount">Rows in the selection part.</param>
/// <param name="CalibrationCount">Rows in the calibration part.</param>
/// <param name="LowRank">The low-rank approximation's report (S-lowrank); null for an exact fit.</param>
/// <param name="ZeroPenalty">The chosen multiplier lambda of the FP-budgeted program (T2.1-budget); +infinity: the hard program of T2.1.</param>
/// <param name="Selection">What the cross-validated selection ran on (rows, folds, candidates); null without cross-validation.</param>
public sealed record LearnerFit(
    KernelHypothesis Hypothesis,
    int Degree,
    double NormBound,
    double ConstraintLevel,
    double Threshold,
    SolverResult Solver,
    ImmutableArray<CandidateScore> Candidates,
    ThresholdCalibration? Calibration,
    Metrics Train,
    TheoremGuarantee Guarantee,
    int FitCount,
    int SelectionCount,
    int CalibrationCount,
    LowRankReport? LowRank = null,
    double ZeroPenalty = double.PositiveInfinity,
    SelectionPlan? Selection = null)
{
    /// <inheritdoc />
    public bool Equals(LearnerFit? other) => other is not null && Hypothesis.Equals(other.Hypothesis) && Degree == other.Degree
        && NormBound.Equals(other.NormBound) && ConstraintLevel.Equals(other.ConstraintLevel) && Threshold.Equals(other.Threshold)
        && Solver.Equals(other.Solver) && StructuralEquality.Equal(Candidates, other.Candidates) && Equals(Calibration, other.Calibration)
        && Train.Equals(other.Train) && Guarantee.Equals(other.Guarantee) && FitCount == other.FitCount
        && SelectionCount == other.SelectionCount && CalibrationCount == other.CalibrationCount && Equals(LowRank, other.LowRank)
        && ZeroPenalty.Equals(other.ZeroPenalty) && Equals(Selection, other.Selection);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hypothesis, Degree, NormBound, Threshold, Solver, FitCount, SelectionCount, CalibrationCount);
}
