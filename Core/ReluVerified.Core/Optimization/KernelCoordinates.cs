using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// m-space coordinates x = alpha for T2.1 (Gram matrix numerically full rank). Newton solves use the push-through identity
/// (c I + D K)^(-1) v = (v - D^(1/2) M^(-1) D^(1/2) K v) / c with M = c I + D^(1/2) K D^(1/2), which is SPD with
/// eigenvalues &gt;= c for every D &gt;= 0: one m x m Cholesky per interior-point iteration. With OpenBLAS and m &gt;=
/// <see cref="MixedPrecisionThreshold"/> that Cholesky is taken in single precision and every solve refined in double
/// against the exact M (<see cref="MixedPrecisionFactor"/>, conjugate gradients where refinement stops short); an iteration
/// whose solve neither reaches is redone in double.
/// </summary>
/// <param name="gram">K.</param>
/// <param name="native">LAPACK (true) or managed factorisations.</param>
/// <param name="backend">The mat-vec backend.</param>
/// <param name="mixedPrecision">Factor in single precision and refine (OpenBLAS, m &gt;= <see cref="MixedPrecisionThreshold"/>).</param>
/// <param name="buffer">An m x m buffer the caller gives up (its contents are overwritten), or null to allocate one when needed:
/// the double Newton matrix, or, in mixed precision, the storage of the single-precision one (m^2 floats take half of it).</param>
internal sealed class KernelCoordinates(Matrix gram, bool native, ComputeBackend backend, bool mixedPrecision = true, double[]? buffer = null) : Coordinates
{
    /// <summary>Below this size a double Cholesky is cheap enough that mixed precision is not worth its refinement passes.</summary>
    internal const int MixedPrecisionThreshold = 1500;

    private readonly bool _singlePrecision = SinglePrecision(mixedPrecision, native, gram.Rows);
    private double[]? _buffer = SinglePrecision(mixedPrecision, native, gram.Rows) ? null : buffer;
    private double[]? _single = SinglePrecision(mixedPrecision, native, gram.Rows) ? buffer : null; // storage of m^2 floats
    private double[] _sqrtD = [];
    private double _c;
    private SymmetricFactor? _factor;
    private MixedPrecisionFactor? _mixed;

    /// <summary>True when the Newton systems are factored in single precision (and refined in double).</summary>
    private static bool SinglePrecision(bool mixedPrecision, bool native, int m) => mixedPrecision && native && m >= MixedPrecisionThreshold;

    internal override int Size => gram.Rows;
    internal override int Rank => gram.Rows;
    internal override NewtonSystemKind Kind => NewtonSystemKind.Dense;

    internal override double[] Predict(double[] x) => Times(x);
    internal override double[] Metric(double[] x, double[] f) => f;
    internal override double[] Adjoint(double[] v) => v;
    internal override double[] Coefficients(double[] x) => (double[])x.Clone();
    internal override double[] FromCoefficients(double[] alpha) => (double[])alpha.Clone();

    /// <summary>
    /// K v: OpenBLAS dsymv on K's lower triangle when native (K is exactly symmetric, <see cref="KernelProgram"/> symmetrises
    /// it), which reads half the matrix (these products are bound by memory traffic), else the managed product.
    /// </summary>
    private double[] Times(double[] v) => DenseProducts.Symv(gram, v, NativeBlas.UseNative(backend));

    internal override double CurvatureTrace(double[] d)
    {
        double trace = 0;
        for (int i = 0; i < d.Length; i++) if (d[i] != 0) trace += d[i] * gram[i, i];
        return trace;
    }

    /// <summary>
    /// Forms and factors M = c I + D^(1/2) K D^(1/2). Every m-space solve is refined, whatever <paramref name="refined"/> says:
    /// in a development build that skipped the refinement in the early iterations (as r-space does), n20-d3-B1e3-rel-huber of
    /// docs/solver.md's m = 2000 grid took 20 iterations against 12, and n100-d2-B10-rel-sq 61 against 10 when no iteration
    /// refined (section "Unrefined early r-space directions").
    /// </summary>
    internal override bool Prepare(double[] d, double c, bool refined = true)
    {
        int m = gram.Rows;
        _c = c;
        var sd = new double[m];
        for (int i = 0; i < m; i++) sd[i] = Math.Sqrt(d[i]);
        _sqrtD = sd;
        _factor = null;
        _mixed = null;
        if (_singlePrecision)
        {
            var single = _single ??= LargeArrays.Zeroed(((long)m * m + 1) / 2);
            // only the lower triangle of the row-major storage: the one spotrf reads (MixedPrecisionFactor)
            Parallel.For(0, m, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i) =>
            {
                var src = gram.Row(i);
                var dst = MemoryMarshal.Cast<double, float>(single.AsSpan()).Slice(i * m, i + 1);
                double si = sd[i];
                for (int j = 0; j < i; j++) dst[j] = (float)(si * src[j] * sd[j]);
                dst[i] = (float)(si * src[i] * sd[i] + c);
            });
            _mixed = MixedPrecisionFactor.TryFactor(single, m);
            if (_mixed is not null) return true;
        }
        return PrepareDouble();
    }

    private bool PrepareDouble()
    {
        int m = gram.Rows;
        var sd = _sqrtD;
        double c = _c;
        var buf = _buffer ??= LargeArrays.Zeroed((long)m * m);
        Parallel.For(0, m, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i) =>
        {
            var src = gram.Row(i);
            var dst = buf.AsSpan(i * m, m);
            double si = sd[i];
            for (int j = 0; j < m; j++) dst[j] = si * src[j] * sd[j];
            dst[i] += c;
        });
        _mixed = null;
        _factor = SymmetricFactor.TryFactor(buf, m, native);
        return _factor is not null;
    }

    /// <summary>M y = c y + D^(1/2) K D^(1/2) y, exactly in double (for refinement).</summary>
    private double[] MultiplyM(double[] y)
    {
        int m = gram.Rows;
        var t = new double[m];
        for (int i = 0; i < m; i++) t[i] = _sqrtD[i] * y[i];
        var kt = Times(t);
        for (int i = 0; i < m; i++) kt[i] = _c * y[i] + _sqrtD[i] * kt[i];
        return kt;
    }

    internal override double[] Solve(double[] v)
    {
        int m = gram.Rows;
        var kv = Times(v);
        var t = new double[m];
        for (int i = 0; i < m; i++) t[i] = _sqrtD[i] * kv[i];
        if (_mixed is not null)
        {
            var mixed = _mixed;
            var refined = mixed.Solve(t, MultiplyM);
            if (refined is not null) t = refined;
            else if (PrepareDouble()) _factor!.SolveInPlace(t);
            else t = mixed.Solve(t, MultiplyM, refine: false)!; // no double factor either: the unrefined direction (the certificate is exact regardless)
        }
        else _factor!.SolveInPlace(t);
        var x = new double[m];
        for (int i = 0; i < m; i++) x[i] = (v[i] - _sqrtD[i] * t[i]) / _c;
        return x;
    }
}
