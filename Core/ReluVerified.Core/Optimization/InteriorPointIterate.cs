using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ReluVerified.Core.Losses;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// The mutable state of one interior-point solve of T2.1 / R2.2 / T2.1-budget (local to <see cref="ReliableSolver"/>; never
/// shared), with its steps named: <see cref="Start"/> (the starting point), <see cref="Linearise"/> (residuals, Newton
/// matrix), <see cref="PredictorCorrector"/> (the Mehrotra direction and its step length) and <see cref="Update"/>.
/// <para>
/// Pairs: (s_k, nu_k) for f_i + s_k = tau_c on Z; for the absolute loss, epigraph variables t_i with slacks a_i = t_i - r_i,
/// b_i = t_i + r_i (r_i = f_i - y_i) and multipliers (lambda_i, kappa_i); and (sigma, theta) for the ball, sigma a free
/// positive slack with residual q + sigma - B. The Huber loss is split into its quadratic and absolute parts,
/// huber(r) = min_h h^2 / (2 delta) + |r - h|: a free variable h_i per loss row, the epigraph of |r_i - h_i| as for the
/// absolute loss, and the stationarity (w_i/m) h_i / delta = lambda_i - kappa_i; eliminating h_i puts the series curvature
/// c_h c_a / (c_h + c_a) of the quadratic (c_h = (w_i/m) / delta) and of the epigraph (c_a) into D. Every Newton model is
/// then exact (quadratic and linear terms under barriers), as for the square and absolute losses, and no line search is
/// needed. For the penalised program (T2.1-budget, finite lambda) each Z pair becomes f_i + s_k - e_k = tau_c with an excess
/// variable e_k &gt;= 0 of cost c_k = lambda w_i / m and its own multiplier zeta_k (stationarity c_k - nu_k - zeta_k = 0);
/// eliminating e_k turns the Z entry nu_k / s_k of D into d_n d_z / (d_n + d_z) with d_n = nu_k / s_k, d_z = zeta_k / e_k
/// (Proofs/T2.1-budgeted-program.md, "Interior point"). Every Newton step reduces to (c I + N) dx + rho (G x)(G x)' dx = h
/// (Proofs/T2.1-reliable-program.md, "The algorithm").
/// </para>
/// </summary>
internal sealed class InteriorPointIterate
{
    /// <summary>Fraction of the distance to the boundary a step may go.</summary>
    internal const double StepToBoundary = 0.99;

    /// <summary>
    /// The smallest ball multiplier the Newton matrix c I + N uses (c = 2 theta), relative to sum_P (w_i/m) K_ii, the trace of
    /// the loss's part of N at unit curvature: 2^-46 (about 64 u). Below it N's loss directions are rounding in a double
    /// factorisation. The barrier terms of active constraints are left out of the reference on purpose: they grow without
    /// bound near the optimum along a few rows, and a floor tied to them would slow the last iterations (measured: the
    /// comparison solves of Bench/scripts/solver_vs_peers.py stopped near a 1e-9 gap instead of their 1e-11 target).
    /// </summary>
    internal const double RoundingFloor = 1.0 / (1L << 46);

    // ---- the program, fixed for the solve ----
    private readonly ISolvableProgram _program;
    private readonly Coordinates _space;
    private readonly int[] _zero;
    private readonly int[] _abs;       // loss rows with an epigraph (absolute or split Huber loss)
    private readonly double[] _scale;  // w_i / m on P, 0 elsewhere
    private readonly double[] _cost;   // c_k of the penalised program's excess (empty for the hard program)
    private readonly double _huberDelta;
    private readonly bool _split, _epigraph, _soft, _exactModel;
    private readonly int _m, _nz, _na, _ne, _n, _pairs;
    private readonly double _tau, _bound;

    // ---- the iterate ----
    private double[] _x, _f;
    private double _q, _sigma, _theta;
    private readonly double[] _nu, _s, _ex, _zeta, _et, _lam, _kap, _hv;

    // ---- the current linearisation (set by Linearise) ----
    private readonly double[] _grad, _d;
    private double[] _rp = [], _rtX = [], _sa = [], _sb = [], _rtE = [], _rtH = [], _cH = [], _gx = [], _rd = [], _nInvX = [];
    private double _rb, _rho, _smDenominator;
    private readonly double _lossTrace; // sum_P (w_i/m) K_ii: the reference of RoundingFloor

    /// <summary>Coordinates of the point (alpha in m-space, u in r-space).</summary>
    internal double[] X => _x;

    /// <summary>Predictions f = A x.</summary>
    internal double[] F => _f;

    /// <summary>The squared norm ||f||^2 in the program's metric.</summary>
    internal double Q => _q;

    /// <summary>Multipliers of the zero constraints, one per row of Z.</summary>
    internal double[] Nu => _nu;

    /// <summary>The ball multiplier.</summary>
    internal double Theta => _theta;

    /// <summary>Slacks s_k of the zero constraints, one per row of Z (the start's checks read them).</summary>
    internal double[] Slacks => _s;

    /// <summary>Excesses e_k of the penalised program, one per row of Z (empty for the hard program).</summary>
    internal double[] Excesses => _ex;

    /// <summary>Multipliers zeta_k of the excesses' bounds e_k &gt;= 0 (empty for the hard program).</summary>
    internal double[] ExcessMultipliers => _zeta;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private InteriorPointIterate(ISolvableProgram program, Coordinates space, int[] zero)
    {
        _program = program;
        _space = space;
        _zero = zero;
        _m = program.Count;
        _nz = zero.Length;
        _n = space.Size;
        _tau = program.Threshold;
        _bound = program.NormBound;
        _scale = new double[_m];
        for (int i = 0; i < _m; i++) _scale[i] = program.InLossSet(i) ? program.Weights[i] / _m : 0;
        _huberDelta = program.Loss is Loss.Huber huber ? huber.Delta : 0;
        _split = _huberDelta > 0; // the Huber loss as quadratic + absolute (see the summary)
        _epigraph = program.Loss is Loss.Absolute || _split;
        _abs = _epigraph ? Enumerable.Range(0, _m).Where(i => _scale[i] > 0).ToArray() : [];
        _na = _abs.Length;
        _exactModel = program.Loss is Loss.Square || _epigraph; // Newton model exact up to the ball: no line search needed
        _soft = double.IsFinite(program.ZeroPenalty);
        _ne = _soft ? _nz : 0; // excess variables of the penalised program
        _pairs = _nz + 2 * _na + 1 + _ne;
        _x = [];
        _f = [];
        _nu = new double[_nz];
        _s = new double[_nz];
        _cost = new double[_ne];
        _ex = new double[_ne];
        _zeta = new double[_ne];
        _et = new double[_na];
        _lam = new double[_na];
        _kap = new double[_na];
        _hv = new double[_na]; // the Huber split's quadratic part h_i (0 for the absolute loss)
        _grad = new double[_m];
        _d = new double[_m];
        _lossTrace = space.CurvatureTrace(_scale);
    }

    /// <summary>
    /// The starting point: the warm start's coordinates (or 0) pulled strictly inside the ball (to 0.9 B), the ball multiplier
    /// theta0 = sqrt(g'K g / (4 sigma)) (the multiplier for which the stationary point -g / (2 theta) of the linearised problem
    /// lands on the ball; g the loss gradient at the start), and every other pair at the same complementarity: the zero
    /// constraints' multipliers, and, when there are zero constraints, the epigraph pairs of the absolute and Huber losses through
    /// their variables t_i (lambda_i + kappa_i = w_i / m is fixed by t_i's stationarity, so both products reach the centre by a
    /// large enough t_i; measured on docs/solver.md's grid at six sizes from m = 600 to 3000: 200 iterations of its reliable
    /// absolute and Huber programs against 213 before, n10-d6-B1e3-rel-huber at m = 8000 22 -> 12 but at m = 2000 11 -> 15,
    /// section "Starting point of the epigraph pairs"; the agnostic ones, whose pairs are mostly
    /// epigraph pairs, keep t_i = |r_i| + 1, where this change cost iterations). From a cold start the penalised program's
    /// excesses and slacks start at <see cref="ExcessScale"/> above what feasibility needs, with the slack equation
    /// f_i + s_k - tau_c - e_k = 0 holding; its multipliers nu_k at the centre, at most c_k / 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static InteriorPointIterate Start(ISolvableProgram program, WarmStart? warm, int[] zero, Coordinates space)
    {
        var it = new InteriorPointIterate(program, space, zero);
        int m = it._m, n = it._n;
        var labels = program.Labels;
        it._x = warm is null ? new double[n] : space.FromCoefficients(warm.Coefficients.ToArray());
        it._f = space.Predict(it._x);
        it._q = Dot(it._x, space.Metric(it._x, it._f));
        if (it._q > 0.9 * it._bound)
        {
            // start strictly inside the ball: pull a warm start from outside (or the boundary) to 0.9 B
            double t0 = Math.Sqrt(0.9 * it._bound / it._q);
            for (int j = 0; j < n; j++) it._x[j] *= t0;
            for (int i = 0; i < m; i++) it._f[i] *= t0;
            it._q *= t0 * t0;
        }
        it._sigma = it._bound - it._q;
        it._rb = 0; // q + sigma - B: the ball's residual (sigma is a free slack; the quadratic is linearised)
        var g0 = new double[m];
        for (int i = 0; i < m; i++) g0[i] = it._scale[i] == 0 ? 0 : it._scale[i] * program.Loss.Derivative(it._f[i], labels[i]);
        var a0 = space.Adjoint(g0);
        double gkg = Dot(a0, space.Metric(a0, space.Predict(a0)));
        it._theta = Math.Max(Math.Sqrt(gkg / (4 * it._sigma)), 1e-8 / (m * it._bound));
        if (warm is not null) it._theta = Math.Max(warm.BallMultiplier, it._theta * 1e-3);
        double centre = it._theta * it._sigma;
        double sScale = Math.Max(1.0, Math.Abs(it._tau));
        for (int k = 0; k < it._nz; k++)
        {
            int i = zero[k];
            it._s[k] = Math.Max(it._tau - it._f[i], 1e-2 * sScale);
            it._nu[k] = warm is null ? centre / it._s[k] : Math.Max(warm.ConstraintMultipliers[i], 1e-3 * centre / it._s[k]);
        }
        // penalised program: 0 < nu_k < c_k, zeta_k = c_k - nu_k (the t-stationarity holds at the start), e_k > max(0, f_i - tau_c);
        // from a cold start e_k = max(0, f_i - tau_c) + E and s_k = tau_c - f_i + e_k (the slack equation holds), E the labels'
        // scale (see ExcessScale)
        double excess = warm is null ? ExcessScale(program, 1e-2 * sScale) : 1e-2 * sScale;
        for (int k = 0; k < it._ne; k++)
        {
            int i = zero[k];
            it._cost[k] = DualCertificate.ZeroCap(program, i);
            it._ex[k] = Math.Max(it._f[i] - it._tau, 0) + excess;
            if (warm is null)
            {
                it._s[k] = it._tau - it._f[i] + it._ex[k];
                it._nu[k] = centre / it._s[k];
            }
            it._nu[k] = Math.Min(it._nu[k], (warm is null ? 0.5 : 0.99) * it._cost[k]);
            it._zeta[k] = it._cost[k] - it._nu[k];
        }
        for (int k = 0; k < it._na; k++)
        {
            int i = it._abs[k];
            // Huber: h at half the clipped residual, lambda - kappa = (w_i/m) h / delta so that h's stationarity holds at the start
            it._hv[k] = it._split ? it._huberDelta * Math.Clamp((it._f[i] - labels[i]) / it._huberDelta, -0.5, 0.5) : 0;
            double r = it._f[i] - labels[i] - it._hv[k];
            it._et[k] = Math.Abs(r) + 1;
            double tilt = it._split ? it._hv[k] / it._huberDelta : 0;
            it._lam[k] = it._scale[i] * (1 + tilt) / 2;
            it._kap[k] = it._scale[i] * (1 - tilt) / 2;
            // lambda + kappa = w_i / m is fixed by t's stationarity, so with zero-labelled constraints (whose pairs start at the
            // centre) the epigraph pairs reach the centre through their slacks: t_i large enough that both products are at least it
            if (it._nz > 0 && it._lam[k] > 0 && it._kap[k] > 0)
                it._et[k] = Math.Max(it._et[k], Math.Max(r + centre / it._lam[k], -r + centre / it._kap[k]));
        }
        return it;
    }

    /// <summary>
    /// The share of the loss rows' mean |y_i| that <see cref="ExcessScale"/> starts the penalised program's excesses and slacks
    /// at: chosen among 0.1, 0.3, 1, 3 and 10 on 24 penalised factor programs (docs/solver.md, "Starting excess of the penalised
    /// program"), where 0.3 took the fewest iterations in all.
    /// </summary>
    internal const double ExcessShare = 0.3;

    /// <summary>
    /// The excess e_k and slack s_k that a cold start of the penalised program (T2.1-budget) gives a zero constraint above what
    /// feasibility needs: <see cref="ExcessShare"/> times the loss rows' weighted mean |y_i|, at least <paramref name="least"/>
    /// (1e-2 max(1, |tau_c|), the margin that the hard program's slacks and the warm starts keep). The optimum's excesses and
    /// slacks are of the size of the predictions; a pair whose excess must grow by a factor g sees its multiplier
    /// zeta_k = c_k - nu_k fall by about g times its value in the linearisation, so that from an excess far below the
    /// predictions' size the steps stay near 1 / g until it has grown. Measured on the 200,000-row `relu fit` of docs/scale.md
    /// (its final solve: 150,012 rows, 80,258 of them zero-labelled, lambda = 0.1, the loss rows' mean label 0.197): from
    /// e_k = 1e-2 its second step (0.955) left the pairs far from the centre and the next three stepped 0.0055, 0.012 and
    /// 0.028, 14 iterations in all; from the labels' scale 9 (docs/solver.md, "Starting excess of the penalised program").
    /// </summary>
    internal static double ExcessScale(ISolvableProgram program, double least)
    {
        double sum = 0, weight = 0;
        for (int i = 0; i < program.Count; i++)
            if (program.InLossSet(i))
            {
                sum += program.Weights[i] * Math.Abs(program.Labels[i]);
                weight += program.Weights[i];
            }
        double mean = sum / weight; // NaN without a loss row of positive weight
        return double.IsFinite(mean) ? Math.Max(least, ExcessShare * mean) : least;
    }

    /// <summary>The barrier parameter: the mean complementarity over every pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal double Mu()
    {
        double epigraph = 0;
        for (int k = 0; k < _na; k++)
        {
            double r = _f[_abs[k]] - _program.Labels[_abs[k]] - _hv[k];
            epigraph += _lam[k] * (_et[k] - r) + _kap[k] * (_et[k] + r);
        }
        return (Dot(_nu, _s) + epigraph + _theta * _sigma + (_soft ? Dot(_zeta, _ex) : 0)) / _pairs;
    }

    /// <summary>The slopes the epigraph multipliers give the certificate, (lambda_i - kappa_i) / (w_i/m); null without an epigraph.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal double[]? Slopes()
    {
        if (!_epigraph) return null;
        var slopes = new double[_m];
        for (int k = 0; k < _na; k++) slopes[_abs[k]] = Math.Clamp((_lam[k] - _kap[k]) / _scale[_abs[k]], -1, 1);
        return slopes;
    }

    /// <summary>
    /// The complementarity gap mu times the pairs, relative to max(1, |objective|), above which an iteration's r-space Newton
    /// solves in single precision go unrefined (<see cref="Coordinates.Prepare"/>; ours). An inexact direction changes the path,
    /// not the program or the certificate: every residual of the next linearisation is computed exactly from the new point, and
    /// the certificate does not depend on the direction. Near the end, where the stopping rule needs the multipliers'
    /// stationarity to 1e-6 and the gap to 1e-8, the solves are refined to double quality.
    /// Measured on docs/solver.md's m = 2000 grid ("Unrefined early r-space directions"): at 1e-4 its r-space programs took the
    /// iterations of the all-refined solve; at 1e-6, n10-d4-B50-rel-abs took 17 iterations against 16. m-space solves are
    /// always refined (<see cref="KernelCoordinates"/>).
    /// </summary>
    internal const double RefinedGapShare = 1e-4;

    /// <summary>
    /// Whether an iteration at barrier parameter <paramref name="mu"/> over <paramref name="pairs"/> complementarity pairs refines
    /// its single-precision r-space solves: mu pairs &lt;= <see cref="RefinedGapShare"/> max(1, |objective|).
    /// </summary>
    internal static bool RefinesSolves(double mu, int pairs, double objective) => mu * pairs <= RefinedGapShare * Math.Max(1, Math.Abs(objective));

    /// <summary>
    /// Residuals and the Newton matrix at the current point for barrier parameter <paramref name="mu"/>: the loss gradient and
    /// curvature D (with every eliminated pair's contribution), the primal residuals, the dual residual
    /// rd = A'grad + 2 theta x, the ball's curvature c = 2 max(theta, mu / sigma) and the factorisation of c I + N
    /// (<see cref="PrepareNewton"/>, which raises c when c I + N does not factor). False when no such matrix factors (the solve
    /// then stops with NumericalTrouble).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool Linearise(double mu)
    {
        var labels = _program.Labels;
        var loss = _program.Loss;
        for (int i = 0; i < _m; i++)
        {
            _grad[i] = _scale[i] == 0 || _epigraph ? 0 : _scale[i] * loss.Derivative(_f[i], labels[i]);
            _d[i] = _scale[i] == 0 || _epigraph ? 0 : _scale[i] * loss.Curvature(_f[i], labels[i]);
        }
        _rp = new double[_nz];
        _rtX = new double[_ne];
        for (int k = 0; k < _nz; k++)
        {
            int i = _zero[k];
            _grad[i] += _nu[k];
            if (_soft)
            {
                _rp[k] = _f[i] + _s[k] - _tau - _ex[k];
                _rtX[k] = _cost[k] - _nu[k] - _zeta[k];
                double dn = _nu[k] / _s[k], dz = _zeta[k] / _ex[k];
                _d[i] += dn * dz / (dn + dz);
            }
            else
            {
                _rp[k] = _f[i] + _s[k] - _tau;
                _d[i] += _nu[k] / _s[k];
            }
        }
        _sa = new double[_na];
        _sb = new double[_na];
        _rtE = new double[_na];
        _rtH = new double[_na]; // Huber: the stationarity residual of h, (w_i/m) h_i / delta - (lambda_i - kappa_i)
        _cH = new double[_na];  // Huber: (w_i/m) / delta, the curvature of h's quadratic
        for (int k = 0; k < _na; k++)
        {
            int i = _abs[k];
            double r = _f[i] - labels[i] - _hv[k];
            _sa[k] = _et[k] - r;
            _sb[k] = _et[k] + r;
            _rtE[k] = _scale[i] - _lam[k] - _kap[k];
            _grad[i] += _lam[k] - _kap[k];
            double dl = _lam[k] / _sa[k], dk = _kap[k] / _sb[k], ca = 4 * dl * dk / (dl + dk);
            if (_split)
            {
                _cH[k] = _scale[i] / _huberDelta;
                _rtH[k] = _cH[k] * _hv[k] - (_lam[k] - _kap[k]);
                _d[i] += _cH[k] * ca / (_cH[k] + ca);
            }
            else _d[i] += ca;
        }
        _gx = _space.Metric(_x, _f);
        _rb = _q + _sigma - _bound;
        _rd = _space.Adjoint(_grad);
        for (int j = 0; j < _n; j++) _rd[j] += 2 * _theta * _x[j];
        // curvature of the ball in the Newton matrix: the primal-dual theta, but never below the barrier's own mu / sigma
        // (a proximal safeguard: when theta lags behind, the exact quadratic would overshoot the ball), nor below the rounding
        // level of the loss's part of N (RoundingFloor times sum_P (w_i/m) K_ii, see the constant): directions below that
        // level carry only rounding, and 1 / c would amplify it into a step that leaves the ball by orders of magnitude. Only
        // the Newton matrix changes (a proximal term): the residuals, and so the point the iteration converges to, do not.
        double thetaHat = Math.Max(Math.Max(_theta, mu / _sigma), RoundingFloor * _lossTrace);
        double c = 2 * thetaHat;
        _rho = 4 * thetaHat / _sigma;
        bool refined = RefinesSolves(mu, _pairs, _program.Objective(_f));
        if (!double.IsFinite(c) || !(c > 0) || !PrepareNewton(c, refined)) return false;
        _nInvX = _space.Solve(_x);
        _smDenominator = 1 + _rho * Dot(_gx, _nInvX);
        return true;
    }

    /// <summary>
    /// The proximal term that <see cref="PrepareNewton"/> gives a Newton matrix c I + N that did not factor, relative to
    /// trace(N): 2^-52, the spacing of doubles at 1. A factorisation that fails with c below it has met N's rounding: the
    /// barrier terms of constraints near activity grow like 1 / mu along their rows while the directions of inactive rows keep
    /// curvatures near c, and in r-space (c I + L'DL, whose small-eigenvalue directions are not the coordinates') the largest
    /// of them set the rounding of all. Measured (2026-11-30): reliable programs on points drawn twice (a random half of the
    /// rows a copy of another, K exactly rank deficient, so r-space at a rank of about half of m) stopped NumericalTrouble, 14
    /// of 1120 random programs at m = 300 to 2000, each when the gap was 1e-8 to 3e-7 relative; in the seven of them whose
    /// tries a development build printed, c I + N failed to factor with c up to 5.5e-18 trace(N) and factored from 9e-18
    /// trace(N) (docs/solver.md, "Newton matrices that do not factor").
    /// </summary>
    internal const double ProximalRetryFloor = 1.0 / (1L << 52);

    /// <summary>The factor by which <see cref="PrepareNewton"/> raises c between its tries.</summary>
    internal const double ProximalGrowth = 100;

    /// <summary>The tries with a raised c that <see cref="PrepareNewton"/> makes after the first factorisation fails.</summary>
    internal const int ProximalRetries = 4;

    /// <summary>
    /// Factors c I + N; when that fails, again with c raised to at least <see cref="ProximalRetryFloor"/> trace(N) and
    /// <see cref="ProximalGrowth"/> times its last value, at most <see cref="ProximalRetries"/> times. A larger c is a larger
    /// proximal term: only the Newton matrix changes, not the residuals, so the point the iteration converges to and the
    /// certificate do not (the ball's rank-one term keeps its rho). False when no try factors.
    /// </summary>
    private bool PrepareNewton(double c, bool refined)
    {
        if (_space.Prepare(_d, c, refined)) return true;
        double least = ProximalRetryFloor * _space.CurvatureTrace(_d);
        for (int k = 0; k < ProximalRetries; k++)
        {
            c = Math.Max(ProximalGrowth * c, least);
            if (!double.IsFinite(c)) return false;
            if (_space.Prepare(_d, c, refined)) return true;
        }
        return false;
    }

    /// <summary>
    /// Mehrotra's predictor-corrector direction at the linearised point: an affine-scaling predictor (complementarity targets
    /// zero), the centring parameter (mu_aff / mu)^3, the corrector with the second-order terms, and in r-space up to
    /// <paramref name="centralityCorrectors"/> centrality correctors for the built-in losses (<see cref="Centre"/>). With the
    /// correctors the step goes <see cref="StepToBoundary"/> of the way to the boundary, without them (m-space systems, custom
    /// losses) <see cref="BlockingStep(NewtonStep)"/> chooses it; custom losses (whose Newton model is not exact) then backtrack on a merit
    /// function.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal (NewtonStep Direction, double Length) PredictorCorrector(double mu, int centralityCorrectors, bool ballSecondOrder)
    {
        // predictor (affine scaling: complementarity targets zero)
        var rcZa = new double[_nz];
        for (int k = 0; k < _nz; k++) rcZa[k] = _nu[k] * _s[k];
        var rcAa = new double[_na];
        var rcBa = new double[_na];
        for (int k = 0; k < _na; k++) { rcAa[k] = _lam[k] * _sa[k]; rcBa[k] = _kap[k] * _sb[k]; }
        var rcXa = new double[_ne];
        for (int k = 0; k < _ne; k++) rcXa[k] = _zeta[k] * _ex[k];
        var aff = Direction(rcZa, rcAa, rcBa, _theta * _sigma, rcXa, 0);
        // the ball's second-order term: q is quadratic, q(x + dx) = q + 2 (G x)'dx + dx'G dx, and the linearised residual
        // drops dx'G dx; the corrector (and its centrality correctors) add the predictor's dx'G dx to the ball's residual, as
        // Mehrotra's corrector adds ds dnu to each complementarity product (SolverOptions.BallSecondOrder;
        // Proofs/T2.1-reliable-program.md, "The algorithm")
        double ballCurvature = ballSecondOrder ? Dot(aff.Dx, _space.Metric(aff.Dx, aff.Df)) : 0;
        double muAff = MeanComplementarity(aff, Longest(aff, 1.0));
        double centering = Math.Pow(Math.Clamp(muAff / mu, 0, 1), 3);

        // corrector (Mehrotra's second-order term)
        double target = centering * mu;
        var rcZ = new double[_nz];
        for (int k = 0; k < _nz; k++) rcZ[k] = _nu[k] * _s[k] + aff.Dnu[k] * aff.Ds[k] - target;
        var rcA = new double[_na];
        var rcB = new double[_na];
        for (int k = 0; k < _na; k++)
        {
            rcA[k] = _lam[k] * _sa[k] + aff.Dlam[k] * aff.Da[k] - target;
            rcB[k] = _kap[k] * _sb[k] + aff.Dkap[k] * aff.Db[k] - target;
        }
        double rt = _theta * _sigma + aff.Dtheta * aff.Dsigma - target;
        var rcX = new double[_ne];
        for (int k = 0; k < _ne; k++) rcX[k] = _zeta[k] * _ex[k] + aff.Dzeta[k] * aff.De[k] - target;
        var dir = Direction(rcZ, rcA, rcB, rt, rcX, ballCurvature);
        bool correctors = TakesCorrectors(_program, _space);
        double stepLength = correctors ? Longest(dir, StepToBoundary) : BlockingStep(dir);
        if (correctors) (dir, stepLength) = Centre(dir, stepLength, centralityCorrectors, target, rcZ, rcA, rcB, rt, rcX, ballCurvature);
        if (!_exactModel)
            stepLength = Backtrack(dir, 2 * Math.Max(_theta, _theta + dir.Dtheta) + 1e-12, Math.Max(target, 1e-300), stepLength);
        return (dir, stepLength);
    }

    /// <summary>
    /// Whether <see cref="Centre"/> runs for this program and Newton system: the built-in losses (square, absolute, Huber;
    /// hard or penalised zero constraints) in r-space.
    /// </summary>
    internal static bool TakesCorrectors(ISolvableProgram program, Coordinates space) =>
        (program.Loss is Loss.Square or Loss.Absolute or Loss.Huber) && space.Kind == NewtonSystemKind.LowRank;

    /// <summary>How much longer than the current step the correctors aim (the trial length is the step plus this, at most 1).</summary>
    internal const double CorrectorReach = 0.2;

    /// <summary>How much longer a corrected step must be to be kept.</summary>
    internal const double CorrectorGain = 0.02;

    /// <summary>
    /// Gondzio's multiple centrality correctors (r-space Newton systems of the built-in losses, <see cref="TakesCorrectors"/>): at
    /// the trial length min(1, a + <see cref="CorrectorReach"/>) (a the current step), every pair whose complementarity product
    /// would leave [0.1 t, 10 t] (t the centring target) is pulled back into it (a product far above it by at most 10 t), the
    /// direction is recomputed with those targets, and kept if its step is at least <see cref="CorrectorGain"/> longer; at
    /// most <paramref name="correctors"/> times (<see cref="SolverOptions.CentralityCorrectors"/>). Each corrector costs one
    /// more solve with the prepared Newton matrix (r^2, plus f = L dx and L'h: O(m r)) and no new factorisation, which in
    /// r-space costs O(m r^2) for the rows whose curvature changed; the residuals, and so the point the iteration converges
    /// to, are the same. m-space systems take Mehrotra's direction alone: a refined single-precision solve costs a sizeable
    /// part of a factorisation, and in a development build that applied them to m-space too, n100-d2-B10-rel-sq of the
    /// m = 2000 grid of docs/solver.md took 23 iterations instead of 14 (both with the fixed step rule; m-space now steps by
    /// <see cref="BlockingStep(NewtonStep)"/>). A corrected path can stall (ReliableSolver repeats such a solve without them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (NewtonStep Direction, double Length) Centre(NewtonStep dir, double length, int correctors, double target,
        double[] rcZ, double[] rcA, double[] rcB, double rt, double[] rcX, double ballCurvature)
    {
        double lo = 0.1 * target, hi = 10 * target;
        double Pull(double product) => product < lo ? lo - product : product > hi ? Math.Max(hi - product, -hi) : 0;
        for (int j = 0; j < correctors && length < StepToBoundary; j++)
        {
            double trial = Math.Min(1, length + CorrectorReach);
            var cZ = (double[])rcZ.Clone();
            for (int k = 0; k < _nz; k++) cZ[k] -= Pull((_nu[k] + trial * dir.Dnu[k]) * (_s[k] + trial * dir.Ds[k]));
            var cA = (double[])rcA.Clone();
            var cB = (double[])rcB.Clone();
            for (int k = 0; k < _na; k++)
            {
                cA[k] -= Pull((_lam[k] + trial * dir.Dlam[k]) * (_sa[k] + trial * dir.Da[k]));
                cB[k] -= Pull((_kap[k] + trial * dir.Dkap[k]) * (_sb[k] + trial * dir.Db[k]));
            }
            double cT = rt - Pull((_theta + trial * dir.Dtheta) * (_sigma + trial * dir.Dsigma));
            var cX = (double[])rcX.Clone();
            for (int k = 0; k < _ne; k++) cX[k] -= Pull((_zeta[k] + trial * dir.Dzeta[k]) * (_ex[k] + trial * dir.De[k]));
            var candidate = Direction(cZ, cA, cB, cT, cX, ballCurvature);
            double candidateLength = Longest(candidate, StepToBoundary);
            if (!(candidateLength >= length + CorrectorGain) || candidate.Dx.Any(v => !double.IsFinite(v))) break;
            (dir, length, rcZ, rcA, rcB, rt, rcX) = (candidate, candidateLength, cZ, cA, cB, cT, cX);
        }
        return (dir, length);
    }

    /// <summary>
    /// Moves every variable by <paramref name="length"/> along <paramref name="dir"/>; every 10th iteration recomputes f = A x
    /// against drift; the ball slack takes the true value B - q when the point is further inside than the slack claims.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Update(NewtonStep dir, double length, int iteration)
    {
        for (int j = 0; j < _n; j++) _x[j] += length * dir.Dx[j];
        for (int i = 0; i < _m; i++) _f[i] += length * dir.Df[i];
        for (int k = 0; k < _nz; k++) { _s[k] += length * dir.Ds[k]; _nu[k] += length * dir.Dnu[k]; }
        for (int k = 0; k < _na; k++)
        {
            _et[k] += length * (dir.Da[k] + dir.Db[k]) / 2;
            _lam[k] += length * dir.Dlam[k];
            _kap[k] += length * dir.Dkap[k];
            if (_split) _hv[k] += length * dir.Dh[k];
        }
        for (int k = 0; k < _ne; k++) { _ex[k] += length * dir.De[k]; _zeta[k] += length * dir.Dzeta[k]; }
        _theta += length * dir.Dtheta;
        _sigma += length * dir.Dsigma;
        if (iteration % 10 == 0)
        {
            // refresh f against drift, and keep t_i > |r_i| for the refreshed residuals
            _f = _space.Predict(_x);
            for (int k = 0; k < _na; k++)
                _et[k] = Math.Max(_et[k], Math.Abs(_f[_abs[k]] - _program.Labels[_abs[k]] - _hv[k]) * (1 + 1e-12) + 1e-300);
        }
        _q = Dot(_x, _space.Metric(_x, _f));
        // slack reset: when the point is further inside the ball than the slack claims, the slack takes the true value
        // (its residual q + sigma - B becomes 0)
        if (_bound - _q > _sigma) _sigma = _bound - _q;
    }

    /// <summary>
    /// One Newton direction for complementarity targets rcZ (Z pairs), rcA/rcB (epigraph pairs), rt (ball pair) and rcX
    /// (excess pairs), with <paramref name="ballCurvature"/> added to the ball's residual (the corrector's dx'G dx, 0 for the
    /// predictor): every pair is eliminated into the right-hand side h, (c I + N) dx + rho (G x)(G x)' dx = h is solved by
    /// Sherman-Morrison on the prepared factorisation, and the eliminated variables are recovered from df = A dx.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private NewtonStep Direction(double[] rcZ, double[] rcA, double[] rcB, double rt, double[] rcX, double ballCurvature)
    {
        var hm = new double[_m];
        var eX = new double[_ne];
        if (_soft)
            for (int k = 0; k < _nz; k++)
            {
                // de = (E + d_n df) / (d_n + d_z), E = e0 - rcX / e - rtX with e0 = (-rcZ + nu rp) / s (Proofs/T2.1-budgeted-program.md)
                double e0 = (-rcZ[k] + _nu[k] * _rp[k]) / _s[k], dn = _nu[k] / _s[k], dz = _zeta[k] / _ex[k];
                eX[k] = e0 - rcX[k] / _ex[k] - _rtX[k];
                hm[_zero[k]] = -(e0 - dn * eX[k] / (dn + dz));
            }
        else
            for (int k = 0; k < _nz; k++) hm[_zero[k]] = -(-rcZ[k] + _nu[k] * _rp[k]) / _s[k];
        for (int k = 0; k < _na; k++)
        {
            double dl = _lam[k] / _sa[k], dk = _kap[k] / _sb[k];
            // d(lambda - kappa) = c_a d(r_i) + e; Huber: d(r_i) = df_i - dh_i and c_h dh_i = d(lambda - kappa) - rtH
            double e = -rcA[k] / _sa[k] + rcB[k] / _sb[k] - (dl - dk) / (dl + dk) * (-rcA[k] / _sa[k] - rcB[k] / _sb[k] - _rtE[k]);
            if (_split)
            {
                double ca = 4 * dl * dk / (dl + dk);
                e = (_cH[k] * e + ca * _rtH[k]) / (_cH[k] + ca);
            }
            hm[_abs[k]] = -e;
        }
        var h = _space.Adjoint(hm);
        double rb = _rb + ballCurvature;
        double ballTerm = 2 * (-rt + _theta * rb) / _sigma;
        for (int j = 0; j < _n; j++) h[j] += -_rd[j] - ballTerm * _x[j];
        var dx = _space.Solve(h);
        double coef = _rho * Dot(_gx, dx) / _smDenominator;
        for (int j = 0; j < _n; j++) dx[j] -= coef * _nInvX[j];

        var df = _space.Predict(dx);
        var step = new NewtonStep(dx, df, new double[_nz], new double[_nz], new double[_na], new double[_na], new double[_na], new double[_na], 0, 0,
            new double[_ne], new double[_ne], new double[_split ? _na : 0]);
        for (int k = 0; k < _nz; k++)
        {
            step.Ds[k] = -_rp[k] - df[_zero[k]];
            if (_soft)
            {
                double dn = _nu[k] / _s[k], dz = _zeta[k] / _ex[k];
                step.De[k] = (eX[k] + dn * df[_zero[k]]) / (dn + dz);
                step.Ds[k] += step.De[k];
                step.Dzeta[k] = (-rcX[k] - _zeta[k] * step.De[k]) / _ex[k];
            }
            step.Dnu[k] = (-rcZ[k] - _nu[k] * step.Ds[k]) / _s[k];
        }
        for (int k = 0; k < _na; k++)
        {
            double dl = _lam[k] / _sa[k], dk = _kap[k] / _sb[k], dfi = df[_abs[k]];
            if (_split)
            {
                // dh = (c_a df + e - rtH) / (c_h + c_a) with e the unsplit constant above; the epigraph sees d(r_i) = df_i - dh
                double ca = 4 * dl * dk / (dl + dk);
                double e = -rcA[k] / _sa[k] + rcB[k] / _sb[k] - (dl - dk) / (dl + dk) * (-rcA[k] / _sa[k] - rcB[k] / _sb[k] - _rtE[k]);
                step.Dh[k] = (ca * dfi + e - _rtH[k]) / (_cH[k] + ca);
                dfi -= step.Dh[k];
            }
            double dt = (-rcA[k] / _sa[k] - rcB[k] / _sb[k] - _rtE[k] + dfi * (dl - dk)) / (dl + dk);
            step.Da[k] = dt - dfi;
            step.Db[k] = dt + dfi;
            step.Dlam[k] = (-rcA[k] - _lam[k] * step.Da[k]) / _sa[k];
            step.Dkap[k] = (-rcB[k] - _kap[k] * step.Db[k]) / _sb[k];
        }
        double dsigma = -rb - 2 * Dot(_gx, dx);
        return step with { Dsigma = dsigma, Dtheta = (-rt - _theta * dsigma) / _sigma };
    }

    /// <summary>
    /// The fraction of the mean complementarity at the longest feasible step that the blocking pair keeps (Mehrotra's
    /// step-length rule, <see cref="BlockingStep(NewtonStep)"/>): the blocking product ends at (1 - this) times that mean.
    /// </summary>
    internal const double BlockingShare = 0.9;

    /// <summary>
    /// Mehrotra's step-length rule for directions without centrality correctors: with a_max the longest step that keeps every
    /// pair variable non-negative and v the variable that reaches 0 there (w its partner in the pair), mu_full the mean
    /// complementarity at a_max, the step is the one at which v w_full = (1 - <see cref="BlockingShare"/>) mu_full
    /// (w_full = w + a_max dw), never shorter than <see cref="StepToBoundary"/> a_max (the fixed rule) nor longer than 1
    /// or than a_max. The fixed rule keeps 1% of v whatever the pair's centrality, so mu falls about 100 times per full
    /// step at best; this one lets a blocking variable go nearer 0 when its partner is large. Measured on the m-space
    /// programs of docs/solver.md's grid at m = 600 to 8000 and its m = 4000 peer program (36 solves; table in docs/solver.md,
    /// "Step length"): 289 iterations against 304, 21 solves with fewer, 12 with as many, 3 with more, one of them much more
    /// (n100-d2-B10-rel-sq at m = 1600: 41 against 13; its ball binds, and the path oscillates after a long step). Two
    /// safeguards tried against that case made others slower. With the r-space correctors the rule helped some programs
    /// and slowed others (13 to 20 iterations), so r-space keeps the fixed rule.
    /// </summary>
    private double BlockingStep(NewtonStep st)
    {
        double longest = double.PositiveInfinity, v = 0, dv = 0, w = 0, dw = 0;
        void Limit(double value, double change, double partner, double partnerChange)
        {
            if (change < 0 && -value / change < longest) (longest, v, dv, w, dw) = (-value / change, value, change, partner, partnerChange);
        }
        for (int k = 0; k < _nz; k++) { Limit(_s[k], st.Ds[k], _nu[k], st.Dnu[k]); Limit(_nu[k], st.Dnu[k], _s[k], st.Ds[k]); }
        for (int k = 0; k < _na; k++)
        {
            Limit(_sa[k], st.Da[k], _lam[k], st.Dlam[k]);
            Limit(_lam[k], st.Dlam[k], _sa[k], st.Da[k]);
            Limit(_sb[k], st.Db[k], _kap[k], st.Dkap[k]);
            Limit(_kap[k], st.Dkap[k], _sb[k], st.Db[k]);
        }
        for (int k = 0; k < _ne; k++) { Limit(_ex[k], st.De[k], _zeta[k], st.Dzeta[k]); Limit(_zeta[k], st.Dzeta[k], _ex[k], st.De[k]); }
        Limit(_theta, st.Dtheta, _sigma, st.Dsigma);
        Limit(_sigma, st.Dsigma, _theta, st.Dtheta);
        if (!(StepToBoundary * longest < 1)) return 1.0;
        return BlockingStep(longest, v, dv, w + longest * dw, MeanComplementarity(st, longest));
    }

    /// <summary>
    /// The step of <see cref="BlockingStep(NewtonStep)"/> from its ingredients: a_max = <paramref name="longest"/>, the blocking
    /// variable v = <paramref name="value"/> with change dv = <paramref name="change"/> &lt; 0 (v + a_max dv = 0), its partner's
    /// value at a_max and the mean complementarity at a_max: the a with v + a dv = (1 - <see cref="BlockingShare"/>) mean / partner,
    /// at least <see cref="StepToBoundary"/> a_max (also when the partner or the mean is not positive), at most 1 and
    /// (1 - 1e-12) a_max (so that rounding never puts a variable on the boundary).
    /// </summary>
    internal static double BlockingStep(double longest, double value, double change, double partnerAtLongest, double meanAtLongest)
    {
        double blocking = partnerAtLongest > 0 && meanAtLongest > 0 ? (-value + (1 - BlockingShare) * meanAtLongest / partnerAtLongest) / change : 0;
        return Math.Min(1.0, Math.Max(StepToBoundary * longest, Math.Min(blocking, longest * (1 - 1e-12))));
    }

    /// <summary>The mean complementarity over every pair after a step of length <paramref name="t"/> along <paramref name="st"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double MeanComplementarity(NewtonStep st, double t)
    {
        double sum = 0;
        for (int k = 0; k < _nz; k++) sum += (_nu[k] + t * st.Dnu[k]) * (_s[k] + t * st.Ds[k]);
        for (int k = 0; k < _na; k++)
            sum += (_lam[k] + t * st.Dlam[k]) * (_sa[k] + t * st.Da[k]) + (_kap[k] + t * st.Dkap[k]) * (_sb[k] + t * st.Db[k]);
        for (int k = 0; k < _ne; k++) sum += (_zeta[k] + t * st.Dzeta[k]) * (_ex[k] + t * st.De[k]);
        return (sum + (_theta + t * st.Dtheta) * (_sigma + t * st.Dsigma)) / _pairs;
    }

    /// <summary>The longest step in [0, 1] that keeps every positive variable at least (1 - fraction) of its value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Longest(NewtonStep st, double fraction)
    {
        double t = 1.0;
        void Limit(double v, double dv) { if (dv < 0) t = Math.Min(t, -fraction * v / dv); }
        for (int k = 0; k < _nz; k++) { Limit(_s[k], st.Ds[k]); Limit(_nu[k], st.Dnu[k]); }
        for (int k = 0; k < _na; k++) { Limit(_sa[k], st.Da[k]); Limit(_sb[k], st.Db[k]); Limit(_lam[k], st.Dlam[k]); Limit(_kap[k], st.Dkap[k]); }
        for (int k = 0; k < _ne; k++) { Limit(_ex[k], st.De[k]); Limit(_zeta[k], st.Dzeta[k]); }
        Limit(_theta, st.Dtheta);
        Limit(_sigma, st.Dsigma);
        return t;
    }

    /// <summary>
    /// Backtracking on the merit loss(f) - target (sum log s + log sigma) + penalty |q + sigma - B| for losses whose Newton
    /// model is not exact (custom losses). Free: f, s and sigma move linearly and q quadratically in the step, so the ball
    /// residual at step t is exactly (1 - t) rb + t^2 d'G d. Keeps the longest step if no trial descends (the merit is a
    /// safeguard; the certificate decides convergence). The penalised program adds its excess cost sum_k c_k e_k and the
    /// excess variables' barrier (both empty for the hard program).
    /// </summary>
    private double Backtrack(NewtonStep dir, double penalty, double target, double step)
    {
        double dgd = Math.Max(0, Dot(dir.Dx, _space.Metric(dir.Dx, dir.Df)));
        double Merit(double t)
        {
            double value = 0;
            for (int i = 0; i < _f.Length; i++)
                if (_scale[i] != 0) value += _scale[i] * _program.Loss.Value(_f[i] + t * dir.Df[i], _program.Labels[i]);
            double barrier = Math.Log(_sigma + t * dir.Dsigma);
            for (int k = 0; k < _s.Length; k++) barrier += Math.Log(_s[k] + t * dir.Ds[k]);
            for (int k = 0; k < _ex.Length; k++) { value += _cost[k] * (_ex[k] + t * dir.De[k]); barrier += Math.Log(_ex[k] + t * dir.De[k]); }
            double residual = Math.Abs((1 - t) * _rb + t * t * dgd);
            return double.IsFinite(barrier) ? value - target * barrier + penalty * residual : double.PositiveInfinity;
        }
        double merit0 = Merit(0), trial = step;
        for (int k = 0; k < 30 && !(Merit(trial) <= merit0); k++) trial *= 0.5;
        return Merit(trial) <= merit0 ? trial : step;
    }

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);
}
