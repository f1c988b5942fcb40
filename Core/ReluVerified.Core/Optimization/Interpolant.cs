using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// The interpolant that <see cref="ReliableSolver"/> tries before the interior point on a Gram matrix of full numerical rank
/// (T2.1 / R2.2, <see cref="SolverOptions.TryInterpolant"/>; ours, beyond the paper): the coefficients alpha = K^(-1) t of the
/// targets t (the label on every loss row, min(0, tau_c) on every other row). For the square, absolute and Huber losses the
/// optimum of the program is at least 0 (a sum of non-negative losses), so a point with f = t, alpha'K alpha &lt;= B is optimal:
/// its losses vanish, the zero-labelled rows sit at min(0, tau_c) &lt;= tau_c, and the zero multiplier of the rounding-safe
/// certificate proves it (Proofs/T2.1-reliable-program.md, "The interpolant"). It costs at most four solves with the Cholesky
/// factor that the rank decision (or the input check) has just computed (two triangular solves each) and four products with
/// K, where the interior point pays one factorisation per iteration; when alpha'K alpha exceeds B, or the rounding of K^(-1) t
/// leaves the losses above the gap tolerance, the interior point solves the program as before.
/// </summary>
internal static class Interpolant
{
    /// <summary>Refinement steps at most: each one product with K and one solve with the factor.</summary>
    internal const int RefinementSteps = 3;

    /// <summary>
    /// The targets t: y_i on the loss rows (<see cref="KernelProgram.InLossSet"/>), min(0, tau_c) on the others (the zero-labelled
    /// rows of the reliable program, constrained or penalised: below tau_c, so the constraint holds and no excess is paid).
    /// </summary>
    internal static double[] Targets(KernelProgram program)
    {
        var t = new double[program.Count];
        double below = Math.Min(0, program.Threshold);
        for (int i = 0; i < t.Length; i++) t[i] = program.InLossSet(i) ? program.Labels[i] : below;
        return t;
    }

    /// <summary>
    /// alpha with K alpha = <paramref name="targets"/> from a Cholesky factor of K + shift I (shift 0 or the input check's delta)
    /// and up to <see cref="RefinementSteps"/> steps of iterative refinement against K itself (residual t - K alpha in double, its
    /// correction solved with the factor), keeping the alpha of least largest residual; with its predictions f = K alpha.
    /// </summary>
    internal static (double[] Coefficients, double[] Predictions) Coefficients(KernelProgram program, SymmetricFactor factor, double[] targets,
        ComputeBackend backend)
    {
        int m = targets.Length;
        var alpha = (double[])targets.Clone();
        factor.SolveInPlace(alpha);
        var f = GramEngine.MatVec(program.Gram, alpha, backend);
        double residual = LargestResidual(targets, f, out var r);
        for (int step = 0; step < RefinementSteps && residual > 0; step++)
        {
            factor.SolveInPlace(r);
            var next = new double[m];
            for (int i = 0; i < m; i++) next[i] = alpha[i] + r[i];
            var nextF = GramEngine.MatVec(program.Gram, next, backend);
            double nextResidual = LargestResidual(targets, nextF, out var nextR);
            // refinement with a factor of K + shift I contracts by about shift / (lambda_min + shift) per step; it stops
            // gaining at the rounding level of K alpha
            if (!(nextResidual < 0.5 * residual)) break;
            (alpha, f, residual, r) = (next, nextF, nextResidual, nextR);
        }
        return (alpha, f);
    }

    private static double LargestResidual(double[] targets, double[] f, out double[] r)
    {
        r = new double[targets.Length];
        double largest = 0;
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = targets[i] - f[i];
            largest = Math.Max(largest, Math.Abs(r[i]));
        }
        return double.IsFinite(largest) ? largest : double.PositiveInfinity;
    }
}
