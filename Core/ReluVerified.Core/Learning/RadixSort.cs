using System.Runtime.InteropServices;

namespace ReluVerified.Core.Learning;

/// <summary>
/// Sorts finite doubles ascending by a least-significant-digit radix sort on their bit patterns, for the standardising
/// embedding's column statistics (<see cref="Embedding"/>), which sum each column in ascending order so that the sums do
/// not depend on row order. Each value's bits become an unsigned key whose order is the values' numeric order (a negative
/// value's bits inverted, the sign bit set on the others), the keys are sorted by eight counting passes over their bytes
/// (a pass whose byte is the same in every key is skipped) and turned back into the values. The result is that of
/// <see cref="Array.Sort{T}(T[])"/>, value for value, except that -0.0 and +0.0, which compare equal, come -0.0 first: a sum
/// taken in this order has the same bits. With it the start of a 1,000,000-row fit took 16.5 s instead of 20.2 s
/// (docs/solver.md, "First writes to fresh memory").
/// </summary>
internal static class RadixSort
{
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>Sorts <paramref name="values"/> (finite) ascending; <paramref name="scratch"/>, as long, is overwritten.</summary>
    internal static void Ascending(Span<double> values, Span<double> scratch)
    {
        int m = values.Length;
        if (m < 2) return;
        var keys = MemoryMarshal.Cast<double, ulong>(values);
        var other = MemoryMarshal.Cast<double, ulong>(scratch[..m]);
        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        for (int i = 0; i < m; i++)
        {
            ulong bits = keys[i];
            ulong key = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
            keys[i] = key;
            for (int b = 0; b < 8; b++) counts[(b << 8) | (int)((key >> (8 * b)) & 0xFF)]++;
        }
        var source = keys;
        var target = other;
        for (int b = 0; b < 8; b++)
        {
            var count = counts.Slice(b << 8, 256);
            if (count[(int)((source[0] >> (8 * b)) & 0xFF)] == m) continue; // every key has this byte: the order stands
            int start = 0;
            for (int d = 0; d < 256; d++) (count[d], start) = (start, start + count[d]);
            for (int i = 0; i < m; i++)
            {
                ulong key = source[i];
                target[count[(int)((key >> (8 * b)) & 0xFF)]++] = key;
            }
            var swap = source;
            source = target;
            target = swap;
        }
        for (int i = 0; i < m; i++)
        {
            ulong key = source[i];
            keys[i] = (key & SignBit) != 0 ? key & ~SignBit : ~key;
        }
    }
}
