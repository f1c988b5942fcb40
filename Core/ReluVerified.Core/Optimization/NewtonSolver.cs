using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// Solves (c I + D K) x = v for diagonal D &gt;= 0 and c &gt; 0, the reduced Newton system of T2.1's interior-point method.
/// Dense (m-space): x = (v - D^(1/2) M^(-1) D^(1/2) K v) / c with M = c I + D^(1/2) K D^(1/2) (SPD, eigenvalues &gt;= c).
/// Low rank (r-space, K ~ L L'): x = (v - D L N^(-1) L' v) / c with N = c I + L' D L (r x r).
/// Both are the push-through identity (c I + U V)^(-1) = (I - U (c I + V U)^(-1) V) / c.
/// </summary>
internal sealed unsafe class NewtonSolver
{
    private readonly Matrix _gram;
    private readonly LowRankFactor? _lowRank;
    private readonly bool _native;
    private readonly double[] _buffer;
    private double[] _d = [];
    private double[] _sqrtD = [];
    private double _c;
    private SymmetricFactor? _factor;

    internal NewtonSolver(Matrix gram, LowRankFactor? lowRank, bool native)
    {
        _gram = gram;
        _lowRank = lowRank;
        _native = native;
        int size = lowRank?.Rank ?? gram.Rows;
        _buffer = new double[(long)size * size];
    }

    internal int Rank => _lowRank?.Rank ?? _gram.Rows;

    /// <summary>Factors the system for new D and c; false when the factorisation fails (numerical trouble).</summary>
    internal bool Prepare(double[] d, double c)
    {
        _d = d;
        _c = c;
        _sqrtD = new double[d.Length];
        for (int i = 0; i < d.Length; i++) _sqrtD[i] = Math.Sqrt(d[i]);
        int m = _gram.Rows;
        if (_lowRank is null)
        {
            var sd = _sqrtD;
            var gram = _gram;
            var buf = _buffer;
            Parallel.For(0, m, i =>
            {
                var src = gram.Row(i);
                var dst = buf.AsSpan(i * m, m);
                double si = sd[i];
                for (int j = 0; j < m; j++) dst[j] = si * src[j] * sd[j];
                dst[i] += c;
            });
            _factor = SymmetricFactor.TryFactor(_buffer, m, _native);
        }
        else
        {
            int r = _lowRank.Rank;
            var l = _lowRank.Factor;
            var scaled = new double[(long)m * r];
            for (int i = 0; i < m; i++)
            {
                var row = l.Row(i);
                for (int j = 0; j < r; j++) scaled[i * r + j] = _sqrtD[i] * row[j];
            }
            if (_native)
            {
                fixed (double* a = scaled)
                fixed (double* cc = _buffer)
                    NativeBlas.Dsyrk(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.Trans, r, m, 1.0, a, r, 0.0, cc, r);
                for (int i = 0; i < r; i++)
                    for (int j = i + 1; j < r; j++) _buffer[i * r + j] = _buffer[j * r + i];
            }
            else
            {
                Array.Clear(_buffer);
                for (int k = 0; k < m; k++)
                {
                    var row = scaled.AsSpan(k * r, r);
                    for (int i = 0; i < r; i++)
                    {
                        double v = row[i];
                        if (v == 0) continue;
                        var dst = _buffer.AsSpan(i * r, r);
                        for (int j = 0; j < r; j++) dst[j] += v * row[j];
                    }
                }
            }
            for (int i = 0; i < r; i++) _buffer[i * r + i] += c;
            _factor = SymmetricFactor.TryFactor(_buffer, r, _native);
        }
        return _factor is not null;
    }

    /// <summary>x = (c I + D K)^(-1) v.</summary>
    internal double[] Solve(double[] v, ComputeBackend backend)
    {
        int m = _gram.Rows;
        var x = new double[m];
        if (_lowRank is null)
        {
            var kv = GramEngine.MatVec(_gram, v, backend);
            var t = new double[m];
            for (int i = 0; i < m; i++) t[i] = _sqrtD[i] * kv[i];
            _factor!.SolveInPlace(t);
            for (int i = 0; i < m; i++) x[i] = (v[i] - _sqrtD[i] * t[i]) / _c;
        }
        else
        {
            var l = _lowRank.Factor;
            int r = l.Columns;
            var t = new double[r];
            for (int i = 0; i < m; i++)
            {
                var row = l.Row(i);
                double vi = v[i];
                if (vi == 0) continue;
                for (int j = 0; j < r; j++) t[j] += row[j] * vi;
            }
            _factor!.SolveInPlace(t);
            for (int i = 0; i < m; i++)
            {
                double dlt = 0;
                var row = l.Row(i);
                for (int j = 0; j < r; j++) dlt += row[j] * t[j];
                x[i] = (v[i] - _d[i] * dlt) / _c;
            }
        }
        return x;
    }
}
