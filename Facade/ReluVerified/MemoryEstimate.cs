using System.Globalization;

namespace ReluVerified;

/// <summary>
/// Memory the kernel fits need, estimated before any work from the shapes alone (S-lowrank), and the refusal of a fit that
/// would not fit. Upper bounds: m counts every row although held-out rows are not in the Gram matrix.
/// <list type="bullet">
/// <item>Exact: the m x m Gram matrix and the buffer of the same size in which the solver's Auto choice factors it (pivoted
/// Cholesky) and which becomes the m-space Newton buffer (16 m^2 bytes), the r-space factor L when K is rank deficient
/// (m x r with r &lt; m: at most 8 m^2 more), three copies of the m x n data (raw, embedded, fit part) and the solver's
/// vectors (about 50 doubles per row).</item>
/// <item>Low rank r: the factor L (8 m r), the landmark matrices (W, its Cholesky, its inverse, the r x r Newton matrix:
/// 32 r^2), two row blocks of the kernel against the landmarks (16 b r, b = 2048), the data copies and the solver's vectors.</item>
/// </list>
/// </summary>
public static class MemoryEstimate
{
    /// <summary>Share of the available memory a fit may plan to use (the rest is the runtime, the GC's headroom, other buffers).</summary>
    public const double UsableShare = 0.8;

    /// <summary>The largest rank ever suggested: beyond it the r x r Newton systems dominate the time (O(m r^2) per iteration).</summary>
    public const int LargestSuggestedRank = 2000;

    private const long SolverDoublesPerRow = 50;
    private const int BlockRows = 2048;

    /// <summary>Bytes of the exact fit of <paramref name="rows"/> x <paramref name="columns"/> data.</summary>
    public static double ExactBytes(int rows, int columns)
    {
        double m = rows;
        return 24 * m * m + 24 * m * columns + 8 * SolverDoublesPerRow * m;
    }

    /// <summary>Bytes of the low-rank fit with rank <paramref name="rank"/> (S-lowrank).</summary>
    public static double LowRankBytes(int rows, int columns, int rank)
    {
        double m = rows, r = Math.Min(rank, rows);
        return 8 * m * r + 32 * r * r + 16.0 * BlockRows * r + 24 * m * columns + 8 * SolverDoublesPerRow * m;
    }

    /// <summary>The largest rank (at most <see cref="LargestSuggestedRank"/> and m) whose low-rank fit fits in the usable share of <paramref name="availableBytes"/>; 0 when none does.</summary>
    public static int SuggestedRank(int rows, int columns, double availableBytes)
    {
        int high = Math.Min(LargestSuggestedRank, rows);
        double budget = UsableShare * availableBytes;
        if (LowRankBytes(rows, columns, 1) > budget) return 0;
        int low = 1;
        while (low < high)
        {
            int mid = low + (high - low + 1) / 2;
            if (LowRankBytes(rows, columns, mid) <= budget) low = mid; else high = mid - 1;
        }
        return low;
    }

    /// <summary>The memory this process may use (the GC's view: physical memory or the container's limit).</summary>
    public static double AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Refuses, with a <see cref="MemoryBudgetException"/> naming <see cref="ReliableReluOptions.Rank"/> and a rank that fits, a fit whose estimate
    /// exceeds the usable share of <paramref name="availableBytes"/>: the exact fit when <paramref name="rank"/> is null,
    /// else the low-rank fit of that rank. Returns the estimate in bytes when it fits.
    /// </summary>
    public static double Check(int rows, int columns, int? rank, double availableBytes)
    {
        double need = rank is int r ? LowRankBytes(rows, columns, r) : ExactBytes(rows, columns);
        double budget = UsableShare * availableBytes;
        if (need <= budget) return need;
        int suggested = SuggestedRank(rows, columns, availableBytes);
        string remedy = suggested > 0
            ? $"Fit a low-rank (Nystroem) approximation instead: Rank = {suggested} needs about {Gb(LowRankBytes(rows, columns, suggested))}; its certificate is for the approximated kernel and the report gives the residual trace."
            : $"Even Rank = 1 needs about {Gb(LowRankBytes(rows, columns, 1))}: use fewer rows or a machine with more memory.";
        string what = rank is int given
            ? $"the rank-{given} fit of {rows} rows x {columns} columns needs about {Gb(need)} (the {rows} x {given} factor and its buffers)"
            : $"the exact fit of {rows} rows x {columns} columns needs about {Gb(need)} (the {rows} x {rows} Gram matrix, the solver's {rows} x {rows} factorisation buffer and, when the Gram matrix is rank deficient, its factor)";
        throw new MemoryBudgetException($"{what}, but {Gb(availableBytes)} is available ({UsableShare:P0} usable). {remedy}", suggested);
    }

    private static string Gb(double bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
