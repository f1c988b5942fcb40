using System.Collections.Immutable;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// Greedy pivoted Cholesky of a positive semi-definite matrix (T2.1's r-space Newton systems; S-lowrank's incomplete
/// factor of a kernel matrix that is never formed): at each step the largest remaining diagonal entry
/// is the pivot; it stops when the remainder's trace falls below tolerance * trace(K) or at the rank cap.
/// Cost O(m r^2). K - L L' stays positive semi-definite, so its trace bounds every entry of the remainder.
/// </summary>
public static class PivotedCholesky
{
    /// <summary>
    /// Factors <paramref name="gram"/> ~ L L' with rank at most <paramref name="maxRank"/> (default m). With
    /// <paramref name="giveUpEarly"/>, it stops (incomplete) once a quarter of the cap is used while more than half the trace
    /// remains: a spectrum that flat will not meet a small tolerance within the cap (a cheap probe for the solver's choice).
    /// </summary>
    public static LowRankFactor Factor(Matrix gram, double relativeTraceTolerance, int maxRank = int.MaxValue, bool giveUpEarly = false)
    {
        Preconditions.NotNull(gram);
        Preconditions.Check(gram.Rows == gram.Columns, nameof(gram), $"{nameof(gram)} is {gram.Rows}x{gram.Columns}: it must be square.");
        Preconditions.Check(double.IsFinite(relativeTraceTolerance) && relativeTraceTolerance >= 0, nameof(relativeTraceTolerance),
            $"{nameof(relativeTraceTolerance)} must be a non-negative finite number, got {relativeTraceTolerance}.");
        Preconditions.Positive(maxRank);
        int m = gram.Rows;
        var diag = new double[m];
        for (int i = 0; i < m; i++) diag[i] = gram[i, i];
        return Greedy(diag, p => gram.Row(p), relativeTraceTolerance, Math.Min(maxRank, m), giveUpEarly, default);
    }

    /// <summary>What the blocked pivoted Cholesky found for one Gram matrix at one tolerance.</summary>
    /// <param name="Tolerance">The relative trace tolerance it was run at.</param>
    /// <param name="Factor">The factor when the numerical rank r is below m (null at full rank).</param>
    /// <param name="FullRank">True when it completed all m pivots, each above the tolerance (so K is numerically PD).</param>
    /// <param name="Cleared">The leading pivots the unpivoted probe cleared (m at full rank).</param>
    /// <param name="Decided">False when the pivoted factorisation was skipped (the caller's <c>clearedSuffice</c> held on
    /// <paramref name="Cleared"/>): K is not cleared as full rank, and neither its rank nor its factor is known.</param>
    internal sealed record NumericalRank(double Tolerance, LowRankFactor? Factor, bool FullRank, int Cleared, bool Decided = true);

    // the result per Gram matrix (a cache with no observable effect: a Matrix never changes), so that a path of solves on one
    // matrix (several B or tau_c) factors it once; entries live exactly as long as their matrix
    private static readonly ConditionalWeakTable<Matrix, NumericalRank> Remembered = new();

    /// <summary>
    /// The cheap first try of <see cref="ProbeNative(Matrix, double, Func{double[]}, Func{int, bool}?)"/>: an unpivoted Cholesky of K in <paramref name="buffer"/> (no pivot
    /// search, so faster than the pivoted dpstrf); true when it completes with every pivot (the squared diagonal of the factor,
    /// the Schur complement's diagonal at that step) above tolerance * trace(K) / m, the threshold at which the pivoted
    /// factorisation stops. A cleared K is called full rank (the m-space Newton systems are then well posed: K is factored with
    /// no pivot near zero) and, the factorisation of K itself having succeeded, PSD (Proofs/T2.1-reliable-program.md, "Input
    /// checks", step 2b). This test is sufficient, not the pivoted one: a K it does not clear goes to the pivoted factorisation,
    /// which decides its rank. Returns the number of leading pivots cleared (m: all of them), an estimate of K's numerical rank
    /// (the leading block of that size factors with every pivot above the threshold; this does not bound the pivoted
    /// factorisation's rank in general), which the Newton-system choice reads as the rank.
    /// <para>
    /// The factorisation grows a leading block (<see cref="BorderedCholesky(double[], int, int, Func{int, bool}, out int)"/>: 256 rows, then twice as many at each stage), so
    /// that a numerically rank-deficient K fails at the first stage whose block exceeds its rank, at about the cost of that
    /// block's factorisation: OpenBLAS's dpotrf on all of K updates much of the trailing matrix before it reaches a failing
    /// pivot (measured with <c>rank-probe</c> of Bench/ReluVerified.Bench, docs/solver.md: 3.4x faster at m = 2000 and rank
    /// 935, 7.8x at m = 4000, 10x at m = 8000; within 3% at full rank). For a PSD K a leading block whose factorisation fails is itself
    /// numerically singular, and so is K (v'K_11 v = 0 makes (v, 0) a null vector of K).
    /// </para>
    /// </summary>
    /// <summary>
    /// The factorisation the probe of <see cref="ProbeNative(Matrix, double, Func{double[]}, Func{int, bool}?)"/> computes, again:
    /// true when it clears every pivot at <paramref name="relativeTraceTolerance"/>, leaving L (K = L L') in the lower triangle of
    /// <paramref name="buffer"/> (row-major m x m, overwritten), bit for bit the factor a probe that ran now would leave.
    /// </summary>
    internal static bool UnpivotedFactor(Matrix gram, double relativeTraceTolerance, double[] buffer)
        => UnpivotedPivotsClear(gram, relativeTraceTolerance, buffer) == gram.Rows;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int UnpivotedPivotsClear(Matrix gram, double relativeTraceTolerance, double[] buffer)
    {
        int m = gram.Rows;
        double trace = 0;
        for (int i = 0; i < m; i++) trace += gram[i, i];
        double threshold = relativeTraceTolerance * trace / m;
        gram.AsSpan().CopyTo(buffer);
        BorderedCholesky(buffer, m, FirstBlock, k => !(buffer[(long)k * m + k] * buffer[(long)k * m + k] > threshold), out int cleared);
        return cleared;
    }

    /// <summary>
    /// The end of the stage after rows 0..k-1 of <see cref="BorderedCholesky(double[], int, int, Func{int, bool}, out int)"/>: 2 k, except that a doubling that would reach m
    /// is split in two equal stages (when each has at least <paramref name="firstBlock"/> rows), so that a K whose rank lies in
    /// the last half is found rank-deficient at the cost of a factorisation to about three quarters of m, not all of it.
    /// </summary>
    private static int LastStagesHalved(int k, int m, int firstBlock)
        => 2 * k < m ? 2 * k : m - k >= 2 * firstBlock ? k + (m - k) / 2 : m;

    /// <summary>The leading block of the first stage of <see cref="BorderedCholesky(double[], int, int, Func{int, bool}, out int)"/>.</summary>
    internal const int FirstBlock = 256;

    /// <summary>
    /// The Cholesky factorisation K = L L' of the symmetric matrix in <paramref name="a"/> (row-major m x m, overwritten; L in
    /// the lower triangle) by stages on growing leading blocks: with rows 0..k-1 factored, rows k..k2-1 (k2 = min(m, 2k)) take
    /// L_21 = K_21 L_11^(-T) (dtrsm), the Schur complement K_22 - L_21 L_21' (dsyrk) and its factor (dpotrf). Every entry is
    /// the standard Cholesky recurrence l_ij = (k_ij - sum_k l_ik l_jk) / l_jj with its sum in some order, so the backward error
    /// bound of a completed factorisation is that of any Cholesky (Proofs/T2.1-reliable-program.md, "Input checks").
    /// Returns false at the first stage whose factorisation fails or that holds a pivot <paramref name="rejects"/> (given the
    /// pivot's index); rows from the next stage on are then left as they were.
    /// </summary>
    internal static bool BorderedCholesky(double[] a, int m, int firstBlock, Func<int, bool> rejects)
        => BorderedCholesky(a, m, firstBlock, rejects, out _);

    /// <summary>
    /// <see cref="BorderedCholesky(double[], int, int, Func{int, bool})"/>, also giving <paramref name="cleared"/>: m when it
    /// completes, else the index of the first pivot that failed or was rejected (every pivot before it was factored and not
    /// rejected; in the failing stage, dpotrf's factored leading rows are checked too).
    /// </summary>
    internal static unsafe bool BorderedCholesky(double[] a, int m, int firstBlock, Func<int, bool> rejects, out int cleared)
    {
        int k = 0;
        fixed (double* pa = a)
        {
            while (k < m)
            {
                int k2 = k == 0 ? Math.Min(m, firstBlock) : LastStagesHalved(k, m, firstBlock), width = k2 - k;
                double* block = pa + (long)k * m + k;
                if (k > 0)
                {
                    double* rows = pa + (long)k * m;
                    NativeBlas.Dtrsm(NativeBlas.RowMajor, NativeBlas.Right, NativeBlas.Lower, NativeBlas.Trans, NativeBlas.NonUnit, width, k, 1.0, pa, m, rows, m);
                    NativeBlas.Dsyrk(NativeBlas.RowMajor, NativeBlas.Lower, NativeBlas.NoTrans, width, k, -1.0, rows, m, 1.0, block, m);
                }
                int info = 0, n = width, lda = m;
                byte uplo = (byte)'U'; // column-major upper of the block = row-major lower
                NativeBlas.Dpotrf(&uplo, &n, block, &lda, &info);
                // info > 0: the leading info - 1 rows of the block are factored, row info - 1 failed
                int factored = info == 0 ? k2 : info > 0 ? k + info - 1 : k;
                for (int j = k; j < factored; j++)
                    if (rejects(j)) { cleared = j; return false; }
                if (info != 0) { cleared = factored; return false; }
                k = k2;
            }
        }
        cleared = m;
        return true;
    }

    /// <summary>
    /// The numerical rank of <paramref name="gram"/> at <paramref name="relativeTraceTolerance"/>, computed once per matrix and
    /// tolerance (in a buffer from <paramref name="workspace"/>, overwritten) and remembered with it: full rank when the
    /// unpivoted Cholesky clears every pivot (<see cref="UnpivotedPivotsClear"/>), otherwise <see cref="FactorNative(Matrix, double, double[], out bool)"/>'s answer,
    /// unless <paramref name="clearedSuffice"/> holds on the number of pivots cleared (a caller that needs no factor at a rank of
    /// at least that): then the pivoted factorisation is skipped (<see cref="NumericalRank.Decided"/> false) until a later call
    /// without it asks for the factor.
    /// </summary>
    internal static NumericalRank ProbeNative(Matrix gram, double relativeTraceTolerance, Func<double[]> workspace, Func<int, bool>? clearedSuffice = null)
        => ProbeNative(gram, relativeTraceTolerance, workspace, clearedSuffice, out _);

    /// <summary>
    /// <see cref="ProbeNative(Matrix, double, Func{double[]}, Func{int, bool}?)"/>, also saying whether this call factored K
    /// completely: <paramref name="factorInBuffer"/> is true when the unpivoted Cholesky ran now and cleared every pivot, so
    /// that the buffer from <paramref name="workspace"/> holds L with K = L L' in its lower triangle (row-major), as
    /// <see cref="UnpivotedFactor"/> computes it; false when the answer was remembered or K is rank deficient.
    /// </summary>
    internal static NumericalRank ProbeNative(Matrix gram, double relativeTraceTolerance, Func<double[]> workspace, Func<int, bool>? clearedSuffice,
        out bool factorInBuffer)
    {
        factorInBuffer = false;
        bool known = Remembered.TryGetValue(gram, out var remembered) && remembered.Tolerance.Equals(relativeTraceTolerance);
        if (known && (remembered!.Decided || clearedSuffice?.Invoke(remembered.Cleared) == true)) return remembered!;
        var buffer = workspace();
        int m = gram.Rows;
        int cleared = known ? remembered!.Cleared : UnpivotedPivotsClear(gram, relativeTraceTolerance, buffer);
        NumericalRank result;
        if (cleared == m)
        {
            result = new NumericalRank(relativeTraceTolerance, null, FullRank: true, cleared);
            factorInBuffer = !known;
        }
        else if (clearedSuffice?.Invoke(cleared) == true) result = new NumericalRank(relativeTraceTolerance, null, FullRank: false, cleared, Decided: false);
        else
        {
            var found = FactorNative(gram, relativeTraceTolerance, buffer, out bool fullRank);
            result = new NumericalRank(relativeTraceTolerance, found, fullRank, cleared);
        }
        Remembered.AddOrUpdate(gram, result);
        return result;
    }

    /// <summary>
    /// The same factorisation with LAPACK's blocked pivoted Cholesky (OpenBLAS dpstrf: largest remaining diagonal first,
    /// O(m^3 / 3) at full rank, level-3 BLAS), computed in <paramref name="workspace"/> (m x m, overwritten). It stops at the
    /// first pivot at or below tolerance * trace(K) / m, so the remainder's trace, at most (m - r) times that, meets the same
    /// tolerance as <see cref="Factor(Matrix, double, int, bool)"/>; the rank may be a few pivots higher than the greedy
    /// one's. Always complete; null when the rank is m (K has full numerical rank; <paramref name="fullRank"/> is then true:
    /// every pivot was above the tolerance, and the completed factorisation of K verifies it PSD, see
    /// Proofs/T2.1-reliable-program.md, "Input checks", step 2b). Rows of L are in the original order;
    /// <see cref="LowRankFactor.Pivots"/> are the pivot rows in the order taken, and L restricted to them is lower triangular.
    /// </summary>
    internal static unsafe LowRankFactor? FactorNative(Matrix gram, double relativeTraceTolerance, double[] workspace, out bool fullRank)
        => FactorNative(gram, relativeTraceTolerance, workspace, keepFullRank: false, out fullRank);

    /// <summary>
    /// <see cref="FactorNative(Matrix, double, double[], out bool)"/>, returning the factor at full rank too (r = m) when
    /// <paramref name="keepFullRank"/> is set: the r-space repetition of an m-space solve that did not converge on a K of full
    /// numerical rank (ReliableSolver).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe LowRankFactor? FactorNative(Matrix gram, double relativeTraceTolerance, double[] workspace, bool keepFullRank, out bool fullRank)
    {
        int m = gram.Rows;
        double trace = 0;
        for (int i = 0; i < m; i++) trace += gram[i, i];
        gram.AsSpan().CopyTo(workspace);
        var piv = new int[m];
        var work = new double[2 * m];
        int n = m, lda = m, rank = 0, info = 0;
        double tol = relativeTraceTolerance * trace / m;
        if (!(tol > 0)) tol = double.Epsilon; // a zero tolerance still stops at a zero or negative pivot
        byte uplo = (byte)'L';
        fixed (double* a = workspace)
        fixed (int* pp = piv)
        fixed (double* pw = work)
            NativeBlas.Dpstrf(&uplo, &n, a, &lda, pp, &rank, &tol, pw, &info);
        if (info < 0) throw new InvalidOperationException($"dpstrf rejected argument {-info}: a bug in the caller.");
        int r = rank;
        fullRank = r == m && info == 0;
        if (r == m && !keepFullRank) return null; // full numerical rank: no factor is built (the m-space path needs none)
        // column-major L(k, j) (k >= j) sits at workspace[j * m + k]; L's row k belongs to the original row piv[k] - 1
        var data = LargeArrays.Zeroed((long)m * r);
        double residual = 0;
        for (int k = 0; k < m; k++)
        {
            int row = piv[k] - 1;
            var target = data.AsSpan((int)((long)row * r), r);
            int width = Math.Min(k + 1, r);
            double norm = 0;
            for (int j = 0; j < width; j++)
            {
                double v = workspace[(long)j * m + k];
                target[j] = v;
                norm += v * v;
            }
            residual += Math.Max(0, gram[row, row] - norm);
        }
        var pivots = ImmutableArray.CreateRange(piv.Take(r).Select(p => p - 1));
        // dpstrf computes column j for every row below the pivot (the within-block dgemv after the trailing dsyrk updates)
        return new LowRankFactor(Matrix.Own(m, r, data), pivots, residual, Complete: true) { EveryRowByRecurrence = true };
    }

    /// <summary>Column p of the matrix being factored (m entries), computed or read on demand.</summary>
    internal delegate ReadOnlySpan<double> Column(int pivot);

    /// <summary>
    /// The greedy factorisation on a diagonal and a column provider (the matrix is never needed whole): the largest remaining
    /// diagonal entry is the next pivot; stops at <paramref name="cap"/> pivots, when the remainder's trace is at most the
    /// tolerance times the trace, or (with <paramref name="giveUpEarly"/>) as documented on
    /// <see cref="Factor(Matrix, double, int, bool)"/>. <paramref name="diag"/> is overwritten.
    /// </summary>
    internal static LowRankFactor Greedy(double[] diag, Column column, double relativeTraceTolerance, int cap, bool giveUpEarly,
        CancellationToken cancellationToken)
    {
        int m = diag.Length;
        double trace = Sum(diag);
        double stop = relativeTraceTolerance * trace;
        var columns = new List<double[]>();
        var pivots = new List<int>();
        var rowsOfL = new double[m][]; // row i of L, grown as columns are added (for the dot products)
        for (int i = 0; i < m; i++) rowsOfL[i] = new double[cap];
        double residual = Sum(diag);
        while (columns.Count < cap && residual > stop)
        {
            if (giveUpEarly && columns.Count >= Math.Max(8, cap / 4) && residual > 0.5 * trace) break;
            int p = 0;
            for (int i = 1; i < m; i++) if (diag[i] > diag[p]) p = i;
            if (!(diag[p] > 0)) break;
            int k = columns.Count;
            double pivot = Math.Sqrt(diag[p]);
            var col = new double[m];
            var lp = rowsOfL[p].AsSpan(0, k);
            cancellationToken.ThrowIfCancellationRequested();
        var kRow = column(p);
            for (int i = 0; i < m; i++)
            {
                if (diag[i] <= 0 && i != p) { col[i] = 0; continue; }
                col[i] = (kRow[i] - TensorPrimitives.Dot<double>(rowsOfL[i].AsSpan(0, k), lp)) / pivot;
            }
            col[p] = pivot;
            for (int i = 0; i < m; i++)
            {
                rowsOfL[i][k] = col[i];
                diag[i] = i == p ? 0 : Math.Max(0, diag[i] - col[i] * col[i]);
            }
            columns.Add(col);
            pivots.Add(p);
            residual = Sum(diag);
        }
        int r = columns.Count;
        var data = LargeArrays.Zeroed((long)m * r);
        for (int i = 0; i < m; i++) rowsOfL[i].AsSpan(0, r).CopyTo(data.AsSpan(i * r, r));
        return new LowRankFactor(Matrix.Own(m, r, data), ImmutableArray.CreateRange(pivots), residual, residual <= stop);
    }

    private static double Sum(double[] v) => TensorPrimitives.Sum<double>(v);
}
