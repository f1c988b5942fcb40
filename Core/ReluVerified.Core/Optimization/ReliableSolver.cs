using System.Collections.Immutable;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Losses;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// Solves the T2.1 reliable program and the R2.2 agnostic program (<see cref="KernelProgram"/>) with a primal-dual
/// interior-point method (Mehrotra predictor-corrector) and returns a <see cref="SolverResult"/> that proves its answer:
/// a Lagrangian dual bound computed from the returned multipliers (with its rounding error subtracted), the duality gap,
/// the constraint violations and the stationarity of the Lagrangian.
/// <para>
/// Variables: alpha (f = K alpha) or u = L'alpha, slacks s and multipliers nu of f_i &lt;= tau_c on Z, slack sigma and
/// multiplier theta of alpha'K alpha &lt;= B, and epigraph variables for the absolute loss. Every Newton step reduces to
/// (c I + N) dx + rho (G x)(G x)' dx = h with N = D K (m-space) or L'D L (r-space), D diagonal and c = 2 max(theta, mu/sigma);
/// the rank-one term is removed by Sherman-Morrison (<see cref="NewtonSystemKind"/>). Convergence is declared only by the
/// stopping rule of <see cref="SolverOptions"/> (gap, zero-constraint violation, ball violation, stationarity), on the
/// rounding-safe certificate of a program on a matrix that is PSD exactly: in r-space the program on L L' (L the pivoted
/// Cholesky factor of K), in m-space the program's own Gram matrix with the dual's quadratic forms in K + delta I
/// (<see cref="SolverResult.GramAllowance"/>). For tau_c &lt; 0 a phase-1 (Frank-Wolfe on the
/// minimum-norm point of the convex hull of the Z features) decides feasibility first and returns a Farkas certificate when
/// the program is infeasible. See Proofs/T2.1-reliable-program.md for the dual, its derivation, the stopping rule and the
/// floating-point certificate.
/// </para>
/// The same method solves S-lowrank's <see cref="FactorProgram"/> (K ~ L L', r-space coordinates throughout).
/// Numerical failures are returned as <see cref="ExitCondition.NumericalTrouble"/>, never thrown.
/// </summary>
public static partial class ReliableSolver
{
    private const double BarrierFloor = 1e-18;
    private const int Phase1Iterations = 20000;

    /// <summary>Solves <paramref name="program"/> (T2.1 / R2.2) from a cold start or a <paramref name="warmStart"/>.</summary>
    /// <remarks>
    /// The Gram matrix is first checked positive semi-definite (once per matrix; cost at most one Cholesky factorisation of
    /// K, O(m^3/3), and on the r-space path O((m - r)^2 r) with OpenBLAS, O(m^2 r) managed): an <see cref="ArgumentException"/> for <paramref name="program"/> names
    /// the row or pivot that proves K indefinite and the remedy (a PSD kernel, or jitter K + c I). When K is numerically rank
    /// deficient (or <see cref="NewtonSystemKind.LowRank"/> is asked for) the program solved and certified is the one on
    /// L L', L its complete pivoted Cholesky factor (PSD exactly, within the input check's delta of K): the result's
    /// predictions are L u and its coefficients alpha are supported on the pivots, with K alpha = L u in exact arithmetic
    /// (Proofs/T2.1-reliable-program.md, "Which program is certified").
    /// <paramref name="progress"/> hears each interior-point iteration; <paramref name="cancellationToken"/> is checked at
    /// every iteration (and in phase 1) and throws <see cref="OperationCanceledException"/>: a cancelled solve returns nothing.
    /// </remarks>
    public static SolverResult Solve(KernelProgram program, SolverOptions? options = null, WarmStart? warmStart = null,
        IProgress<SolverIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(program);
        options ??= SolverOptions.Default;
        var (native, backend, zero) = Prologue(program, options, warmStart, program.Count, "coefficients");

        var (factor, denseFirst, workspace, freshFactor) = CheckedNewtonChoice(program, options, native, zero.Length);
        try
        {
            if (Phase1IfNeeded(program, zero, backend, cancellationToken) is { } farkas) return farkas;
            if (factor is not null && !denseFirst) return OnPivotedFactor(program, factor, options, warmStart, zero, native, backend, progress, cancellationToken);
            // full numerical rank (or m-space asked for): the interpolant first, on the factor the checks have just computed
            if (!denseFirst && options.TryInterpolant && HasZeroLowerBound(program)
                && Interpolated(program, options, native, backend, zero, freshFactor, () => workspace ??= SpareBuffer.Take((long)program.Count * program.Count)) is { } interpolated)
                return interpolated;
            var coordinates = new KernelCoordinates(program.Gram, native, backend, options.MixedPrecision, workspace);
            // m-space on a numerically rank-deficient K (the cost rule): the linearised ball alone, as before the ball's
            // second-order term (measured on T2_1_NewtonSystemChoice_Checks' 760-point program: with the term and OpenBLAS's
            // SkylakeX kernels the m-space solve stalled with mu near 4e-17 and went to r-space). A likely cause, not verified:
            // dx'K dx is computed as dx . (K dx), whose rounding error is bounded by a multiple of u ||K|| ||dx||^2, and dx is
            // free to grow in K's near-null space, where dx'K dx itself does not
            var denseOptions = denseFirst ? options with { BallSecondOrder = false } : options;
            var result = InteriorPointWithColdRetry(program, denseOptions, warmStart, zero, coordinates, backend, progress, cancellationToken);
            result = result with { NewtonSystem = coordinates.Kind, Rank = coordinates.Rank };
            if (result.Exit == ExitCondition.Converged || options.NewtonSystem != NewtonSystemKind.Auto) return result;
            // m-space did not converge: the r-space solve, whose Newton matrix has no null space to drift in and needs no
            // push-through division by c (its factor is computed now if the choice skipped it; at full rank, r = m)
            factor ??= RepetitionFactor(program, options, native, () => workspace ??= SpareBuffer.Take((long)program.Count * program.Count));
            if (factor is null) return result;
            var onFactor = OnPivotedFactor(program, factor, options, warmStart, zero, native, backend, progress, cancellationToken);
            return CertificateSelection.Nearer(result, onFactor, options, program.NormBound);
        }
        finally
        {
            // the m x m buffer (the probe's, the input check's, the m-space Newton matrix's) is no longer used: the next
            // solve of the same size may take it (SpareBuffer)
            if (workspace is not null) SpareBuffer.GiveBack(workspace);
        }
    }

    /// <summary>
    /// Flops of an r-space Newton system over those of an m-space one above which <see cref="NewtonSystemKind.Auto"/> takes
    /// m-space at a numerical rank below m (<see cref="TriesDenseFirst"/>).
    /// </summary>
    internal const double DenseCostShare = 2;

    /// <summary>
    /// The least share of m the numerical rank must reach for <see cref="NewtonSystemKind.Auto"/> to try m-space below full
    /// rank (<see cref="TriesDenseFirst"/>): the m-space matrix c I + D^(1/2) K D^(1/2) is ill-conditioned on K's near-null
    /// space, and how far that is safe was measured, not derived (docs/solver.md, "Newton systems below full rank").
    /// </summary>
    internal const double DenseRankShare = 0.85;

    /// <summary>
    /// The rule of <see cref="NewtonSystemKind.Auto"/> for a numerically rank-deficient K (rank r &lt; m): m-space first when an
    /// r-space iteration, c r^2 + r^3 / 3 flops (forming L'DL over the c rows whose curvature changes, then its Cholesky;
    /// c = |Z| for the square loss, whose loss rows keep their curvature, and c = m for the others), costs more than
    /// <see cref="DenseCostShare"/> times an m-space one (m^3 / 3, taken in single precision from m = 1500), and r is at least
    /// <see cref="DenseRankShare"/> m. Read with the unpivoted probe's cleared pivots as the rank when they meet it (an estimate,
    /// not a bound: a K more deficient than it says is still repeated in r-space if m-space does not converge). Measured on the
    /// robustness grid of docs/solver.md: at m = 8000 and rank 7007 (Huber loss) r-space took 118 s in 19 iterations, m-space
    /// 34 s in 22; at rank 935 of 1200 (absolute loss) m-space stopped short and the r-space repetition doubled the solve.
    /// </summary>
    internal static bool TriesDenseFirst(KernelProgram program, int rank, int zeroRows)
    {
        double m = program.Count, r = rank;
        double changing = program.Loss is Loss.Square ? zeroRows : m;
        return rank < program.Count && r >= DenseRankShare * m && changing * r * r + r * r * r / 3 > DenseCostShare * m * m * m / 3;
    }

    /// <summary>
    /// The Newton system of a solve: the pivoted factor (null at full rank, or when the choice skipped it) and whether m-space is
    /// tried first although K is rank deficient (<see cref="TriesDenseFirst"/>, <see cref="NewtonSystemKind.Auto"/> only). With
    /// OpenBLAS, when the probe's cleared pivots already meet the cost rule, the pivoted factorisation is not computed.
    /// </summary>
    private static (LowRankFactor? Factor, bool DenseFirst) NewtonChoice(KernelProgram program, SolverOptions options, bool native,
        Func<double[]> workspace, int zeroRows, out bool probeFactored)
    {
        probeFactored = false;
        if (options.NewtonSystem != NewtonSystemKind.Auto) return (NewtonFactor(program, options, native, workspace), false);
        if (native && !PivotedCholesky.ProbeNative(program.Gram, options.RankTolerance, workspace, cleared => TriesDenseFirst(program, cleared, zeroRows),
                out probeFactored).Decided)
            return (null, true);
        var factor = NewtonFactor(program, options, native, workspace); // native: the probe's remembered answer
        return (factor, factor is not null && TriesDenseFirst(program, factor.Rank, zeroRows));
    }

    /// <summary>
    /// The pivoted Cholesky factor of K that the r-space Newton systems (and, there, the certified program on L L') use, or null
    /// for m-space; deterministic in (K, options, native), so a check can recompute the factor a solve used.
    /// </summary>
    internal static LowRankFactor? NewtonFactor(KernelProgram program, SolverOptions options, bool native, Func<double[]> workspace)
    {
        int m = program.Count;
        LowRankFactor? factor = null;
        if (options.NewtonSystem != NewtonSystemKind.Dense)
        {
            // r-space whenever K is numerically rank deficient (rank r < m at RankTolerance): its Newton matrix c I + L'D L has no
            // null space to drift in, while the m-space matrix c I + D^(1/2) K D^(1/2) is as ill-conditioned as K is deficient
            // (m-space solves stopped short of the stopping rule with 17% to 99% of the rank missing; see docs/solver.md, the
            // robustness grid). m-space only at full rank, where it is well posed and the cheaper per iteration (m^3 / 3 against
            // c r^2 + r^3 / 3, c the rows whose curvature changes); r-space at a rank close to m costs up to 4 times more.
            LowRankFactor? pivoted;
            if (native)
            {
                var probe = PivotedCholesky.ProbeNative(program.Gram, options.RankTolerance, workspace);
                // m pivots, each above tolerance > 0: the factorisation of K itself succeeded, which proves lambda_min(K) >= -delta
                // (Proofs/T2.1-reliable-program.md, "Input checks", step 2b): the PSD check that follows has nothing left to do
                if (probe.FullRank) program.Gram.Facts.VerifiedPositiveSemidefinite(GramValidation.CholeskyAllowance(program.Gram, 0));
                pivoted = probe.Factor;
            }
            else pivoted = PivotedCholesky.Factor(program.Gram, options.RankTolerance, m, giveUpEarly: options.NewtonSystem == NewtonSystemKind.Auto);
            if (pivoted is null && options.NewtonSystem == NewtonSystemKind.LowRank)
                pivoted = PivotedCholesky.Factor(program.Gram, options.RankTolerance, m); // asked for r-space at full rank: r = m
            // rank 0 (K = 0) leaves r-space nothing to work in; the m-space system handles it
            if (pivoted is { Rank: > 0 } && ((pivoted.Complete && pivoted.Rank < m) || options.NewtonSystem == NewtonSystemKind.LowRank)) factor = pivoted;
        }
        return factor;
    }

    /// <summary>
    /// The factor of the r-space repetition of an m-space solve that did not converge (<see cref="NewtonSystemKind.Auto"/>):
    /// <see cref="NewtonFactor"/>'s below full rank, the complete pivoted factor with r = m at full rank (the program is then
    /// solved and certified on L L' as below full rank). Measured on docs/solver.md's grid programs at m = 400 to 1200: with
    /// OpenBLAS's SkylakeX kernels n10-d4-B50-rel-abs at m = 400 stopped NumericalTrouble in m-space (gap 2.3e-6 after 17
    /// iterations; its objective, near 0, fell to 7.8e-8 and the iterates then drifted out of the ball), while r-space on the
    /// full factor converges in 6 iterations with either kernel.
    /// </summary>
    private static LowRankFactor? RepetitionFactor(KernelProgram program, SolverOptions options, bool native, Func<double[]> workspace)
    {
        var factor = NewtonFactor(program, options, native, workspace);
        if (factor is not null) return factor;
        int m = program.Count;
        var full = native
            ? PivotedCholesky.FactorNative(program.Gram, options.RankTolerance, workspace(), keepFullRank: true, out _)
            : PivotedCholesky.Factor(program.Gram, options.RankTolerance, m);
        return full is { Rank: > 0, Complete: true } ? full : null;
    }

    /// <summary>
    /// r-space: the program is solved and certified on K_L = L L', L the complete pivoted Cholesky factor of K (rank r &lt; m),
    /// which is PSD exactly (the product of the stored doubles), so that its certificate needs no condition on K, whose
    /// computed value is PSD only to rounding (Proofs/T2.1-reliable-program.md, "Floating-point certificate"); the input check
    /// bounded ||K - L L'||_F. The interior point and the certificate run on <see cref="FactorProgram"/> in u = L'alpha; the
    /// returned coefficients are alpha supported on the pivots, alpha_p = L_pp^(-T) u (<see cref="FactorCoordinates.PivotCoefficients"/>),
    /// whose K alpha = L u in exact arithmetic, and the predictions are L u.
    /// </summary>
    private static SolverResult OnPivotedFactor(KernelProgram program, LowRankFactor factor, SolverOptions options, WarmStart? warmStart, int[] zero,
        bool native, ComputeBackend backend, IProgress<SolverIteration>? progress, CancellationToken cancellationToken)
    {
        var onFactor = FactorProgramOf(program, factor);
        // a warm start's alpha maps to u = L'alpha, the factor coordinates whose L u = K_L alpha
        var warm = warmStart is null ? null : warmStart with
        {
            Coefficients = ImmutableArray.Create(onFactor.Rows.TransposeTimes(warmStart.Coefficients.ToArray(), backend)),
        };
        var result = InteriorPointWithColdRetry(onFactor, options, warm, zero, new FactorCoordinates(onFactor.Rows, native, zero, options.MixedPrecision), backend, progress,
            cancellationToken);
        return OnPivots(result, factor);
    }

    /// <summary>The program on L L' with <paramref name="program"/>'s labels, weights, task, B, tau_c, loss and zero penalty.</summary>
    private static FactorProgram FactorProgramOf(KernelProgram program, LowRankFactor factor)
        => new FactorProgram(new DenseFactorRows(factor.Factor), program.Labels, program.Task, program.NormBound, program.Threshold, program.Loss,
            weights: program.Weights).WithZeroPenalty(program.ZeroPenalty);

    /// <summary>
    /// A result of the program on L L' in factor coordinates u, restated with the coefficients alpha on the pivots
    /// (alpha_p = L_pp^(-T) u) and u kept in <see cref="SolverResult.FactorCoordinates"/>.
    /// </summary>
    private static SolverResult OnPivots(SolverResult result, LowRankFactor factor)
    {
        var alpha = FactorCoordinates.PivotCoefficients(factor.Factor, factor.Pivots, result.Coefficients.ToArray());
        return result with
        {
            Coefficients = ImmutableArray.Create(alpha), FactorCoordinates = result.Coefficients, NewtonSystem = NewtonSystemKind.LowRank, Rank = factor.Rank,
        };
    }

    /// <summary>
    /// The Newton system <see cref="NewtonChoice"/> chooses (the factor, null for m-space or when skipped, and whether m-space
    /// goes first), after the input checks of a solve (symmetry in the constructor, <see cref="GramValidation.PositiveSemidefinite"/> here: an indefinite K makes the program non-convex and the
    /// certificate void, so it is refused before any solve), with the m x m buffer the probe or the check used, if any: it
    /// becomes the m-space Newton buffer (double, or the storage of the single-precision one). FreshFactor names the Cholesky
    /// factor of K that this call left in that buffer (<see cref="ProbeFactorKind"/>: the rank probe's, of K; <see cref="ShiftedFactorKind"/>:
    /// the input check's, of K + delta I), 0 when it holds none.
    /// </summary>
    internal static (LowRankFactor? Factor, bool DenseFirst, double[]? Workspace, int FreshFactor) CheckedNewtonChoice(KernelProgram program,
        SolverOptions options, bool native, int zeroRows)
    {
        int m = program.Count;
        double[]? workspace = null;
        var (factor, denseFirst) = NewtonChoice(program, options, native, () => workspace ??= SpareBuffer.Take((long)m * m), zeroRows, out bool probeFactored);
        bool checkFactored = GramValidation.PositiveSemidefinite(program.Gram, factor, native, nameof(program), () => workspace ??= SpareBuffer.Take((long)m * m));
        int fresh = checkFactored ? ShiftedFactorKind : probeFactored ? ProbeFactorKind : 0;
        return (factor, denseFirst, workspace, fresh);
    }

    /// <summary>
    /// The interpolant's factor (<see cref="MatrixFacts.RememberedInterpolant.Kind"/>): the rank probe's unpivoted Cholesky of K
    /// (<see cref="PivotedCholesky.UnpivotedFactor"/>), which OpenBLAS solves under <see cref="NewtonSystemKind.Auto"/> compute
    /// at full rank.
    /// </summary>
    internal const int ProbeFactorKind = 1;

    /// <summary>
    /// The interpolant's factor: the input check's Cholesky of K + delta I (<see cref="GramValidation.ShiftedFactor(Matrix, bool, double[])"/>), which
    /// the managed solves and those asked for m-space compute.
    /// </summary>
    internal const int ShiftedFactorKind = 2;

    /// <summary>
    /// The interpolant of <see cref="Interpolant"/> as a Converged result (0 iterations, the zero multiplier's certificate), or
    /// null when it does not meet the stopping rule (alpha'K alpha above B, or losses above the gap tolerance) or K + shift I
    /// does not factor. Its factor is the one in the workspace when <paramref name="freshFactor"/> is of the kind this solve
    /// uses (so that no factorisation is added), else the interpolant remembered with the Gram matrix for the same targets, else
    /// a factorisation of that kind computed now: every way gives the same alpha, bit for bit.
    /// </summary>
    internal static SolverResult? Interpolated(KernelProgram program, SolverOptions options, bool native, ComputeBackend backend, int[] zero,
        int freshFactor, Func<double[]> workspace)
    {
        int m = program.Count;
        var targets = Interpolant.Targets(program);
        int kind = native && options.NewtonSystem == NewtonSystemKind.Auto ? ProbeFactorKind : ShiftedFactorKind;
        double[] alpha, f;
        if (program.Gram.Facts.Interpolant is { } known && known.Kind == kind && known.Targets.AsSpan().SequenceEqual(targets))
            (alpha, f) = ((double[])known.Coefficients.Clone(), (double[])known.Predictions.Clone());
        else
        {
            var buffer = workspace();
            var cholesky = freshFactor == kind ? SymmetricFactor.OfLowerFactor(buffer, m, native)
                : kind == ShiftedFactorKind ? GramValidation.ShiftedFactor(program.Gram, native, buffer).Factor
                : PivotedCholesky.UnpivotedFactor(program.Gram, options.RankTolerance, buffer) ? SymmetricFactor.OfLowerFactor(buffer, m, native) : null;
            if (cholesky is null) return null;
            (alpha, f) = Interpolant.Coefficients(program, cholesky, targets, backend);
            program.Gram.Facts.RememberInterpolant(new MatrixFacts.RememberedInterpolant(targets, kind, (double[])alpha.Clone(), (double[])f.Clone()));
        }
        double bound = program.NormBound;
        double q = ((ISolvableProgram)program).SquaredNormOf(alpha, f);
        double objective = program.Objective(f);
        if (!(q <= bound * (1 + options.BallTolerance)) || !(objective <= options.GapTolerance)) return null;
        // the zero multiplier's rounding-safe certificate (see Certificate): dual value 0, stationarity 0
        double[] zeroNu = new double[m], zeroSlopes = new double[m];
        var origin = DualCertificate.Bound(program, alpha, f, zeroNu, zeroSlopes, 0, backend);
        var result = ResultAt(program, alpha, f, objective, q, zeroNu, origin, zero, iterations: 0) with { Exit = ExitCondition.Converged };
        return Certified(result, options, bound) ? result : null;
    }

    /// <summary>
    /// <see cref="CheckedNewtonChoice"/> for a search that needs the factor whenever K is rank deficient (the budgeted program is
    /// certified on L L' throughout): <see cref="NewtonFactor"/> and the input checks.
    /// </summary>
    private static (LowRankFactor? Factor, double[]? Workspace) CheckedNewtonFactor(KernelProgram program, SolverOptions options, bool native)
    {
        int m = program.Count;
        double[]? workspace = null;
        var factor = NewtonFactor(program, options, native, () => workspace ??= LargeArrays.Zeroed((long)m * m));
        GramValidation.PositiveSemidefinite(program.Gram, factor, native, nameof(program), () => workspace ??= LargeArrays.Zeroed((long)m * m));
        return (factor, workspace);
    }

    /// <summary>
    /// Solves the program on an approximated kernel K~ = L L' (S-lowrank) in the factor's r coordinates: every Newton
    /// system is r x r (c I + L'D L), memory is O(m r), and the m x m matrix is never formed. The result's
    /// <see cref="SolverResult.Coefficients"/> are u (length r, f = L u) and its certificate (dual bound, gap, violation) is
    /// for the program on K~; the approximation's effect on the exact kernel is <see cref="FactorProgram.ResidualTrace"/>.
    /// A <paramref name="warmStart"/> holds u (length r) and m constraint multipliers.
    /// </summary>
    public static SolverResult Solve(FactorProgram program, SolverOptions? options = null, WarmStart? warmStart = null,
        IProgress<SolverIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(program);
        options ??= SolverOptions.Default;
        var (native, backend, zero) = Prologue(program, options, warmStart, program.Rank, "factor coordinates");
        if (Phase1IfNeeded(program, zero, backend, cancellationToken) is { } farkas)
            return farkas with { NewtonSystem = NewtonSystemKind.LowRank, Rank = program.Rank };
        var coordinates = new FactorCoordinates(program.Rows, native, zero, options.MixedPrecision);
        var result = InteriorPointWithColdRetry(program, options, warmStart, zero, coordinates, backend, progress, cancellationToken);
        return result with { NewtonSystem = NewtonSystemKind.LowRank, Rank = program.Rank };
    }

    /// <summary>What both Solve overloads do first: validate the options and the warm start, resolve the backend, find Z.</summary>
    private static (bool Native, ComputeBackend Backend, int[] Zero) Prologue(
        ISolvableProgram program, SolverOptions options, WarmStart? warmStart, int coordinates, string coordinateName)
    {
        Preconditions.NotNull(options);
        foreach (var (value, name) in new[]
                 {
                     (options.GapTolerance, nameof(options.GapTolerance)), (options.ConstraintTolerance, nameof(options.ConstraintTolerance)),
                     (options.BallTolerance, nameof(options.BallTolerance)), (options.StationarityTolerance, nameof(options.StationarityTolerance)),
                 })
            Preconditions.Check(double.IsFinite(value) && value > 0, nameof(options), $"{nameof(options)}.{name} is {value}: tolerances must be positive finite numbers.");
        Preconditions.Check(options.MaxIterations > 0, nameof(options), $"{nameof(options)}.{nameof(options.MaxIterations)} is {options.MaxIterations}: it must be positive.");
        Preconditions.Check(options.CentralityCorrectors >= 0, nameof(options),
            $"{nameof(options)}.{nameof(options.CentralityCorrectors)} is {options.CentralityCorrectors}: it must be 0 (Mehrotra's direction alone) or more.");
        if (warmStart is not null)
            Preconditions.Check(warmStart.Coefficients.Length == coordinates && warmStart.ConstraintMultipliers.Length == program.Count,
                nameof(warmStart), $"{nameof(warmStart)} must hold {coordinates} {coordinateName} and {program.Count} multipliers.");
        bool native = NativeBlas.UseNative(options.Backend);
        var backend = native ? ComputeBackend.Native : ComputeBackend.Managed;
        // the penalised program (T2.1-budget) leaves a zero-labelled point free when its penalty lambda w_j / m is 0
        int[] zero = Enumerable.Range(0, program.Count).Where(i => program.InConstrainedSet(i) && DualCertificate.ZeroCap(program, i) > 0).ToArray();
        return (native, backend, zero);
    }

    /// <summary>Phase 1 when tau_c &lt; 0 and Z is not empty: the Infeasible result with its Farkas certificate, or null.</summary>
    private static SolverResult? Phase1IfNeeded(ISolvableProgram program, int[] zero, ComputeBackend backend, CancellationToken cancellationToken)
        => program.Threshold < 0 && zero.Length > 0 && !double.IsFinite(program.ZeroPenalty) ? Phase1(program, zero, backend, cancellationToken) : null;

    /// <summary>
    /// max(0, max_{i in Z} f_i - tau_c); 0 for the penalised program (T2.1-budget), whose constraints f_j &lt;= tau_c + t_j hold
    /// with t_j = max(0, f_j - tau_c).
    /// </summary>
    private static double ConstraintViolation(ISolvableProgram program, ReadOnlySpan<double> f, int[] zero)
    {
        if (double.IsFinite(program.ZeroPenalty)) return 0;
        double v = 0;
        foreach (int i in zero) v = Math.Max(v, f[i] - program.Threshold);
        return v;
    }

    /// <summary>
    /// <see cref="InteriorPointWithCorrectorRetry"/>, and again with the ball's residual linearised alone
    /// (<see cref="SolverOptions.BallSecondOrder"/> off) when a solve with its second-order term stops with
    /// <see cref="ExitCondition.NumericalTrouble"/>: the term
    /// changes the path, and on a few programs the path stops short where the linearised one converges (measured, 2026-11-30:
    /// seed 11 of Proofs/ReluVerified.Proofs/Scale/SLowRank_FactorProgram_Checks.cs's 12 x 20 factor programs, B = 2, reliable,
    /// NumericalTrouble after 33 iterations with a stationarity of 1.65e-6 against its 1e-6 tolerance). Returns the result nearer
    /// the stopping rule, with the iterations of both solves. Not for an m-space solve under <see cref="NewtonSystemKind.Auto"/>,
    /// whose repetition is the r-space solve.
    /// </summary>
    private static SolverResult InteriorPointWithRetries(ISolvableProgram program, SolverOptions options, WarmStart? warm, int[] zero,
        Coordinates space, ComputeBackend backend, IProgress<SolverIteration>? progress, CancellationToken cancellationToken)
    {
        var result = InteriorPointWithCorrectorRetry(program, options, warm, zero, space, backend, progress, cancellationToken);
        // an m-space solve under Auto has its r-space repetition instead (Solve)
        if (result.Exit != ExitCondition.NumericalTrouble || !options.BallSecondOrder
            || (space.Kind == NewtonSystemKind.Dense && options.NewtonSystem == NewtonSystemKind.Auto)) return result;
        var linear = InteriorPointWithCorrectorRetry(program, options with { BallSecondOrder = false }, warm, zero, space, backend, progress, cancellationToken);
        return CertificateSelection.Nearer(result, linear, options, program.NormBound);
    }

    /// <summary>
    /// <see cref="InteriorPoint"/>, and again with Mehrotra's direction alone (no centrality correctors) when a solve that used
    /// them stops with <see cref="ExitCondition.NumericalTrouble"/>: the correctors change the path, and on a few programs their
    /// path reaches a point whose certificate stalls just above the gap tolerance (measured: a 12 x 20 factor program of
    /// Proofs/ReluVerified.Proofs/Scale/SLowRank_FactorProgram_Checks.cs with the ball binding stopped at gap 1.27e-8 after 7
    /// iterations with OpenBLAS's Haswell kernels, where the plain path converges in 58; with the SkylakeX kernels the
    /// corrected path converged in 8). Returns the plain result when it converges or is nearer the stopping
    /// rule, with the iterations of both solves.
    /// </summary>
    private static SolverResult InteriorPointWithCorrectorRetry(ISolvableProgram program, SolverOptions options, WarmStart? warm, int[] zero,
        Coordinates space, ComputeBackend backend, IProgress<SolverIteration>? progress, CancellationToken cancellationToken)
    {
        var result = InteriorPoint(program, options, warm, zero, space, backend, progress, cancellationToken);
        if (result.Exit != ExitCondition.NumericalTrouble || options.CentralityCorrectors == 0
            || !InteriorPointIterate.TakesCorrectors(program, space)) return result;
        var plainOptions = options with { CentralityCorrectors = 0 };
        var plain = InteriorPoint(program, plainOptions, warm, zero, space, backend, progress, cancellationToken);
        return CertificateSelection.Nearer(result, plain, options, program.NormBound);
    }

    /// <summary>
    /// <see cref="InteriorPoint"/> from <paramref name="warm"/>, and again from a cold start when the warm-started solve does not
    /// converge and <see cref="SolverOptions.RetryCold"/> is set (a warm start from a distant program can leave the iterates too
    /// close to the boundary to make progress; measured: a path step in tau_c of the T2.1 properties stopped at the iteration
    /// limit with gap 1.3e-4 and converges cold). Returns the cold result when it converges or is nearer the stopping rule, with
    /// the iterations of both solves.
    /// </summary>
    private static SolverResult InteriorPointWithColdRetry(ISolvableProgram program, SolverOptions options, WarmStart? warm, int[] zero,
        Coordinates space, ComputeBackend backend, IProgress<SolverIteration>? progress, CancellationToken cancellationToken)
    {
        var result = InteriorPointWithRetries(program, options, warm, zero, space, backend, progress, cancellationToken);
        if (warm is null || !options.RetryCold || result.Exit == ExitCondition.Converged) return result;
        var cold = InteriorPointWithRetries(program, options, null, zero, space, backend, progress, cancellationToken);
        return CertificateSelection.Nearer(result, cold, options, program.NormBound);
    }

    /// <summary>
    /// The interior-point loop (<see cref="InteriorPointIterate"/> holds the state and its steps): linearise, take the
    /// predictor-corrector step, and after each step certify the point (<see cref="Snapshot"/>), keeping the iterate nearest
    /// the stopping rule. Stops when the rounding-safe certificate passes (Converged), when the barrier is spent or the steps
    /// stall (NumericalTrouble, returning the best iterate), or at the iteration limit.
    /// </summary>
    private static SolverResult InteriorPoint(ISolvableProgram program, SolverOptions options, WarmStart? warm, int[] zero,
        Coordinates space, ComputeBackend backend, IProgress<SolverIteration>? progress, CancellationToken cancellationToken)
    {
        double bound = program.NormBound;
        var ip = InteriorPointIterate.Start(program, warm, zero, space);
        var best = Snapshot(program, space, ip.X, ip.F, ip.Q, ip.Nu, ip.Theta, zero, ip.Slopes(), options, backend, 0);
        Candidate? lowest = null; // the admissible iterate of least objective (see Conclude)
        Candidate? zeroBoundTried = null; // the last one the zero multiplier was tried on (see ZeroBoundMayCertify)
        int stalled = 0, run = 0, sinceBest = 0;
        double startMu = double.NaN;
        // an m-space solve under Auto has an r-space repetition to fall back on (Solve): it gives up on a spent barrier whose
        // certificate stopped improving, or on a barrier parameter that grew far above its starting value
        bool givesUp = space.Kind == NewtonSystemKind.Dense && options.NewtonSystem == NewtonSystemKind.Auto;
        // a solve that another attempt follows when it stops NumericalTrouble (without the correctors, with the ball
        // linearised, or in r-space) stops so when mu has found no new least value for CyclePatience iterations
        bool repeated = givesUp || options.BallSecondOrder || (options.CentralityCorrectors > 0 && InteriorPointIterate.TakesCorrectors(program, space));
        double leastMu = double.PositiveInfinity;
        int sinceLeastMu = 0;
        // a stopped solve reports the iterations it ran, whichever iterate it returns
        SolverResult Stop(Candidate kept, ExitCondition exit) => Conclude(program, kept, lowest, zero, backend, options, bound, exit) with { Iterations = run };
        for (int iter = 1; iter <= options.MaxIterations; iter++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double mu = ip.Mu();
            progress?.Report(new SolverIteration(iter, mu));
            if (iter == 1) startMu = mu;
            else if (givesUp && mu > DivergenceFactor * startMu) return Stop(best, ExitCondition.NumericalTrouble);
            (leastMu, sinceLeastMu) = mu < leastMu ? (mu, 0) : (leastMu, sinceLeastMu + 1);
            if (repeated && sinceLeastMu >= CyclePatience) return Stop(best, ExitCondition.NumericalTrouble);
            if (!ip.Linearise(mu)) return Stop(best, ExitCondition.NumericalTrouble);
            var (dir, stepLength) = ip.PredictorCorrector(mu, options.CentralityCorrectors, options.BallSecondOrder);
            if (!(stepLength > 0) || !double.IsFinite(stepLength) || dir.Dx.Any(v => !double.IsFinite(v)))
                return Stop(best, ExitCondition.NumericalTrouble);
            ip.Update(dir, stepLength, iter);
            run = iter;

            var current = Snapshot(program, space, ip.X, ip.F, ip.Q, ip.Nu, ip.Theta, zero, ip.Slopes(), options, backend, iter);
            bool improved = CertificateSelection.Score(current.Result, options, bound) < CertificateSelection.Score(best.Result, options, bound);
            if (improved) (best, sinceBest) = (current, 0);
            else if (ip.Mu() <= options.GapTolerance * Math.Max(1, Math.Abs(current.Result.Objective))) sinceBest++;
            if (current.Result.ConstraintViolation <= options.ConstraintTolerance && current.Result.BallViolation <= options.BallTolerance * bound
                && (lowest is null || current.Result.Objective < lowest.Result.Objective)) lowest = current;
            if (Certified(current.Result, options, bound))
            {
                // the working estimate passes: the rounding-safe certificate on the certified program decides
                var final = Finalise(program, current, zero, backend, options, bound, ExitCondition.Converged);
                if (final.Exit == ExitCondition.Converged) return final;
            }
            else if (!improved && lowest is not null && !ReferenceEquals(lowest, zeroBoundTried) && ZeroBoundMayCertify(program, lowest.Result, options, bound))
            {
                // the multipliers stopped improving while an admissible iterate is within the gap tolerance of 0 (the optimum's
                // lower bound for the built-in losses): the zero multiplier's rounding-safe certificate decides for that iterate
                zeroBoundTried = lowest;
                var final = Finalise(program, lowest, zero, backend, options, bound, ExitCondition.Converged);
                if (final.Exit == ExitCondition.Converged) return final with { Iterations = iter };
            }
            // the barrier is spent: below this mu the Newton systems carry no information, only rounding
            if (ip.Mu() < BarrierFloor * Math.Max(Math.Abs(current.Result.Objective), double.Epsilon))
                return Stop(best, ExitCondition.NumericalTrouble);
            // m-space near the end whose certificate stopped improving: the r-space repetition is the faster way on (see
            // SpentBarrierPatience)
            if (givesUp && sinceBest >= SpentBarrierPatience) return Stop(best, ExitCondition.NumericalTrouble);
            stalled = stepLength < 1e-6 ? stalled + 1 : 0;
            if (stalled >= 3) return Stop(best, ExitCondition.NumericalTrouble);
        }
        return Stop(best, ExitCondition.IterationLimit);
    }

    /// <summary>
    /// Iterations with mu at most the gap tolerance (times max(1, |objective|)) whose certificate is no nearer the stopping rule
    /// than the kept one, after which an m-space solve under <see cref="NewtonSystemKind.Auto"/> stops (NumericalTrouble) and
    /// <see cref="Solve(KernelProgram, SolverOptions?, WarmStart?, IProgress{SolverIteration}?, CancellationToken)"/> repeats it
    /// in r-space. With the barrier spent, an m-space iterate on an ill-conditioned K that has not met the stopping rule mostly
    /// drifts: measured on docs/solver.md's grid program n10-d4-B50-rel-abs at m = 1000 (rank 935 of 1000, m-space first by the
    /// cost rule), the certificate came within 1.1e-8 of the gap tolerance at iteration 14 and the solve ran to iteration 31
    /// before the repetition converged in 18. Not fewer: the 760-point instance of Proofs' T2_1_NewtonSystemChoice_Checks
    /// (rank 665, absolute loss) has four such iterations (25 to 28) before it converges in m-space at iteration 29.
    /// </summary>
    internal const int SpentBarrierPatience = 6;

    /// <summary>
    /// Iterations without a new least barrier parameter mu after which a solve that has another attempt to follow
    /// (<see cref="InteriorPointWithCorrectorRetry"/>, <see cref="InteriorPointWithRetries"/>, or the r-space repetition of an
    /// m-space solve under <see cref="NewtonSystemKind.Auto"/>) stops with <see cref="ExitCondition.NumericalTrouble"/>; the
    /// last attempt (Mehrotra's direction alone, the ball linearised) runs on to its iteration limit as before. Measured
    /// (2026-11-30): a reliable square-loss program of the T2.1 properties (30 points of S^1, MK_3, rank 7, B = 10.6,
    /// tau_c = 0.01; Properties' ProgramSpec seed 787827) with the correctors and the ball's second-order term cycled with
    /// period 4 (mu from 5.7e-5 to 1.3e-4 and back, its least value 4.9e-5 at iteration 10) at objective 0.03344 against the
    /// optimum 0.03297, to the iteration limit of 100, on both OpenBLAS kernel sets; without the correctors it converges in
    /// 17 iterations. A converging solve lowers mu at nearly every iteration; the rise docs/solver.md records (the ball slack's
    /// reset, <see cref="DivergenceFactor"/>) lasted four iterations.
    /// </summary>
    internal const int CyclePatience = 10;

    /// <summary>
    /// How far above its value at the first iteration the barrier parameter mu may grow before an m-space solve under
    /// <see cref="NewtonSystemKind.Auto"/> stops (NumericalTrouble) and is repeated in r-space. Measured on docs/solver.md's grid
    /// program n100-d2-B10-rel-sq at m = 1200 (full rank, the ball binds): a long step put q = alpha'K alpha at 22 against
    /// B = 10, the ball's slack and multiplier then swung mu from 5e-7 to 0.3 (4500 times its first value 6.5e-5) and on to
    /// 8e7, and the solve cycled so for 84 iterations; r-space on the full factor converges in 12. Growth from a least value
    /// is no such sign: the ball slack's reset to B - q raises mu in a healthy solve (n20-d5-B10-agn-sq at m = 2000: from
    /// 5.9e-7 to 3.8e-2, 10 times its first value, in m-space and r-space alike, converging four iterations later).
    /// </summary>
    internal const double DivergenceFactor = 1e3;

    /// <summary>
    /// The result of a solve that stops without converging: the kept iterate certified (<see cref="Finalise"/>) with
    /// <paramref name="exit"/>; if that does not meet the stopping rule, the admissible iterate of least objective
    /// (<paramref name="lowest"/>: both violations within their tolerances) whose objective is within the gap tolerance is
    /// certified too and returned when it does. The kept iterate is ranked by the interior point's multipliers, which on a
    /// program whose optimum is 0 can certify an earlier iterate better than a later one of smaller objective (measured:
    /// n10-d4-B50-rel-abs at m = 600 of docs/solver.md's step-length runs kept iteration 7, objective 8.6e-8, over iteration 8,
    /// objective 1.7e-9); the zero multiplier of <see cref="Certificate"/> certifies the later one. Converging solves never
    /// come here.
    /// </summary>
    private static SolverResult Conclude(ISolvableProgram program, Candidate kept, Candidate? lowest, int[] zero, ComputeBackend backend,
        SolverOptions options, double bound, ExitCondition exit)
    {
        var result = Finalise(program, kept, zero, backend, options, bound, exit);
        if (result.Exit == ExitCondition.Converged || lowest is null || ReferenceEquals(lowest, kept)
            || !(lowest.Result.Objective <= options.GapTolerance * Math.Max(1, Math.Abs(lowest.Result.Objective)))) return result;
        var rescued = Finalise(program, lowest, zero, backend, options, bound, exit);
        return rescued.Exit == ExitCondition.Converged ? rescued : result;
    }

    /// <summary>
    /// A point's certificate together with the interior-point multipliers it came from (nu on all m points, theta) and the
    /// epigraph slopes (null: the loss's derivative), from which <see cref="Finalise"/> regenerates every multiplier candidate.
    /// </summary>
    private sealed record Candidate(SolverResult Result, double[]? Slopes, double[] InteriorNu, double InteriorTheta);

    /// <summary>
    /// Recomputes f = A c with the certified program's own matrix for the returned point (K alpha for a kernel program in
    /// m-space; L u for a factor program, which r-space solves of a kernel program are) and re-checks the rounding-safe
    /// certificate (<see cref="DualCertificate.Bound"/>): the returned numbers always describe the returned point on the
    /// certified program, and Converged is returned exactly when they meet the four tolerances.
    /// </summary>
    private static SolverResult Finalise(ISolvableProgram program, Candidate at, int[] zero, ComputeBackend backend,
        SolverOptions options, double bound, ExitCondition exit)
    {
        var r = at.Result;
        var alpha = r.Coefficients.ToArray();
        var f = program.PredictionsOf(alpha, backend);
        var exact = Certificate(program, alpha, f, program.SquaredNormOf(alpha, f), at.InteriorNu, at.InteriorTheta, zero, at.Slopes,
            useStationarity: program is KernelProgram, options, backend, r.Iterations, rigorous: true).Result;
        return exact with { Exit = CertificateSelection.FinalExit(Certified(exact, options, bound), exit) };
    }

    /// <summary>
    /// The stopping rule (<see cref="SolverOptions"/>): gap, zero-constraint violation (absolute), ball violation (relative
    /// to B) and stationarity each within its tolerance. NaN anywhere fails it.
    /// </summary>
    internal static bool Certified(SolverResult r, SolverOptions options, double bound)
    {
        double scale = Math.Max(1, Math.Abs(r.Objective));
        return r.DualityGap <= options.GapTolerance * scale
               && r.ConstraintViolation <= options.ConstraintTolerance
               && r.BallViolation <= options.BallTolerance * bound
               && r.Stationarity <= options.StationarityTolerance * scale;
    }

    /// <summary>
    /// Whether the zero multiplier of <see cref="Certificate"/> (dual value 0, stationarity 0: the optimum of a sum of
    /// non-negative losses is at least 0) would meet the stopping rule at this point by its working numbers: a built-in loss,
    /// an objective within the gap tolerance of 0, and both violations within theirs. The interior point's multipliers reach
    /// such a program's optimum 0 only as the residuals vanish, where the m-space Newton systems carry mostly rounding:
    /// measured on n10-d6-B1e3-rel-huber of docs/solver.md's m = 2000 grid, with OpenBLAS's Haswell kernels the objective
    /// reached 1.9e-11 at iteration 6 while the multipliers' stationarity stayed above 1e-5, and the iterates then drifted
    /// away (converging again only at iteration 36); with the SkylakeX kernels the multipliers certified iteration 8. A solve
    /// tries it on its admissible iterate of least objective at the first iteration whose certificate is no nearer the stopping
    /// rule than the kept one: while the multipliers improve they are left to finish, and the point they certify is usually
    /// nearer 0 (the polynomial of docs/guide.md's task figures, recovered on noise-free data, keeps its printed digits).
    /// </summary>
    internal static bool ZeroBoundMayCertify(ISolvableProgram program, SolverResult r, SolverOptions options, double bound) =>
        HasZeroLowerBound(program)
        && r.Objective <= options.GapTolerance * Math.Max(1, Math.Abs(r.Objective))
        && r.ConstraintViolation <= options.ConstraintTolerance
        && r.BallViolation <= options.BallTolerance * bound;

    /// <summary>The built-in losses (square, absolute, Huber): non-negative, with min_g g*(s) = 0, so 0 is a dual value.</summary>
    private static bool HasZeroLowerBound(ISolvableProgram program) => program.Loss is Loss.Square or Loss.Absolute or Loss.Huber;

    /// <summary>The working certificate at an interior-point iterate x (predictions f = A x, squared norm q).</summary>
    private static Candidate Snapshot(ISolvableProgram program, Coordinates space, double[] x, double[] f, double q, double[] nu, double theta,
        int[] zero, double[]? slopes, SolverOptions options, ComputeBackend backend, int iterations)
    {
        var fullNu = new double[program.Count];
        for (int k = 0; k < zero.Length; k++) fullNu[zero[k]] = nu[k];
        return Certificate(program, space.Coefficients(x), (double[])f.Clone(), q, fullNu, theta, zero, slopes,
            useStationarity: space is KernelCoordinates, options, backend, iterations, rigorous: false);
    }

    /// <summary>
    /// The certificate of a point alpha with predictions f and squared norm q: the point is scaled into the ball when
    /// <see cref="CertificateSelection.ScalesIntoBall"/> says so; the multipliers on Z are those of
    /// <see cref="CertificateSelection.MultiplierCandidates"/> (the final certificate adds nu = 0); for the absolute loss, each
    /// is paired with the slopes from the epigraph multipliers and with the loss's subgradient; for each, theta from the
    /// interior point or by least squares (<see cref="DualCertificate.Estimate"/>). Every candidate is a valid dual point
    /// (nu &gt;= 0, slopes in the conjugate's domain, theta &gt;= 0), so the choice only affects how tight the certificate is:
    /// the candidates are ranked by <see cref="CertificateSelection.RankOrder"/> on their working estimates and the first is
    /// returned; with <paramref name="rigorous"/> they are evaluated with the rounding-safe bound in that order and
    /// <see cref="CertificateSelection.FirstCertified"/> picks the one returned; when that one does not meet the stopping rule,
    /// for the built-in losses the zero multiplier (s = 0, nu = 0, theta = 0: dual value 0, the optimum of a sum of
    /// non-negative losses is at least 0) is evaluated the same way and returned if it does. The working estimates (the
    /// iterates' snapshots) do not use it; a solve tries it where they pass, and, once the multipliers stop improving, on the
    /// admissible iterate of least objective where <see cref="ZeroBoundMayCertify"/> holds for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Candidate Certificate(ISolvableProgram program, double[] alpha, double[] f, double q, double[] nu, double theta,
        int[] zero, double[]? slopes, bool useStationarity, SolverOptions options, ComputeBackend backend, int iterations, bool rigorous)
    {
        if (CertificateSelection.ScalesIntoBall(program, q, zero.Length))
        {
            double t = Math.Sqrt(program.NormBound / q);
            // coefficients and predictions have different lengths in r-space (r may exceed m: a factor with more columns than rows)
            for (int i = 0; i < alpha.Length; i++) alpha[i] *= t;
            for (int i = 0; i < f.Length; i++) f[i] *= t;
            q *= t * t;
        }
        var multipliers = CertificateSelection.MultiplierCandidates(program, alpha, nu, theta, zero, useStationarity, final: rigorous);
        // epigraph multipliers may be ambiguous where residuals vanish; the loss's own subgradient is also a valid choice
        var slopeChoices = slopes is null ? new double[]?[] { null } : [slopes, null];
        double objective = program.Objective(f);
        var tried = (from n in multipliers
                     from sl in slopeChoices
                     select (Nu: n, Slopes: sl, Evaluation: DualCertificate.Estimate(program, alpha, f, q, n, sl, theta, backend))).ToList();
        var order = CertificateSelection.RankOrder(
            tried.Select(c => CertificateSelection.Score(objective, c.Evaluation.Dual, c.Evaluation.Stationarity, options)).ToList(),
            tried.Select(c => c.Evaluation.Dual).ToList());
        var ranked = order.Select(k => tried[k]).ToList();
        var chosen = ranked[0];
        if (rigorous)
        {
            // only rounding-safe evaluations may be returned from here
            var bounds = new DualCertificate.Evaluation[ranked.Count];
            var scores = new double[ranked.Count];
            int k = CertificateSelection.FirstCertified(ranked.Count, k =>
            {
                var (n, sl, estimate) = ranked[k];
                bounds[k] = DualCertificate.Bound(program, alpha, f, n, sl, estimate.Theta, backend);
                return scores[k] = CertificateSelection.Score(objective, bounds[k].Dual, bounds[k].Stationarity, options);
            });
            chosen = (ranked[k].Nu, ranked[k].Slopes, bounds[k]);
            if (scores[k] > 1 && HasZeroLowerBound(program))
            {
                // no candidate meets the stopping rule: the zero multiplier may. d(0) = -sum_P g_i*(0) = sum_P min g_i = 0 for
                // these losses (with theta = 0 its stationarity is 0), the bound "the optimum is at least 0", which certifies a
                // point whose objective is within the gap tolerance of 0: a realizable program on an interpolating kernel has
                // optimum 0, which the interior point's multipliers reach only as the residuals vanish, and there its last
                // iterations can stall
                double[] zeroNu = new double[program.Count], zeroSlopes = new double[program.Count];
                var origin = DualCertificate.Bound(program, alpha, f, zeroNu, zeroSlopes, 0, backend);
                if (CertificateSelection.Score(objective, origin.Dual, origin.Stationarity, options) <= 1) chosen = (zeroNu, zeroSlopes, origin);
            }
        }
        return new Candidate(ResultAt(program, alpha, f, objective, q, chosen.Nu, chosen.Evaluation, zero, iterations), chosen.Slopes, nu, theta);
    }

    /// <summary>
    /// The result (exit IterationLimit until its caller decides) that describes the point alpha with predictions f, objective
    /// (<see cref="ISolvableProgram.Objective"/> at f) and squared norm q on <paramref name="program"/>, certified by the
    /// multipliers nu and the dual <paramref name="evaluation"/> at them.
    /// </summary>
    private static SolverResult ResultAt(ISolvableProgram program, double[] alpha, double[] f, double objective, double q, double[] nu,
        DualCertificate.Evaluation evaluation, int[] zero, int iterations)
        => new(ExitCondition.IterationLimit, ImmutableArray.Create(alpha), ImmutableArray.Create(f), objective,
            evaluation.Dual, ConstraintViolation(program, f, zero), Math.Max(0, q - program.NormBound), evaluation.Stationarity, q,
            ImmutableArray.Create(nu), ImmutableArray.Create(evaluation.Multipliers), evaluation.Theta, iterations,
            NewtonSystemKind.Dense, program.Count, ProgramValidation.Excess(program, f), AllowanceOf(program));

    /// <summary>
    /// The delta that a certificate on <paramref name="program"/> charges: the verified lambda_min(K) &gt;= -delta of a
    /// <see cref="KernelProgram"/>'s Gram matrix (its dual quadratic forms are taken in K + delta I), 0 for a factor program.
    /// </summary>
    private static double AllowanceOf(ISolvableProgram program) => program is KernelProgram kernel ? kernel.Indefiniteness : 0;

    /// <summary>
    /// Phase 1 for tau_c &lt; 0: the constraints admit a point with ||f||^2 &lt;= B iff sqrt(B) rho &gt;= -tau_c, where rho is the
    /// distance from the origin to the convex hull of the Z features (rho^2 = min over the simplex of nu' K_ZZ nu).
    /// Frank-Wolfe on that problem gives upper bounds (any nu) and lower bounds (its gap); returns an Infeasible result with
    /// the Farkas multipliers when sqrt(B nu'K_ZZ nu) &lt; -tau_c, null when feasibility is proved or undecided.
    /// </summary>
    private static SolverResult? Phase1(ISolvableProgram program, int[] zero, ComputeBackend backend, CancellationToken cancellationToken)
    {
        int nz = zero.Length;
        double tau2 = program.Threshold * program.Threshold, bound = program.NormBound;
        var nu = new double[nz];
        var qnu = new double[nz];
        int start = 0;
        for (int k = 1; k < nz; k++) if (program.Entry(zero[k], zero[k]) < program.Entry(zero[start], zero[start])) start = k;
        nu[start] = 1;
        for (int k = 0; k < nz; k++) qnu[k] = program.Entry(zero[k], zero[start]);
        double value = qnu[start];
        for (int iter = 0; iter < Phase1Iterations; iter++)
        {
            if ((iter & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (bound * value < tau2) return Infeasible(program, zero, nu, value, backend);
            int j = 0;
            for (int k = 1; k < nz; k++) if (qnu[k] < qnu[j]) j = k;
            double lower = 2 * qnu[j] - value;
            if (bound * lower > tau2) return null;
            // exact line search along e_j - nu: value(g) = (1-g)^2 v + 2 g (1-g) qnu_j + g^2 Q_jj
            double qjj = program.Entry(zero[j], zero[j]);
            double curvature = value - 2 * qnu[j] + qjj;
            if (!(curvature > 0)) return null;
            double g = Math.Clamp((value - qnu[j]) / curvature, 0, 1);
            if (g == 0) return null;
            for (int k = 0; k < nz; k++)
            {
                nu[k] *= 1 - g;
                qnu[k] = (1 - g) * qnu[k] + g * program.Entry(zero[j], zero[k]);
            }
            nu[j] += g;
            value = Dot(nu, qnu);
        }
        return null;
    }

    private static SolverResult Infeasible(ISolvableProgram program, int[] zero, double[] nu, double value, ComputeBackend backend)
    {
        int m = program.Count;
        var alpha = new double[m];
        var fullNu = new double[m];
        double rho = Math.Sqrt(Math.Max(value, 0));
        for (int k = 0; k < zero.Length; k++)
        {
            fullNu[zero[k]] = nu[k];
            alpha[zero[k]] = rho > 0 ? -Math.Sqrt(program.NormBound) * nu[k] / rho : 0;
        }
        var coefficients = program.CoefficientsOfExpansion(alpha);
        var f = program.PredictionsOf(coefficients, backend);
        // every f with ||f||^2 <= B has max_Z f_i - tau_c >= nu'f_Z - tau_c >= -sqrt(B) rho - tau_c > 0
        double margin = -program.Threshold - Math.Sqrt(program.NormBound) * rho;
        return new SolverResult(ExitCondition.Infeasible, ImmutableArray.Create(coefficients), ImmutableArray.Create(f),
            double.PositiveInfinity, double.PositiveInfinity, margin, 0, double.PositiveInfinity, program.SquaredNormOf(coefficients, f),
            ImmutableArray.Create(fullNu), ImmutableArray.Create(fullNu), 0, 0, NewtonSystemKind.Dense, m, ProgramValidation.Excess(program, f));
    }

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);
}
