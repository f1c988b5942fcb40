namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// Expensive facts about one immutable <see cref="Matrix"/>, established at most once and remembered with it (a cache with
/// no observable effect: the matrix never changes, so neither do the facts). T2.1's solver records here that it verified a
/// Gram matrix positive semi-definite up to a proven allowance, so that solving a path of programs over one Gram matrix
/// (several B or tau_c, as the learner does) pays the O(m^3) check once.
/// </summary>
internal sealed class MatrixFacts
{
    // a double is not atomic to read under every memory model .NET supports: kept as its bits in a long
    private long _indefiniteness = BitConverter.DoubleToInt64Bits(double.NaN);

    /// <summary>True once lambda_min &gt;= -<see cref="Indefiniteness"/> was verified (Proofs/T2.1-reliable-program.md, "Input checks").</summary>
    internal bool PositiveSemidefinite => !double.IsNaN(Indefiniteness);

    /// <summary>
    /// The proven delta &gt;= 0 with lambda_min(K) &gt;= -delta, so that K + delta I is PSD; NaN until verified. The m-space
    /// certificate charges it (Proofs/T2.1-reliable-program.md, "Floating-point certificate").
    /// </summary>
    internal double Indefiniteness => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _indefiniteness));

    /// <summary>
    /// The last interpolant computed on this matrix (T2.1's solver: alpha with K alpha = t for targets t, from the factor kind
    /// named by <see cref="RememberedInterpolant.Kind"/>), so that a path of programs over one Gram matrix with the same targets
    /// (several B or penalties) pays its factorisation once. Null until one is remembered.
    /// </summary>
    internal RememberedInterpolant? Interpolant => Volatile.Read(ref _interpolant);

    private RememberedInterpolant? _interpolant;

    /// <summary>Remembers an interpolant (replacing the one before; the arrays are the caller's to give up, and are never changed).</summary>
    internal void RememberInterpolant(RememberedInterpolant interpolant) => Volatile.Write(ref _interpolant, interpolant);

    /// <summary>
    /// alpha (<paramref name="Coefficients"/>) and f = K alpha (<paramref name="Predictions"/>) computed for
    /// <paramref name="Targets"/> with the factor <paramref name="Kind"/> names (a number the solver chooses: which factorisation
    /// of K, so that a remembered interpolant is the one a fresh computation would return).
    /// </summary>
    internal sealed record RememberedInterpolant(double[] Targets, int Kind, double[] Coefficients, double[] Predictions);

    private long _largestMagnitude = BitConverter.DoubleToInt64Bits(double.NaN);
    private int _exactlySymmetric;

    /// <summary>
    /// max |K_ij| over the entries, NaN until computed (<see cref="RememberLargestMagnitude"/>): the scale of T2.1's input checks
    /// (<c>GramValidation</c>), read by every solve on the matrix.
    /// </summary>
    internal double LargestMagnitude => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _largestMagnitude));

    /// <summary>Remembers max |K_ij| (computed from the entries, so every computation gives the same value).</summary>
    internal void RememberLargestMagnitude(double largest) => Interlocked.Exchange(ref _largestMagnitude, BitConverter.DoubleToInt64Bits(largest));

    /// <summary>
    /// True once K_ij = K_ji is known for every entry, bit for bit: built so (<c>GramEngine.Gram</c> copies its lower triangle
    /// onto the upper one) or found so by T2.1's symmetry check, which then need not look again.
    /// </summary>
    internal bool ExactlySymmetric => Volatile.Read(ref _exactlySymmetric) != 0;

    /// <summary>Records that every entry equals its transpose, bit for bit (see <see cref="ExactlySymmetric"/>).</summary>
    internal void KnownExactlySymmetric() => Volatile.Write(ref _exactlySymmetric, 1);

    /// <summary>Records a successful verification that lambda_min &gt;= -<paramref name="indefiniteness"/> (keeps the smaller of two).</summary>
    internal void VerifiedPositiveSemidefinite(double indefiniteness)
    {
        double known = Indefiniteness;
        if (double.IsNaN(known) || indefiniteness < known)
            Interlocked.Exchange(ref _indefiniteness, BitConverter.DoubleToInt64Bits(indefiniteness));
    }
}
