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

        LowRankFactor? lowRank = null;
        int m = program.Count;
        if (options.NewtonSystem != NewtonSystemKind.Dense)
        {
            int cap = options.NewtonSystem == NewtonSystemKind.LowRank ? m : Math.Min(m / 4, 256);
            if (cap >= 1)
            {
                var f = PivotedCholesky.Factor(program.Gram, options.RankTolerance, cap);
                if (f.Complete || options.NewtonSystem == NewtonSystemKind.LowRank) lowRank = f;
            }
        }
        var newton = new NewtonSolver(program.Gram, lowRank, native);
        var kind = lowRank is null ? NewtonSystemKind.Dense : NewtonSystemKind.LowRank;
        var result = InteriorPoint(program, options, warmStart, zero, newton, backend);
        return result with { Elapsed = clock.Elapsed, NewtonSystem = kind, Rank = newton.Rank };
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
        NewtonSolver newton, ComputeBackend backend)
    {
        int m = program.Count, nz = zero.Length;
        double tau = program.Threshold, bound = program.NormBound, delta = options.Smoothing;
        var loss = program.Loss;
        var scale = new double[m];
        for (int i = 0; i < m; i++) scale[i] = program.InLossSet(i) ? program.Weights[i] / m : 0;

        // ---- starting point ----
        var alpha = warm is null ? new double[m] : warm.Coefficients.ToArray();
        var f = GramEngine.MatVec(program.Gram, alpha, backend);
        double q = Dot(alpha, f);
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

        var best = Snapshot(program, alpha, f, q, nu, theta, zero, delta, backend, ExitCondition.IterationLimit, 0);
        var grad = new double[m];
        int stalled = 0;
        var d = new double[m];
        for (int iter = 1; iter <= options.MaxIterations; iter++)
        {
            double mu = (Dot(nu, s) + theta * sigma) / (nz + 1);
            // residuals
            var rd = new double[m];
            for (int i = 0; i < m; i++)
            {
                grad[i] = scale[i] == 0 ? 0 : scale[i] * loss.SolverSlope(f[i], program.Labels[i], delta);
                d[i] = scale[i] == 0 ? 0 : scale[i] * loss.SolverCurvature(f[i], program.Labels[i], delta);
                rd[i] = grad[i] + 2 * theta * alpha[i];
            }
            var rp = new double[nz];
            for (int k = 0; k < nz; k++)
            {
                int i = zero[k];
                rd[i] += nu[k];
                rp[k] = f[i] + s[k] - tau;
                d[i] += nu[k] / s[k];
            }
            double rb = q + sigma - bound;
            double c = 2 * theta, rho = 4 * theta / sigma;
            if (!newton.Prepare(d, c) || !double.IsFinite(c))
                return best with { Exit = ExitCondition.NumericalTrouble, Iterations = iter };
            var aInvAlpha = newton.Solve(alpha, backend);
            double fAinvAlpha = Dot(f, aInvAlpha);
            double smDenominator = 1 + rho * fAinvAlpha;

            double[] Direction(double[] rc, double rt)
            {
                var h = new double[m];
                for (int i = 0; i < m; i++) h[i] = -rd[i] - 2 * alpha[i] * (-rt + theta * rb) / sigma;
                for (int k = 0; k < nz; k++) h[zero[k]] -= (-rc[k] + nu[k] * rp[k]) / s[k];
                var x = newton.Solve(h, backend);
                double coef = rho * Dot(f, x) / smDenominator;
                for (int i = 0; i < m; i++) x[i] -= coef * aInvAlpha[i];
                return x;
            }

            (double[] ds, double[] dnu, double dsigma, double dtheta, double[] df) Recover(double[] dAlpha, double[] rc, double rt)
            {
                var df = GramEngine.MatVec(program.Gram, dAlpha, backend);
                var ds = new double[nz];
                var dnu = new double[nz];
                for (int k = 0; k < nz; k++)
                {
                    ds[k] = -rp[k] - df[zero[k]];
                    dnu[k] = (-rc[k] - nu[k] * ds[k]) / s[k];
                }
                double dsigma = -rb - 2 * Dot(f, dAlpha);
                double dtheta = (-rt - theta * dsigma) / sigma;
                return (ds, dnu, dsigma, dtheta, df);
            }

            // predictor (affine scaling)
            var rcAff = new double[nz];
            for (int k = 0; k < nz; k++) rcAff[k] = nu[k] * s[k];
            var aAff = Direction(rcAff, theta * sigma);
            var (dsA, dnuA, dsigA, dthA, _) = Recover(aAff, rcAff, theta * sigma);
            double stepAff = MaxStep(s, dsA, nu, dnuA, sigma, dsigA, theta, dthA, 1.0);
            double muAff = 0;
            for (int k = 0; k < nz; k++) muAff += (nu[k] + stepAff * dnuA[k]) * (s[k] + stepAff * dsA[k]);
            muAff = (muAff + (theta + stepAff * dthA) * (sigma + stepAff * dsigA)) / (nz + 1);
            double centering = Math.Pow(Math.Clamp(muAff / mu, 0, 1), 3);

            // corrector
            var rc = new double[nz];
            for (int k = 0; k < nz; k++) rc[k] = nu[k] * s[k] + dnuA[k] * dsA[k] - centering * mu;
            double rt = theta * sigma + dthA * dsigA - centering * mu;
            var dAlpha = Direction(rc, rt);
            var (ds, dnu, dsig, dth, dfull) = Recover(dAlpha, rc, rt);
            double step = MaxStep(s, ds, nu, dnu, sigma, dsig, theta, dth, StepToBoundary);
            if (!(step > 0) || !double.IsFinite(step) || dAlpha.Any(v => !double.IsFinite(v)))
                return best with { Exit = ExitCondition.NumericalTrouble, Iterations = iter };

            for (int i = 0; i < m; i++) { alpha[i] += step * dAlpha[i]; f[i] += step * dfull[i]; }
            for (int k = 0; k < nz; k++) { s[k] += step * ds[k]; nu[k] += step * dnu[k]; }
            sigma += step * dsig;
            theta += step * dth;
            if (iter % 10 == 0) f = GramEngine.MatVec(program.Gram, alpha, backend); // refresh against drift
            q = Dot(alpha, f);

            var current = Snapshot(program, alpha, f, q, nu, theta, zero, delta, backend, ExitCondition.IterationLimit, iter);
            if (Better(current, best)) best = current;
            if (Environment.GetEnvironmentVariable("RELU_TRACE") == "1") Console.Error.WriteLine($"it {iter} mu {mu:E2} step {step:F3} aff {stepAff:F3} gap {current.DualityGap:E2} viol {current.MaxViolation:E2} theta {theta:E3} sigma {sigma:E3} rb {rb:E2} rd {Math.Sqrt(Dot(rd, rd)):E2}");
            if (Certified(current, options, bound)) return Finalise(program, current, zero, delta, backend, options, bound);
            stalled = step < 1e-6 ? stalled + 1 : 0;
            if (stalled >= 3) return Finalise(program, best with { Exit = ExitCondition.NumericalTrouble, Iterations = iter }, zero, delta, backend, options, bound);
        }
        return Finalise(program, best with { Iterations = options.MaxIterations }, zero, delta, backend, options, bound);
    }

    /// <summary>Recomputes f = K alpha exactly for the returned point and re-checks the certificate.</summary>
    private static SolverResult Finalise(KernelProgram program, SolverResult r, int[] zero, double delta, ComputeBackend backend, SolverOptions options, double bound)
    {
        var alpha = r.Coefficients.ToArray();
        var f = GramEngine.MatVec(program.Gram, alpha, backend);
        var nu = new double[zero.Length];
        for (int k = 0; k < zero.Length; k++) nu[k] = r.ConstraintMultipliers[zero[k]];
        var exact = Snapshot(program, alpha, f, Dot(alpha, f), nu, r.BallMultiplier, zero, delta, backend, r.Exit, r.Iterations);
        return exact with { Exit = Certified(exact, options, bound) ? ExitCondition.Converged : r.Exit == ExitCondition.Converged ? ExitCondition.NumericalTrouble : r.Exit };
    }

    private static bool Certified(SolverResult r, SolverOptions options, double bound)
        => r.DualityGap <= options.GapTolerance * Math.Max(1, Math.Abs(r.Objective))
           && r.MaxViolation <= options.FeasibilityTolerance * Math.Max(1, bound);

    private static bool Better(SolverResult a, SolverResult b)
    {
        double va = Math.Max(a.DualityGap, 0) + a.MaxViolation, vb = Math.Max(b.DualityGap, 0) + b.MaxViolation;
        return va < vb || !double.IsFinite(vb);
    }

    /// <summary>
    /// The certificate at the current iterate. The point: alpha, scaled into the ball when it leaves it slightly and scaling
    /// cannot break a zero constraint (tau_c &gt;= 0). The multipliers: the better (larger dual bound) of the interior-point nu
    /// and the stationarity estimate nu_i = max(0, -2 theta alpha_i) on Z; the bound is valid for any nu &gt;= 0.
    /// </summary>
    private static SolverResult Snapshot(KernelProgram program, double[] alphaIn, double[] fIn, double q, double[] nu, double theta,
        int[] zero, double delta, ComputeBackend backend, ExitCondition exit, int iterations)
    {
        var alpha = (double[])alphaIn.Clone();
        var f = (double[])fIn.Clone();
        if (q > program.NormBound && (zero.Length == 0 || program.Threshold >= 0))
        {
            double t = Math.Sqrt(program.NormBound / q);
            for (int i = 0; i < alpha.Length; i++) { alpha[i] *= t; f[i] *= t; }
            q = Dot(alpha, f);
        }
        var ipmNu = new double[program.Count];
        var statNu = new double[program.Count];
        for (int k = 0; k < zero.Length; k++)
        {
            ipmNu[zero[k]] = Math.Max(0, nu[k]);
            statNu[zero[k]] = Math.Max(0, -2 * theta * alpha[zero[k]]);
        }
        double objective = program.Objective(f);
        double dualIpm = DualBound(program, f, ipmNu, delta, backend);
        double dualStat = zero.Length == 0 ? double.NegativeInfinity : DualBound(program, f, statNu, delta, backend);
        var fullNu = dualStat > dualIpm ? statNu : ipmNu;
        double dual = Math.Max(dualIpm, dualStat);
        return new SolverResult(exit, ImmutableArray.Create(alpha), ImmutableArray.Create(f), objective, dual,
            MaxViolation(program, f, q, zero), q, ImmutableArray.Create(fullNu), theta, iterations, TimeSpan.Zero, NewtonSystemKind.Dense, program.Count);
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
