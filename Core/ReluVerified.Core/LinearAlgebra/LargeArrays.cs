using System.Runtime.InteropServices;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// Arrays of megabytes or more: Gram matrices, Newton matrices and factors (T2.1), a Nystroem factor's rows (S-lowrank).
/// The first write to each page of a new array costs a page fault, which on the virtual machines of docs/solver.md
/// ("Ending and repeating solves, and the cost of fresh pages") is taken by the host: about 3-5 ms per MB with 4 KiB pages,
/// 24 s for the 8 GB factor of 1,000,000 rows at rank 1000. Two remedies, each only for arrays of <see cref="HintBytes"/> or
/// more (a Gram + solve at m = 4000 took 1.99 s before the second and the lower threshold, 1.63 s after: docs/solver.md,
/// "First writes to fresh memory"):
/// <list type="bullet">
/// <item>on Linux the array's range is marked for transparent huge pages (madvise MADV_HUGEPAGE), so that where the kernel
/// allows them (its setting "madvise" or "always") a fault brings in 2 MiB instead of 4 KiB;</item>
/// <item>the pages are faulted in before the array is returned, by all cores at once (one write per 4 KiB page for
/// <see cref="Uninitialized"/>, a full clear for <see cref="Zeroed"/>), so the faults do not all fall on whichever thread
/// writes the array first (often one: a row copy, a BLAS call on one thread).</item>
/// </list>
/// Bench's <c>fresh-pages MB</c> measures both. The advice is a hint: where the system refuses it, or on another system,
/// nothing changes but the time. The values an array holds are never affected.
/// </summary>
internal static partial class LargeArrays
{
    /// <summary>
    /// Below this many bytes an array is allocated as usual: 4 MiB, where Debian's numpy (1.24) starts to advise huge pages for its
    /// own arrays (strace of <c>np.ones</c> of 3, 4 and 5 MiB, docs/solver.md, "First writes to fresh memory").
    /// </summary>
    internal const long HintBytes = 4L << 20;

    private const long HugePage = 2L << 20;
    private const int PageDoubles = 4096 / sizeof(double);
    private const int ChunkDoubles = (int)(HugePage / sizeof(double));
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in Linux's mman.h

    /// <summary>
    /// An array of <paramref name="length"/> doubles whose contents are arbitrary until written: the caller must write every
    /// entry before reading it. From <see cref="HintBytes"/> on, its pages are advised and faulted in (class remarks).
    /// </summary>
    internal static double[] Uninitialized(long length)
    {
        var array = GC.AllocateUninitializedArray<double>(checked((int)length));
        if (length * sizeof(double) >= HintBytes)
        {
            if (OperatingSystem.IsLinux()) AdviseHugePages(array);
            // one write per 4 KiB page (a zero: the contents are the caller's to write anyway)
            ForEachChunk(array, chunk => { for (int i = 0; i < chunk.Length; i += PageDoubles) chunk[i] = 0; });
        }
        return array;
    }

    /// <summary>
    /// A zeroed array of <paramref name="length"/> doubles, as <c>new double[length]</c> gives; from <see cref="HintBytes"/> on,
    /// advised and cleared by all cores, 2 MiB at a time (class remarks).
    /// </summary>
    internal static double[] Zeroed(long length)
    {
        if (length * sizeof(double) < HintBytes) return new double[length];
        var array = GC.AllocateUninitializedArray<double>(checked((int)length));
        if (OperatingSystem.IsLinux()) AdviseHugePages(array);
        ForEachChunk(array, chunk => chunk.Clear());
        return array;
    }

    /// <summary>Work on one piece of an array (<see cref="ForEachChunk"/>).</summary>
    internal delegate void ChunkAction(Span<double> chunk);

    /// <summary>
    /// Runs <paramref name="action"/> on the array's consecutive 2 MiB pieces (the last one shorter), in parallel: each entry
    /// lies in exactly one piece.
    /// </summary>
    internal static void ForEachChunk(double[] array, ChunkAction action)
    {
        long length = array.LongLength, chunks = (length + ChunkDoubles - 1) / ChunkDoubles;
        Parallel.For(0L, chunks, c =>
        {
            long start = c * ChunkDoubles;
            action(array.AsSpan((int)start, (int)Math.Min(ChunkDoubles, length - start)));
        });
    }

    private static unsafe void AdviseHugePages(double[] array)
    {
        try
        {
            fixed (double* data = array)
            {
                // the whole 2 MiB pages inside the array (madvise takes page-aligned ranges; the rest keeps 4 KiB pages)
                long start = ((long)data + HugePage - 1) & ~(HugePage - 1);
                long end = ((long)data + array.LongLength * sizeof(double)) & ~(HugePage - 1);
                if (end > start) _ = Madvise((void*)start, (nuint)(end - start), MadviseHugePage);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // no C library under that name: the array keeps the system's default pages
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static unsafe partial int Madvise(void* address, nuint length, int advice);
}
