using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Properties.Optimization;

/// <summary>
/// T2.1-budget (ours, beyond the paper; Proofs/T2.1-budgeted-program.md): properties of the penalised program
/// (<see cref="KernelProgram.WithZeroPenalty"/>) and of <see cref="ReliableSolver.SolveWithBudget(KernelProgram, double, SolverOptions?, int, double, CancellationToken)"/>
/// on random small noisy programs (zero and positive labels overlap, so the budget binds), on the kernel and factor paths.
/// Every property runs from the fixed seed printed in its Replay (FsCheck's golden gamma), so a run is reproducible;
/// comparisons between solves allow the certified gaps plus <see cref="Rounding"/>.
/// </summary>
[Properties(Arbitrary = new[] { typeof(SolverArbitraries) })]
public sealed class T2_1_BudgetedProgram_Properties
{
    // as in T2_1_ReliableProgram_Properties: the dual bound's floating-point evaluation has errors up to ~1e-10 at these sizes
    private const double Rounding = 1e-10;

    // every budgeted answer must be certified within 1e-4 (absolute for losses below 1); the search stops at 1e-6 (its default)
    // or when its bisections run out
    private const double SoundGap = 1e-4;

    private static readonly SolverOptions Options = SolverOptions.Default;

    /// <summary>The spec made noisy and at most 80 points (fast), with its kernel program and a factor program of rank at most 20.</summary>
    private static (KernelProgram Kernel, FactorProgram Factor) Programs(ProgramSpec spec)
    {
        var noisy = spec with { Noisy = true, Count = Math.Min(spec.Count, 80) };
        var kernel = noisy.Program(ProgramTask.Reliable, new Loss.Square());
        var factor = FactorProgram.From(PivotedCholesky.Factor(kernel.Gram, 1e-10, maxRank: 20), kernel.Labels, ProgramTask.Reliable,
            kernel.NormBound, kernel.Threshold, kernel.Loss);
        return (kernel, factor);
    }

    /// <summary>eta = max_{j in Z} s_j m / w_j of a result (all weights are 1 here).</summary>
    private static double Eta(KernelProgram p, SolverResult r)
        => Enumerable.Range(0, p.Count).Where(p.InConstrainedSet).Select(i => r.DualMultipliers[i] * p.Count / p.Weights[i]).DefaultIfEmpty(0).Max();

    [Property(MaxTest = 15, Replay = "20261128,11400714819323198485")]
    public Property Budget_zero_returns_the_hard_programs_solve_exactly(ProgramSpec spec)
    {
        var (kernel, factor) = Programs(spec);
        var bk = ReliableSolver.SolveWithBudget(kernel, 0);
        var bf = ReliableSolver.SolveWithBudget(factor, 0);
        var hk = ReliableSolver.Solve(kernel);
        var hf = ReliableSolver.Solve(factor);
        return (bk.Result.Equals(hk) && bf.Result.Equals(hf) && bk.Solves == 1 && double.IsPositiveInfinity(bk.ZeroPenalty)
                && bk.BudgetDualBound.Equals(hk.DualBound) && bk.Exit == hk.Exit && bf.Exit == hf.Exit)
            .Label($"kernel {bk.Result.Objective:R} vs {hk.Objective:R}; factor {bf.Result.Objective:R} vs {hf.Objective:R}");
    }

    [Property(MaxTest = 15, Replay = "20261129,11400714819323198485")]
    public Property A_penalty_above_the_hard_multipliers_gives_the_hard_solution_back(ProgramSpec spec)
    {
        // Exact penalty (Proofs/T2.1-budgeted-program.md): with D the hard DualBound at multipliers s and eta = max s_j m / w_j,
        // every f in the ball has loss(f) >= D - eta E(f), so loss(f) + lambda E(f) >= D + (lambda - eta) E(f). At the penalised
        // point: objective <= opt_lambda + gap_lambda <= hard objective + lambda E_hard + gap_lambda. Hence
        // |objective_lambda - objective_hard| <= gap_lambda + gap_hard + lambda E_hard and
        // E_lambda <= (gap_lambda + gap_hard + lambda E_hard) / (lambda - eta).
        var (kernel, _) = Programs(spec);
        var hard = ReliableSolver.Solve(kernel);
        double eta = Eta(kernel, hard), lambda = 2 * eta + 0.01;
        var soft = ReliableSolver.Solve(kernel.WithZeroPenalty(lambda), warmStart: WarmStart.From(hard));
        double slack = Math.Max(soft.DualityGap, 0) + Math.Max(hard.DualityGap, 0) + lambda * hard.Excess + Rounding;
        return (hard.Exit == ExitCondition.Converged && soft.Exit == ExitCondition.Converged
                && Math.Abs(soft.Objective - hard.Objective) <= slack && soft.Excess <= slack / (lambda - eta))
            .Label($"eta {eta:R}: hard {hard.Objective:R} ({hard.Exit}), lambda {lambda:R}: {soft.Objective:R} ({soft.Exit}), excess {soft.Excess:E2}, slack {slack:E2}");
    }

    [Property(MaxTest = 12, Replay = "20261130,11400714819323198485")]
    public Property The_budget_holds_and_the_certificate_is_valid_on_both_paths(ProgramSpec spec)
    {
        // S a share of the excess of the lambda = 0 solution (Z unconstrained), so the budget binds
        var (kernel, factor) = Programs(spec);
        double free = ReliableSolver.Solve(kernel.WithZeroPenalty(0)).Excess;
        double share = 0.05 + 0.9 * ((uint)spec.Seed % 97) / 96.0;
        var answers = new (string Path, BudgetedSolverResult A)[]
        {
            ("kernel", ReliableSolver.SolveWithBudget(kernel, share * free)),
            ("factor", ReliableSolver.SolveWithBudget(factor, share * free)),
        };
        bool Valid(BudgetedSolverResult a)
            => a.WithinBudget && a.Excess <= a.Budget && a.Result.BallViolation <= Options.BallTolerance * kernel.NormBound
               && a.BudgetDualBound <= a.Loss + Rounding && a.BudgetGap <= SoundGap * Math.Max(1, Math.Abs(a.Loss))
               && a.BudgetMultiplier <= a.ZeroPenalty;
        return answers.All(x => Valid(x.A))
            .Classify(answers.All(x => x.A.Exit == ExitCondition.Converged), "both converged")
            .Label(string.Join("; ", answers.Select(x => $"{x.Path}: S {x.A.Budget:E3} excess {x.A.Excess:E3} loss {x.A.Loss:R} dual {x.A.BudgetDualBound:R} "
                                                        + $"eta {x.A.BudgetMultiplier:E3} lambda {x.A.ZeroPenalty:E3} {x.A.Exit} solves {x.A.Solves}")));
    }

    [Property(MaxTest = 10, Replay = "20261131,11400714819323198485")]
    public Property Optimal_loss_is_non_increasing_in_the_budget(ProgramSpec spec)
    {
        // opt(S2) <= opt(S1) for S2 > S1 (larger feasible set): Loss2 <= opt(S2) + gap2 <= Loss1 + gap2, and the dual bound at
        // S2 is at most opt(S2) <= Loss1
        var (kernel, factor) = Programs(spec);
        double free = ReliableSolver.Solve(kernel.WithZeroPenalty(0)).Excess;
        var budgets = new[] { 0, 0.1 * free, 0.4 * free, 0.8 * free };
        bool Monotone(Func<double, BudgetedSolverResult> solve, out string trace)
        {
            var answers = budgets.Select(solve).ToList();
            trace = string.Join(", ", answers.Select(a => $"S {a.Budget:E2}: {a.Loss:R} (gap {a.BudgetGap:E1})"));
            return answers.Zip(answers.Skip(1), (a1, a2) => a2.Loss <= a1.Loss + Math.Max(a2.BudgetGap, 0) + Rounding && a2.BudgetDualBound <= a1.Loss + Rounding).All(x => x);
        }
        bool k = Monotone(s => ReliableSolver.SolveWithBudget(kernel, s), out var kt);
        bool f = Monotone(s => ReliableSolver.SolveWithBudget(factor, s), out var ft);
        return (k && f).Label($"kernel: {kt}; factor: {ft}");
    }

    [Property(MaxTest = 15, Replay = "20261201,11400714819323198485")]
    public Property Penalised_solutions_meet_the_kkt_conditions_of_the_penalised_program(ProgramSpec spec)
    {
        // Proofs/T2.1-budgeted-program.md, "What the stopping rule implies": 0 <= s_j <= lambda w_j / m on Z, and for a point in
        // the ball sum_Z [(c_j - s_j) max(0, f_j - tau_c) + s_j max(0, tau_c - f_j)] <= gap (each term non-negative)
        var (kernel, factor) = Programs(spec);
        var hard = ReliableSolver.Solve(kernel);
        double lambda = Math.Max(Eta(kernel, hard), 1e-3) * (0.05 + 0.9 * ((uint)spec.Seed % 89) / 88.0);
        var checks = new List<string>();
        // ||S|| and, per sample, sum_j |A_ij c_j| (A = K or L, c = alpha or u): the rounding of f_i = fl(A c) is at most gamma_m of it
        double KernelNorm(SolverResult x) => Math.Sqrt(Math.Max(0, Dot(x.DualMultipliers, kernel.Gram.Multiply(x.DualMultipliers.ToArray()))));
        double FactorNorm(SolverResult x)
            => Math.Sqrt(Enumerable.Range(0, factor.Rank).Sum(k => Math.Pow(Enumerable.Range(0, factor.Count).Sum(i => factor.Factor[i, k] * x.DualMultipliers[i]), 2)));
        double[] KernelSize(SolverResult x) => Enumerable.Range(0, kernel.Count).Select(i => Enumerable.Range(0, kernel.Count).Sum(j => Math.Abs(kernel.Gram[i, j] * x.Coefficients[j]))).ToArray();
        double[] FactorSize(SolverResult x) => Enumerable.Range(0, factor.Count).Select(i => Enumerable.Range(0, factor.Rank).Sum(k => Math.Abs(factor.Factor[i, k] * x.Coefficients[k]))).ToArray();
        // a computed Gram matrix is PSD only to rounding (L L' is PSD exactly): delta = -lambda_min(K) (MathNet) plus the eigen-solver's
        // backward error m u max |K_ij|, so K + delta I is PSD
        var gram = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(kernel.Count, kernel.Count, (i, j) => kernel.Gram[i, j]);
        double delta = Math.Max(0, -gram.Evd().EigenValues.Min(e => e.Real)) + kernel.Count * Math.Pow(2, -52) * gram.Enumerate().Max(Math.Abs);
        foreach (var (path, labels, tau, r, sNorm, size, indefinite) in new (string, ImmutableArray<double>, double, SolverResult, Func<SolverResult, double>, Func<SolverResult, double[]>, double)[]
                 {
                     ("kernel", kernel.Labels, kernel.Threshold, ReliableSolver.Solve(kernel.WithZeroPenalty(lambda)), KernelNorm, KernelSize, delta),
                     ("factor", factor.Labels, factor.Threshold, ReliableSolver.Solve(factor.WithZeroPenalty(lambda)), FactorNorm, FactorSize, 0),
                 })
        {
            int m = labels.Length;
            double c = lambda / m, complementarity = 0;
            bool boxed = true;
            for (int j = 0; j < m; j++)
            {
                if (labels[j] != 0) continue;
                double s = r.DualMultipliers[j], f = r.Predictions[j];
                boxed &= s >= 0 && s <= c;
                complementarity += (c - s) * Math.Max(0, f - tau) + s * Math.Max(0, tau - f);
            }
            // the bound uses s'f = <S, A> >= -||S|| sqrt(B): a point outside the ball by BallViolation (<= 1e-9 B) adds
            // ||S|| (sqrt(B + BallViolation) - sqrt(B)), and the computed f differs from the exact A c by at most gamma_m sum_j |A_ij c_j|
            // per entry (a singular K lets c grow large), which moves s'f by sum_i |s_i| times that; the sum itself is formed in
            // double (m terms of size <= c |f|): 1e-12 covers it
            double ball = sNorm(r) * (Math.Sqrt(kernel.NormBound + r.BallViolation) - Math.Sqrt(kernel.NormBound));
            double gamma = 2 * m * Math.Pow(2, -53);
            var sizes = size(r);
            double predictions = Enumerable.Range(0, m).Sum(i => Math.Abs(r.DualMultipliers[i]) * gamma * sizes[i]);
            // with K + delta I PSD: s'K alpha >= -sqrt(s'Ks + delta |s|^2) sqrt(alpha'K alpha + delta |alpha|^2) - delta |s| |alpha|
            double s2 = r.DualMultipliers.Sum(v => v * v), a2 = r.Coefficients.Sum(v => v * v);
            double shift = indefinite == 0 ? 0
                : Math.Sqrt(Math.Pow(sNorm(r), 2) + indefinite * s2) * Math.Sqrt(r.SquaredNorm + indefinite * a2) - sNorm(r) * Math.Sqrt(r.SquaredNorm)
                  + indefinite * Math.Sqrt(s2 * a2);
            if (!(r.Exit == ExitCondition.Converged && boxed && r.ConstraintViolation == 0 && complementarity <= r.DualityGap + ball + predictions + shift + 1e-12))
                checks.Add($"{path}: {r.Exit} boxed {boxed} complementarity {complementarity:E3} gap {r.DualityGap:E3} ball {ball:E2} predictions {predictions:E2} indefinite {shift:E2}");
        }
        return (checks.Count == 0).Label($"lambda {lambda:E3}: " + string.Join("; ", checks));
    }

    private static double Dot(ImmutableArray<double> a, double[] b) => Enumerable.Range(0, b.Length).Sum(i => a[i] * b[i]);
}
