using System.Collections.Immutable;

namespace ReluVerified;

/// <summary>
/// A method's false-positive / positive-loss trade-off on the test rows (<see cref="TradeOff"/>): the points of its
/// threshold sweep, in increasing level (so with non-increasing false-positive rates), and its actual operating point
/// (the figures of its own predictions).
/// </summary>
/// <param name="Method">The method.</param>
/// <param name="Points">The sweep, level 0 (everything the method predicts is switched on) to level 1 (nothing is).</param>
/// <param name="OperatingPoint">The method's own output (Level and Threshold NaN / null: it is no point of the sweep).</param>
public sealed record TradeOffCurve(string Method, ImmutableArray<TradeOffPoint> Points, TradeOffPoint OperatingPoint)
{
    /// <inheritdoc />
    public bool Equals(TradeOffCurve? other) => other is not null && Method == other.Method && Points.SequenceEqual(other.Points)
        && OperatingPoint.Equals(other.OperatingPoint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Method, Points.Length, OperatingPoint);
}
