using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Learning;

/// <summary>
/// The learner of T2.1 (reliable) and R2.2 (agnostic) on points already embedded in the unit ball: multinomial kernel
/// of degree d, the kernel program with weight B and constraint level tau_c, then h(x) = 0 if f(x) &lt; tau else
/// clip_[0,1](f(x)) (agnostic: clip_[0,1](f)). When several (d, B) are given, each is solved on the fit part (warm
/// starts across B) and the one with the least selection-part positive loss among those meeting the false-positive
/// target is kept (ties within <see cref="Tolerances.SelectionTie"/> go to the simpler candidate, see <see cref="Choose"/>); tau is then optionally calibrated on a third part (<see cref="NeymanPearson"/>). The split is a
/// seeded hash of row content (<see cref="DataPartition"/>), so the fit does not depend on row order.
/// Pure: the same sample, weights and settings give the same bits. The same learner, with other kernel families,
/// label ranges and candidate grids, serves T2.3 (depth-2 networks), T2.4 (polynomial reconstruction), T2.6
/// (max-k-affine) and the leaky ReLU.
/// </summary>
public static class KernelLearner
{
    private const double HeldOutFraction = 0.2;
    private const double SingleHeldOutFraction = 0.25;

    /// <summary>
    /// The fit / selection / calibration split the learner uses for <paramref name="sample"/>: a seeded content hash of
    /// its rows (<see cref="DataPartition"/>) with 20% per held-out part when both are used, 25% when one is.
    /// </summary>
    public static DataPartition Partition(LabelledSample sample, LearnerSettings settings, ReadOnlySpan<double> weights = default)
    {
        Preconditions.NotNull(sample);
        Preconditions.NotNull(settings);
        double selectionFraction = settings.Selects ? (settings.Calibrates ? HeldOutFraction : SingleHeldOutFraction) : 0;
        double calibrationFraction = settings.Calibrates ? (settings.Selects ? HeldOutFraction : SingleHeldOutFraction) : 0;
        return DataPartition.Split(sample, settings.Seed, selectionFraction, calibrationFraction, weights);
    }

    /// <summary>
    /// Fits the learner. <paramref name="weights"/> (default: all 1) are per-sample weights of the loss.
    /// <paramref name="partition"/> (default: <see cref="Partition"/> of <paramref name="sample"/>) is the split to use, e.g.
    /// one computed on the raw rows before an embedding was fitted on the non-calibration rows only, so that the
    /// calibration rows shape nothing but tau.
    /// Throws <see cref="ArgumentException"/> (naming <c>labels</c>) before any work when calibration is requested but
    /// the held-out part cannot hold enough zero-labelled points, saying how many are needed.
    /// </summary>
    public static LearnerFit Fit(LabelledSample sample, ImmutableArray<double> weights, LearnerSettings settings,
        IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default, DataPartition? partition = null)
    {
        Preconditions.NotNull(sample);
        Preconditions.NotNull(settings);
        Preconditions.Check(!settings.Degrees.IsDefaultOrEmpty && !settings.NormBounds.IsDefaultOrEmpty, nameof(settings), "at least one degree and one norm bound are needed.");
        if (weights.IsDefault) weights = [.. Enumerable.Repeat(1.0, sample.Count)];
        Preconditions.Check(weights.Length == sample.Count, nameof(weights), $"{nameof(weights)} has {weights.Length} entries for {sample.Count} rows.");

        double calibrationFraction = settings.Calibrates ? (settings.Selects ? HeldOutFraction : SingleHeldOutFraction) : 0;
        var parts = partition ?? Partition(sample, settings, weights.AsSpan());
        Preconditions.Check(parts.Fit.Length + parts.Selection.Length + parts.Calibration.Length == sample.Count, nameof(partition),
            $"the partition covers {parts.Fit.Length + parts.Selection.Length + parts.Calibration.Length} rows of a sample of {sample.Count}.");
        Preconditions.Check(parts.Fit.Length > 0, "labels", "no row fell into the fit part: the sample is too small.");
        if (settings.Calibrates) CheckCalibrationIsPossible(sample, parts, settings, calibrationFraction);
        if (settings.CrossValidates) return CrossValidatedSelection.Fit(sample, weights, settings, parts, progress, cancellationToken);
        Preconditions.Check(settings.PenaltiesInForce is [double.PositiveInfinity], nameof(settings),
            "finite zero penalties (the FP-budgeted program) are selected by cross-validation: set Folds >= 2.");

        var fit = sample.Select(parts.Fit.AsSpan());
        var fitWeights = parts.Fit.Select(i => weights[i]).ToImmutableArray();
        var selection = parts.Selection.Length > 0 ? sample.Select(parts.Selection.AsSpan()) : null;
        var degrees = settings.Degrees.Distinct().Order().ToArray();
        var bounds = settings.NormBounds.Distinct().Order().ToArray();
        int steps = degrees.Length * (1 + bounds.Length) + (settings.Calibrates ? 1 : 0);
        var grid = new Grid(fit, fitWeights, selection, bounds, DefaultRule(settings), steps);

        // one loop over the candidates: each degree's kernel space (exact Gram matrix or Nystroem factor) feeds its weights
        var candidates = new List<(CandidateScore Score, SolvedCandidate Solved)>();
        for (int k = 0; k < degrees.Length; k++)
            candidates.AddRange(SolveDegree(grid, settings, degrees[k], k * (1 + bounds.Length), progress, cancellationToken));

        var scores = candidates.Select(c => c.Score).ToImmutableArray();
        var chosen = candidates[Choose(scores, settings)].Solved;
        return Finish(settings, chosen, grid.DefaultRule, (fit.Labels, fitWeights, parts.Selection.Length), scores, (sample, parts.Calibration),
            (progress, degrees.Length * (1 + bounds.Length), steps, $"d = {chosen.Degree}, B = {chosen.NormBound:G4}"), cancellationToken);
    }

    /// <summary>
    /// Fits one (d, B) on a Nystroem factor computed elsewhere (S-lowrank), e.g. by a stream over a file too large for memory:
    /// the same program, solve, hypothesis over the landmarks, training metrics and guarantee as <see cref="Fit"/> with
    /// <see cref="LearnerSettings.LowRank"/> when there is one candidate and no calibration. <paramref name="labels"/> and
    /// <paramref name="weights"/> follow the factor's rows.
    /// </summary>
    public static LearnerFit FitFactor(NystroemFactor factor, ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings,
        LowRankReport report, IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default)
        => FitFactor(Preconditions.NotNull(factor).AsRows(), labels, weights, settings, report, progress, cancellationToken);

    /// <summary>
    /// <see cref="FitFactor(NystroemFactor, ImmutableArray{double}, ImmutableArray{double}, LearnerSettings, LowRankReport, IProgress{LearnerProgress}, CancellationToken)"/>
    /// on a factor whose rows are seen through <see cref="LinearAlgebra.IFactorRows"/>, e.g. held by the shards of a cluster: the same
    /// program, solve and finish, every product with the rows going through <see cref="NystroemRows.Rows"/>.
    /// </summary>
    public static LearnerFit FitFactor(NystroemRows factor, ImmutableArray<double> labels, ImmutableArray<double> weights, LearnerSettings settings,
        LowRankReport report, IProgress<LearnerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(factor);
        Preconditions.NotNull(settings);
        Preconditions.NotNull(report);
        Preconditions.Check(settings.Degrees.Length == 1 && settings.NormBounds.Length == 1 && !settings.Calibrates, nameof(settings),
            "a fit on a given factor takes one degree, one norm bound and no calibration (there is no held-out part).");
        Preconditions.Check(factor.Kernel.Equals(settings.Family.For(settings.Degrees[0])), nameof(factor), "the factor's kernel is not the settings' kernel.");
        if (weights.IsDefault) weights = [.. Enumerable.Repeat(1.0, labels.Length)];
        int degree = settings.Degrees[0];
        double bound = settings.NormBounds[0];
        var space = KernelSpace.OfRows(factor, report);
        progress?.Report(new LearnerProgress(LearnerPhase.Solve, 2, 2, $"d = {degree}, B = {bound:G4}, rank {factor.Rank}"));
        var iterations = progress is null ? null : new SolverProgressRelay(progress, 2, 2, $"d = {degree}, B = {bound:G4}");
        var result = space.Whole(null, settings.Solver.Backend, cancellationToken)
            .Solve(labels, weights, settings, bound, double.PositiveInfinity, cancellationToken, null, iterations);
        var (support, coefficients) = space.Hypothesis(result.Coefficients.AsSpan());
        var chosen = new SolvedCandidate(factor.Kernel, degree, bound, result, support, coefficients, report);
        return Finish(settings, chosen, DefaultRule(settings), (labels, weights, 0),
            [new CandidateScore(degree, bound, result.Exit, result.Objective, result.DualityGap, null)], (null, []),
            (progress, 2, 2, $"d = {degree}, B = {bound:G4}"), cancellationToken);
    }

    /// <summary>
    /// The finish every fit shares once its candidate is chosen and solved on the fit rows: tau calibrated on the zero-labelled
    /// rows of <paramref name="calibrationPart"/> when the settings ask for it and the solve did not fail (Neyman-Pearson,
    /// replacing <paramref name="rule"/> when it succeeds), the hypothesis, its metrics on the fit rows, T2.1's guarantee
    /// (union bound over every scored candidate) and the <see cref="LearnerFit"/>. <paramref name="steps"/> gives the progress
    /// step reached before calibration and the fit's step count; the final report carries its detail.
    /// </summary>
    internal static LearnerFit Finish(LearnerSettings settings, SolvedCandidate chosen, OutputRule rule,
        (ImmutableArray<double> Labels, ImmutableArray<double> Weights, int SelectionCount) fit, ImmutableArray<CandidateScore> candidates,
        (LabelledSample? Sample, ImmutableArray<int> Rows) calibrationPart,
        (IProgress<LearnerProgress>? Progress, int Step, int Steps, string Done) steps, CancellationToken cancellationToken,
        double zeroPenalty = double.PositiveInfinity, SelectionPlan? plan = null)
    {
        var (kernel, degree, bound, result, support, coefficients, lowRank) = chosen;
        var (progress, step, total, done) = steps;
        ThresholdCalibration? calibration = null;
        if (settings.Calibrates && result.Exit != ExitCondition.Infeasible && calibrationPart.Sample is { } sample)
        {
            progress?.Report(new LearnerProgress(LearnerPhase.Calibrate, step + 1, total, $"{calibrationPart.Rows.Length} held-out rows"));
            var zeroRows = calibrationPart.Rows.Where(i => sample.Labels[i] == 0).ToArray();
            var probe = new KernelHypothesis(kernel, support, coefficients, rule);
            var zeroScores = probe.Scores(sample.Points.Select(zeroRows), settings.Solver.Backend, cancellationToken);
            // every row counts (the bound assumes i.i.d. rows); how many are distinct is reported, so that copies can be warned about
            calibration = NeymanPearson.Calibrate(zeroScores, settings.Epsilon, settings.Delta)
                with { DistinctZeroCount = NeymanPearson.DistinctRows(sample.Points, zeroRows).Length };
            if (calibration.Succeeded) rule = new OutputRule.ReliableThreshold(calibration.Threshold);
        }

        var hypothesis = new KernelHypothesis(kernel, support, coefficients, rule);
        var train = Metrics.Of(result.Predictions.Select(rule.Apply).ToArray(), fit.Labels.AsSpan(), settings.Loss);
        double threshold = rule is OutputRule.ReliableThreshold r ? r.Threshold : double.NaN;
        var guarantee = Guarantee(settings, fit.Labels.Length, kernel, degree, bound, threshold, candidates.Length, result, fit.Labels, fit.Weights, lowRank);
        progress?.Report(new LearnerProgress(LearnerPhase.Done, total, total, done));
        return new LearnerFit(hypothesis, degree, bound, settings.ConstraintLevel, threshold, result, candidates, calibration, train, guarantee,
            fit.Labels.Length, fit.SelectionCount, calibrationPart.Rows.Length, lowRank, zeroPenalty, plan);
    }

    /// <summary>The output rule before calibration: h = 0 below tau (given, or 2 tau_c), or the clip to the label range (agnostic).</summary>
    private static OutputRule DefaultRule(LearnerSettings settings) => settings.Task == ProgramTask.Reliable
        ? new OutputRule.ReliableThreshold(settings.Threshold ?? 2 * settings.ConstraintLevel)
        : new OutputRule.Clip(settings.OutputLower, settings.OutputUpper);

    /// <summary>
    /// Every weight B of one degree: the kernel space (exact Gram matrix, or Nystroem factor) on the fit rows, then one solve
    /// per B in ascending order (each warm-started from the last that did not fail) scored on the selection rows under the
    /// default rule. <paramref name="stepsBefore"/> is the progress step reached before this degree.
    /// </summary>
    private static List<(CandidateScore Score, SolvedCandidate Solved)> SolveDegree(Grid grid, LearnerSettings settings, int degree, int stepsBefore,
        IProgress<LearnerProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (fit, fitWeights, selection, bounds, defaultRule, steps) = grid;
        var backend = settings.Solver.Backend;
        var kernel = settings.Family.For(degree);
        int step = stepsBefore + 1;
        progress?.Report(new LearnerProgress(LearnerPhase.Gram, step, steps, settings.LowRank is { } lr
            ? $"d = {degree}, m = {fit.Count}, rank {Math.Min(lr.Rank, fit.Count)} ({lr.Landmarks.Name})" : $"d = {degree}, m = {fit.Count}"));
        var rowsDone = progress is null || settings.LowRank is null ? null : new RowsProgressRelay(progress, step, steps, degree, fit.Count);
        var space = KernelSpace.Of(kernel, fit.Points, settings.LowRank, settings.Seed, backend, cancellationToken, rowsDone);
        var rows = space.Whole(selection?.Points, backend, cancellationToken);
        string rank = space.LowRankReport is { } report ? $", rank {report.Rank}" : "";
        var solved = new List<(CandidateScore, SolvedCandidate)>();
        WarmStart? warm = null;
        foreach (double bound in bounds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new LearnerProgress(LearnerPhase.Solve, ++step, steps, $"d = {degree}, B = {bound:G4}{rank}"));
            var iterations = progress is null ? null : new SolverProgressRelay(progress, step, steps, $"d = {degree}, B = {bound:G4}");
            var result = rows.Solve(fit.Labels, fitWeights, settings, bound, double.PositiveInfinity, cancellationToken, warm, iterations);
            if (result.Exit != ExitCondition.Infeasible) warm = WarmStart.From(result);
            Metrics? selected = selection is not null && result.Exit != ExitCondition.Infeasible
                ? Metrics.Of(rows.HeldOutScores(result.Coefficients.AsSpan(), backend, cancellationToken).Select(defaultRule.Apply).ToArray(),
                    selection.Labels.AsSpan(), settings.Loss)
                : null;
            var (support, coefficients) = space.Hypothesis(result.Coefficients.AsSpan());
            solved.Add((new CandidateScore(degree, bound, result.Exit, result.Objective, result.DualityGap, selected),
                new SolvedCandidate(kernel, degree, bound, result, support, coefficients, space.LowRankReport)));
        }
        return solved;
    }

    /// <summary>The S-lowrank report of a factor from its totals: trace K and the largest residual diagonal over its rows.</summary>
    public static LowRankReport ReportOf(NystroemFactor factor, string method, double kernelTrace, double maxResidual)
    {
        Preconditions.NotNull(factor);
        return new LowRankReport(factor.Rank, method, factor.ResidualTrace, kernelTrace, maxResidual, factor.Jitter);
    }

    /// <summary>
    /// T2.1's guarantee for the chosen candidate: the union bound runs over all <paramref name="candidates"/> that selection
    /// looked at, the solver's gap and ||f||^2 and (reliable) its training predictions enter the slack, and the comparator's
    /// certified approximation is taken at the chosen degree.
    /// </summary>
    internal static TheoremGuarantee Guarantee(LearnerSettings settings, int count, Kernel kernel, int degree, double bound, double threshold,
        int candidates, SolverResult result, ImmutableArray<double> labels, ImmutableArray<double> weights, LowRankReport? lowRank)
    {
        var (lipschitz, lossBound) = settings.LossConstants();
        var comparator = settings.ComparatorInForce.Approximate(degree, bound, settings.OutputLower, settings.OutputUpper);
        return TheoremGuarantee.For(settings.Task, count, kernel.DiagonalBound, degree, bound, settings.ConstraintLevel,
            double.IsNaN(threshold) ? 2 * settings.ConstraintLevel : threshold, settings.Delta, lipschitz, lossBound, settings.QuadraticExcess(),
            candidates, result, labels, settings.Solver.BallTolerance, weights.All(w => w == 1.0), comparator, lowRank);
    }

    /// <summary>
    /// Selection rule: among candidates whose solve did not fail, the reliable task keeps those with selection
    /// false-positive rate &lt;= eps (all of them if none qualifies, the least FP rate first) and takes the least positive
    /// loss; the agnostic task takes the least loss. Losses within <see cref="Tolerances.SelectionTie"/> (relative) of
    /// the least count as tied, and a tie goes to the simpler candidate: the smaller B k_d (k_d the degree-d kernel's
    /// sup on the ball, d + 1 for MK_d: the Rademacher complexity of T2.1's bound grows with it), then the lower d,
    /// then the smaller B.
    /// </summary>
    internal static int Choose(IReadOnlyList<CandidateScore> candidates, LearnerSettings settings)
    {
        var usable = Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Exit != ExitCondition.Infeasible).ToList();
        if (usable.Count == 0) return 0;
        if (usable.Count == 1 || candidates[usable[0]].Selection is null) return usable[0];
        if (settings.Task == ProgramTask.Agnostic) return Simplest(usable, i => candidates[i].Selection!.Loss, candidates, settings);
        var meeting = usable.Where(i => candidates[i].Selection!.FalsePositiveRate <= settings.Epsilon).ToList();
        if (meeting.Count > 0) return Simplest(meeting, i => candidates[i].Selection!.PositiveLoss, candidates, settings);
        double leastRate = usable.Min(i => candidates[i].Selection!.FalsePositiveRate);
        return Simplest([.. usable.Where(i => candidates[i].Selection!.FalsePositiveRate == leastRate)], i => candidates[i].Selection!.PositiveLoss, candidates, settings);
    }

    /// <summary>Among <paramref name="pool"/>, the candidates whose loss is tied with the least (relative <see cref="Tolerances.SelectionTie"/>), simplest first.</summary>
    private static int Simplest(List<int> pool, Func<int, double> loss, IReadOnlyList<CandidateScore> candidates, LearnerSettings settings)
    {
        double least = pool.Min(loss);
        return pool.Where(i => loss(i) - least <= Tolerances.SelectionTie * Math.Max(loss(i), least))
            .OrderBy(i => candidates[i].NormBound * settings.Family.For(candidates[i].Degree).DiagonalBound)
            .ThenBy(i => candidates[i].Degree).ThenBy(i => candidates[i].NormBound).ThenBy(i => i).First();
    }

    private static void CheckCalibrationIsPossible(LabelledSample sample, DataPartition parts, LearnerSettings settings, double fraction)
    {
        int required = NeymanPearson.RequiredCount(settings.Epsilon, settings.Delta);
        int heldOutZeros = parts.Calibration.Count(i => sample.Labels[i] == 0);
        if (heldOutZeros >= required) return;
        int totalZeros = sample.Labels.Count(y => y == 0);
        throw new ArgumentException(
            $"calibrating tau at eps = {settings.Epsilon}, delta = {settings.Delta} needs at least {required} zero-labelled rows in the calibration part "
            + $"({fraction * 100:F0}% of the rows), but it holds {heldOutZeros} of the {totalZeros} zero-labelled rows: about {(int)Math.Ceiling(required / fraction)} zero-labelled rows are needed in all. "
            + "Add data, raise eps or delta, set the threshold yourself, or turn calibration off.", "labels");
    }

    /// <summary>
    /// What the candidate loop of <see cref="Fit"/> shares across degrees: the fit rows and their weights, the selection rows
    /// (null without selection), the weights B in ascending order, the default output rule and the fit's progress step count.
    /// </summary>
    private sealed record Grid(LabelledSample Fit, ImmutableArray<double> FitWeights, LabelledSample? Selection, double[] Bounds,
        OutputRule DefaultRule, int Steps);

    /// <summary>The S-lowrank report of a factor on the fit points.</summary>
    internal static LowRankReport Report(Kernel kernel, PointSet points, NystroemFactor factor, string method)
    {
        double trace = 0, max = 0;
        for (int i = 0; i < points.Count; i++)
        {
            var x = points[i];
            var l = factor.Factor.Row(i);
            double k = kernel.Diagonal(x);
            trace += k;
            max = Math.Max(max, k - System.Numerics.Tensors.TensorPrimitives.Dot(l, l));
        }
        return new LowRankReport(factor.Rank, method, factor.ResidualTrace, trace, max, factor.Jitter);
    }

    /// <summary>Forwards factor rows computed as learner progress (phase <see cref="LearnerPhase.Gram"/>).</summary>
    private sealed class RowsProgressRelay(IProgress<LearnerProgress> target, int step, int steps, int degree, int rows) : IProgress<int>
    {
        public void Report(int value) => target.Report(new LearnerProgress(LearnerPhase.Gram, step, steps, $"d = {degree}, factor rows {value}/{rows}"));
    }

    /// <summary>Forwards solver iterations as learner progress (phase <see cref="LearnerPhase.Solve"/>, the same step, the iteration in the detail).</summary>
    private sealed class SolverProgressRelay(IProgress<LearnerProgress> target, int step, int steps, string candidate) : IProgress<SolverIteration>
    {
        public void Report(SolverIteration value) => target.Report(new LearnerProgress(LearnerPhase.Solve, step, steps, $"{candidate}, iteration {value.Iteration}, mu {value.Mu:E1}"));
    }
}
