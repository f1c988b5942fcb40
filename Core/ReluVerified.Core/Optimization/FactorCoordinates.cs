using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// r-space coordinates x = u = L' alpha for T2.1, with K ~ L L' from a complete pivoted Cholesky (rank r): f = L u and
/// ||f||_K^2 = ||u||^2. Newton solves factor c I + L' D L (r x r, formed in O(m r^2)). The coefficients of u are supported on
/// the pivots: alpha_p = L_pp^(-T) u, so that K alpha = K_{:,p} alpha_p = L L_pp' alpha_p = L u (pivot columns are exact).
/// Without pivots (a <see cref="FactorProgram"/>, S-lowrank) the coefficients are u itself.
/// </summary>
internal sealed class FactorCoordinates(Matrix l, ImmutableArray<int> pivots, bool native, int[]? zero = null) : Coordinates
{
    private readonly Matrix _l = l;
    private readonly bool[]? _isZero = zero is null ? null : Mark(zero, l.Rows);
    private double[]? _lossSum;
    private readonly double[] _buffer = new double[(long)l.Columns * l.Columns];
    private SymmetricFactor? _factor;
    private double[]? _firstD;
    private bool[]? _static;
    private int _staticRows = -1;
    private double[]? _staticSum;
    private double[]? _firstSum;

    /// <summary>Rows of sqrt(D) L formed at once when building L'DL.</summary>
    private const int PrepareBlockRows = 4096;

    internal override int Size => _l.Columns;
    internal override int Rank => _l.Columns;
    internal override NewtonSystemKind Kind => NewtonSystemKind.LowRank;

    internal override double[] Predict(double[] x)
    {
        int m = _l.Rows, r = _l.Columns;
        var f = new double[m];
        DenseProducts.Gemv(_l.AsSpan(), m, r, transpose: false, x, f, native);
        return f;
    }

    internal override double[] Metric(double[] x, double[] f) => x;

    internal override double[] Adjoint(double[] v)
    {
        int m = _l.Rows, r = _l.Columns;
        var t = new double[r];
        DenseProducts.Gemv(_l.AsSpan(), m, r, transpose: true, v, t, native);
        return t;
    }

    internal override double CurvatureTrace(double[] d)
    {
        double trace = 0;
        for (int i = 0; i < d.Length; i++) if (d[i] != 0) trace += d[i] * TensorPrimitives.Dot(_l.Row(i), _l.Row(i));
        return trace;
    }

    internal override bool Prepare(double[] d, double c)
    {
        // L'DL = (sum over rows whose curvature never changed) + (sum over the others). The first sum is formed once: with the
        // square loss every loss row keeps d_i = 2 w_i / m, so an agnostic square-loss solve forms L'DL once in all and a
        // reliable one pays O(|Z| r^2) per iteration instead of O(m r^2). Each sum is accumulated over row blocks of
        // sqrt(D) L, so the scaled copy costs O(b r), not O(m r).
        int m = _l.Rows, r = _l.Columns;
        if (_firstD is null)
        {
            _firstD = (double[])d.Clone();
            _firstSum = new double[(long)r * r];
            if (_isZero is null) Accumulate(Enumerable.Range(0, m).Where(i => d[i] != 0).ToArray(), d, _firstSum);
            else
            {
                // the loss rows first, kept apart: they are the rows whose curvature stays put (the square loss), so the static
                // sum of the next call is usually this one and need not be formed again
                Accumulate(Enumerable.Range(0, m).Where(i => !_isZero[i] && d[i] != 0).ToArray(), d, _firstSum);
                _lossSum = (double[])_firstSum.Clone();
                Accumulate(Enumerable.Range(0, m).Where(i => _isZero[i] && d[i] != 0).ToArray(), d, _firstSum);
            }
            _firstSum.AsSpan().CopyTo(_buffer);
        }
        else
        {
            var isStatic = new bool[m];
            int staticCount = 0;
            var changed = new List<int>();
            bool staticAreLossRows = _lossSum is not null;
            for (int i = 0; i < m; i++)
            {
                isStatic[i] = d[i] == _firstD[i] && (_static is null || _static[i]);
                if (isStatic[i]) staticCount++;
                else if (d[i] != 0) changed.Add(i);
                if (staticAreLossRows && d[i] != 0 && isStatic[i] == _isZero![i]) staticAreLossRows = false;
            }
            if (_static is null || staticCount != _staticRows)
            {
                _static = isStatic;
                _staticRows = staticCount;
                if (_staticRows == m)
                    _staticSum = _firstSum; // every row kept its first curvature: the first sum is the static sum, bit for bit
                else if (staticAreLossRows)
                    _staticSum = _lossSum; // exactly the loss rows kept their curvature: their sum was formed first, on its own
                else
                {
                    _staticSum = new double[(long)r * r];
                    Accumulate(Enumerable.Range(0, m).Where(i => isStatic[i] && d[i] != 0).ToArray(), d, _staticSum);
                }
            }
            _staticSum!.AsSpan().CopyTo(_buffer);
            Accumulate([.. changed], d, _buffer);
        }
        for (int i = 0; i < r; i++)
            for (int j = i + 1; j < r; j++) _buffer[i * r + j] = _buffer[j * r + i];
        for (int i = 0; i < r; i++) _buffer[i * r + i] += c;
        _factor = SymmetricFactor.TryFactor(_buffer, r, native);
        return _factor is not null;
    }

    private static bool[] Mark(int[] rows, int m)
    {
        var marked = new bool[m];
        foreach (int i in rows) marked[i] = true;
        return marked;
    }

    /// <summary>Adds the lower triangle of sum_{i in rows} d_i L_i' L_i to <paramref name="target"/> (r x r, row-major).</summary>
    private void Accumulate(int[] rows, double[] d, double[] target)
    {
        int r = _l.Columns;
        if (rows.Length == 0) return;
        int block = Math.Min(rows.Length, PrepareBlockRows);
        var scaled = new double[(long)block * r];
        for (int start = 0; start < rows.Length; start += block)
        {
            int count = Math.Min(block, rows.Length - start);
            for (int k = 0; k < count; k++)
            {
                int i = rows[start + k];
                TensorPrimitives.Multiply(_l.Row(i), Math.Sqrt(d[i]), scaled.AsSpan(k * r, r));
            }
            if (native)
                DenseProducts.SyrkLower(scaled.AsSpan(0, count * r), r, count, transpose: true, beta: 1.0, target);
            else
            {
                for (int k = 0; k < count; k++)
                {
                    var row = scaled.AsSpan(k * r, r);
                    for (int i = 0; i < r; i++)
                        if (row[i] != 0) TensorPrimitives.MultiplyAdd(row[..(i + 1)], row[i], target.AsSpan(i * r, i + 1), target.AsSpan(i * r, i + 1));
                }
            }
        }
    }

    internal override double[] Solve(double[] v)
    {
        var x = (double[])v.Clone();
        _factor!.SolveInPlace(x);
        return x;
    }

    internal override double[] Coefficients(double[] x)
    {
        // alpha_p = L_pp^(-T) u: L_pp (rows of L at the pivots, in pivot order) is lower triangular
        if (pivots.IsDefault) return (double[])x.Clone();
        int r = _l.Columns;
        var a = (double[])x.Clone();
        for (int k = r - 1; k >= 0; k--)
        {
            double sum = a[k];
            for (int j = k + 1; j < r; j++) sum -= _l[pivots[j], k] * a[j];
            a[k] = sum / _l[pivots[k], k];
        }
        var alpha = new double[_l.Rows];
        for (int k = 0; k < r; k++) alpha[pivots[k]] = a[k];
        return alpha;
    }

    internal override double[] FromCoefficients(double[] alpha) => pivots.IsDefault ? (double[])alpha.Clone() : Adjoint(alpha);
}
