namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// One spare m x m work buffer kept between solves, held weakly (the garbage collector may take it whenever it needs the
/// memory): a solve that needs a buffer of the same length as the last one returned gets that array instead of a new one.
/// A new array's pages are paid for at its first writes, and on a host that takes freed memory back that cost recurs on
/// every solve (measured with <c>fresh-pages</c> of Bench/ReluVerified.Bench: about 3 ms per MB on the host of
/// docs/solver.md's fifth-session runs, 90 ms for m = 2000 and 1.4 s for m = 8000). Contents are never read before they are
/// written, so the reuse has no observable effect; taking and giving back are atomic, so concurrent solves each get their
/// own array.
/// </summary>
internal static class SpareBuffer
{
    private static WeakReference<double[]>? _spare;

    /// <summary>An array of exactly <paramref name="length"/> doubles, with arbitrary contents.</summary>
    internal static double[] Take(long length)
    {
        var held = Interlocked.Exchange(ref _spare, null);
        return held is not null && held.TryGetTarget(out var array) && array.LongLength == length ? array : LargeArrays.Zeroed(length);
    }

    /// <summary>Gives <paramref name="array"/> back for the next <see cref="Take"/> (the caller must not use it afterwards).</summary>
    internal static void GiveBack(double[] array) => Interlocked.Exchange(ref _spare, new WeakReference<double[]>(array));
}
