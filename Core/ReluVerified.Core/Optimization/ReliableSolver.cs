using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics.Tensors;
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
/// rounding-safe certificate recomputed with the program's own Gram matrix. For tau_c &lt; 0 a phase-1 (Frank-Wolfe on the
/// minimum-norm point of the convex hull of the Z features) decides feasibility first and returns a Farkas certificate when
/// the program is infeasible. See Proofs/T2.1-reliable-program.md for the dual, its derivation, the stopping rule and the
/// floating-point certificate.
/// </para>
/// The same method solves S-lowrank's <see cref="FactorProgram"/> (K ~ L L', r-space coordinates throughout).
/// Numerical failures are returned as <see cref="ExitCondition.NumericalTrouble"/>, never thrown.
/// </summary>
public static partial class ReliableSolver
{
    private const double StepToBoundary = 0.99;
    private const double BarrierFloor = 1e-18;
    private const int Phase1Iterations = 20000;

    /// <summary>Solves <paramref name="program"/> (T2.1 / R2.2) from a cold start or a <paramref name="warmStart"/>.</summary>
    /// <remarks>
    /// The Gram matrix is first checked positive semi-definite (once per matrix; cost at most one Cholesky factorisation of
    /// K, O(m^3/3), and O(m^2 r) on the r-space path): an <see cref="ArgumentException"/> for <paramref name="program"/> names
    /// the row or pivot that proves K indefinite and the remedy (a PSD kernel, or jitter K + c I).
    /// <paramref name="progress"/> hears each interior-point iteration; <paramref name="cancellationToken"/> is checked at
    /// every iteration (and in phase 1) and throws <see cref="OperationCanceledException"/>: a cancelled solve returns nothing.
    /// </remarks>
    public static SolverResult Solve(KernelProgram program, SolverOptions? options = null, WarmStart? warmStart = null,
        IProgress<SolverIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(program);
        options ??= SolverOptions.Default;
        var (native, backend, clock, zero) = Prologue(program, options, warmStart, program.Count, "coefficients");

        int m = program.Count;
        LowRankFactor? factor = null;
        double[]? workspace = null;
        if (options.NewtonSystem != NewtonSystemKind.Dense)
        {
            // r-space whenever K is numerically rank deficient (rank r < m at RankTolerance): its Newton matrix c I + L'D L has no
            // null space to drift in, while the m-space matrix c I + D^(1/2) K D^(1/2) is as ill-conditioned as K is deficient.
            // m-space only at full rank, where it is the cheaper (m^3 / 3 against m r^2 + r^3 / 3 per iteration) and well posed.
            LowRankFactor? pivoted;
            if (native)
            {
                var probe = PivotedCholesky.ProbeNative(program.Gram, options.RankTolerance, () => workspace ??= new double[(long)m * m]);
                // m pivots, each above tolerance > 0: the factorisation of K itself succeeded, which proves lambda_min(K) >= -delta
                // (Proofs/T2.1-reliable-program.md, "Input checks", step 2b): the PSD check below has nothing left to do
                if (probe.FullRank) program.Gram.Facts.VerifiedPositiveSemidefinite();
                pivoted = probe.Factor;
            }
            else pivoted = PivotedCholesky.Factor(program.Gram, options.RankTolerance, m, giveUpEarly: options.NewtonSystem == NewtonSystemKind.Auto);
            if (pivoted is null && options.NewtonSystem == NewtonSystemKind.LowRank)
                pivoted = PivotedCholesky.Factor(program.Gram, options.RankTolerance, m); // asked for r-space at full rank: r = m
            // rank 0 (K = 0) leaves r-space nothing to work in; the m-space system handles it
            if (pivoted is { Rank: > 0 } && ((pivoted.Complete && pivoted.Rank < m) || options.NewtonSystem == NewtonSystemKind.LowRank)) factor = pivoted;
        }
        // an indefinite K makes the program non-convex and the certificate void: refused here, before any factorisation of K.
        // The dense check's m x m buffer becomes the m-space Newton buffer (double, or the storage of the single-precision one).
        GramValidation.PositiveSemidefinite(program.Gram, factor, native, nameof(program), () => workspace ??= new double[(long)m * m]);
        if (Phase1IfNeeded(program, zero, backend, cancellationToken) is { } farkas) return farkas with { Elapsed = clock.Elapsed };
        Coordinates coordinates = factor is null
            ? new KernelCoordinates(program.Gram, native, backend, options.MixedPrecision, workspace)
            : new FactorCoordinates(factor.Factor, factor.Pivots, native);
        var result = InteriorPoint(program, options, warmStart, zero, coordinates, backend, progress, cancellationToken);
        return result with { Elapsed = clock.Elapsed, NewtonSystem = coordinates.Kind, Rank = coordinates.Rank };
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
        var (native, backend, clock, zero) = Prologue(program, options, warmStart, program.Rank, "factor coordinates");
        if (Phase1IfNeeded(program, zero, backend, cancellationToken) is { } farkas)
            return farkas with { Elapsed = clock.Elapsed, NewtonSystem = NewtonSystemKind.LowRank, Rank = program.Rank };
        var coordinates = new FactorCoordinates(program.Factor, default, native);
        var result = InteriorPoint(program, options, warmStart, zero, coordinates, backend, progress, cancellationToken);
        return result with { Elapsed = clock.Elapsed, NewtonSystem = NewtonSystemKind.LowRank, Rank = program.Rank };
    }

    /// <summary>What both Solve overloads do first: validate the options and the warm start, resolve the backend, find Z.</summary>
    private static (bool Native, ComputeBackend Backend, Stopwatch Clock, int[] Zero) Prologue(
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
        if (warmStart is not null)
            Preconditions.Check(warmStart.Coefficients.Length == coordinates && warmStart.ConstraintMultipliers.Length == program.Count,
                nameof(warmStart), $"{nameof(warmStart)} must hold {coordinates} {coordinateName} and {program.Count} multipliers.");
        bool native = NativeBlas.UseNative(options.Backend);
        var backend = native ? ComputeBackend.Native : ComputeBackend.Managed;
        var clock = Stopwatch.StartNew();
        // the penalised program (T2.1-budget) leaves a zero-labelled point free when its penalty lambda w_j / m is 0
        int[] zero = Enumerable.Range(0, program.Count).Where(i => program.InConstrainedSet(i) && DualCertificate.ZeroCap(program, i) > 0).ToArray();
        return (native, backend, clock, zero);
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
    /// Mutable interior-point state (local to one solve). Pairs: (s_k, nu_k) for f_i + s_k = tau_c on Z; for the absolute
    /// loss, epigraph variables t_i with slacks a_i = t_i - r_i, b_i = t_i + r_i (r_i = f_i - y_i) and multipliers
    /// (lambda_i, kappa_i); and (sigma, theta) for the ball, sigma a free positive slack with residual q + sigma - B.
    /// The Huber loss is split into its quadratic and absolute parts, huber(r) = min_h h^2 / (2 delta) + |r - h|: a free
    /// variable h_i per loss row, the epigraph of |r_i - h_i| as for the absolute loss, and the stationarity
    /// (w_i/m) h_i / delta = lambda_i - kappa_i; eliminating h_i puts the series curvature c_h c_a / (c_h + c_a) of the
    /// quadratic (c_h = (w_i/m) / delta) and of the epigraph (c_a) into D. Every Newton model is then exact (quadratic and
    /// linear terms under barriers), as for the square and absolute losses, and no line search is needed.
    /// For the penalised program (T2.1-budget, finite lambda) each Z pair becomes f_i + s_k - e_k = tau_c with an excess
    /// variable e_k &gt;= 0 of cost c_k = lambda w_i / m and its own multiplier zeta_k (stationarity c_k - nu_k - zeta_k = 0);
    /// eliminating e_k turns the Z entry nu_k / s_k of D into d_n d_z / (d_n + d_z) with d_n = nu_k / s_k, d_z = zeta_k / e_k
    /// (Proofs/T2.1-budgeted-program.md, "Interior point").
    /// </summary>
    private static SolverResult InteriorPoint(ISolvableProgram program, SolverOptions options, WarmStart? warm, int[] zero,
        Coordinates space, ComputeBackend backend, IProgress<SolverIteration>? progress, CancellationToken cancellationToken)
    {
        int m = program.Count, nz = zero.Length, n = space.Size;
        double tau = program.Threshold, bound = program.NormBound;
        var loss = program.Loss;
        var labels = program.Labels;
        var scale = new double[m];
        for (int i = 0; i < m; i++) scale[i] = program.InLossSet(i) ? program.Weights[i] / m : 0;
        double huberDelta = loss is Loss.Huber huber ? huber.Delta : 0;
        bool split = huberDelta > 0; // the Huber loss as quadratic + absolute (see the summary)
        bool epigraph = loss is Loss.Absolute || split;
        int[] abs = epigraph ? Enumerable.Range(0, m).Where(i => scale[i] > 0).ToArray() : [];
        int na = abs.Length;
        bool exactModel = loss is Loss.Square || epigraph; // Newton model exact up to the ball: no line search needed
        bool soft = double.IsFinite(program.ZeroPenalty);
        int ne = soft ? nz : 0; // excess variables of the penalised program
        int pairs = nz + 2 * na + 1 + ne;

        // ---- starting point ----
        var x = warm is null ? new double[n] : space.FromCoefficients(warm.Coefficients.ToArray());
        var f = space.Predict(x);
        double q = Dot(x, space.Metric(x, f));
        if (q > 0.9 * bound)
        {
            // start strictly inside the ball: pull a warm start from outside (or the boundary) to 0.9 B
            double t0 = Math.Sqrt(0.9 * bound / q);
            for (int j = 0; j < n; j++) x[j] *= t0;
            for (int i = 0; i < m; i++) f[i] *= t0;
            q *= t0 * t0;
        }
        double sigma = bound - q;
        double rb = 0; // q + sigma - B: the ball's residual (sigma is a free slack; the quadratic is linearised)
        // theta0 = sqrt(g'K g / (4 sigma)) with g the loss gradient at the start: the multiplier for which the stationary point
        // -g / (2 theta) of the linearised problem lands on the ball; the other pairs start at the same complementarity.
        var g0 = new double[m];
        for (int i = 0; i < m; i++) g0[i] = scale[i] == 0 ? 0 : scale[i] * loss.Derivative(f[i], labels[i]);
        var a0 = space.Adjoint(g0);
        double gkg = Dot(a0, space.Metric(a0, space.Predict(a0)));
        double theta = Math.Max(Math.Sqrt(gkg / (4 * sigma)), 1e-8 / (m * bound));
        if (warm is not null) theta = Math.Max(warm.BallMultiplier, theta * 1e-3);
        double centre = theta * sigma;
        var nu = new double[nz];
        var s = new double[nz];
        double sScale = Math.Max(1.0, Math.Abs(tau));
        for (int k = 0; k < nz; k++)
        {
            int i = zero[k];
            s[k] = Math.Max(tau - f[i], 1e-2 * sScale);
            nu[k] = warm is null ? centre / s[k] : Math.Max(warm.ConstraintMultipliers[i], 1e-3 * centre / s[k]);
        }
        // penalised program: 0 < nu_k < c_k, zeta_k = c_k - nu_k (the t-stationarity holds at the start), e_k > max(0, f_i - tau_c)
        var cost = new double[ne];
        var ex = new double[ne];
        var zeta = new double[ne];
        for (int k = 0; k < ne; k++)
        {
            int i = zero[k];
            cost[k] = DualCertificate.ZeroCap(program, i);
            nu[k] = Math.Min(nu[k], (warm is null ? 0.5 : 0.99) * cost[k]);
            zeta[k] = cost[k] - nu[k];
            ex[k] = Math.Max(f[i] - tau, 0) + 1e-2 * sScale;
        }
        var et = new double[na];
        var lam = new double[na];
        var kap = new double[na];
        var hv = new double[na]; // the Huber split's quadratic part h_i (0 for the absolute loss)
        for (int k = 0; k < na; k++)
        {
            int i = abs[k];
            // Huber: h at half the clipped residual, lambda - kappa = (w_i/m) h / delta so that h's stationarity holds at the start
            hv[k] = split ? huberDelta * Math.Clamp((f[i] - labels[i]) / huberDelta, -0.5, 0.5) : 0;
            et[k] = Math.Abs(f[i] - labels[i] - hv[k]) + 1;
            double tilt = split ? hv[k] / huberDelta : 0;
            lam[k] = scale[i] * (1 + tilt) / 2;
            kap[k] = scale[i] * (1 - tilt) / 2;
        }

        double Mu() => (Dot(nu, s) + EpigraphComplementarity(f, labels, abs, hv, et, lam, kap) + theta * sigma + (soft ? Dot(zeta, ex) : 0)) / pairs;
        double[]? Slopes()
        {
            if (!epigraph) return null;
            var slopes = new double[m];
            for (int k = 0; k < na; k++) slopes[abs[k]] = Math.Clamp((lam[k] - kap[k]) / scale[abs[k]], -1, 1);
            return slopes;
        }

        var best = Snapshot(program, space, x, f, q, nu, theta, zero, Slopes(), options, backend, 0);
        var grad = new double[m];
        var d = new double[m];
        int stalled = 0;
        for (int iter = 1; iter <= options.MaxIterations; iter++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double mu = Mu();
            progress?.Report(new SolverIteration(iter, mu));
            for (int i = 0; i < m; i++)
            {
                grad[i] = scale[i] == 0 || epigraph ? 0 : scale[i] * loss.Derivative(f[i], labels[i]);
                d[i] = scale[i] == 0 || epigraph ? 0 : scale[i] * loss.Curvature(f[i], labels[i]);
            }
            var rp = new double[nz];
            var rtX = new double[ne];
            for (int k = 0; k < nz; k++)
            {
                int i = zero[k];
                grad[i] += nu[k];
                if (soft)
                {
                    rp[k] = f[i] + s[k] - tau - ex[k];
                    rtX[k] = cost[k] - nu[k] - zeta[k];
                    double dn = nu[k] / s[k], dz = zeta[k] / ex[k];
                    d[i] += dn * dz / (dn + dz);
                }
                else
                {
                    rp[k] = f[i] + s[k] - tau;
                    d[i] += nu[k] / s[k];
                }
            }
            var sa = new double[na];
            var sb = new double[na];
            var rtE = new double[na];
            var rtH = new double[na]; // Huber: the stationarity residual of h, (w_i/m) h_i / delta - (lambda_i - kappa_i)
            var cH = new double[na];  // Huber: (w_i/m) / delta, the curvature of h's quadratic
            for (int k = 0; k < na; k++)
            {
                int i = abs[k];
                double r = f[i] - labels[i] - hv[k];
                sa[k] = et[k] - r;
                sb[k] = et[k] + r;
                rtE[k] = scale[i] - lam[k] - kap[k];
                grad[i] += lam[k] - kap[k];
                double dl = lam[k] / sa[k], dk = kap[k] / sb[k], ca = 4 * dl * dk / (dl + dk);
                if (split)
                {
                    cH[k] = scale[i] / huberDelta;
                    rtH[k] = cH[k] * hv[k] - (lam[k] - kap[k]);
                    d[i] += cH[k] * ca / (cH[k] + ca);
                }
                else d[i] += ca;
            }
            var gx = space.Metric(x, f);
            rb = q + sigma - bound;
            var rd = space.Adjoint(grad);
            for (int j = 0; j < n; j++) rd[j] += 2 * theta * x[j];
            // curvature of the ball in the Newton matrix: the primal-dual theta, but never below the barrier's own mu / sigma
            // (a proximal safeguard: when theta lags behind, the exact quadratic would overshoot the ball)
            double thetaHat = Math.Max(theta, mu / sigma);
            double c = 2 * thetaHat, rho = 4 * thetaHat / sigma;
            if (!double.IsFinite(c) || !(c > 0) || !space.Prepare(d, c))
                return Finalise(program, best, zero, backend, options, bound, ExitCondition.NumericalTrouble);
            var nInvX = space.Solve(x);
            double smDenominator = 1 + rho * Dot(gx, nInvX);

            // one Newton direction for complementarity targets rcZ (Z pairs), rcA/rcB (epigraph pairs), rt (ball pair), rcX (excess pairs)
            Step Direction(double[] rcZ, double[] rcA, double[] rcB, double rt, double[] rcX)
            {
                var hm = new double[m];
                var eX = new double[ne];
                if (soft)
                    for (int k = 0; k < nz; k++)
                    {
                        // de = (E + d_n df) / (d_n + d_z), E = e0 - rcX / e - rtX with e0 = (-rcZ + nu rp) / s (Proofs/T2.1-budgeted-program.md)
                        double e0 = (-rcZ[k] + nu[k] * rp[k]) / s[k], dn = nu[k] / s[k], dz = zeta[k] / ex[k];
                        eX[k] = e0 - rcX[k] / ex[k] - rtX[k];
                        hm[zero[k]] = -(e0 - dn * eX[k] / (dn + dz));
                    }
                else
                    for (int k = 0; k < nz; k++) hm[zero[k]] = -(-rcZ[k] + nu[k] * rp[k]) / s[k];
                for (int k = 0; k < na; k++)
                {
                    double dl = lam[k] / sa[k], dk = kap[k] / sb[k];
                    // d(lambda - kappa) = c_a d(r_i) + e; Huber: d(r_i) = df_i - dh_i and c_h dh_i = d(lambda - kappa) - rtH
                    double e = -rcA[k] / sa[k] + rcB[k] / sb[k] - (dl - dk) / (dl + dk) * (-rcA[k] / sa[k] - rcB[k] / sb[k] - rtE[k]);
                    if (split)
                    {
                        double ca = 4 * dl * dk / (dl + dk);
                        e = (cH[k] * e + ca * rtH[k]) / (cH[k] + ca);
                    }
                    hm[abs[k]] = -e;
                }
                var h = space.Adjoint(hm);
                double ballTerm = 2 * (-rt + theta * rb) / sigma;
                for (int j = 0; j < n; j++) h[j] += -rd[j] - ballTerm * x[j];
                var dx = space.Solve(h);
                double coef = rho * Dot(gx, dx) / smDenominator;
                for (int j = 0; j < n; j++) dx[j] -= coef * nInvX[j];

                var df = space.Predict(dx);
                var step = new Step(dx, df, new double[nz], new double[nz], new double[na], new double[na], new double[na], new double[na], 0, 0,
                    new double[ne], new double[ne], new double[split ? na : 0]);
                for (int k = 0; k < nz; k++)
                {
                    step.Ds[k] = -rp[k] - df[zero[k]];
                    if (soft)
                    {
                        double dn = nu[k] / s[k], dz = zeta[k] / ex[k];
                        step.De[k] = (eX[k] + dn * df[zero[k]]) / (dn + dz);
                        step.Ds[k] += step.De[k];
                        step.Dzeta[k] = (-rcX[k] - zeta[k] * step.De[k]) / ex[k];
                    }
                    step.Dnu[k] = (-rcZ[k] - nu[k] * step.Ds[k]) / s[k];
                }
                for (int k = 0; k < na; k++)
                {
                    double dl = lam[k] / sa[k], dk = kap[k] / sb[k], dfi = df[abs[k]];
                    if (split)
                    {
                        // dh = (c_a df + e - rtH) / (c_h + c_a) with e the unsplit constant above; the epigraph sees d(r_i) = df_i - dh
                        double ca = 4 * dl * dk / (dl + dk);
                        double e = -rcA[k] / sa[k] + rcB[k] / sb[k] - (dl - dk) / (dl + dk) * (-rcA[k] / sa[k] - rcB[k] / sb[k] - rtE[k]);
                        step.Dh[k] = (ca * dfi + e - rtH[k]) / (cH[k] + ca);
                        dfi -= step.Dh[k];
                    }
                    double dt = (-rcA[k] / sa[k] - rcB[k] / sb[k] - rtE[k] + dfi * (dl - dk)) / (dl + dk);
                    step.Da[k] = dt - dfi;
                    step.Db[k] = dt + dfi;
                    step.Dlam[k] = (-rcA[k] - lam[k] * step.Da[k]) / sa[k];
                    step.Dkap[k] = (-rcB[k] - kap[k] * step.Db[k]) / sb[k];
                }
                double dsigma = -rb - 2 * Dot(gx, dx);
                return step with { Dsigma = dsigma, Dtheta = (-rt - theta * dsigma) / sigma };
            }

            double Longest(Step st, double fraction)
            {
                double t = 1.0;
                void Limit(double v, double dv) { if (dv < 0) t = Math.Min(t, -fraction * v / dv); }
                for (int k = 0; k < nz; k++) { Limit(s[k], st.Ds[k]); Limit(nu[k], st.Dnu[k]); }
                for (int k = 0; k < na; k++) { Limit(sa[k], st.Da[k]); Limit(sb[k], st.Db[k]); Limit(lam[k], st.Dlam[k]); Limit(kap[k], st.Dkap[k]); }
                for (int k = 0; k < ne; k++) { Limit(ex[k], st.De[k]); Limit(zeta[k], st.Dzeta[k]); }
                Limit(theta, st.Dtheta);
                Limit(sigma, st.Dsigma);
                return t;
            }

            // predictor (affine scaling: complementarity targets zero)
            var rcZa = new double[nz];
            for (int k = 0; k < nz; k++) rcZa[k] = nu[k] * s[k];
            var rcAa = new double[na];
            var rcBa = new double[na];
            for (int k = 0; k < na; k++) { rcAa[k] = lam[k] * sa[k]; rcBa[k] = kap[k] * sb[k]; }
            var rcXa = new double[ne];
            for (int k = 0; k < ne; k++) rcXa[k] = zeta[k] * ex[k];
            var aff = Direction(rcZa, rcAa, rcBa, theta * sigma, rcXa);
            double stepAff = Longest(aff, 1.0);
            double muAff = 0;
            for (int k = 0; k < nz; k++) muAff += (nu[k] + stepAff * aff.Dnu[k]) * (s[k] + stepAff * aff.Ds[k]);
            for (int k = 0; k < na; k++)
                muAff += (lam[k] + stepAff * aff.Dlam[k]) * (sa[k] + stepAff * aff.Da[k]) + (kap[k] + stepAff * aff.Dkap[k]) * (sb[k] + stepAff * aff.Db[k]);
            for (int k = 0; k < ne; k++) muAff += (zeta[k] + stepAff * aff.Dzeta[k]) * (ex[k] + stepAff * aff.De[k]);
            muAff = (muAff + (theta + stepAff * aff.Dtheta) * (sigma + stepAff * aff.Dsigma)) / pairs;
            double centering = Math.Pow(Math.Clamp(muAff / mu, 0, 1), 3);

            // corrector (Mehrotra's second-order term)
            double target = centering * mu;
            var rcZ = new double[nz];
            for (int k = 0; k < nz; k++) rcZ[k] = nu[k] * s[k] + aff.Dnu[k] * aff.Ds[k] - target;
            var rcA = new double[na];
            var rcB = new double[na];
            for (int k = 0; k < na; k++)
            {
                rcA[k] = lam[k] * sa[k] + aff.Dlam[k] * aff.Da[k] - target;
                rcB[k] = kap[k] * sb[k] + aff.Dkap[k] * aff.Db[k] - target;
            }
            double rt = theta * sigma + aff.Dtheta * aff.Dsigma - target;
            var rcX = new double[ne];
            for (int k = 0; k < ne; k++) rcX[k] = zeta[k] * ex[k] + aff.Dzeta[k] * aff.De[k] - target;
            var dir = Direction(rcZ, rcA, rcB, rt, rcX);
            double stepLength = Longest(dir, StepToBoundary);
            if (!exactModel)
                stepLength = Backtrack(program, scale, f, dir, s, sigma, rb, 2 * Math.Max(theta, theta + dir.Dtheta) + 1e-12,
                    Math.Max(target, 1e-300), stepLength, space, cost, ex);
            if (!(stepLength > 0) || !double.IsFinite(stepLength) || dir.Dx.Any(v => !double.IsFinite(v)))
                return Finalise(program, best, zero, backend, options, bound, ExitCondition.NumericalTrouble);

            for (int j = 0; j < n; j++) x[j] += stepLength * dir.Dx[j];
            for (int i = 0; i < m; i++) f[i] += stepLength * dir.Df[i];
            for (int k = 0; k < nz; k++) { s[k] += stepLength * dir.Ds[k]; nu[k] += stepLength * dir.Dnu[k]; }
            for (int k = 0; k < na; k++)
            {
                et[k] += stepLength * (dir.Da[k] + dir.Db[k]) / 2;
                lam[k] += stepLength * dir.Dlam[k];
                kap[k] += stepLength * dir.Dkap[k];
                if (split) hv[k] += stepLength * dir.Dh[k];
            }
            for (int k = 0; k < ne; k++) { ex[k] += stepLength * dir.De[k]; zeta[k] += stepLength * dir.Dzeta[k]; }
            theta += stepLength * dir.Dtheta;
            sigma += stepLength * dir.Dsigma;
            if (iter % 10 == 0)
            {
                // refresh f against drift, and keep t_i > |r_i| for the refreshed residuals
                f = space.Predict(x);
                for (int k = 0; k < na; k++) et[k] = Math.Max(et[k], Math.Abs(f[abs[k]] - labels[abs[k]] - hv[k]) * (1 + 1e-12) + 1e-300);
            }
            q = Dot(x, space.Metric(x, f));
            // slack reset: when the point is further inside the ball than the slack claims, the slack takes the true value
            // (its residual q + sigma - B becomes 0)
            if (bound - q > sigma) sigma = bound - q;

            var current = Snapshot(program, space, x, f, q, nu, theta, zero, Slopes(), options, backend, iter);
            if (CertificateSelection.Score(current.Result, options, bound) < CertificateSelection.Score(best.Result, options, bound)) best = current;
            if (Certified(current.Result, options, bound))
            {
                // the working estimate passes: the rounding-safe certificate on the program's own Gram matrix decides
                var final = Finalise(program, current, zero, backend, options, bound, ExitCondition.Converged);
                if (final.Exit == ExitCondition.Converged) return final;
            }
            // the barrier is spent: below this mu the Newton systems carry no information, only rounding
            if (Mu() < BarrierFloor * Math.Max(Math.Abs(current.Result.Objective), double.Epsilon))
                return Finalise(program, best, zero, backend, options, bound, ExitCondition.NumericalTrouble);
            stalled = stepLength < 1e-6 ? stalled + 1 : 0;
            if (stalled >= 3) return Finalise(program, best, zero, backend, options, bound, ExitCondition.NumericalTrouble);
        }
        return Finalise(program, best with { Result = best.Result with { Iterations = options.MaxIterations } }, zero, backend, options, bound, ExitCondition.IterationLimit);
    }

    /// <summary>
    /// One Newton direction: the point, predictions, Z pairs, epigraph slacks and multipliers, the ball pair, and the excess
    /// variables with their multipliers (penalised program only; empty otherwise).
    /// </summary>
    private sealed record Step(double[] Dx, double[] Df, double[] Ds, double[] Dnu, double[] Da, double[] Db, double[] Dlam, double[] Dkap,
        double Dsigma, double Dtheta, double[] De, double[] Dzeta, double[] Dh);

    /// <summary>
    /// A point's certificate together with the interior-point multipliers it came from (nu on all m points, theta) and the
    /// epigraph slopes (null: the loss's derivative), from which <see cref="Finalise"/> regenerates every multiplier candidate.
    /// </summary>
    private sealed record Candidate(SolverResult Result, double[]? Slopes, double[] InteriorNu, double InteriorTheta);

    private static double EpigraphComplementarity(double[] f, ImmutableArray<double> labels, int[] abs, double[] hv, double[] et, double[] lam, double[] kap)
    {
        double sum = 0;
        for (int k = 0; k < abs.Length; k++)
        {
            double r = f[abs[k]] - labels[abs[k]] - hv[k];
            sum += lam[k] * (et[k] - r) + kap[k] * (et[k] + r);
        }
        return sum;
    }

    /// <summary>
    /// Backtracking on the merit loss(f) - target (sum log s + log sigma) + penalty |q + sigma - B| for smooth non-quadratic
    /// losses, whose Newton model can overshoot. Free: f, s and sigma move linearly and q quadratically in the step, so the
    /// ball residual at step t is exactly (1 - t) rb + t^2 d'G d. Keeps the longest step if no trial descends (the merit is
    /// a safeguard; the certificate decides convergence). The penalised program adds its excess cost sum_k c_k e_k and the
    /// excess variables' barrier (both empty for the hard program).
    /// </summary>
    private static double Backtrack(ISolvableProgram program, double[] scale, double[] f, Step dir, double[] s, double sigma, double rb,
        double penalty, double target, double step, Coordinates space, double[] cost, double[] ex)
    {
        double dgd = Math.Max(0, Dot(dir.Dx, space.Metric(dir.Dx, dir.Df)));
        double Merit(double t)
        {
            double value = 0;
            for (int i = 0; i < f.Length; i++)
                if (scale[i] != 0) value += scale[i] * program.Loss.Value(f[i] + t * dir.Df[i], program.Labels[i]);
            double barrier = Math.Log(sigma + t * dir.Dsigma);
            for (int k = 0; k < s.Length; k++) barrier += Math.Log(s[k] + t * dir.Ds[k]);
            for (int k = 0; k < ex.Length; k++) { value += cost[k] * (ex[k] + t * dir.De[k]); barrier += Math.Log(ex[k] + t * dir.De[k]); }
            double residual = Math.Abs((1 - t) * rb + t * t * dgd);
            return double.IsFinite(barrier) ? value - target * barrier + penalty * residual : double.PositiveInfinity;
        }
        double merit0 = Merit(0), trial = step;
        for (int k = 0; k < 30 && !(Merit(trial) <= merit0); k++) trial *= 0.5;
        return Merit(trial) <= merit0 ? trial : step;
    }

    /// <summary>
    /// Recomputes f = K alpha with the program's own Gram matrix for the returned point (r-space iterates used K ~ L L') and
    /// re-checks the rounding-safe certificate (<see cref="DualCertificate.Bound"/>): the returned numbers always describe the
    /// returned alpha on the true program, and Converged is returned exactly when they meet the four tolerances.
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
    /// <see cref="CertificateSelection.FirstCertified"/> picks the one returned.
    /// </summary>
    private static Candidate Certificate(ISolvableProgram program, double[] alpha, double[] f, double q, double[] nu, double theta,
        int[] zero, double[]? slopes, bool useStationarity, SolverOptions options, ComputeBackend backend, int iterations, bool rigorous)
    {
        if (CertificateSelection.ScalesIntoBall(program, q, zero.Length))
        {
            double t = Math.Sqrt(program.NormBound / q);
            for (int i = 0; i < alpha.Length; i++) { alpha[i] *= t; f[i] *= t; }
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
            int k = CertificateSelection.FirstCertified(ranked.Count, k =>
            {
                var (n, sl, estimate) = ranked[k];
                bounds[k] = DualCertificate.Bound(program, alpha, f, n, sl, estimate.Theta, backend);
                return CertificateSelection.Score(objective, bounds[k].Dual, bounds[k].Stationarity, options);
            });
            chosen = (ranked[k].Nu, ranked[k].Slopes, bounds[k]);
        }
        var result = new SolverResult(ExitCondition.IterationLimit, ImmutableArray.Create(alpha), ImmutableArray.Create(f), objective,
            chosen.Evaluation.Dual, ConstraintViolation(program, f, zero), Math.Max(0, q - program.NormBound), chosen.Evaluation.Stationarity, q,
            ImmutableArray.Create(chosen.Nu), ImmutableArray.Create(chosen.Evaluation.Multipliers), chosen.Evaluation.Theta, iterations,
            TimeSpan.Zero, NewtonSystemKind.Dense, program.Count, ProgramValidation.Excess(program, f));
        return new Candidate(result, chosen.Slopes, nu, theta);
    }

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
            ImmutableArray.Create(fullNu), ImmutableArray.Create(fullNu), 0, 0, TimeSpan.Zero, NewtonSystemKind.Dense, m, ProgramValidation.Excess(program, f));
    }

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);
}
