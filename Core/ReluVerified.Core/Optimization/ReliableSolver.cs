using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics.Tensors;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// Solves the T2.1 reliable program and the R2.2 agnostic program (<see cref="KernelProgram"/>) with a primal-dual
/// interior-point method (Mehrotra predictor-corrector) and returns a <see cref="SolverResult"/> that proves its answer:
/// a Lagrangian dual bound computed from the returned multipliers, the duality gap and the largest constraint violation.
/// <para>
/// Variables: alpha (f = K alpha), slacks s and multipliers nu of f_i &lt;= tau_c on Z, slack sigma and multiplier theta of
/// alpha'K alpha &lt;= B. Every Newton step reduces to (c I + D K) d_alpha + rho alpha f' d_alpha = h with D diagonal and
/// c = 2 theta; the rank-one term is removed by Sherman-Morrison and the rest is solved in m-space or r-space
/// (<see cref="NewtonSystemKind"/>). For tau_c &lt; 0 a phase-1 (Frank-Wolfe on the minimum-norm point of the convex hull of
/// the Z features) decides feasibility first and returns a Farkas certificate when the program is infeasible.
/// See Proofs/T2.1-reliable-program.md for the dual and its derivation.
/// </para>
/// Numerical failures are returned as <see cref="ExitCondition.NumericalTrouble"/>, never thrown.
/// </summary>
public static class ReliableSolver
{
    private const double StepToBoundary = 0.99;
    private const int Phase1Iterations = 20000;

    /// <summary>Solves <paramref name="program"/> (T2.1 / R2.2) from a cold start or a <paramref name="warmStart"/>.</summary>
    public static SolverResult Solve(KernelProgram program, SolverOptions? options = null, WarmStart? warmStart = null)
    {
        Preconditions.NotNull(program);
        options ??= SolverOptions.Default;
        Preconditions.Check(options.GapTolerance > 0 && options.FeasibilityTolerance > 0 && options.MaxIterations > 0 && options.Smoothing > 0,
            nameof(options), "tolerances, smoothing and the iteration limit must be positive.");
        if (warmStart is not null)
            Preconditions.Check(warmStart.Coefficients.Length == program.Count && warmStart.ConstraintMultipliers.Length == program.Count,
                nameof(warmStart), $"{nameof(warmStart)} must hold {program.Count} coefficients and {program.Count} multipliers.");
        bool native = NativeBlas.UseNative(options.Backend);
        var backend = native ? ComputeBackend.Native : ComputeBackend.Managed;
        var clock = Stopwatch.StartNew();

        int[] zero = Enumerable.Range(0, program.Count).Where(program.InConstrainedSet).ToArray();
        if (program.Threshold < 0 && zero.Length > 0)
        {
            var farkas = Phase1(program, zero, backend);
            if (farkas is not null) return farkas with { Elapsed = clock.Elapsed };
        }

        int m = program.Count;
        Coordinates coordinates = new KernelCoordinates(program.Gram, native, backend);
        if (options.NewtonSystem != NewtonSystemKind.Dense)
        {
            // r-space pays m r^2 per iteration against m^3/3: worth it below r ~ m/2; Auto only looks up to a cheap cap
            int cap = options.NewtonSystem == NewtonSystemKind.LowRank ? m : Math.Min(m / 2, 256);
            if (cap >= 1)
            {
                var factor = PivotedCholesky.Factor(program.Gram, options.RankTolerance, cap);
                if (factor.Complete || options.NewtonSystem == NewtonSystemKind.LowRank) coordinates = new FactorCoordinates(factor, native);
            }
        }
        var result = InteriorPoint(program, options, warmStart, zero, coordinates, backend);
        return result with { Elapsed = clock.Elapsed, NewtonSystem = coordinates.Kind, Rank = coordinates.Rank };
    }

    /// <summary>
    /// The dual certificate of T2.1 at predictions f and multipliers nu (see the proof file):
    /// d = sum_{i in P} -g_i*(s_i) - tau_c sum_Z nu_i - sqrt(B s'K s), with s_i = (w_i/m) loss'(f_i) on P and s_i = nu_i on Z.
    /// A lower bound on the optimum for every nu &gt;= 0, whatever f is.
    /// </summary>
    internal static double DualBound(KernelProgram program, ReadOnlySpan<double> predictions, ReadOnlySpan<double> nu, double smoothing, ComputeBackend backend)
    {
        int m = program.Count;
        var s = new double[m];
        double conj = 0, tauSum = 0;
        for (int i = 0; i < m; i++)
        {
            if (program.InLossSet(i))
            {
                double scale = program.Weights[i] / m;
                if (scale == 0) continue;
                double slope = program.Loss.SolverSlope(predictions[i], program.Labels[i], smoothing);
                s[i] = scale * slope;
                conj += scale * program.Loss.ConjugateAtSlope(slope, predictions[i], program.Labels[i]);
            }
            else if (program.InConstrainedSet(i))
            {
                double v = Math.Max(0, nu[i]);
                s[i] = v;
                tauSum += v;
            }
        }
        var ks = GramEngine.MatVec(program.Gram, s, backend);
        double sks = Math.Max(0, TensorPrimitives.Dot<double>(s, ks));
        return -conj - program.Threshold * tauSum - Math.Sqrt(program.NormBound * sks);
    }

    private static double MaxViolation(KernelProgram program, ReadOnlySpan<double> f, double q, int[] zero)
    {
        double v = Math.Max(0, q - program.NormBound);
        foreach (int i in zero) v = Math.Max(v, f[i] - program.Threshold);
        return v;
    }

    private static SolverResult InteriorPoint(KernelProgram program, SolverOptions options, WarmStart? warm, int[] zero,
        Coordinates space, ComputeBackend backend)
    {
        int m = program.Count, nz = zero.Length, n = space.Size;
        double tau = program.Threshold, bound = program.NormBound;
        var loss = program.Loss;
        var scale = new double[m];
        for (int i = 0; i < m; i++) scale[i] = program.InLossSet(i) ? program.Weights[i] / m : 0;

        // ---- starting point ----
        var x = warm is null ? new double[n] : space.FromCoefficients(warm.Coefficients.ToArray());
        var f = space.Predict(x);
        double q = Dot(x, space.Metric(x, f));
        var nu = new double[nz];
        var s = new double[nz];
        double floor = 1.0 / m;
        double sScale = Math.Max(1.0, Math.Abs(tau));
        for (int k = 0; k < nz; k++)
        {
            int i = zero[k];
            s[k] = Math.Max(tau - f[i], 1e-2 * sScale);
            nu[k] = warm is null ? floor : Math.Max(warm.ConstraintMultipliers[i], 1e-3 * floor);
        }
        double sigma = Math.Max(bound - q, 1e-2 * bound);
        double theta = warm is null ? floor / bound : Math.Max(warm.BallMultiplier, 1e-3 * floor / bound);
        // smoothing of non-smooth losses follows the barrier parameter down to options.Smoothing
        double Smoothing(double muNow) => Math.Max(options.Smoothing, Math.Min(1.0, muNow * m));
        double mu0 = (Dot(nu, s) + theta * sigma) / (nz + 1);

        var best = (Result: Snapshot(program, space, x, f, q, nu, theta, zero, Smoothing(mu0), backend, 0), Delta: Smoothing(mu0));
        var grad = new double[m];
        var d = new double[m];
        int stalled = 0;
        for (int iter = 1; iter <= options.MaxIterations; iter++)
        {
            double mu = (Dot(nu, s) + theta * sigma) / (nz + 1);
            double delta = Smoothing(mu);
            for (int i = 0; i < m; i++)
            {
                grad[i] = scale[i] == 0 ? 0 : scale[i] * loss.SolverSlope(f[i], program.Labels[i], delta);
                d[i] = scale[i] == 0 ? 0 : scale[i] * loss.SolverCurvature(f[i], program.Labels[i], delta);
            }
            var rp = new double[nz];
            for (int k = 0; k < nz; k++)
            {
                int i = zero[k];
                grad[i] += nu[k];
                rp[k] = f[i] + s[k] - tau;
                d[i] += nu[k] / s[k];
            }
            var gx = space.Metric(x, f);
            var rd = space.Adjoint(grad);
            for (int j = 0; j < n; j++) rd[j] += 2 * theta * x[j];
            double rb = q + sigma - bound;
            double c = 2 * theta, rho = 4 * theta / sigma;
            if (!double.IsFinite(c) || !(c > 0) || !space.Prepare(d, c))
                return Finalise(program, best, zero, backend, options, bound, ExitCondition.NumericalTrouble);
            var nInvX = space.Solve(x);
            double smDenominator = 1 + rho * Dot(gx, nInvX);

            double[] Direction(double[] rc, double rt)
            {
                var hm = new double[m];
                for (int k = 0; k < nz; k++) hm[zero[k]] = -(-rc[k] + nu[k] * rp[k]) / s[k];
                var h = space.Adjoint(hm);
                double ballTerm = 2 * (-rt + theta * rb) / sigma;
                for (int j = 0; j < n; j++) h[j] += -rd[j] - ballTerm * x[j];
                var dx = space.Solve(h);
                double coef = rho * Dot(gx, dx) / smDenominator;
                for (int j = 0; j < n; j++) dx[j] -= coef * nInvX[j];
                return dx;
            }

            (double[] ds, double[] dnu, double dsigma, double dtheta, double[] df) Recover(double[] dx, double[] rc, double rt)
            {
                var df = space.Predict(dx);
                var ds = new double[nz];
                var dnu = new double[nz];
                for (int k = 0; k < nz; k++)
                {
                    ds[k] = -rp[k] - df[zero[k]];
                    dnu[k] = (-rc[k] - nu[k] * ds[k]) / s[k];
                }
                double dsigma = -rb - 2 * Dot(gx, dx);
                double dtheta = (-rt - theta * dsigma) / sigma;
                return (ds, dnu, dsigma, dtheta, df);
            }

            // predictor (affine scaling)
            var rcAff = new double[nz];
            for (int k = 0; k < nz; k++) rcAff[k] = nu[k] * s[k];
            var xAff = Direction(rcAff, theta * sigma);
            var (dsA, dnuA, dsigA, dthA, _) = Recover(xAff, rcAff, theta * sigma);
            double stepAff = MaxStep(s, dsA, nu, dnuA, sigma, dsigA, theta, dthA, 1.0);
            double muAff = 0;
            for (int k = 0; k < nz; k++) muAff += (nu[k] + stepAff * dnuA[k]) * (s[k] + stepAff * dsA[k]);
            muAff = (muAff + (theta + stepAff * dthA) * (sigma + stepAff * dsigA)) / (nz + 1);
            double centering = Math.Pow(Math.Clamp(muAff / mu, 0, 1), 3);

            // corrector
            var rc = new double[nz];
            for (int k = 0; k < nz; k++) rc[k] = nu[k] * s[k] + dnuA[k] * dsA[k] - centering * mu;
            double rt = theta * sigma + dthA * dsigA - centering * mu;
            var dxc = Direction(rc, rt);
            var (ds, dnu, dsig, dth, dfc) = Recover(dxc, rc, rt);
            double step = MaxStep(s, ds, nu, dnu, sigma, dsig, theta, dth, StepToBoundary);
            if (!(step > 0) || !double.IsFinite(step) || dxc.Any(v => !double.IsFinite(v)))
                return Finalise(program, best, zero, backend, options, bound, ExitCondition.NumericalTrouble);

            for (int j = 0; j < n; j++) x[j] += step * dxc[j];
            for (int i = 0; i < m; i++) f[i] += step * dfc[i];
            for (int k = 0; k < nz; k++) { s[k] += step * ds[k]; nu[k] += step * dnu[k]; }
            sigma += step * dsig;
            theta += step * dth;
            if (iter % 10 == 0) f = space.Predict(x); // refresh against drift
            q = Dot(x, space.Metric(x, f));

            double muNext = (Dot(nu, s) + theta * sigma) / (nz + 1);
            var current = (Result: Snapshot(program, space, x, f, q, nu, theta, zero, Smoothing(muNext), backend, iter), Delta: Smoothing(muNext));
            if (Better(current.Result, best.Result)) best = current;
            if (Environment.GetEnvironmentVariable("RELU_TRACE") == "1") Console.Error.WriteLine($"it {iter} mu {mu:E2} step {step:F3} aff {stepAff:F3} gap {current.Result.DualityGap:E2} viol {current.Result.MaxViolation:E2} theta {theta:E3} sigma {sigma:E3} rb {rb:E2} delta {delta:E1}");
            if (Certified(current.Result, options, bound)) return Finalise(program, current, zero, backend, options, bound, ExitCondition.Converged);
            stalled = step < 1e-6 ? stalled + 1 : 0;
            if (stalled >= 3) return Finalise(program, best, zero, backend, options, bound, ExitCondition.NumericalTrouble);
        }
        return Finalise(program, (best.Result with { Iterations = options.MaxIterations }, best.Delta), zero, backend, options, bound, ExitCondition.IterationLimit);
    }

    /// <summary>
    /// Recomputes f = K alpha with the program's own Gram matrix for the returned point (r-space iterates used K ~ L L') and
    /// re-checks the certificate: the returned numbers always describe the returned alpha on the true program.
    /// </summary>
    private static SolverResult Finalise(KernelProgram program, (SolverResult Result, double Delta) at, int[] zero, ComputeBackend backend,
        SolverOptions options, double bound, ExitCondition? exit = null)
    {
        var r = at.Result;
        var alpha = r.Coefficients.ToArray();
        var f = GramEngine.MatVec(program.Gram, alpha, backend);
        var exact = Certificate(program, alpha, f, Dot(alpha, f), r.ConstraintMultipliers.ToArray(), r.BallMultiplier, zero, at.Delta,
            useStationarity: true, backend, r.Iterations);
        var reason = exit ?? r.Exit;
        return exact with { Exit = Certified(exact, options, bound) ? ExitCondition.Converged : reason == ExitCondition.Converged ? ExitCondition.NumericalTrouble : reason };
    }

    private static bool Certified(SolverResult r, SolverOptions options, double bound)
        => r.DualityGap <= options.GapTolerance * Math.Max(1, Math.Abs(r.Objective))
           && r.MaxViolation <= options.FeasibilityTolerance * Math.Max(1, bound);

    private static bool Better(SolverResult a, SolverResult b)
    {
        double va = Math.Max(a.DualityGap, 0) + a.MaxViolation, vb = Math.Max(b.DualityGap, 0) + b.MaxViolation;
        return va < vb || !double.IsFinite(vb);
    }

    /// <summary>The certificate at an interior-point iterate x (predictions f = A x, squared norm q).</summary>
    private static SolverResult Snapshot(KernelProgram program, Coordinates space, double[] x, double[] f, double q, double[] nu, double theta,
        int[] zero, double delta, ComputeBackend backend, int iterations)
    {
        var fullNu = new double[program.Count];
        for (int k = 0; k < zero.Length; k++) fullNu[zero[k]] = nu[k];
        return Certificate(program, space.Coefficients(x), (double[])f.Clone(), q, fullNu, theta, zero, delta,
            useStationarity: space is KernelCoordinates, backend, iterations);
    }

    /// <summary>
    /// The certificate of a point alpha with predictions f and squared norm q. The point is scaled into the ball when it
    /// leaves it slightly and scaling cannot break a zero constraint (tau_c &gt;= 0). The multipliers: the better (larger dual
    /// bound) of the interior-point nu and, in m-space, the stationarity estimate nu_i = max(0, -2 theta alpha_i) on Z; the
    /// bound is valid for every nu &gt;= 0, so taking the better one is sound.
    /// </summary>
    private static SolverResult Certificate(KernelProgram program, double[] alpha, double[] f, double q, double[] nu, double theta,
        int[] zero, double delta, bool useStationarity, ComputeBackend backend, int iterations)
    {
        if (q > program.NormBound && (zero.Length == 0 || program.Threshold >= 0))
        {
            double t = Math.Sqrt(program.NormBound / q);
            for (int i = 0; i < alpha.Length; i++) { alpha[i] *= t; f[i] *= t; }
            q *= t * t;
        }
        var ipmNu = new double[program.Count];
        var statNu = new double[program.Count];
        foreach (int i in zero)
        {
            ipmNu[i] = Math.Max(0, nu[i]);
            statNu[i] = Math.Max(0, -2 * theta * alpha[i]);
        }
        double objective = program.Objective(f);
        double dualIpm = DualBound(program, f, ipmNu, delta, backend);
        double dualStat = zero.Length == 0 || !useStationarity ? double.NegativeInfinity : DualBound(program, f, statNu, delta, backend);
        var chosen = dualStat > dualIpm ? statNu : ipmNu;
        return new SolverResult(ExitCondition.IterationLimit, ImmutableArray.Create(alpha), ImmutableArray.Create(f), objective,
            Math.Max(dualIpm, dualStat), MaxViolation(program, f, q, zero), q, ImmutableArray.Create(chosen), theta, iterations,
            TimeSpan.Zero, NewtonSystemKind.Dense, program.Count);
    }

    private static double MaxStep(double[] s, double[] ds, double[] nu, double[] dnu, double sigma, double dsigma, double theta, double dtheta, double fraction)
    {
        double step = 1.0;
        void Limit(double v, double dv)
        {
            if (dv < 0) step = Math.Min(step, -fraction * v / dv);
        }
        for (int k = 0; k < s.Length; k++) { Limit(s[k], ds[k]); Limit(nu[k], dnu[k]); }
        Limit(sigma, dsigma);
        Limit(theta, dtheta);
        return step;
    }

    /// <summary>
    /// Phase 1 for tau_c &lt; 0: the constraints admit a point with ||f||^2 &lt;= B iff sqrt(B) rho &gt;= -tau_c, where rho is the
    /// distance from the origin to the convex hull of the Z features (rho^2 = min over the simplex of nu' K_ZZ nu).
    /// Frank-Wolfe on that problem gives upper bounds (any nu) and lower bounds (its gap); returns an Infeasible result with
    /// the Farkas multipliers when sqrt(B nu'K_ZZ nu) &lt; -tau_c, null when feasibility is proved or undecided.
    /// </summary>
    private static SolverResult? Phase1(KernelProgram program, int[] zero, ComputeBackend backend)
    {
        int nz = zero.Length;
        double tau2 = program.Threshold * program.Threshold, bound = program.NormBound;
        var nu = new double[nz];
        var qnu = new double[nz];
        int start = 0;
        for (int k = 1; k < nz; k++) if (program.Gram[zero[k], zero[k]] < program.Gram[zero[start], zero[start]]) start = k;
        nu[start] = 1;
        for (int k = 0; k < nz; k++) qnu[k] = program.Gram[zero[k], zero[start]];
        double value = qnu[start];
        for (int iter = 0; iter < Phase1Iterations; iter++)
        {
            if (bound * value < tau2) return Infeasible(program, zero, nu, value, backend);
            int j = 0;
            for (int k = 1; k < nz; k++) if (qnu[k] < qnu[j]) j = k;
            double lower = 2 * qnu[j] - value;
            if (bound * lower > tau2) return null;
            // exact line search along e_j - nu: value(g) = (1-g)^2 v + 2 g (1-g) qnu_j + g^2 Q_jj
            double qjj = program.Gram[zero[j], zero[j]];
            double curvature = value - 2 * qnu[j] + qjj;
            if (!(curvature > 0)) return null;
            double g = Math.Clamp((value - qnu[j]) / curvature, 0, 1);
            if (g == 0) return null;
            var column = program.Gram.Row(zero[j]);
            for (int k = 0; k < nz; k++)
            {
                nu[k] *= 1 - g;
                qnu[k] = (1 - g) * qnu[k] + g * column[zero[k]];
            }
            nu[j] += g;
            value = Dot(nu, qnu);
        }
        return null;
    }

    private static SolverResult Infeasible(KernelProgram program, int[] zero, double[] nu, double value, ComputeBackend backend)
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
        var f = GramEngine.MatVec(program.Gram, alpha, backend);
        // every f with ||f||^2 <= B has max_Z f_i - tau_c >= nu'f_Z - tau_c >= -sqrt(B) rho - tau_c > 0
        double margin = -program.Threshold - Math.Sqrt(program.NormBound) * rho;
        return new SolverResult(ExitCondition.Infeasible, ImmutableArray.Create(alpha), ImmutableArray.Create(f),
            double.PositiveInfinity, double.PositiveInfinity, margin, Dot(alpha, f), ImmutableArray.Create(fullNu), 0, 0,
            TimeSpan.Zero, NewtonSystemKind.Dense, m);
    }

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);
}
