using System.Runtime.CompilerServices;

namespace ReluVerified.Core;

/// <summary>
/// The single validation helper (NodaTime style). Validation happens once, at public entry points;
/// every message names the argument, and where relevant the row and column.
/// </summary>
internal static class Preconditions
{
    internal static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string name = "")
        where T : class
        => value ?? throw new ArgumentNullException(name);

    internal static int Positive(int value, [CallerArgumentExpression(nameof(value))] string name = "")
        => value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, got {value}.");

    internal static int NonNegative(int value, [CallerArgumentExpression(nameof(value))] string name = "")
        => value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative, got {value}.");

    internal static double Finite(double value, [CallerArgumentExpression(nameof(value))] string name = "")
        => double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number, got {value}.");

    internal static double InRange(double value, double lo, double hi, [CallerArgumentExpression(nameof(value))] string name = "")
        => double.IsFinite(value) && value >= lo && value <= hi
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [{lo}, {hi}], got {value}.");

    internal static void Check(bool condition, string name, string message)
    {
        if (!condition) throw new ArgumentException(message, name);
    }

    /// <summary>Checks that every entry of <paramref name="values"/> is finite; names the index otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AllFinite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{name}[{i}] is {values[i]}: every entry must be a finite number.", name);
    }
}
