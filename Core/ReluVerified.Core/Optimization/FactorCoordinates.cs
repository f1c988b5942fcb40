using System.Collections.Immutable;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// r-space coordinates x = u of the program on L L' (a <see cref="FactorProgram"/>: S-lowrank, or the r-space solve of a
/// kernel program on its pivoted Cholesky factor, T2.1): f = L u and ||f||^2 = ||u||^2, and the coefficients are u itself
/// (<see cref="PivotCoefficients"/> maps u to alpha on the pivots for a kernel program). Newton solves factor c I + L' D L
/// (r x r, formed in O(m r^2)). The factor is reached only through <see cref="IFactorRows"/>, so its rows may live elsewhere
/// (a cluster's shards); only the r x r matrix is here.
/// </summary>
internal sealed class FactorCoordinates : Coordinates
{
    private readonly IFactorRows _rows;
    private readonly ComputeBackend _backend;
    private readonly bool _native;
    private readonly bool[]? _isZero;
    private readonly double[] _squaredNorms;
    private double[]? _lossSum;
    private readonly double[] _buffer;
    private SymmetricFactor? _factor;
    private double[]? _firstD;
    private bool[]? _static;
    private int _staticRows = -1;
    private double[]? _staticSum;
    private double[]? _firstSum;

    /// <summary>Coordinates on a factor seen through <paramref name="rows"/> (the coefficients are u).</summary>
    internal FactorCoordinates(IFactorRows rows, bool native, int[]? zero = null)
    {
        _rows = rows;
        _native = native;
        _backend = native ? ComputeBackend.Native : ComputeBackend.Managed;
        _isZero = zero is null ? null : Mark(zero, rows.Rows);
        _squaredNorms = rows.RowSquaredNorms();
        _buffer = new double[(long)rows.Rank * rows.Rank];
    }

    internal override int Size => _rows.Rank;
    internal override int Rank => _rows.Rank;
    internal override NewtonSystemKind Kind => NewtonSystemKind.LowRank;

    internal override double[] Predict(double[] x) => _rows.Times(x, _backend);

    internal override double[] Metric(double[] x, double[] f) => x;

    internal override double[] Adjoint(double[] v) => _rows.TransposeTimes(v, _backend);

    internal override double CurvatureTrace(double[] d)
    {
        double trace = 0;
        for (int i = 0; i < d.Length; i++) if (d[i] != 0) trace += d[i] * _squaredNorms[i];
        return trace;
    }

    internal override bool Prepare(double[] d, double c)
    {
        // L'DL = (sum over rows whose curvature never changed) + (sum over the others). The first sum is formed once: with the
        // square loss every loss row keeps d_i = 2 w_i / m, so an agnostic square-loss solve forms L'DL once in all and a
        // reliable one pays O(|Z| r^2) per iteration instead of O(m r^2). Each sum is accumulated over row blocks of
        // sqrt(D) L, so the scaled copy costs O(b r), not O(m r).
        int m = _rows.Rows, r = _rows.Rank;
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
        _factor = SymmetricFactor.TryFactor(_buffer, r, _native);
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
        if (rows.Length == 0) return;
        var selected = new double[d.Length];
        foreach (int i in rows) selected[i] = d[i];
        _rows.AddWeightedGram(selected, target, _backend);
    }

    internal override double[] Solve(double[] v)
    {
        var x = (double[])v.Clone();
        _factor!.SolveInPlace(x);
        return x;
    }

    internal override double[] Coefficients(double[] x) => (double[])x.Clone();

    /// <summary>
    /// The coefficients alpha (length m, supported on the pivots) of factor coordinates u for a pivoted Cholesky factor L:
    /// alpha_p = L_pp^(-T) u, so that K alpha = K_{:,p} alpha_p = L L_pp' alpha_p = L u (pivot columns are exact).
    /// </summary>
    internal static double[] PivotCoefficients(Matrix l, ImmutableArray<int> pivots, double[] u)
    {
        // L_pp (rows of L at the pivots, in pivot order) is lower triangular
        int r = l.Columns;
        var a = (double[])u.Clone();
        for (int k = r - 1; k >= 0; k--)
        {
            double sum = a[k];
            for (int j = k + 1; j < r; j++) sum -= l[pivots[j], k] * a[j];
            a[k] = sum / l[pivots[k], k];
        }
        var alpha = new double[l.Rows];
        for (int k = 0; k < r; k++) alpha[pivots[k]] = a[k];
        return alpha;
    }

    internal override double[] FromCoefficients(double[] alpha) => (double[])alpha.Clone();
}
