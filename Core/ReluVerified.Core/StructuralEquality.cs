using System.Collections.Immutable;

namespace ReluVerified.Core;

/// <summary>
/// Structural equality for the arrays held by records (a record's generated equality compares an ImmutableArray by reference, not by its elements).
/// </summary>
internal static class StructuralEquality
{
    internal static bool Equal(ImmutableArray<double> a, ImmutableArray<double> b)
        => a.IsDefault || b.IsDefault ? a.IsDefault == b.IsDefault : a.AsSpan().SequenceEqual(b.AsSpan());

    internal static bool Equal<T>(ImmutableArray<T> a, ImmutableArray<T> b) where T : IEquatable<T>
        => a.IsDefault || b.IsDefault ? a.IsDefault == b.IsDefault : a.AsSpan().SequenceEqual(b.AsSpan());

    internal static int Hash(ReadOnlySpan<double> values)
    {
        var h = new HashCode();
        h.Add(values.Length);
        int step = Math.Max(1, values.Length / 16);
        for (int i = 0; i < values.Length; i += step) h.Add(values[i]);
        return h.ToHashCode();
    }
}
