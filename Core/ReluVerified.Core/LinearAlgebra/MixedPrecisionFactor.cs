using System.Numerics.Tensors;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// A single-precision Cholesky factor of an SPD matrix M (T2.1's m-space Newton systems, where the factorisation is the
/// cost of an iteration) whose solves are refined in double against an exact product x -> M x: the answer has the
/// accuracy of a double solve whenever cond(M) eps_single &lt; 1, at about half the factorisation time. Where refinement
/// stops short, preconditioned conjugate gradients continue; when neither reaches its tolerance the solve reports failure
/// and the caller falls back to double. Native (OpenBLAS spotrf, strsv) only.
/// </summary>
internal sealed unsafe class MixedPrecisionFactor
{
    /// <summary>Refined residual ||M x - b|| / ||b|| accepted as a double-quality solve.</summary>
    internal const double RefinementTolerance = 1e-11;

    /// <summary>Refinement steps tried before giving up.</summary>
    internal const int MaxRefinements = 6;

    private readonly double[] _a;
    private readonly int _n;

    private MixedPrecisionFactor(double[] a, int n)
    {
        _a = a;
        _n = n;
    }

    /// <summary>
    /// Factors the single-precision matrix held in <paramref name="a"/>: n^2 floats (row-major; only the lower triangle, diagonal
    /// included, is read, and it is overwritten by the factor) in the storage of a double array of at least n^2 / 2 entries.
    /// Null when a pivot is not positive.
    /// </summary>
    internal static MixedPrecisionFactor? TryFactor(double[] a, int n)
    {
        int info = 0, nn = n, lda = n;
        byte uplo = (byte)'U';
        fixed (double* storage = a) NativeBlas.Spotrf(&uplo, &nn, (float*)storage, &lda, &info);
        return info == 0 ? new MixedPrecisionFactor(a, n) : null;
    }

    /// <summary>
    /// Residual ||M x - b|| / ||b|| accepted once refinement has stopped short of <see cref="RefinementTolerance"/>. The rounding
    /// of the double product M x leaves a residual of order eps_double ||M|| ||x||, which for an ill-conditioned M (large x) is
    /// above 1e-11 whatever the factor: on the m-space Newton systems of a Gram matrix of rank 7007 at m = 8000 (docs/solver.md,
    /// "Newton systems below full rank"; a development build that printed residuals) refinement stalled at 1.3e-11 to 3.1e-11
    /// and 24 conjugate-gradient steps ended at the same order (1.7e-11 to 4.8e-11, once 1.5e-9). Such a direction is what the interior point needs (its certificate does not depend on
    /// the direction); before this tolerance each of those iterations was redone with a double factorisation.
    /// </summary>
    internal const double StalledTolerance = 1e-9;

    /// <summary>Steps of preconditioned conjugate gradients tried when refinement stops above <see cref="StalledTolerance"/>.</summary>
    internal const int MaxConjugateGradientSteps = 24;

    /// <summary>
    /// Solves M x = b to double accuracy: iterative refinement with <paramref name="multiply"/> (x -> M x in double) until the
    /// residual ||M x - b|| / ||b|| is at most <see cref="RefinementTolerance"/>; where refinement stops contracting or runs out
    /// of steps, its best point is accepted at <see cref="StalledTolerance"/>, and otherwise conjugate gradients on M
    /// preconditioned by the single-precision factor continue from it (cond(M) eps_single near 1 or above, where refinement
    /// contracts slowly or not at all while the factor still clusters most of M's spectrum), accepted at
    /// <see cref="StalledTolerance"/> too. Returns null when none of these
    /// succeeds (the caller then factors in double). With <paramref name="refine"/> false: the single-precision solve alone.
    /// </summary>
    internal double[]? Solve(double[] b, Func<double[], double[]> multiply, bool refine = true)
    {
        int n = _n;
        double normB = Norm(b);
        var x = new double[n];
        if (normB == 0) return x;
        var r = (double[])b.Clone();
        double previous = double.PositiveInfinity;
        var best = new double[n];
        var bestResidual = (double[])b.Clone();
        for (int step = 0; step <= MaxRefinements; step++)
        {
            var correction = Precondition(r);
            for (int i = 0; i < n; i++) x[i] += correction[i];
            if (!refine) return x;
            var mx = multiply(x);
            for (int i = 0; i < n; i++) r[i] = b[i] - mx[i];
            double norm = Norm(r) / normB;
            if (norm <= RefinementTolerance) return x;
            if (!(norm <= 0.5 * previous)) break; // not contracting (or not finite): cond(M) eps_single is too large for refinement alone
            previous = norm;
            Array.Copy(x, best, n);
            Array.Copy(r, bestResidual, n);
        }
        if (previous <= StalledTolerance) return best;
        return ConjugateGradients(b, best, bestResidual, normB, multiply);
    }

    /// <summary>
    /// Conjugate gradients on the SPD M from x (residual r = b - M x), preconditioned by the single-precision factor
    /// (L L')^(-1), itself SPD; when the recurrence's residual reaches <see cref="RefinementTolerance"/> the true residual is
    /// computed with <paramref name="multiply"/> and x is returned if that is within <see cref="StalledTolerance"/>, else the
    /// iteration restarts from the true residual.
    /// </summary>
    private double[]? ConjugateGradients(double[] b, double[] x, double[] r, double normB, Func<double[], double[]> multiply)
    {
        int n = _n;
        var z = Precondition(r);
        var p = (double[])z.Clone();
        double rz = Dot(r, z);
        for (int step = 0; step < MaxConjugateGradientSteps; step++)
        {
            var q = multiply(p);
            double pq = Dot(p, q);
            if (!(pq > 0) || !(rz > 0)) return null;
            double a = rz / pq;
            for (int i = 0; i < n; i++) { x[i] += a * p[i]; r[i] -= a * q[i]; }
            bool restart = false;
            if (Norm(r) / normB <= RefinementTolerance)
            {
                // the recurrence's residual drifts from the true one: confirm, and restart from the true residual if it is short
                var mx = multiply(x);
                for (int i = 0; i < n; i++) r[i] = b[i] - mx[i];
                if (Norm(r) / normB <= StalledTolerance) return x;
                restart = true;
            }
            z = Precondition(r);
            double rzNext = Dot(r, z);
            double beta = restart ? 0 : rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
        }
        return null;
    }

    /// <summary>(L L')^(-1) v with the single-precision factor: two triangular solves in single, v rounded to single first.</summary>
    private double[] Precondition(double[] v)
    {
        int n = _n;
        var work = new float[n];
        for (int i = 0; i < n; i++) work[i] = (float)v[i];
        // spotrf's upper factor U (A = U'U, column-major) is L = U' in the lower triangle of the row-major storage
        fixed (double* storage = _a)
        fixed (float* pw = work)
        {
            NativeBlas.Strsv(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.NoTrans, NativeBlas.NonUnit, n, (float*)storage, n, pw, 1);
            NativeBlas.Strsv(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.Trans, NativeBlas.NonUnit, n, (float*)storage, n, pw, 1);
        }
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = work[i];
        return result;
    }

    private static double Dot(double[] u, double[] v) => TensorPrimitives.Dot<double>(u, v);

    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));
}
