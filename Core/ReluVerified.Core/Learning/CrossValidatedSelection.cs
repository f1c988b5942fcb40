using System.Collections.Immutable;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.LowRank;
using ReluVerified.Core.Optimization;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Core.Learning;

/// <summary>
/// The learner's cross-validated selection (T2.1 and T2.1-budget, <see cref="LearnerSettings.Folds"/> &gt;= 2): the
/// non-calibration rows are cut into k folds by their position in the seeded content-hash order (so the folds do not
/// depend on row order); every candidate (d, B, lambda) is solved on each k - 1 folds and scored on the fold left out.
/// On the pooled out-of-fold scores each candidate gets its own threshold, the least one that leaves at most
/// floor(eps n0) of the n0 zero-labelled rows non-zero (an empirical conditional false-positive rate &lt;= eps), and the
/// candidate with the least pooled positive loss is kept (ties within <see cref="Tolerances.SelectionTie"/> go to the
/// simpler one: the smaller B k_d, then the larger lambda, then the lower d, then the smaller Gaussian gamma). Each kernel
/// of <see cref="KernelFamily.Candidates"/> (e.g. several Gaussian bandwidths) is a dimension of the grid. It is refitted on all non-calibration rows;
/// its threshold is then calibrated on the calibration part (<see cref="NeymanPearson"/>) when the settings ask for it;
/// otherwise it is the larger of the selected one and the umbrella order statistic of the candidate's out-of-fold
/// zero-labelled scores (when there are enough of them): an estimate, since no held-out part is left, so no bound on the
/// false-positive rate comes with it.
/// Pure: the same sample, weights, settings and partition give the same bits.
/// </summary>
public static class CrossValidatedSelection
{
    /// <summary>
    /// The cross-validation runs on at most this many non-calibration rows (the first ones in the seeded content-hash
    /// order, a seeded uniform subsample that does not depend on row order); the chosen candidate is then refitted on all
    /// of them. It bounds the selection's cost (120 solves with the recommended grid) on large data; the refit is one solve.
    /// </summary>
    public const int MaxSelectionRows = 3000;

    /// <summary>The cost rule of <see cref="Plan"/> never takes the selection below this many rows (or all fit rows, when fewer).</summary>
    public const int MinSelectionRows = 1000;

    /// <summary>
    /// Multiply-adds per Newton iteration, summed over the selection's solves, that the cost rule of <see cref="Plan"/> allows
    /// whatever the final fit costs (about 2 to 5 seconds of the selection on a 2-core machine): small fits keep a selection
    /// on up to <see cref="MaxSelectionRows"/> rows when that is cheap in absolute terms.
    /// </summary>
    public const double SelectionBudget = 1e11;

    /// <summary>
    /// The cost model of one Newton iteration on <paramref name="rows"/> rows, in multiply-adds: with a rank-r factor
    /// (S-lowrank, r = min(rank, rows)) forming L'DL and factoring it, rows r^2 + r^3 / 3; on the exact kernel, one m-space
    /// factorisation, rows^3 / 3. An estimate for comparing plans, not a promise about time.
    /// </summary>
    public static double IterationWork(int rows, LowRankSettings? lowRank)
    {
        double m = rows;
        if (lowRank is null) return m * m * m / 3;
        double r = Math.Min(lowRank.Rank, rows);
        return m * r * r + r * r * r / 3;
    }

    /// <summary>
    /// How many of <paramref name="fitRows"/> the selection runs on. <paramref name="requestedRows"/> (at least 2) is taken as
    /// given, capped at the fit rows. Otherwise an exact fit, or a fit of at most <see cref="MinSelectionRows"/> rows, uses
    /// every fit row up to <see cref="MaxSelectionRows"/>; a low-rank fit (S-lowrank) uses the most rows in
    /// [<see cref="MinSelectionRows"/>, min(fit rows, <see cref="MaxSelectionRows"/>)] for which folds x candidates
    /// iterations on the largest training fold cost at most max(one iteration of the final fit, <see cref="SelectionBudget"/>)
    /// (<see cref="IterationWork"/>), and <see cref="MinSelectionRows"/> when none does. Pure.
    /// </summary>
    public static SelectionPlan Plan(int fitRows, int folds, int candidates, LowRankSettings? lowRank, int? requestedRows = null)
    {
        Preconditions.Check(fitRows >= 1, nameof(fitRows), $"{nameof(fitRows)} must be at least 1, got {fitRows}.");
        Preconditions.Check(folds >= 2, nameof(folds), $"{nameof(folds)} must be at least 2, got {folds}.");
        Preconditions.Check(candidates >= 1, nameof(candidates), $"{nameof(candidates)} must be at least 1, got {candidates}.");
        Preconditions.Check(requestedRows is null or >= 2, nameof(requestedRows), $"{nameof(requestedRows)} must be at least 2, got {requestedRows}.");
        double final = IterationWork(fitRows, lowRank);
        double Work(int rows) => (double)folds * candidates * IterationWork(rows - rows / folds, lowRank);
        int cap = Math.Min(fitRows, MaxSelectionRows);
        if (requestedRows is int requested)
        {
            int rows = Math.Min(requested, fitRows);
            return new SelectionPlan(rows, fitRows, folds, candidates, false, Work(rows), final);
        }
        if (lowRank is null || fitRows <= MinSelectionRows) return new SelectionPlan(cap, fitRows, folds, candidates, false, Work(cap), final);
        double budget = Math.Max(final, SelectionBudget);
        int low = MinSelectionRows, high = cap;
        if (Work(high) <= budget) low = high;
        else
        {
            // Work is increasing in rows: the largest size within the budget, by bisection (Work(low) may exceed it: the floor wins)
            while (high - low > 1)
            {
                int mid = low + (high - low) / 2;
                if (Work(mid) <= budget) low = mid; else high = mid;
            }
        }
        return new SelectionPlan(low, fitRows, folds, candidates, true, Work(low), final);
    }

    /// <summary>
    /// The threshold the selection gives a candidate: the least tau for which at most floor(eps n) of the
    /// <paramref name="zeroScores"/> satisfy score &gt;= tau (the output rule's non-zero side), i.e. the next double above the
    /// (n - floor(eps n))-th smallest score; 0 when there is no score.
    /// </summary>
    public static double EmpiricalThreshold(ReadOnlySpan<double> zeroScores, double epsilon)
    {
        Preconditions.Check(double.IsFinite(epsilon) && epsilon > 0 && epsilon < 1, nameof(epsilon), $"{nameof(epsilon)} must lie in (0, 1), got {epsilon}.");
        Preconditions.AllFinite(zeroScores, nameof(zeroScores));
        int n = zeroScores.Length;
        if (n == 0) return 0;
        var sorted = zeroScores.ToArray();
        Array.Sort(sorted);
        int allowed = (int)Math.Floor(epsilon * n + 1e-9);
        return allowed >= n ? sorted[0] : Math.BitIncrement(sorted[n - allowed - 1]);
    }

    /// <summary>Runs the selection, the refit and the calibration (see the type's summary) on a partition without a selection part.</summary>
    internal static LearnerFit Fit(LabelledSample sample, ImmutableArray<double> weights, LearnerSettings settings, DataPartition parts,
        IProgress<LearnerProgress>? progress, CancellationToken cancellationToken)
    {
        Preconditions.Check(settings.Task == ProgramTask.Reliable, nameof(settings), "cross-validated selection is for the reliable task (T2.1).");
        var whole = sample.Select(parts.Fit.AsSpan());
        var wholeWeights = parts.Fit.Select(i => weights[i]).ToImmutableArray();
        int total = whole.Count;
        Preconditions.Check(Math.Min(settings.Folds, total) >= 2, "labels", $"cross-validation needs at least 2 rows in the fit part, got {total}.");
        var family = settings.Family.Resolve(whole.Points, settings.Seed);
        var degrees = settings.Degrees.Distinct().Order().ToArray();
        var bounds = settings.NormBounds.Distinct().Order().ToArray();
        var penalties = settings.PenaltiesInForce.Distinct().OrderDescending().ToArray();
        var kernels = degrees.SelectMany(d => family.Candidates(d).Select(k => (Degree: d, Kernel: k))).ToArray();
        int perKernel = bounds.Length * penalties.Length;
        var plan = Plan(total, Math.Min(settings.Folds, total), kernels.Length * perKernel, settings.LowRank, settings.SelectionRows);
        var (pool, poolWeights) = (whole, wholeWeights);
        if (plan.Rows < total)
        {
            var first = Enumerable.Range(0, plan.Rows).ToArray();
            (pool, poolWeights) = (whole.Select(first), [.. first.Select(i => wholeWeights[i])]);
        }
        int m = pool.Count;
        int folds = Math.Min(settings.Folds, m);
        plan = plan with { Folds = folds };
        int steps = kernels.Length * (1 + folds * perKernel) + 1 + (settings.Calibrates ? 1 : 0);
        var split = new FoldSplit(pool, poolWeights, [.. Enumerable.Range(0, m).Select(i => i % folds)], folds, bounds, penalties, steps);

        // every candidate, kernel by kernel (B ascending, lambda descending within a kernel): its pooled out-of-fold scores
        // and the worst exit of its fold solves; each kernel's space is kept for the refit
        var grid = kernels.SelectMany((k, kernelIndex) => bounds.SelectMany(b => penalties.Select(p => (k.Degree, KernelIndex: kernelIndex, Bound: b, Penalty: p)))).ToArray();
        var spaces = new KernelSpace[kernels.Length];
        var outOfFold = new double[grid.Length][];
        var worstExit = new ExitCondition[grid.Length];
        for (int kernelIndex = 0; kernelIndex < kernels.Length; kernelIndex++)
        {
            var (degree, kernel) = kernels[kernelIndex];
            var (space, scores, exits) = CrossValidateKernel(split, settings, degree, kernel, kernelIndex * (1 + folds * perKernel), progress, cancellationToken);
            spaces[kernelIndex] = space;
            scores.CopyTo(outOfFold, kernelIndex * perKernel);
            exits.CopyTo(worstExit, kernelIndex * perKernel);
        }

        var zeroRows = Enumerable.Range(0, m).Where(i => pool.Labels[i] == 0).ToArray();
        var scored = ScoreCandidates(grid, kernels, outOfFold, worstExit, zeroRows, pool.Labels, settings);
        int best = Choose(scored, settings, family);
        var chosen = scored[best];

        // refit the chosen candidate on every non-calibration row (a new kernel space when the selection ran on a subsample)
        var chosenKernel = kernels[grid[best].KernelIndex].Kernel;
        int refitStep = kernels.Length * (1 + folds * perKernel) + 1;
        // the refit's kernel matrix or factor is reported as its own phase, so that a caller timing phases charges it to the Gram
        if (total > m) progress?.Report(new LearnerProgress(LearnerPhase.Gram, refitStep, steps, $"refit: kernel on {total} rows, {Describe(chosenKernel)}"));
        var chosenSpace = total > m
            ? KernelSpace.Of(chosenKernel, whole.Points, settings.LowRank, settings.Seed, settings.Solver.Backend, cancellationToken)
            : spaces[grid[best].KernelIndex];
        progress?.Report(new LearnerProgress(LearnerPhase.Solve, refitStep, steps, $"refit on {total} rows: d = {chosen.Degree}, B = {chosen.NormBound:G4}, lambda = {chosen.Penalty:G4}"));
        var final = chosenSpace.Whole(null, settings.Solver.Backend, cancellationToken)
            .Solve(whole.Labels, wholeWeights, settings, chosen.NormBound, chosen.Penalty, cancellationToken);
        var (support, coefficients) = chosenSpace.Hypothesis(final.Coefficients.AsSpan());
        var refitted = new SolvedCandidate(chosenKernel, chosen.Degree, chosen.NormBound, final, support, coefficients, chosenSpace.LowRankReport);
        var candidates = scored.Select((s, c) => c == best ? s with { Objective = final.Objective, DualityGap = final.DualityGap } : s).ToImmutableArray();
        var rule = new OutputRule.ReliableThreshold(UncalibratedThreshold(chosen, [.. zeroRows.Select(i => outOfFold[best][i])], settings));
        return KernelLearner.Finish(settings with { Kernels = family }, refitted, rule, (whole.Labels, wholeWeights, 0), candidates, (sample, parts.Calibration),
            (progress, refitStep, steps, $"d = {chosen.Degree}, B = {chosen.NormBound:G4}, lambda = {chosen.Penalty:G4}"), cancellationToken, chosen.Penalty, plan);
    }

    /// <summary>
    /// One kernel of the grid: its space on the pool rows, then for each fold every (B, lambda) solved on the other folds and
    /// scored on the fold left out. Returns the space, each candidate's pooled out-of-fold scores (one per pool row) and the
    /// worst exit of its fold solves, candidates in grid order (B ascending, lambda descending). <paramref name="stepsBefore"/>
    /// is the progress step reached before this kernel.
    /// </summary>
    private static (KernelSpace Space, double[][] OutOfFold, ExitCondition[] WorstExit) CrossValidateKernel(FoldSplit split, LearnerSettings settings,
        int degree, Kernel kernel, int stepsBefore, IProgress<LearnerProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (pool, poolWeights, foldOf, folds, bounds, penalties, steps) = split;
        int m = pool.Count, step = stepsBefore;
        progress?.Report(new LearnerProgress(LearnerPhase.Gram, ++step, steps, $"d = {degree}, m = {m}, {Describe(kernel)}"));
        var space = KernelSpace.Of(kernel, pool.Points, settings.LowRank, settings.Seed, settings.Solver.Backend, cancellationToken);
        int count = bounds.Length * penalties.Length;
        var outOfFold = Enumerable.Range(0, count).Select(_ => new double[m]).ToArray();
        var worstExit = Enumerable.Repeat(ExitCondition.Converged, count).ToArray();
        for (int fold = 0; fold < folds; fold++)
        {
            var trainRows = Enumerable.Range(0, m).Where(i => foldOf[i] != fold).ToArray();
            var held = Enumerable.Range(0, m).Where(i => foldOf[i] == fold).ToArray();
            var labels = trainRows.Select(i => pool.Labels[i]).ToImmutableArray();
            var trainWeights = trainRows.Select(i => poolWeights[i]).ToImmutableArray();
            var restricted = space.Restrict(trainRows, held);
            int c = 0;
            WarmStart? warm = null;
            foreach (double bound in bounds)
                foreach (double penalty in penalties)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new LearnerProgress(LearnerPhase.Solve, ++step, steps, $"fold {fold + 1}/{folds}, {Describe(kernel)}, d = {degree}, B = {bound:G4}, lambda = {penalty:G4}"));
                    // warm start from the previous candidate of this fold and kernel (B ascending, lambda descending from the hard program)
                    var result = restricted.Solve(labels, trainWeights, settings, bound, penalty, cancellationToken, warm);
                    if (result.Exit != ExitCondition.Converged && warm is not null)
                        result = restricted.Solve(labels, trainWeights, settings, bound, penalty, cancellationToken);
                    warm = result.Exit == ExitCondition.Converged ? WarmStart.From(result) : null;
                    if (Worse(result.Exit, worstExit[c])) worstExit[c] = result.Exit;
                    var scores = result.Exit == ExitCondition.Infeasible ? new double[held.Length] : restricted.HeldOutScores(result.Coefficients.AsSpan(), settings.Solver.Backend);
                    for (int j = 0; j < held.Length; j++) outOfFold[c][held[j]] = scores[j];
                    c++;
                }
        }
        return (space, outOfFold, worstExit);
    }

    /// <summary>Per candidate: its threshold on the pooled out-of-fold zero scores, then its pooled metrics under that threshold.</summary>
    private static CandidateScore[] ScoreCandidates((int Degree, int KernelIndex, double Bound, double Penalty)[] grid, (int Degree, Kernel Kernel)[] kernels,
        double[][] outOfFold, ExitCondition[] worstExit, int[] zeroRows, ImmutableArray<double> labels, LearnerSettings settings)
    {
        var scored = new CandidateScore[grid.Length];
        for (int c = 0; c < grid.Length; c++)
        {
            double threshold = EmpiricalThreshold(zeroRows.Select(i => outOfFold[c][i]).ToArray(), settings.Epsilon);
            var rule = new OutputRule.ReliableThreshold(threshold);
            var metrics = Metrics.Of(outOfFold[c].Select(rule.Apply).ToArray(), labels.AsSpan(), settings.Loss);
            scored[c] = new CandidateScore(grid[c].Degree, grid[c].Bound, worstExit[c], double.NaN, double.NaN, metrics, double.IsPositiveInfinity(grid[c].Penalty) ? null : grid[c].Penalty, threshold,
                kernels[grid[c].KernelIndex].Kernel is Kernel.Gaussian g ? g.Gamma : null);
        }
        return scored;
    }

    /// <summary>
    /// The threshold before any calibration. Without a calibration part: the umbrella order statistic of the chosen
    /// candidate's out-of-fold zero-labelled scores when there are enough of them (more conservative than the selection's
    /// empirical quantile; an estimate, not a bound: those scores come from the fold models, and the rows also chose the
    /// candidate), else the empirical quantile. With one, the selection's threshold (calibration then replaces it).
    /// </summary>
    private static double UncalibratedThreshold(CandidateScore chosen, double[] outOfFoldZeros, LearnerSettings settings)
    {
        double uncalibrated = chosen.SelectedThreshold!.Value;
        if (!settings.Calibrates && NeymanPearson.Calibrate(outOfFoldZeros, settings.Epsilon, settings.Delta) is { Succeeded: true } conservative)
            uncalibrated = Math.Max(uncalibrated, conservative.Threshold);
        return uncalibrated;
    }

    /// <summary>
    /// The rows the selection cross-validates on, with their weights, each row's fold (its position modulo the fold count),
    /// the fold count, the grid's weights B (ascending) and multipliers lambda (descending), and the fit's progress step count.
    /// </summary>
    private sealed record FoldSplit(LabelledSample Pool, ImmutableArray<double> Weights, int[] FoldOf, int Folds, double[] Bounds, double[] Penalties, int Steps);

    /// <summary>
    /// Among the candidates whose solves did not fail and whose pooled conditional false-positive rate is at most eps (if
    /// none is: those with the least rate), the least pooled positive loss; ties (relative <see cref="Tolerances.SelectionTie"/>) go to
    /// the smaller B k_d, then the larger lambda (fewer false positives allowed in training), then the lower d.
    /// </summary>
    internal static int Choose(IReadOnlyList<CandidateScore> candidates, LearnerSettings settings, KernelFamily family)
    {
        var usable = Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Exit != ExitCondition.Infeasible && candidates[i].Selection is not null).ToList();
        if (usable.Count == 0) return 0;
        var meeting = usable.Where(i => (candidates[i].Selection!.ConditionalFalsePositiveRate ?? 0) <= settings.Epsilon).ToList();
        double leastRate = usable.Min(i => candidates[i].Selection!.ConditionalFalsePositiveRate ?? 0);
        var pool = meeting.Count > 0 ? meeting : usable.Where(i => (candidates[i].Selection!.ConditionalFalsePositiveRate ?? 0) == leastRate).ToList();
        double least = pool.Min(i => candidates[i].Selection!.PositiveLoss);
        return pool.Where(i => candidates[i].Selection!.PositiveLoss - least <= Tolerances.SelectionTie * Math.Max(candidates[i].Selection!.PositiveLoss, least))
            .OrderBy(i => candidates[i].NormBound * family.For(candidates[i].Degree).DiagonalBound)
            .ThenByDescending(i => candidates[i].Penalty).ThenBy(i => candidates[i].Degree).ThenBy(i => candidates[i].Gamma ?? 0).ThenBy(i => i).First();
    }

    private static string Describe(Kernel kernel) => kernel is Kernel.Gaussian g ? $"gaussian kernel, gamma = {g.Gamma:G4}" : "multinomial kernel";

    private static bool Worse(ExitCondition a, ExitCondition b) => a != b && (a == ExitCondition.Infeasible || b == ExitCondition.Converged);

}
