using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Optimization;

/// <summary>
/// The two properties of a Gram matrix that T2.1's program and certificate rest on, checked at the public boundary:
/// symmetry (in <see cref="KernelProgram"/>'s constructor, O(m^2)) and positive semi-definiteness (at the start of
/// <see cref="ReliableSolver.Solve(KernelProgram, SolverOptions, WarmStart, IProgress{SolverIteration}, CancellationToken)"/>,
/// with the factorisation the solver needs anyway). With an indefinite K the program is not convex (alpha along a negative
/// eigenvector moves f without bound inside alpha'K alpha &lt;= B) and the dual bound is not a bound.
/// </summary>
internal static class GramValidation
{
    /// <summary>Rows and columns per tile of the symmetry check (64 x 64 doubles: 32 KB for a tile, 32 KB for its transpose).</summary>
    private const int SymmetryTile = 64;

    private const string Remedy = "The Gram matrix must be PSD: use a PSD kernel or add jitter (K + c I with a small c > 0).";

    /// <summary>
    /// Checks |K_ij - K_ji| &lt;= <see cref="Tolerances.GramSymmetry"/> * max |K_kl| and returns the matrix the program is
    /// stated on: <paramref name="gram"/> itself when it is exactly symmetric, otherwise (K + K')/2, which differs from it by
    /// rounding only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Matrix Symmetric(Matrix gram, string name)
    {
        if (gram.Facts.ExactlySymmetric) return gram; // built so, or found so by an earlier check (MatrixFacts.ExactlySymmetric)
        int m = gram.Rows;
        double scale = LargestEntry(gram);
        (int Row, int Column, double Difference) worst = (0, 0, 0);
        // tiles of SymmetryTile x SymmetryTile below the diagonal, so that the transposed reads stay in cache (row by row, every
        // K_ji is a new cache line); the largest difference is the same, and among equal ones the first in tile order is named
        var entries = gram.AsSpan();
        for (int ti = 0; ti < m; ti += SymmetryTile)
            for (int tj = 0; tj <= ti; tj += SymmetryTile)
                for (int i = ti; i < Math.Min(m, ti + SymmetryTile); i++)
                    for (int j = tj; j < Math.Min(i, tj + SymmetryTile); j++)
                    {
                        double difference = Math.Abs(entries[i * m + j] - entries[j * m + i]);
                        if (difference > worst.Difference) worst = (i, j, difference);
                    }
        if (worst.Difference == 0)
        {
            gram.Facts.KnownExactlySymmetric();
            return gram;
        }
        var (r, c, d) = worst;
        Preconditions.Check(d <= Tolerances.GramSymmetry * scale, name,
            $"{name} is not symmetric: {name}[{r},{c}] = {F(gram[r, c])} but {name}[{c},{r}] = {F(gram[c, r])}, a difference of {F(d)}, above "
            + $"the rounding allowance {F(Tolerances.GramSymmetry * scale)} (Tolerances.GramSymmetry times the largest entry). A Gram matrix "
            + $"K_ij = k(x_i, x_j) is symmetric: compute it with a symmetric kernel, or pass (K + K')/2 if the asymmetry is meant to go.");
        var data = gram.ToArray();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < i; j++)
                data[i * m + j] = data[j * m + i] = 0.5 * (data[i * m + j] + data[j * m + i]);
        var symmetrised = Matrix.Own(m, m, data);
        symmetrised.Facts.KnownExactlySymmetric();
        return symmetrised;
    }

    /// <summary>
    /// Accepts K when it verifies lambda_min(K) &gt;= -delta (up to the verification's own rounding), with
    /// delta = max(<see cref="Tolerances.GramIndefiniteness"/> m, 2 m gamma_{m+1}) max |K_ij|, and otherwise throws an
    /// <see cref="ArgumentException"/> for <paramref name="name"/> naming the row or pivot, the offending value and the remedy.
    /// Three steps, cheapest first: a diagonal entry below -delta (refused); for a complete pivoted Cholesky factor (the r-space
    /// Newton systems) a remainder K - L L' of Frobenius norm at most delta (accepted: lambda_min(K) &gt;= -delta; cost O(m^2 r),
    /// O((m - r)^2 r) for a dpstrf factor);
    /// otherwise a Cholesky factorisation of K + delta I (cost O(m^3 / 3), about one m-space Newton iteration). That one
    /// succeeds for every PSD K, because delta &gt;= 2 m gamma_{m+1} max |K_ij| meets Demmel's sufficient condition for the
    /// Cholesky factorisation of a matrix with scaled smallest eigenvalue above m gamma_{m+1} / (1 - gamma_{m+1}); so a refusal
    /// proves K is not PSD, and a success proves lambda_min(K) &gt;= -delta - gamma_{m+1} trace(K + delta I)
    /// (Proofs/T2.1-reliable-program.md, "Input checks"). A verified matrix is remembered (<see cref="MatrixFacts"/>): later
    /// solves on the same matrix skip the check.
    /// </summary>
    /// <param name="gram">K.</param>
    /// <param name="factor">A pivoted Cholesky factor of K when the solver has one (r-space), else null.</param>
    /// <param name="native">Factor with LAPACK (true) or managed code.</param>
    /// <param name="name">The argument named in the error.</param>
    /// <param name="workspace">Supplies the m x m buffer the Cholesky step overwrites (the m-space Newton systems reuse it).</param>
    /// <returns>True when this call took the Cholesky step: the buffer from <paramref name="workspace"/> then holds the factor
    /// L of K + <see cref="Shift"/>(K) I in its lower triangle (row-major), as <see cref="SymmetricFactor.Attempt"/> leaves it.</returns>
    internal static bool PositiveSemidefinite(Matrix gram, LowRankFactor? factor, bool native, string name, Func<double[]> workspace)
    {
        if (gram.Facts.PositiveSemidefinite) return false; // verified by an earlier solve on this matrix
        int m = gram.Rows;
        double scale = LargestEntry(gram);
        if (scale == 0) { gram.Facts.VerifiedPositiveSemidefinite(0); return false; } // the zero matrix
        double delta = ShiftOf(m, scale);
        int lowest = 0;
        for (int i = 1; i < m; i++) if (gram[i, i] < gram[lowest, lowest]) lowest = i;
        if (gram[lowest, lowest] < -delta)
            throw NotPositiveSemidefinite(name, $"row {lowest} has the diagonal entry K[{lowest},{lowest}] = {F(gram[lowest, lowest])} (the most negative "
                + "diagonal entry), and a PSD matrix has a non-negative diagonal", delta);
        if (factor is { Complete: true, Rank: > 0 } && RemainderBound(gram, factor, native, workspace) is var remainder && remainder <= delta)
        {
            gram.Facts.VerifiedPositiveSemidefinite(remainder);
            return false;
        }
        var (_, failed, pivot) = ShiftedFactor(gram, delta, native, workspace());
        if (failed >= 0)
            throw NotPositiveSemidefinite(name, $"the Cholesky factorisation of K + delta I breaks down at pivot {failed} (row {failed}, in the given order), "
                + $"whose value is {F(pivot)}; for a PSD K this factorisation cannot fail, whatever the rounding (Demmel's bound, see "
                + "Proofs/T2.1-reliable-program.md)", delta);
        gram.Facts.VerifiedPositiveSemidefinite(CholeskyAllowance(gram, delta));
        return true;
    }

    /// <summary>
    /// The delta of <see cref="PositiveSemidefinite"/>: max(<see cref="Tolerances.GramIndefiniteness"/> m, 2 m gamma_{m+1}) max |K_ij|.
    /// </summary>
    internal static double Shift(Matrix gram) => ShiftOf(gram.Rows, LargestEntry(gram));

    private static double ShiftOf(int m, double scale) => Math.Max(Tolerances.GramIndefiniteness * m, 2 * m * FloatingPoint.Gamma(m + 1)) * scale;

    /// <summary>
    /// The Cholesky factorisation of K + <see cref="Shift"/>(K) I in <paramref name="buffer"/> (m x m, overwritten), the one
    /// <see cref="PositiveSemidefinite"/> checks K with.
    /// </summary>
    internal static (SymmetricFactor? Factor, int FailedPivot, double Pivot) ShiftedFactor(Matrix gram, bool native, double[] buffer)
        => ShiftedFactor(gram, Shift(gram), native, buffer);

    private static (SymmetricFactor? Factor, int FailedPivot, double Pivot) ShiftedFactor(Matrix gram, double delta, bool native, double[] buffer)
    {
        int m = gram.Rows;
        gram.AsSpan().CopyTo(buffer);
        for (int i = 0; i < m; i++) buffer[(long)i * m + i] += delta;
        return SymmetricFactor.Attempt(buffer, m, native);
    }

    /// <summary>
    /// What a Cholesky factorisation of K + shift I that completed in floating point proves (Proofs/T2.1-reliable-program.md,
    /// "Input checks", step 3; step 2b with shift 0): lambda_min(K) &gt;= -(shift + gamma_{m+1} trace(K + shift I) / (1 - m gamma_{m+1})),
    /// returned rounded up (the factor 1 + 2 gamma_{m+1} covers the rounding of the trace and of this expression).
    /// </summary>
    internal static double CholeskyAllowance(Matrix gram, double shift)
    {
        int m = gram.Rows;
        double trace = 0;
        for (int i = 0; i < m; i++) trace += gram[i, i] + shift;
        double gamma = FloatingPoint.Gamma(m + 1);
        return (shift + gamma * Math.Max(trace, 0) / (1 - m * gamma)) * (1 + 2 * gamma);
    }

    /// <summary>
    /// An upper bound on ||K - L L'||_F (the computed norm plus its rounding allowance); at most delta, it gives
    /// lambda_min(K) &gt;= lambda_min(L L') - ||K - L L'||_2 &gt;= -(the bound) &gt;= -delta.
    /// Each computed entry K_ij - L_i.L_j is off by at most gamma_{r+1} (|K_ij| + ||L_i|| ||L_j||), which sums (Frobenius) over
    /// the computed rows S to at most gamma_{r+1} (||K_SS||_F + sum_{i in S} ||L_i||^2). For a factor whose every row was computed by the Cholesky recurrence
    /// (<see cref="LowRankFactor.EveryRowByRecurrence"/>, LAPACK's dpstrf) only the block among the m - r non-pivot rows is
    /// computed, O((m - r)^2 r) instead of O(m^2 r): every entry with a pivot row or column is a recurrence residual,
    /// |R_ij| &lt;= gamma_{r+1} |L_i| . |L_j| (Higham, Theorem 10.3's argument, any order of summation), and those entries
    /// together have Frobenius norm at most gamma_{r+1} sum_i ||L_i||^2, added to the computed block's bound (the two blocks of
    /// R have disjoint supports).
    /// </summary>
    private static double RemainderBound(Matrix gram, LowRankFactor factor, bool native, Func<double[]> workspace)
    {
        var l = factor.Factor;
        int m = gram.Rows, r = l.Columns;
        // ||L_i||^2 per row: summed over every row for the allowance of the entries with a pivot row or column, and over the
        // computed rows S for the allowance of the computed block (||K_SS||_F^2 is summed with it below)
        var rowNorm = new double[m];
        for (int i = 0; i < m; i++) rowNorm[i] = TensorPrimitives.Dot(l.Row(i), l.Row(i));
        double rowNorms = rowNorm.Sum();
        double pivotEntries = 0;
        int[] rows;
        if (factor.EveryRowByRecurrence)
        {
            var isPivot = new bool[m];
            foreach (int p in factor.Pivots) isPivot[p] = true;
            rows = Enumerable.Range(0, m).Where(i => !isPivot[i]).ToArray();
            pivotEntries = FloatingPoint.Gamma(r + 1) * rowNorms * (1 + 2 * FloatingPoint.Gamma(m));
        }
        else rows = Enumerable.Range(0, m).ToArray();
        double computedRowNorms = rows.Sum(i => rowNorm[i]);
        int n = rows.Length;
        // with OpenBLAS, L_S L_S' (S the rows checked; lower triangle) in one dsyrk into the workspace: from L itself when S is
        // every row, else from a copy of L_S placed ahead of the product ((m - r) r + (m - r)^2 <= m^2 entries); the bound above
        // holds whatever the order of each dot product's sum, so the blocked product needs no other allowance
        double[]? product = null;
        long offset = n == m ? 0 : (long)n * r;
        if (native && n > 0)
        {
            product = workspace();
            if (n == m) DenseProducts.SyrkLower(l.AsSpan(), m, r, transpose: false, beta: 0.0, product);
            else
            {
                for (int a = 0; a < n; a++) l.Row(rows[a]).CopyTo(product.AsSpan((int)((long)a * r), r));
                DenseProducts.SyrkLower(product.AsSpan(0, (int)offset), n, r, transpose: false, beta: 0.0, product.AsSpan((int)offset, (int)((long)n * n)));
            }
        }
        var remainder = new double[n];
        var entries = new double[n];
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Row(int a)
        {
            int i = rows[a];
            var li = l.Row(i);
            double sum = 0, squares = 0;
            for (int b = 0; b <= a; b++)
            {
                int j = rows[b];
                double k = gram[i, j], weight = b == a ? 1 : 2;
                double e = k - (product is null ? TensorPrimitives.Dot(li, l.Row(j)) : product[offset + (long)a * n + b]);
                sum += weight * e * e;
                squares += weight * k * k;
            }
            remainder[a] = sum;
            entries[a] = squares;
        }
        if ((long)n * n < FloatingPoint.ParallelThreshold) for (int a = 0; a < n; a++) Row(a);
        else Parallel.For(0, n, Row);
        // the rounding allowance of the computed entries: gamma_{r+1} (|K_ij| + ||L_i|| ||L_j||) for i, j in S sums (Frobenius) to
        // at most gamma_{r+1} (||K_SS||_F + sum_{i in S} ||L_i||^2); the factor 2 and gamma_{r+2} cover the rounding of these sums
        double allowance = 2 * FloatingPoint.Gamma(r + 2) * (Math.Sqrt(entries.Sum()) + computedRowNorms);
        return FloatingPoint.UpperSum(FloatingPoint.UpperSqrt(remainder.Sum()) * (1 + 2 * FloatingPoint.Gamma(m * (long)m)),
            FloatingPoint.UpperSum(allowance, pivotEntries));
    }

    private static ArgumentException NotPositiveSemidefinite(string name, string detail, double delta)
        => new($"{name}.Gram is not positive semi-definite: {detail}. Rounding explains negative eigenvalues only down to -delta = {F(-delta)} "
               + $"(max(Tolerances.GramIndefiniteness m, 2 m gamma_(m+1)) max |K_ij|). {Remedy}", name);

    /// <summary>
    /// max |K_ij|, the scale of the checks: NaN when an entry is NaN and +infinity when one is infinite and none is NaN (so it is
    /// finite exactly when every entry is); one vectorised pass, remembered with the matrix (<see cref="MatrixFacts.LargestMagnitude"/>)
    /// once finite, since the symmetry check, the PSD check and its shift all read it.
    /// </summary>
    internal static double LargestEntry(Matrix gram)
    {
        double known = gram.Facts.LargestMagnitude;
        if (!double.IsNaN(known)) return known;
        var entries = gram.AsSpan();
        double largest = entries.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(entries));
        if (double.IsFinite(largest)) gram.Facts.RememberLargestMagnitude(largest);
        return largest;
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
