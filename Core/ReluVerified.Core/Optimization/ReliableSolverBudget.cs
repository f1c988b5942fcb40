using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>The budgeted program (T2.1-budget): <see cref="SolveWithBudget(KernelProgram, double, SolverOptions?, int, double, CancellationToken)"/>.</summary>
public static partial class ReliableSolver
{
    /// <summary>Decades below the exact-penalty scale that the bisection on log lambda covers.</summary>
    private const double BracketDecades = 6;

    /// <summary>Decades above the bracket tried, one per solve, when the hard solve does not meet the budget.</summary>
    private const int GrowthSteps = 12;

    /// <summary>
    /// Solves the budgeted program (T2.1-budget, ours, beyond the paper; Proofs/T2.1-budgeted-program.md): least loss subject
    /// to f_j &lt;= tau_c + t_j, t_j &gt;= 0 on Z, (1/m) sum_Z w_j t_j &lt;= <paramref name="budget"/> (S) and the ball, through
    /// the penalised programs <see cref="KernelProgram.WithZeroPenalty"/> (the penalised minimiser at lambda solves the
    /// budgeted program at S = its <see cref="SolverResult.Excess"/>). <paramref name="program"/>'s own zero penalty is ignored.
    /// </summary>
    /// <remarks>
    /// The search, in solves (each warm-started from the previous one):
    /// <list type="number">
    /// <item>the hard program (lambda = +infinity). For S = 0 its result is returned as is (the same solve as
    /// <see cref="Solve(KernelProgram, SolverOptions?, WarmStart?, IProgress{SolverIteration}?, CancellationToken)"/>), and
    /// also when it is within the budget and its budget certificate already meets the tolerance;</item>
    /// <item>lambda = 0 (Z unconstrained): returned when it is within the budget (the budget is not binding; eta = 0);</item>
    /// <item>the bracket [Lambda 10^-6, Lambda] with Lambda = 2 eta_hard, eta_hard = max_j nu_j m / w_j at the hard solution:
    /// above eta_hard the penalty is exact (the hard solution is penalised-optimal), so the upper end meets the budget. When the
    /// hard solve is not within the budget (an infeasible hard program, tau_c &lt; 0, or a failed solve) the upper end is found
    /// instead by lambda = max(1, Lambda) 10^k, k = 0..11, until a solve meets the budget;</item>
    /// <item>at most <paramref name="maxBisections"/> steps that shrink the bracket on log lambda: the regula-falsi point of the
    /// excess residuals at the two ends (Illinois variant: a residual kept twice is halved), at least a sixteenth of the
    /// bracket from either end (the midpoint when the residuals give no slope). A solve within the budget becomes the upper
    /// end and the answer, one above it the lower end;</item>
    /// <item>before each step and at the end, the answer is compared with the mixture t f_lo + (1 - t) f_hi of the two ends,
    /// t = (S - E_hi)/(E_lo - E_hi) (within the budget by convexity of the excess; certified as a point of the penalised program
    /// at the combined multipliers' lambda; <see cref="BudgetedSolverResult.Mixed"/>), and the smaller budget gap kept: its gap
    /// tends to the penalised gaps as the bracket closes, even where the excess jumps over S (absolute, Huber losses).</item>
    /// </list>
    /// The search stops as soon as the answer meets the budgeted stopping rule: within the budget and the ball, stationarity
    /// within the solver's tolerance, budget gap at most <paramref name="budgetGapTolerance"/> max(1, |Loss|) (the gap of a
    /// single solve exceeds its penalised gap by up to lambda (S - Excess)).
    /// At most 2 + 12 + <paramref name="maxBisections"/> solves, each repeated from a cold start when its warm start neither
    /// converges nor reaches a gap within <paramref name="budgetGapTolerance"/> (so at most twice that many interior-point runs,
    /// all counted in <see cref="BudgetedSolverResult.Solves"/>). The returned point is the last solve within the budget or a
    /// mixture whose computed excess is within it, never one that exceeds it (unless no solve met the budget: then
    /// <see cref="ExitCondition.NumericalTrouble"/> with the least excess found).
    /// </remarks>
    public static BudgetedSolverResult SolveWithBudget(KernelProgram program, double budget, SolverOptions? options = null, int maxBisections = 30,
        double budgetGapTolerance = 1e-6, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(program);
        // r-space (K numerically rank deficient): the whole search on the program on L L', as Solve certifies it there, so that
        // the mixtures of two solves are certified on the same PSD matrix as their ends (Proofs/T2.1-reliable-program.md, "Which
        // program is certified"); the answer's coefficients mapped back to alpha on the pivots
        CheckArguments(budget, maxBisections, budgetGapTolerance);
        var given = options ?? SolverOptions.Default;
        var (factor, _) = CheckedNewtonFactor(program, given, NativeBlas.UseNative(given.Backend));
        if (factor is not null)
        {
            var onFactor = FactorProgramOf(program, factor);
            var answer = Budgeted(onFactor, budget, options, maxBisections, budgetGapTolerance, cancellationToken,
                (lambda, warm) => Solve(onFactor.WithZeroPenalty(lambda), options, warm, null, cancellationToken), onFactor.WithZeroPenalty);
            return answer with { Result = OnPivots(answer.Result, factor) };
        }
        return Budgeted(program, budget, options, maxBisections, budgetGapTolerance, cancellationToken,
            (lambda, warm) => Solve(program.WithZeroPenalty(lambda), options, warm, null, cancellationToken), program.WithZeroPenalty);
    }

    /// <summary>
    /// <see cref="SolveWithBudget(KernelProgram, double, SolverOptions?, int, double, CancellationToken)"/> for S-lowrank's
    /// <see cref="FactorProgram"/> (T2.1-budget on K~ = L L'; warm starts in r coordinates).
    /// </summary>
    public static BudgetedSolverResult SolveWithBudget(FactorProgram program, double budget, SolverOptions? options = null, int maxBisections = 30,
        double budgetGapTolerance = 1e-6, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(program);
        return Budgeted(program, budget, options, maxBisections, budgetGapTolerance, cancellationToken,
            (lambda, warm) => Solve(program.WithZeroPenalty(lambda), options, warm, null, cancellationToken), program.WithZeroPenalty);
    }

    /// <summary>The budgeted search's own arguments, checked before any work.</summary>
    private static void CheckArguments(double budget, int maxBisections, double budgetGapTolerance)
    {
        Preconditions.Check(double.IsFinite(budget) && budget >= 0, nameof(budget), $"{nameof(budget)} (S) is {budget}: it must be a non-negative finite number.");
        Preconditions.Check(maxBisections >= 0, nameof(maxBisections), $"{nameof(maxBisections)} is {maxBisections}: it must be non-negative.");
        Preconditions.Check(double.IsFinite(budgetGapTolerance) && budgetGapTolerance > 0, nameof(budgetGapTolerance),
            $"{nameof(budgetGapTolerance)} is {budgetGapTolerance}: it must be a positive finite number.");
    }

    private static BudgetedSolverResult Budgeted(ISolvableProgram program, double budget, SolverOptions? options, int maxBisections,
        double budgetGapTolerance, CancellationToken cancellationToken, Func<double, WarmStart?, SolverResult> solve,
        Func<double, ISolvableProgram> penalised)
    {
        CheckArguments(budget, maxBisections, budgetGapTolerance);
        options ??= SolverOptions.Default;
        var search = new BudgetSearch(program, budget, options, budgetGapTolerance, cancellationToken, solve, penalised);

        var hard = search.Run(double.PositiveInfinity, null);
        if (budget == 0) return search.Answer(hard, double.PositiveInfinity, hard.Exit);
        var best = hard.Exit != ExitCondition.Infeasible && hard.Excess <= budget ? (Result: hard, Lambda: double.PositiveInfinity) : ((SolverResult Result, double Lambda)?)null;
        if (best is { } b0 && BudgetCertified(search.Answer(b0.Result, b0.Lambda), options, budgetGapTolerance, program.NormBound)) return search.Answer(b0.Result, b0.Lambda);

        var free = search.Run(0, null);
        if (free.Excess <= budget) return search.Answer(free, 0);
        SolverResult lowSolve = free; // the latest solve above the budget: the lower end of the mixture
        var least = free.Excess <= hard.Excess || hard.Exit == ExitCondition.Infeasible ? (free, 0.0) : (hard, double.PositiveInfinity);

        double etaHard = hard.Exit == ExitCondition.Infeasible ? 0 : BudgetMultiplier(program, hard);
        double upper = double.IsFinite(etaHard) && etaHard > 0 ? 2 * etaHard : 1;
        double lower = upper * Math.Pow(10, -BracketDecades);
        SolverResult last = best?.Result ?? free;
        // excess at the bracket's ends: the lower end's is at most free.Excess (claim 4), its stand-in until a solve there
        double excessLow = free.Excess;
        if (best is null)
        {
            // no solve within the budget yet: grow lambda by decades until one is
            double lambda = Math.Max(1, upper);
            for (int k = 0; k < GrowthSteps && best is null; k++, lambda *= 10)
            {
                last = search.Run(lambda, last);
                if (last.Excess <= budget) best = (last, lambda);
                else { lower = lambda; excessLow = last.Excess; lowSolve = last; if (last.Excess < least.Item1.Excess) least = (last, lambda); }
            }
            if (best is null) return search.Answer(least.Item1, least.Item2, ExitCondition.NumericalTrouble);
            upper = best.Value.Lambda;
        }
        return Bisect(search, maxBisections, best!.Value, (lower, upper), excessLow, lowSolve, last);
    }

    /// <summary>
    /// The bracket's search for lambda: up to <paramref name="maxBisections"/> steps of the Illinois variant of regula falsi
    /// on log lambda (<see cref="NextLogPenalty"/>) between <paramref name="bracket"/>'s ends, the upper end within the budget
    /// (its solve <paramref name="best"/>) and the lower end above it (excess <paramref name="excessLow"/>, its latest solve
    /// <paramref name="lowSolve"/>); every step warm-starts from the previous solve (<paramref name="last"/> at first). Returns
    /// the first converged answer, else the best at the end.
    /// </summary>
    private static BudgetedSolverResult Bisect(BudgetSearch search, int maxBisections, (SolverResult Result, double Lambda) best,
        (double Lower, double Upper) bracket, double excessLow, SolverResult lowSolve, SolverResult last)
    {
        double budget = search.Budget;
        var (lower, upper) = bracket;
        double excessHigh = best.Result.Excess;
        int side = 0; // +1: the last step moved the upper end, -1: the lower end
        for (int k = 0; k < maxBisections; k++)
        {
            var current = search.Better(search.Answer(best.Result, best.Lambda), lowSolve);
            if (current.Exit == ExitCondition.Converged) return current;
            double x = NextLogPenalty(Math.Log(lower), Math.Log(upper), excessLow - budget, excessHigh - budget);
            double mid = Math.Exp(x);
            if (!(mid > lower && mid < upper)) break;
            last = search.Run(mid, last);
            if (last.Excess <= budget)
            {
                best = (last, mid);
                upper = mid;
                excessHigh = last.Excess;
                // Illinois: the lower end stayed twice, so its residual is halved (keeps the interpolation from stalling)
                if (side == 1) excessLow = budget + (excessLow - budget) / 2;
                side = 1;
            }
            else
            {
                lower = mid;
                excessLow = last.Excess;
                lowSolve = last;
                if (side == -1) excessHigh = budget - (budget - excessHigh) / 2;
                side = -1;
            }
        }
        return search.Better(search.Answer(best.Result, best.Lambda), lowSolve);
    }

    /// <summary>
    /// One budget search's fixed inputs and its count of solves: the penalised solve with its cold retry
    /// (<see cref="Run"/>), the certified answer for a solve (<see cref="Answer"/>) and the better of an answer and the
    /// mixture of the bracket's two ends (<see cref="Better"/>).
    /// </summary>
    private sealed class BudgetSearch(ISolvableProgram program, double budget, SolverOptions options, double budgetGapTolerance,
        CancellationToken cancellationToken, Func<double, WarmStart?, SolverResult> solve, Func<double, ISolvableProgram> penalised)
    {
        private int _solves;

        internal double Budget => budget;

        internal SolverResult Run(double lambda, SolverResult? from)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _solves++;
            var warm = solve(lambda, from is null || from.Exit == ExitCondition.Infeasible ? null : WarmStart.From(from));
            if (warm.Exit == ExitCondition.Converged || from is null
                || warm.DualityGap <= budgetGapTolerance * Math.Max(1, Math.Abs(warm.Objective))) return warm;
            // a warm start from a distant lambda can fail (measured: a Huber instance stopped with gap 0.17 from a warm start and
            // converged from a cold one): a solve whose gap alone exceeds the budget-gap tolerance is repeated cold and the one
            // with the smaller gap kept
            _solves++;
            var cold = solve(lambda, null);
            return cold.Exit == ExitCondition.Converged || cold.DualityGap < warm.DualityGap ? cold : warm;
        }

        internal BudgetedSolverResult Answer(SolverResult r, double lambda, ExitCondition? exit = null, bool mixed = false)
        {
            var answer = BudgetCertificate(program, r, lambda, budget, _solves) with { Mixed = mixed };
            return answer with { Exit = exit ?? (BudgetCertified(answer, options, budgetGapTolerance, program.NormBound) ? ExitCondition.Converged : ExitCondition.IterationLimit) };
        }

        // the best of the answer at the upper end and the mixture of the two ends (when there is one within the budget)
        internal BudgetedSolverResult Better(BudgetedSolverResult upperAnswer, SolverResult? low)
        {
            if (low is null || low.Exit == ExitCondition.Infeasible || upperAnswer.Result.Exit == ExitCondition.Infeasible) return upperAnswer;
            if (Mixture(program, penalised, low, upperAnswer.Result, budget, options) is not { } mix) return upperAnswer;
            var mixed = Answer(mix.Result, mix.Lambda, mixed: true);
            return mixed.BudgetGap < upperAnswer.BudgetGap ? mixed : upperAnswer;
        }
    }

    /// <summary>
    /// The convex combination t low + (1 - t) high of two penalised solutions (coefficients, constraint and ball multipliers,
    /// and the slopes s_i m / w_i on P) with t = (S - E_high) / (E_low - E_high), certified with the rounding-safe certificate as
    /// a point of the penalised program at lambda = max_j nu_j m / w_j of the combined multipliers (times 1 + 1e-9, so that the
    /// box contains them; at an optimum of the budgeted program this is its multiplier eta, at which the mixture is
    /// penalised-optimal). The excess is convex, so E(mixture) &lt;= S (checked on the computed predictions; t is reduced if rounding
    /// says otherwise); the loss is convex and the budget dual D_S concave, so the mixture's budget gap is at most the same
    /// combination of the ends' budget gaps, which tends to the penalised gaps as the bracket on lambda shrinks, even where the
    /// excess jumps (Proofs/T2.1-budgeted-program.md, "Mixing the ends"). Null when no combination is within the budget.
    /// </summary>
    private static (SolverResult Result, double Lambda)? Mixture(ISolvableProgram basis, Func<double, ISolvableProgram> penalised, SolverResult low,
        SolverResult high, double budget, SolverOptions options)
    {
        if (!(low.Excess > budget && high.Excess <= budget) || low.Coefficients.Length != high.Coefficients.Length) return null;
        int m = basis.Count, n = low.Coefficients.Length;
        bool native = NativeBlas.UseNative(options.Backend);
        var backend = native ? ComputeBackend.Native : ComputeBackend.Managed;
        double t = (budget - high.Excess) / (low.Excess - high.Excess);
        for (int attempt = 0; attempt < 4; attempt++, t *= 0.5)
        {
            double Mix(double a, double b) => t * a + (1 - t) * b;
            var alpha = new double[n];
            for (int j = 0; j < n; j++) alpha[j] = Mix(low.Coefficients[j], high.Coefficients[j]);
            var f = basis.PredictionsOf(alpha, backend);
            if (ProgramValidation.Excess(basis, f) > budget) continue;
            var nu = new double[m];
            double lambda = 0;
            for (int i = 0; i < m; i++)
            {
                if (!basis.InConstrainedSet(i) || basis.Weights[i] == 0) continue;
                nu[i] = Math.Max(0, Mix(low.ConstraintMultipliers[i], high.ConstraintMultipliers[i]));
                lambda = Math.Max(lambda, nu[i] * m / basis.Weights[i]);
            }
            lambda *= 1 + 1e-9;
            if (!double.IsFinite(lambda)) return null;
            var program = penalised(lambda);
            int[] zero = Enumerable.Range(0, m).Where(i => program.InConstrainedSet(i) && DualCertificate.ZeroCap(program, i) > 0).ToArray();
            // slopes from the ends' multipliers (a custom loss's conjugate needs the derivative at f itself: null there)
            double[]? slopes = null;
            if (program.Loss is not Losses.Loss.Custom)
            {
                slopes = new double[m];
                for (int i = 0; i < m; i++)
                    if (program.InLossSet(i) && program.Weights[i] != 0)
                        slopes[i] = Mix(low.DualMultipliers[i], high.DualMultipliers[i]) * m / program.Weights[i];
            }
            var r = Certificate(program, alpha, f, program.SquaredNormOf(alpha, f), nu, Mix(low.BallMultiplier, high.BallMultiplier), zero, slopes,
                useStationarity: program is KernelProgram, options, backend, high.Iterations, rigorous: true).Result;
            if (r.Excess > budget) continue;
            return (r with
            {
                Exit = Certified(r, options, program.NormBound) ? ExitCondition.Converged : ExitCondition.IterationLimit,
                NewtonSystem = high.NewtonSystem, Rank = high.Rank,
            }, lambda);
        }
        return null;
    }

    /// <summary>
    /// The next log lambda in the bracket (lo, hi), where the excess minus the budget is gLow &gt; 0 at lo and gHigh &lt;= 0 at hi
    /// (claim 4: the excess is non-increasing in lambda): the regula-falsi point lo + gLow / (gLow - gHigh) (hi - lo), kept at
    /// least a sixteenth of the bracket away from either end; the midpoint when the residuals give no slope.
    /// </summary>
    private static double NextLogPenalty(double lo, double hi, double gLow, double gHigh)
    {
        double width = hi - lo;
        double share = gLow > 0 && gHigh <= 0 && gLow - gHigh > 0 ? gLow / (gLow - gHigh) : 0.5;
        return lo + Math.Clamp(double.IsFinite(share) ? share : 0.5, 1.0 / 16, 15.0 / 16) * width;
    }

    /// <summary>
    /// The budgeted program's certificate at a solve (Proofs/T2.1-budgeted-program.md, "Certificate"): D - S eta with D the
    /// solve's rounding-safe <see cref="SolverResult.DualBound"/> and eta = <see cref="BudgetMultiplier"/>; D when S = 0.
    /// </summary>
    private static BudgetedSolverResult BudgetCertificate(ISolvableProgram program, SolverResult r, double lambda, double budget, int solves)
    {
        double loss = ProgramValidation.LossTerm(program, r.Predictions.AsSpan());
        double eta = BudgetMultiplier(program, r);
        // fl(S eta) (1 + 4u) >= S eta; stepping one double down covers the subtraction's rounding
        double dual = budget == 0 ? r.DualBound : Math.BitDecrement(r.DualBound - budget * eta * (1 + 4 * FloatingPoint.U));
        return new BudgetedSolverResult(r.Exit, r, lambda, budget, loss, eta, dual, solves);
    }

    /// <summary>
    /// eta = max_{j in Z, s_j &gt; 0} s_j m / w_j over the result's dual multipliers, times (1 + 4u) so that it is at least the
    /// exact value (two roundings); +infinity when a zero-weight point carries s_j &gt; 0; 0 when no multiplier is positive.
    /// </summary>
    private static double BudgetMultiplier(ISolvableProgram program, SolverResult r)
    {
        double eta = 0;
        for (int i = 0; i < program.Count; i++)
        {
            if (!program.InConstrainedSet(i) || !(r.DualMultipliers[i] > 0)) continue;
            if (program.Weights[i] == 0) return double.PositiveInfinity;
            eta = Math.Max(eta, r.DualMultipliers[i] * program.Count / program.Weights[i]);
        }
        return eta * (1 + 4 * FloatingPoint.U);
    }

    /// <summary>
    /// The budgeted stopping rule: within the budget and the ball (<see cref="SolverOptions.BallTolerance"/> B), budget gap
    /// within <paramref name="budgetGapTolerance"/> max(1, |Loss|), and the solve's stationarity within
    /// <see cref="SolverOptions.StationarityTolerance"/> max(1, |Objective|) as in its own stopping rule.
    /// </summary>
    private static bool BudgetCertified(BudgetedSolverResult a, SolverOptions options, double budgetGapTolerance, double bound)
        => a.WithinBudget && a.Result.Exit != ExitCondition.Infeasible && a.Result.BallViolation <= options.BallTolerance * bound
           && a.BudgetGap <= budgetGapTolerance * Math.Max(1, Math.Abs(a.Loss))
           && a.Result.Stationarity <= options.StationarityTolerance * Math.Max(1, Math.Abs(a.Result.Objective));
}
