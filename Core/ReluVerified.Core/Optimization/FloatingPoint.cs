using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
    /// <summary>The unit roundoff u = 2^-53 of IEEE double precision (round to nearest; <see cref="RoundingError.U"/>).</summary>
    internal const double U = RoundingError.U;

    /// <summary>Matrices with fewer entries than this are processed on one thread (the thread pool costs more than the work).</summary>
    internal const long ParallelThreshold = 1 << 16;

    /// <summary>gamma_n = n u / (1 - n u); +infinity when n u &gt;= 1 (no bound; <see cref="RoundingError.Gamma"/>).</summary>
    internal static double Gamma(long n) => RoundingError.Gamma(n);

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
    /// y_i = <see cref="Dot2"/>(column i of <paramref name="k"/>, x) with its magnitude a_i = sum_j |K_ji x_j|, for every i: for
    /// a symmetric K each equals the Dot2 of row i bit for bit (the same operations in the same order). Columns in panels of
    /// <see cref="PanelWidth"/>, in parallel for large matrices.
    /// </summary>
    internal static (double[] Values, double[] Magnitudes) TransposeDot2(Matrix k, double[] x)
    {
        int m = k.Columns;
        var y = new double[m];
        var a = new double[m];
        void Panel(int panel) => Dot2Columns(k, panel * PanelWidth, Math.Min(m, (panel + 1) * PanelWidth), x, y, a);
        int panels = (m + PanelWidth - 1) / PanelWidth;
        if ((long)k.Rows * m < ParallelThreshold) for (int p = 0; p < panels; p++) Panel(p);
        else Parallel.For(0, panels, Panel);
        return (y, a);
    }

    /// <summary>Columns of K per panel of <see cref="Dot2Columns"/>: three running doubles per column stay in a 32 KB L1 cache.</summary>
    private const int PanelWidth = 512;

    /// <summary>
    /// <see cref="Dot2"/> of columns start..end-1 of <paramref name="k"/> with x into y (and their magnitudes into a): rows are
    /// read in order j = 0..m-1 and each column keeps its own running (sum, error, magnitude), so every column is exactly the
    /// sequential Dot2 over j (its error bound holds); four columns share each vector operation (the same IEEE operations,
    /// lane by lane: a product, its exact error by a fused multiply-add, TwoSum).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot2Columns(Matrix k, int start, int end, double[] x, double[] y, double[] a)
    {
        int width = end - start, vectors = width / 4 * 4;
        var s = new double[width];
        var c = new double[width];
        var mag = new double[width];
        for (int j = 0; j < x.Length; j++)
        {
            ReadOnlySpan<double> row = k.Row(j).Slice(start, width);
            double xj = x[j];
            var xv = Vector256.Create(xj);
            for (int i = 0; i < vectors; i += 4)
            {
                var (sv, cv, mv) = (Vector256.Create(s.AsSpan(i, 4)), Vector256.Create(c.AsSpan(i, 4)), Vector256.Create(mag.AsSpan(i, 4)));
                Step(Vector256.Create(row.Slice(i, 4)), xv, ref sv, ref cv, ref mv);
                sv.CopyTo(s.AsSpan(i, 4));
                cv.CopyTo(c.AsSpan(i, 4));
                mv.CopyTo(mag.AsSpan(i, 4));
            }
            for (int i = vectors; i < width; i++) Step(row[i], xj, ref s[i], ref c[i], ref mag[i]);
        }
        for (int i = 0; i < width; i++) (y[start + i], a[start + i]) = (s[i] + c[i], mag[i]);
    }

    /// <summary>
    /// <see cref="Step(double, double, ref double, ref double, ref double)"/> on four lanes: the same IEEE operations lane by
    /// lane (the product's exact error by a fused multiply-add).
    /// </summary>
    private static void Step(Vector256<double> kij, Vector256<double> xj, ref Vector256<double> s, ref Vector256<double> c, ref Vector256<double> mag)
    {
        var p = kij * xj;
        var pe = Vector256.FusedMultiplyAdd(kij, xj, -p);
        var t = s + p;
        var z = t - s;
        c += pe + ((s - (t - z)) + (p - z));
        s = t;
        mag += Vector256.Abs(p);
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
    /// A rigorous upper bound on sqrt(x'K x) for a square matrix K whose quadratic form is non-negative. Each (K' x)_i (column i
    /// of K, <see cref="Dot2Columns"/>; x'K'x = x'K x, and K' x = K x for the symmetric Gram matrices of T2.1) is a Dot2, and so
    /// is x'(K' x); with y the computed K' x, a_i = sum_j |K_ji x_j|, Z = sum |x_i y_i| and W = sum |x_i| a_i, the computed q
    /// differs from x'K x by at most (u |q| + (u + gamma_m^2) Z + gamma_m^2 W) / (1 - u).
    /// Unlike the plain evaluation (error gamma_m W, a floor of sqrt(gamma_m W) on the square root) this bound vanishes with
    /// K x, which is what a certificate needs when the ball constraint is inactive and s'K s is nearly 0.
    /// </summary>
    internal static double QuadraticNormUpperBound(Matrix k, double[] x)
    {
        // the zero vector's quadratic form is 0 exactly (the interpolant's zero multiplier): no O(m^2) pass
        if (!x.AsSpan().ContainsAnyExcept(0.0)) return 0;
        int m = k.Rows;
        var (y, a) = TransposeDot2(k, x);
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
