using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// Rounding-error arithmetic for T2.1's floating-point certificate (Proofs/T2.1-reliable-program.md, "Floating-point
/// certificate"). Standard model: every operation on doubles (+, -, *, /, sqrt, fused multiply-add) returns the exact
/// result times (1 + delta) with |delta| &lt;= u = 2^-53, away from underflow and overflow. gamma_n = n u / (1 - n u) bounds
/// the relative error of a product of n such factors; a sum or dot product of n terms in any order has error at most
/// gamma_n times the sum of the terms' magnitudes. Compensated dot products (Ogita, Rump and Oishi's Dot2, with an FMA
/// for the exact product error) have error at most u |x'y| + gamma_n^2 |x|'|y|.
/// </summary>
internal static class FloatingPoint
{
    /// <summary>The unit roundoff u = 2^-53 of IEEE double precision (round to nearest).</summary>
    internal const double U = 1.0 / 9007199254740992.0;

    /// <summary>Matrices with fewer entries than this are processed on one thread (the thread pool costs more than the work).</summary>
    internal const long ParallelThreshold = 1 << 16;

    /// <summary>gamma_n = n u / (1 - n u); +infinity when n u &gt;= 1 (no bound).</summary>
    internal static double Gamma(long n)
    {
        double nu = n * U;
        return nu < 1 ? nu / (1 - nu) : double.PositiveInfinity;
    }

    /// <summary>
    /// Dot2: x'y with the error of every product (via FMA) and of every addition (Knuth's TwoSum) accumulated in a second
    /// double; also returns sum_i |x_i y_i| (plain, relative error at most gamma_n) for the error bound.
    /// </summary>
    internal static (double Value, double Magnitude) Dot2(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0, c = 0, magnitude = 0;
        for (int i = 0; i < x.Length; i++) Step(x[i], y[i], ref s, ref c, ref magnitude);
        return (s + c, magnitude);
    }

    /// <summary>
    /// <see cref="Dot2"/> of rows i..i+3 of <paramref name="k"/> with x, the four sequences interleaved in one loop: each row is
    /// exactly the sequential Dot2 (so its error bound holds), and the four independent dependency chains overlap in the CPU.
    /// </summary>
    private static void Dot2Rows4(Matrix k, int i, double[] x, double[] y, double[] a)
    {
        ReadOnlySpan<double> r0 = k.Row(i), r1 = k.Row(i + 1), r2 = k.Row(i + 2), r3 = k.Row(i + 3);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0, m0 = 0, m1 = 0, m2 = 0, m3 = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double xj = x[j];
            Step(r0[j], xj, ref s0, ref c0, ref m0);
            Step(r1[j], xj, ref s1, ref c1, ref m1);
            Step(r2[j], xj, ref s2, ref c2, ref m2);
            Step(r3[j], xj, ref s3, ref c3, ref m3);
        }
        (y[i], y[i + 1], y[i + 2], y[i + 3]) = (s0 + c0, s1 + c1, s2 + c2, s3 + c3);
        (a[i], a[i + 1], a[i + 2], a[i + 3]) = (m0, m1, m2, m3);
    }

    /// <summary>One step of Dot2: TwoProduct (FMA) and TwoSum, errors into c, magnitudes into mag.</summary>
    private static void Step(double kij, double xj, ref double s, ref double c, ref double mag)
    {
        double p = kij * xj;
        double pe = Math.FusedMultiplyAdd(kij, xj, -p);
        double t = s + p;
        double z = t - s;
        c += pe + ((s - (t - z)) + (p - z));
        s = t;
        mag += Math.Abs(p);
    }

    /// <summary>
    /// A rigorous upper bound on sqrt(x'K x) for a symmetric matrix K whose quadratic form is non-negative. Each (K x)_i is
    /// a Dot2, and so is x'(K x); with y the computed K x, a_i = sum_j |K_ij x_j|, Z = sum |x_i y_i| and
    /// W = sum |x_i| a_i, the computed q differs from x'K x by at most (u |q| + (u + gamma_m^2) Z + gamma_m^2 W) / (1 - u).
    /// Unlike the plain evaluation (error gamma_m W, a floor of sqrt(gamma_m W) on the square root) this bound vanishes with
    /// K x, which is what a certificate needs when the ball constraint is inactive and s'K s is nearly 0.
    /// </summary>
    internal static double QuadraticNormUpperBound(Matrix k, double[] x)
    {
        int m = k.Rows;
        var y = new double[m];
        var a = new double[m];
        void Rows(int block)
        {
            int i = block * 64, end = Math.Min(m, i + 64);
            for (; i + 4 <= end; i += 4) Dot2Rows4(k, i, x, y, a);
            for (; i < end; i++) (y[i], a[i]) = Dot2(k.Row(i), x);
        }
        int blocks = (m + 63) / 64;
        if ((long)m * m < ParallelThreshold) for (int b = 0; b < blocks; b++) Rows(b);
        else Parallel.For(0, blocks, Rows);
        var (q, z) = Dot2(x, y);
        double w = 0;
        for (int i = 0; i < m; i++) w += Math.Abs(x[i]) * a[i];
        double g2 = Gamma(m + 2) * Gamma(m + 2);
        // z and w are plain sums of non-negative terms (relative error <= gamma_{m+1}): the factor 2 covers them and the
        // rounding of this expression
        double error = 2 * (U * Math.Abs(q) + (U + g2) * z + g2 * w) / (1 - U);
        return UpperSqrt(Math.Max(q, 0) + error);
    }

    /// <summary>
    /// A rigorous upper bound on ||L'x||_2 (L m x r, row-major) computed as ||fl(L'x)||: the computed vector differs from L'x
    /// by at most gamma_m sum_i |x_i| ||L_i|| in 2-norm (triangle inequality over the rows).
    /// </summary>
    internal static double FactorNormUpperBound(double[] transposeTimes, double rowNormWeightedSum, int m)
        => UpperSum(UpperNorm(transposeTimes), 2 * Gamma(m + 2) * rowNormWeightedSum);

    /// <summary>A double at least ||v||_2 (plain sum of squares, relative error gamma_{n+2}, inflated twice over).</summary>
    internal static double UpperNorm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double e in v) sum += e * e;
        return Math.Sqrt(sum) * (1 + 2 * Gamma(v.Length + 2));
    }

    /// <summary>A double at least sqrt(x) for x &gt;= 0: the square root's rounding (u) is covered by one more factor.</summary>
    internal static double UpperSqrt(double x) => Math.Sqrt(x) * (1 + 4 * U);

    /// <summary>A double at least a + b for a, b &gt;= 0.</summary>
    internal static double UpperSum(double a, double b) => (a + b) * (1 + 4 * U);
}
