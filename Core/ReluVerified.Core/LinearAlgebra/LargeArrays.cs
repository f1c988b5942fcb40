using System.Runtime.InteropServices;

namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// Arrays of hundreds of megabytes that are written in full before they are read (a Nystroem factor's rows, S-lowrank).
/// The first write to each page of a new array costs a page fault, about 3 ms per MB on the virtual machines of
/// docs/solver.md ("Ending and repeating solves, and the cost of fresh pages"): 24 s for the 8 GB factor of 1,000,000 rows
/// at rank 1000. On Linux the array's range is marked for transparent huge pages (madvise MADV_HUGEPAGE), so that where the
/// kernel allows them (its setting "madvise" or "always") a fault brings in 2 MiB instead of 4 KiB: a new 1 GiB array written
/// once took 1.86 ms per MB against 4.57 without the hint (Bench's <c>fresh-pages 1024</c>, docs/solver.md, "Refinement
/// products at scale"). The advice is a hint: where the system refuses it, or on another system, nothing changes but the time.
/// </summary>
internal static partial class LargeArrays
{
    /// <summary>Below this many bytes an array is allocated as usual (the hint does not pay for small arrays).</summary>
    internal const long HintBytes = 64L << 20;

    private const long HugePage = 2L << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in Linux's mman.h

    /// <summary>
    /// An array of <paramref name="length"/> doubles whose contents are arbitrary until written: the caller must write every
    /// entry before reading it.
    /// </summary>
    internal static double[] Uninitialized(long length)
    {
        var array = GC.AllocateUninitializedArray<double>(checked((int)length));
        if (OperatingSystem.IsLinux() && length * sizeof(double) >= HintBytes) AdviseHugePages(array);
        return array;
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
