using System.Globalization;
using System.Runtime;
using ReluVerified.Core.LinearAlgebra;
using Xunit;

namespace ReluVerified.Proofs.Scale;

/// <summary>
/// The storage of Gram matrices, Newton matrices and factors (Core/ReluVerified.Core/LinearAlgebra/LargeArrays.cs): from
/// <see cref="LargeArrays.HintBytes"/> on, arrays are advised for huge pages and faulted in by all cores, 2 MiB at a time,
/// before they are returned. That changes only the time: <see cref="LargeArrays.Zeroed"/> must still hold exactly zeros, as
/// <c>new double[length]</c> does (the Gram matrix, the solver's buffers and the factors' sums rely on it), including in the
/// last, partial piece, and <see cref="LargeArrays.Uninitialized"/> must keep its length and whatever the caller writes.
/// Where Linux has transparent huge pages, the advice itself is checked in /proc/self/smaps. That the pages are faulted in
/// before the array is returned changes only the time and is measured, not checked (docs/solver.md, "First writes to fresh
/// memory").
/// </summary>
public sealed class LargeArrays_Checks
{
    private const int HintLength = (int)(LargeArrays.HintBytes / sizeof(double));
    private const int ChunkLength = (1 << 21) / sizeof(double);

    /// <summary>
    /// Lengths below, at and above the hint's threshold and one ending 17 entries into a fifth 2 MiB piece. Before each
    /// allocation, arrays of the same length are filled with NaN, dropped and collected with the large-object heap compacted,
    /// so that the runtime is likely to hand out memory that held NaN: every entry of the new array must be +0.0, bit for bit.
    /// </summary>
    [Theory]
    [InlineData(HintLength - 1)]
    [InlineData(HintLength)]
    [InlineData(HintLength + 1)]
    [InlineData(4 * ChunkLength + 17)]
    public void Zeroed_arrays_hold_only_zeros_even_where_the_memory_held_other_values(int length)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            Dirty(length);
            var array = LargeArrays.Zeroed(length);
            Assert.Equal(length, array.Length);
            int firstNonZero = Array.FindIndex(array, v => BitConverter.DoubleToInt64Bits(v) != 0);
            Assert.True(firstNonZero < 0, $"length {length}, attempt {attempt}: entry {firstNonZero} is {(firstNonZero < 0 ? 0 : array[firstNonZero])}");
        }
    }

    /// <summary>An uninitialized array has the length asked for and keeps every value written into it, in every piece.</summary>
    [Theory]
    [InlineData(HintLength - 1)]
    [InlineData(4 * ChunkLength + 17)]
    public void Uninitialized_arrays_keep_what_is_written(int length)
    {
        var array = LargeArrays.Uninitialized(length);
        Assert.Equal(length, array.Length);
        for (int i = 0; i < length; i++) array[i] = i * 0.5 - 3;
        for (int i = 0; i < length; i++) Assert.Equal(i * 0.5 - 3, array[i]);
    }

    /// <summary>
    /// The pieces that the clearing and the faulting walk cover the array once: adding 1 to every entry of each piece turns an
    /// array of zeros into one of ones, whether the length is a whole number of pieces, one entry more or fewer, or less than one.
    /// </summary>
    [Theory]
    [InlineData(17)]
    [InlineData(ChunkLength - 1)]
    [InlineData(ChunkLength)]
    [InlineData(3 * ChunkLength)]
    [InlineData(3 * ChunkLength + 1)]
    public void Every_entry_lies_in_exactly_one_piece(int length)
    {
        var array = new double[length];
        LargeArrays.ForEachChunk(array, chunk => { for (int i = 0; i < chunk.Length; i++) chunk[i] += 1; });
        int wrong = Array.FindIndex(array, v => v != 1);
        Assert.True(wrong < 0, $"length {length}: entry {wrong} was visited {(wrong < 0 ? 1 : array[wrong])} times");
    }

    /// <summary>
    /// On Linux with transparent huge pages (/sys/kernel/mm/transparent_hugepage present), the memory mapping that holds the
    /// middle of an array of exactly <see cref="LargeArrays.HintBytes"/> or more carries the kernel's "hg" flag (advised
    /// MADV_HUGEPAGE) in /proc/self/smaps, for both kinds of array; elsewhere there is nothing to check.
    /// </summary>
    [Theory]
    [InlineData(true, HintLength)]
    [InlineData(false, HintLength)]
    [InlineData(true, 4 * ChunkLength + 17)]
    public unsafe void Large_arrays_are_advised_for_huge_pages_where_Linux_has_them(bool zeroed, int length)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage")) return;
        var array = zeroed ? LargeArrays.Zeroed(length) : LargeArrays.Uninitialized(length);
        fixed (double* data = array)
        {
            ulong middle = (ulong)(data + length / 2);
            var flags = MappingFlags(middle);
            Assert.True(flags is not null, $"no mapping in /proc/self/smaps holds 0x{middle:x}");
            Assert.Contains("hg", flags!);
        }
    }

    /// <summary>The VmFlags of the mapping in /proc/self/smaps whose range holds <paramref name="address"/>, or null.</summary>
    private static string[]? MappingFlags(ulong address)
    {
        bool inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash
                && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end))
            {
                inside = start <= address && address < end;
                continue;
            }
            if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        return null;
    }

    /// <summary>Arrays of <paramref name="length"/> NaNs, dropped and collected (large-object heap compacted).</summary>
    private static void Dirty(int length)
    {
        for (int k = 0; k < 2; k++)
        {
            var garbage = GC.AllocateUninitializedArray<double>(length);
            Array.Fill(garbage, double.NaN);
            GC.KeepAlive(garbage);
        }
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
