using System.Collections.Immutable;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.Learning;

/// <summary>
/// What T2.1 (reliable) or R2.2 (agnostic) promises, via L-generalisation (the dual-loss Rademacher argument), for the
/// parameters and the solve actually used, with probability at least 1 - delta over the fit rows. With
/// B' = B (1 + eta) (eta the solver's relative ball tolerance (SolverOptions.BallTolerance), fixed before the sample; the premise
/// ||f||^2 &lt;= B' puts the hypothesis in that ball), R = sqrt(B' k / m) (k = sup k(z,z) on the ball: d+1 for MK_d), |C| the number of (d, B)
/// candidates selection looked at, c = sqrt(ln(3 |C| / delta) / 2m), tau_c the constraint level and tau the threshold:
/// <code>
///   joint FP:       P(h != 0, y = 0) &lt;= D + (2/tau_c) R + c                          (premises: tau_c &gt; 0, tau &gt;= 2 tau_c, sound certificate)
///   positive loss:  L_{&gt;0}(h) &lt;= opt + A + L max(tau, 0) + G + 2 L R + 2 b c         (premises: B &gt;= B_a(d), tau_c &gt;= eps_a(d), unit weights, ...)
///   agnostic loss:  E loss(h) &lt;= opt + A + G + 2 L R + 2 b c
/// </code>
/// where D = (1/m) sum_{y_i = 0} clip_[0,1]((f_i - tau_c) / tau_c) is the training dual loss (0 when no zero constraint
/// is violated), G = max(0, duality gap), L and b the loss's Lipschitz constant and bound on the output range, opt the
/// least (positive) loss in the comparator class (for the reliable task among its members with no false positive), and
/// A = L e + s e^2 the cost of approximating the comparator, e = eps_a(d) (plus sqrt(B_a trace(K - K~) / m) for a
/// low-rank fit, S-lowrank), s = 1 for the square loss (which is not Lipschitz beyond the output range) and 0 for the
/// absolute and Huber losses. A bound is claimed only when every premise it needs holds. The derivation, with these
/// constants, is in Proofs/T2.1-reliable-relu.md.
/// </summary>
/// <param name="Task">Reliable (T2.1) or agnostic (R2.2).</param>
/// <param name="SampleCount">m: rows in the fit part.</param>
/// <param name="KernelBound">k = sup_z k(z,z) on the ball.</param>
/// <param name="Degree">d.</param>
/// <param name="NormBound">B.</param>
/// <param name="EffectiveNormBound">B' = B (1 + eta): the ball, fixed before the sample, that the hypothesis must lie in.</param>
/// <param name="ConstraintLevel">tau_c.</param>
/// <param name="Threshold">tau (2 tau_c for the agnostic task, where it plays no part).</param>
/// <param name="Delta">delta.</param>
/// <param name="Lipschitz">L of the loss on the output range.</param>
/// <param name="LossBound">b: sup of the loss on the output range.</param>
/// <param name="QuadraticExcess">s in A = L e + s e^2 (1 for the square loss, 0 for losses Lipschitz everywhere); null when unknown.</param>
/// <param name="Candidates">|C|: the (d, B) candidates selection looked at (delta is split over them).</param>
/// <param name="Rademacher">R = sqrt(B' k / m).</param>
/// <param name="Concentration">c = sqrt(ln(3 |C| / delta) / 2m).</param>
/// <param name="DualityGap">G: the solver's certified gap (objective minus dual bound), clamped at 0.</param>
/// <param name="TrainingDualLoss">D (reliable task with tau_c &gt; 0), else null.</param>
/// <param name="Comparator">The comparator class and its certified approximation at degree d.</param>
/// <param name="LowRankShift">sqrt(B_a trace(K - K~) / m) for a low-rank fit, else 0.</param>
/// <param name="ApproximationTerm">A = L e + s e^2, or null when eps_a, B_a or s is unknown.</param>
/// <param name="FalsePositiveExpression">D + (2/tau_c) R + c (reliable task, tau_c &gt; 0), claimed only with its premises.</param>
/// <param name="PositiveLossSlack">L max(tau, 0) + G + 2 L R + 2 b c (agnostic: G + 2 L R + 2 b c): the slack over opt besides A.</param>
/// <param name="Premises">Every premise, checked.</param>
public sealed record TheoremGuarantee(
    ProgramTask Task, int SampleCount, double KernelBound, int Degree, double NormBound, double EffectiveNormBound,
    double ConstraintLevel, double Threshold, double Delta, double Lipschitz, double LossBound, double? QuadraticExcess,
    int Candidates, double Rademacher, double Concentration, double DualityGap, double? TrainingDualLoss,
    ComparatorApproximation Comparator, double LowRankShift, double? ApproximationTerm, double? FalsePositiveExpression,
    double PositiveLossSlack, ImmutableArray<GuaranteePremise> Premises)
{
    /// <summary>The bound names a premise can apply to.</summary>
    public const string FalsePositive = "false-positive", PositiveLoss = "positive-loss", AgnosticLoss = "loss", All = "all";

    /// <summary>
    /// Computes the guarantee. <paramref name="solver"/> is the chosen program's result (its gap, ||f||^2, exit and, for
    /// the reliable task, its training predictions give G, the ball premise and D); <paramref name="labels"/> are the fit
    /// rows' labels in the solver's order; <paramref name="feasibilityTolerance"/> is eta; <paramref name="unitWeights"/>
    /// says whether every sample weight is 1; <paramref name="lowRank"/> is the S-lowrank report of a low-rank fit.
    /// </summary>
    public static TheoremGuarantee For(ProgramTask task, int sampleCount, double kernelBound, int degree, double normBound,
        double constraintLevel, double threshold, double delta, double lipschitz, double lossBound, double? quadraticExcess,
        int candidates, SolverResult solver, ImmutableArray<double> labels, double feasibilityTolerance, bool unitWeights,
        ComparatorApproximation comparator, LowRankReport? lowRank = null)
    {
        Preconditions.NotNull(solver);
        Preconditions.NotNull(comparator);
        bool sound = solver.Exit != ExitCondition.Infeasible && double.IsFinite(solver.DualityGap) && double.IsFinite(solver.MaxViolation);
        double? dual = null;
        if (task == ProgramTask.Reliable && constraintLevel > 0 && sound)
        {
            Preconditions.Check(!labels.IsDefault && labels.Length == solver.Predictions.Length, nameof(labels),
                $"{nameof(labels)} must hold one label per training prediction ({solver.Predictions.Length}).");
            double sum = 0;
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] == 0) sum += Math.Clamp((solver.Predictions[i] - constraintLevel) / constraintLevel, 0.0, 1.0);
            dual = sum / sampleCount;
        }
        Preconditions.Check(feasibilityTolerance >= 0 && double.IsFinite(feasibilityTolerance), nameof(feasibilityTolerance),
            $"{nameof(feasibilityTolerance)} must be finite and non-negative.");
        double ball = normBound * (1 + feasibilityTolerance);
        return Compute(task, sampleCount, kernelBound, degree, normBound, ball, solver.SquaredNorm <= ball, constraintLevel, threshold, delta,
            lipschitz, lossBound, quadraticExcess, candidates, sound ? Math.Max(0, solver.DualityGap) : double.PositiveInfinity, dual, sound,
            unitWeights, comparator, lowRank);
    }

    /// <summary>
    /// The guarantee for hypothetical parameters with a perfect solve (gap 0, no violation, unit weights), e.g. what the
    /// theorem's own (d, B) would give: the same formulas as <see cref="For"/>.
    /// </summary>
    public static TheoremGuarantee Ideal(ProgramTask task, int sampleCount, double kernelBound, int degree, double normBound,
        double constraintLevel, double threshold, double delta, double lipschitz, double lossBound, double? quadraticExcess,
        int candidates, ComparatorApproximation comparator)
        => Compute(task, sampleCount, kernelBound, degree, normBound, normBound, true, constraintLevel, threshold, delta, lipschitz, lossBound,
            quadraticExcess, candidates, 0, task == ProgramTask.Reliable && constraintLevel > 0 ? 0 : null, true, true, Preconditions.NotNull(comparator), null);

    private static TheoremGuarantee Compute(ProgramTask task, int sampleCount, double kernelBound, int degree, double normBound, double effectiveNorm,
        bool inBall, double tauC, double tau, double delta, double lipschitz, double lossBound, double? quadratic, int candidates, double gap,
        double? dual, bool sound, bool unitWeights, ComparatorApproximation comparator, LowRankReport? lowRank)
    {
        int m = Preconditions.Positive(sampleCount);
        Preconditions.NonNegative(degree);
        Preconditions.Positive(candidates);
        Preconditions.Check(kernelBound > 0 && double.IsFinite(kernelBound), nameof(kernelBound), $"{nameof(kernelBound)} must be positive.");
        Preconditions.Check(normBound > 0 && double.IsFinite(normBound), nameof(normBound), $"{nameof(normBound)} must be positive.");
        Preconditions.Check(delta > 0 && delta < 1, nameof(delta), $"{nameof(delta)} must lie in (0, 1).");
        bool reliable = task == ProgramTask.Reliable;
        double r = Math.Sqrt(effectiveNorm * kernelBound / m);
        double concentration = Math.Sqrt(Math.Log(3.0 * candidates / delta) / (2.0 * m));
        double shift = lowRank is { } lr && comparator.Weight is double ba ? Math.Sqrt(ba * Math.Max(0, lr.ResidualTrace) / m) : 0;
        double? term = comparator.Certified && quadratic is double s
            ? lipschitz * (comparator.Error!.Value + shift) + s * (comparator.Error!.Value + shift) * (comparator.Error!.Value + shift)
            : null;
        // D exists only for the reliable task with tau_c > 0 (For and Ideal pass null otherwise), and so does this expression
        double? fp = dual is double dl ? dl + 2 * r / tauC + concentration : null;
        double slack = (reliable ? lipschitz * Math.Max(tau, 0) : 0) + gap + 2 * lipschitz * r + 2 * lossBound * concentration;

        string lossBoundName = reliable ? PositiveLoss : AgnosticLoss;
        var premises = ImmutableArray.CreateBuilder<GuaranteePremise>();
        premises.Add(new("solver certificate sound (not infeasible, finite gap and violation)", sound, All));
        premises.Add(new("||f||^2 <= B (1 + solver ball tolerance)", inBall, All));
        if (reliable) premises.Add(new("tau >= 2 tau_c > 0", tauC > 0 && tau >= 2 * tauC, FalsePositive));
        premises.Add(new("certified approximation at degree d", comparator.Certified, lossBoundName));
        premises.Add(new("B >= B_a(d)", comparator.Weight is double w && normBound >= w, lossBoundName));
        if (reliable)
            premises.Add(lowRank is { } low
                ? new("tau_c >= eps_a(d) + sqrt(B_a(d) max residual)", comparator.Certified
                    && tauC >= comparator.Error!.Value + Math.Sqrt(comparator.Weight!.Value * Math.Max(0, low.MaxResidual)), PositiveLoss)
                : new("tau_c >= eps_a(d)", comparator.Error is double e && tauC >= e, PositiveLoss));
        premises.Add(new("unit sample weights", unitWeights, lossBoundName));
        premises.Add(new("loss Lipschitz beyond the output range (square, absolute or Huber)", quadratic is not null, lossBoundName));
        return new TheoremGuarantee(task, m, kernelBound, degree, normBound, effectiveNorm, tauC, tau, delta, lipschitz, lossBound, quadratic,
            candidates, r, concentration, gap, dual, comparator, shift, term, fp, slack, premises.ToImmutable());
    }

    /// <summary>Whether tau &gt;= 2 tau_c &gt; 0, so the false-positive bound's dual loss dominates the false positives.</summary>
    public bool ThresholdAdmissible => ConstraintLevel > 0 && Threshold >= 2 * ConstraintLevel;

    /// <summary>The guarantee with one more premise (e.g. the embedding's, which the learner on embedded points cannot see).</summary>
    public TheoremGuarantee With(GuaranteePremise premise) => this with { Premises = Premises.Add(Preconditions.NotNull(premise)) };

    /// <summary>Whether every premise that the named bound needs (its own and those applying to all) holds.</summary>
    public bool Holds(string bound) => Premises.Where(p => p.AppliesTo == bound || p.AppliesTo == All).All(p => p.Holds);

    /// <summary>The joint false-positive bound, claimed only when its premises hold (reliable task); else null.</summary>
    public double? FalsePositiveBound => Task == ProgramTask.Reliable && Holds(FalsePositive) ? FalsePositiveExpression : null;

    /// <summary>Whether the (positive) loss bound is claimed: every premise it needs holds.</summary>
    public bool LossBoundHolds => ApproximationTerm is not null && Holds(Task == ProgramTask.Reliable ? PositiveLoss : AgnosticLoss);

    /// <summary>The terms of the (positive) loss bound that do not shrink with m: A + L max(tau, 0) + G (agnostic: A + G); null when A is unknown.</summary>
    public double? LossFloor => ApproximationTerm is double a
        ? a + (Task == ProgramTask.Reliable ? Lipschitz * Math.Max(Threshold, 0) : 0) + DualityGap : null;

    /// <summary>
    /// Whether the claimed bounds fall to <paramref name="epsilon"/> at some sample size (the other terms held at this
    /// fit's values): every premise holds, the loss floor is below eps and (reliable) so is the training dual loss.
    /// </summary>
    public bool Reaches(double epsilon)
        => Premises.All(p => p.Holds) && LossFloor is double floor && floor < epsilon
            && (Task != ProgramTask.Reliable || (TrainingDualLoss is double d && d < epsilon));

    /// <summary>
    /// The least m at which every claimed bound is at most <paramref name="epsilon"/>, with R and c recomputed at m and
    /// every other term (A, tau, G, D, B') held at this fit's values; null when <see cref="Reaches"/> is false.
    /// </summary>
    public double? RequiredSamples(double epsilon)
    {
        Preconditions.Check(epsilon > 0, nameof(epsilon), $"{nameof(epsilon)} must be positive.");
        if (!Reaches(epsilon)) return null;
        double root = Math.Sqrt(EffectiveNormBound * KernelBound), conc = Math.Sqrt(Math.Log(3.0 * Candidates / Delta) / 2);
        double loss = (2 * Lipschitz * root + 2 * LossBound * conc) / (epsilon - LossFloor!.Value);
        double needed = loss * loss;
        if (Task == ProgramTask.Reliable)
        {
            double fp = (2 * root / ConstraintLevel + conc) / (epsilon - TrainingDualLoss!.Value);
            needed = Math.Max(needed, fp * fp);
        }
        return Math.Ceiling(needed);
    }

    /// <inheritdoc />
    public bool Equals(TheoremGuarantee? other) => other is not null && Task == other.Task && SampleCount == other.SampleCount
        && KernelBound.Equals(other.KernelBound) && Degree == other.Degree && NormBound.Equals(other.NormBound)
        && EffectiveNormBound.Equals(other.EffectiveNormBound) && ConstraintLevel.Equals(other.ConstraintLevel)
        && Threshold.Equals(other.Threshold) && Delta.Equals(other.Delta) && Lipschitz.Equals(other.Lipschitz)
        && LossBound.Equals(other.LossBound) && Nullable.Equals(QuadraticExcess, other.QuadraticExcess) && Candidates == other.Candidates
        && Rademacher.Equals(other.Rademacher) && Concentration.Equals(other.Concentration) && DualityGap.Equals(other.DualityGap)
        && Nullable.Equals(TrainingDualLoss, other.TrainingDualLoss) && Comparator.Equals(other.Comparator)
        && LowRankShift.Equals(other.LowRankShift) && Nullable.Equals(ApproximationTerm, other.ApproximationTerm)
        && Nullable.Equals(FalsePositiveExpression, other.FalsePositiveExpression) && PositiveLossSlack.Equals(other.PositiveLossSlack)
        && Premises.SequenceEqual(other.Premises);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Task, SampleCount, Degree, NormBound, Threshold, Candidates, Premises.Length);
}
