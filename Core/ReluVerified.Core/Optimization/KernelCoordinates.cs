using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// m-space coordinates x = alpha for T2.1 (Gram matrix numerically full rank). Newton solves use the push-through identity
/// (c I + D K)^(-1) v = (v - D^(1/2) M^(-1) D^(1/2) K v) / c with M = c I + D^(1/2) K D^(1/2), which is SPD with
/// eigenvalues &gt;= c for every D &gt;= 0: one m x m Cholesky per interior-point iteration.
/// </summary>
internal sealed class KernelCoordinates(Matrix gram, bool native, ComputeBackend backend) : Coordinates
{
    private readonly double[] _buffer = new double[(long)gram.Rows * gram.Rows];
    private double[] _sqrtD = [];
    private double _c;
    private SymmetricFactor? _factor;

    internal override int Size => gram.Rows;
    internal override int Rank => gram.Rows;
    internal override NewtonSystemKind Kind => NewtonSystemKind.Dense;

    internal override double[] Predict(double[] x) => GramEngine.MatVec(gram, x, backend);
    internal override double[] Metric(double[] x, double[] f) => f;
    internal override double[] Adjoint(double[] v) => v;
    internal override double[] Coefficients(double[] x) => (double[])x.Clone();
    internal override double[] FromCoefficients(double[] alpha) => (double[])alpha.Clone();

    internal override bool Prepare(double[] d, double c)
    {
        int m = gram.Rows;
        _c = c;
        var sd = new double[m];
        for (int i = 0; i < m; i++) sd[i] = Math.Sqrt(d[i]);
        _sqrtD = sd;
        var buf = _buffer;
        Parallel.For(0, m, i =>
        {
            var src = gram.Row(i);
            var dst = buf.AsSpan(i * m, m);
            double si = sd[i];
            for (int j = 0; j < m; j++) dst[j] = si * src[j] * sd[j];
            dst[i] += c;
        });
        _factor = SymmetricFactor.TryFactor(_buffer, m, native);
        return _factor is not null;
    }

    internal override double[] Solve(double[] v)
    {
        int m = gram.Rows;
        var kv = GramEngine.MatVec(gram, v, backend);
        var t = new double[m];
        for (int i = 0; i < m; i++) t[i] = _sqrtD[i] * kv[i];
        _factor!.SolveInPlace(t);
        var x = new double[m];
        for (int i = 0; i < m; i++) x[i] = (v[i] - _sqrtD[i] * t[i]) / _c;
        return x;
    }
}
