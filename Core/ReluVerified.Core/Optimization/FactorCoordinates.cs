using System.Collections.Immutable;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// r-space coordinates x = u of the program on L L' (a <see cref="FactorProgram"/>: S-lowrank, or the r-space solve of a
/// kernel program on its pivoted Cholesky factor, T2.1): f = L u and ||f||^2 = ||u||^2, and the coefficients are u itself
/// (<see cref="PivotCoefficients"/> maps u to alpha on the pivots for a kernel program). Newton solves factor c I + L' D L
/// (r x r, formed in O(m r^2)). The factor is reached only through <see cref="IFactorRows"/>, so its rows may live elsewhere
/// (a cluster's shards); only the r x r matrix is here. With OpenBLAS, rows held in this process and r &gt;=
/// <see cref="MixedPrecisionRank"/>, the rows whose curvature changed are added in single precision and the matrix factored in
/// single precision, its solves refined in double against the exact c I + L'DL (<see cref="MixedPrecisionFactor"/>) once the
/// interior point nears its end and taken from the single-precision factor alone before that (the <c>refined</c> argument
/// of <see cref="Prepare"/>, <see cref="InteriorPointIterate.RefinedGapShare"/>); a factorisation or refined solve that fails
/// in single precision is redone in double, and the rest of the solve stays in double.
/// </summary>
internal sealed class FactorCoordinates : Coordinates
{
    /// <summary>
    /// Below this rank the r-space Newton matrix is formed and factored in double. Single precision halves the c r^2 + r^3 / 3
    /// flops of forming and factoring it (c the changed rows), but each of a solve's refinement steps reads the changed rows of
    /// L and the base sum again (c r + r^2 / 2 doubles, memory-bound): the gain grows with r, and with the refinement left to
    /// the last iterations (<see cref="InteriorPointIterate.RefinedGapShare"/>) it starts lower. Measured on docs/solver.md's
    /// grid programs: with every solve refined, rank 935 took 0.90 to 1.27 times as long as double ("Single-precision r-space
    /// Newton matrices"); with only the last iterations refined, rank 935 at m = 2000 took 0.85-0.97 (square loss) and
    /// 0.76-0.82 (absolute loss) times as long in the same iterations (three alternations with a threshold of 200), rank 275
    /// 1.05-1.33 times (so not there), rank 230 about the same ("Unrefined early r-space directions").
    /// </summary>
    internal const int MixedPrecisionRank = 500;

    private readonly IFactorRows _rows;
    private readonly ComputeBackend _backend;
    private readonly bool _native;
    private readonly bool[]? _isZero;
    private readonly double[] _squaredNorms;
    private double[]? _lossSum;
    private double[]? _buffer;
    private SymmetricFactor? _factor;
    private double[]? _firstD;
    private bool[]? _static;
    private int _staticRows = -1;
    private double[] _baseSum = [];
    private double[]? _firstSum;
    private bool _singlePrecision;
    private MixedPrecisionFactor? _mixed;
    private double[] _d = [];
    private double _c;
    private int[] _changed = [];
    private bool _unrefined;
    private bool _refined = true;
    private double[]? _singleStorage;

    /// <summary>
    /// Coordinates on a factor seen through <paramref name="rows"/> (the coefficients are u); <paramref name="mixedPrecision"/>
    /// asks for single-precision factorisations where they apply (see the class summary).
    /// </summary>
    /// <param name="rows">L, through its products.</param>
    /// <param name="native">LAPACK (true) or managed factorisations.</param>
    /// <param name="zero">The constrained rows Z (their curvature changes every iteration), or null.</param>
    /// <param name="mixedPrecision">Single-precision Newton matrices where they apply (<see cref="SolverOptions.MixedPrecision"/>).</param>
    internal FactorCoordinates(IFactorRows rows, bool native, int[]? zero = null, bool mixedPrecision = false)
    {
        _rows = rows;
        _native = native;
        _singlePrecision = mixedPrecision && native && rows is DenseFactorRows && rows.Rank >= MixedPrecisionRank;
        _backend = native ? ComputeBackend.Native : ComputeBackend.Managed;
        _isZero = zero is null ? null : Mark(zero, rows.Rows);
        _squaredNorms = rows.RowSquaredNorms();
    }

    /// <summary>True when the last prepared Newton matrix was factored in single precision (for checks).</summary>
    internal bool PreparedInSinglePrecision => _mixed is not null;

    /// <summary>Products with c I + L'DL that refinement has taken since the last preparation (for checks).</summary>
    internal int RefinementProducts { get; private set; }

    internal override int Size => _rows.Rank;
    internal override int Rank => _rows.Rank;
    internal override NewtonSystemKind Kind => NewtonSystemKind.LowRank;

    internal override double[] Predict(double[] x) => _rows.Times(x, _backend);

    internal override double[] Metric(double[] x, double[] f) => x;

    internal override double[] Adjoint(double[] v) => _rows.TransposeTimes(v, _backend);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double CurvatureTrace(double[] d)
    {
        double trace = 0;
        for (int i = 0; i < d.Length; i++) if (d[i] != 0) trace += d[i] * _squaredNorms[i];
        return trace;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override bool Prepare(double[] d, double c, bool refined = true)
    {
        // L'DL = (the base sum: rows whose curvature never changed) + (the changed rows). The base sum is formed once: with the
        // square loss every loss row keeps d_i = 2 w_i / m, so an agnostic square-loss solve forms L'DL once in all and a
        // reliable one pays O(|Z| r^2) per iteration instead of O(m r^2). Each sum is accumulated over row blocks of
        // sqrt(D) L, so the scaled copy costs O(b r), not O(m r).
        int m = _rows.Rows, r = _rows.Rank;
        _d = d;
        _c = c;
        _refined = refined;
        _mixed = null;
        _factor = null;
        _unrefined = false;
        RefinementProducts = 0;
        if (_firstD is null)
        {
            _firstD = (double[])d.Clone();
            if (_isZero is null)
            {
                _firstSum = LargeArrays.Zeroed((long)r * r);
                Accumulate(Enumerable.Range(0, m).Where(i => d[i] != 0).ToArray(), d, _firstSum);
                (_baseSum, _changed) = (_firstSum, []);
            }
            else
            {
                // the loss rows first, kept apart: they are the rows whose curvature stays put (the square loss), so the static
                // sum of the next call is usually this one and need not be formed again; the zero rows are added to it in the
                // working buffer, as in every later call
                _lossSum = LargeArrays.Zeroed((long)r * r);
                Accumulate(Enumerable.Range(0, m).Where(i => !_isZero[i] && d[i] != 0).ToArray(), d, _lossSum);
                (_baseSum, _changed) = (_lossSum, Enumerable.Range(0, m).Where(i => _isZero[i] && d[i] != 0).ToArray());
            }
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
                if (_staticRows == m && _firstSum is not null)
                    _baseSum = _firstSum; // every row kept its first curvature: the first sum is the static sum, bit for bit
                else if (staticAreLossRows)
                    _baseSum = _lossSum!; // exactly the loss rows kept their curvature: their sum was formed first, on its own
                else
                {
                    _baseSum = LargeArrays.Zeroed((long)r * r);
                    if (_staticRows == m)
                    {
                        // every row kept its first curvature: the first call's sum (the loss rows, then the zero rows) bit for bit
                        _lossSum!.AsSpan().CopyTo(_baseSum);
                        Accumulate(Enumerable.Range(0, m).Where(i => _isZero![i] && d[i] != 0).ToArray(), d, _baseSum);
                    }
                    else Accumulate(Enumerable.Range(0, m).Where(i => isStatic[i] && d[i] != 0).ToArray(), d, _baseSum);
                }
            }
            _changed = [.. changed];
        }
        if (_singlePrecision && PrepareSingle()) return true;
        return PrepareDouble();
    }

    /// <summary>
    /// c I + L'DL in single precision in storage of its own (r^2 floats, the lower triangle: the base sum rounded, the changed
    /// rows added by ssyrk), apart from the double buffer so that a double fallback keeps the single factor, and factored;
    /// false, and single precision given up for the rest of the solve, when a pivot is not positive.
    /// </summary>
    private bool PrepareSingle()
    {
        int r = _rows.Rank;
        var baseSum = _baseSum;
        var storage = _singleStorage ??= LargeArrays.Zeroed(((long)r * r + 1) / 2);
        var single = MemoryMarshal.Cast<double, float>(storage.AsSpan());
        for (int i = 0; i < r; i++)
        {
            TensorPrimitives.ConvertTruncating<double, float>(baseSum.AsSpan(i * r, i + 1), single.Slice(i * r, i + 1));
            single[i * r + i] = (float)(baseSum[i * r + i] + _c);
        }
        if (_changed.Length > 0) ((DenseFactorRows)_rows).AddWeightedGramSingle(Selected(_changed, _d), single[..(r * r)]);
        _mixed = MixedPrecisionFactor.TryFactor(storage, r);
        if (_mixed is null) _singlePrecision = false;
        return _mixed is not null;
    }

    /// <summary>c I + L'DL in double (the base sum and the changed rows), factored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool PrepareDouble()
    {
        int r = _rows.Rank;
        _mixed = null;
        var buffer = _buffer ??= LargeArrays.Zeroed((long)r * r);
        _baseSum.AsSpan().CopyTo(buffer);
        Accumulate(_changed, _d, buffer);
        for (int i = 0; i < r; i++)
            for (int j = i + 1; j < r; j++) buffer[i * r + j] = buffer[j * r + i];
        for (int i = 0; i < r; i++) buffer[i * r + i] += _c;
        _factor = SymmetricFactor.TryFactor(buffer, r, _native);
        return _factor is not null;
    }

    /// <summary>
    /// (c I + L'DL) y in double, for refinement: the base sum's lower triangle (dsymv) and the changed rows in one pass over
    /// them (<see cref="DenseFactorRows.WeightedGramTimes"/>), so L's rows are read once and only the changed ones.
    /// </summary>
    private double[] MultiplyNewton(double[] y)
    {
        RefinementProducts++;
        int r = _rows.Rank;
        var t = DenseProducts.SymvLower(_baseSum, r, y);
        var changed = ((DenseFactorRows)_rows).WeightedGramTimes(_changed, _d, y);
        for (int j = 0; j < r; j++) t[j] += changed[j] + _c * y[j];
        return t;
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
        _rows.AddWeightedGram(Selected(rows, d), target, _backend);
    }

    /// <summary>d on <paramref name="rows"/>, 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Selected(int[] rows, double[] d)
    {
        var selected = new double[d.Length];
        foreach (int i in rows) selected[i] = d[i];
        return selected;
    }

    internal override double[] Solve(double[] v)
    {
        if (_mixed is { } mixed)
        {
            // before the last iterations the single-precision solve alone (see RefinedGapShare): the interior point's next
            // linearisation recomputes every residual exactly, and the certificate does not depend on the direction; a right-hand
            // side beyond single precision's range (or a solve that overflows there) takes the refined path and its fallbacks
            if (!_refined && !_unrefined && mixed.Solve(v, MultiplyNewton, refine: false) is { } quick && quick.All(double.IsFinite)) return quick;
            if (mixed.Solve(v, MultiplyNewton, refine: !_unrefined) is { } solved) return solved;
            // refinement and conjugate gradients fell short: this iteration and the rest of the solve in double
            _singlePrecision = false;
            if (!PrepareDouble())
            {
                // no double factor either: the unrefined direction for this iteration (the certificate is exact regardless)
                _mixed = mixed;
                _unrefined = true;
                return mixed.Solve(v, MultiplyNewton, refine: false)!;
            }
        }
        var x = (double[])v.Clone();
        _factor!.SolveInPlace(x);
        return x;
    }

    internal override double[] Coefficients(double[] x) => (double[])x.Clone();

    /// <summary>
    /// The coefficients alpha (length m, supported on the pivots) of factor coordinates u for a pivoted Cholesky factor L:
    /// alpha_p = L_pp^(-T) u, so that K alpha = K_{:,p} alpha_p = L L_pp' alpha_p = L u (pivot columns are exact).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
