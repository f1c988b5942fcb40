using System.Collections.Immutable;

namespace ReluVerified.Core.Baselines;

/// <summary>
/// A non-decreasing link u: R -&gt; R given by knots t_1 &lt; ... &lt; t_k and values v_1 &lt;= ... &lt;= v_k, interpolated
/// linearly between knots and constant outside them (peer:isotron, peer:glmtron, peer:gd-relu). Isotron's fitted link is
/// the PAV fit at the training scores; <see cref="Clip01"/> (knots 0, 1; values 0, 1) is exactly clip_[0,1], the link of
/// GLMtron and of a single ReLU on the ball. Immutable; equality is structural.
/// </summary>
public sealed record MonotoneLink
{
    /// <summary>The knots t_k, strictly increasing.</summary>
    public ImmutableArray<double> Knots { get; }

    /// <summary>The values v_k, non-decreasing.</summary>
    public ImmutableArray<double> Values { get; }

    /// <summary>Creates the link; knots must be finite and strictly increasing, values finite and non-decreasing.</summary>
    public MonotoneLink(ImmutableArray<double> knots, ImmutableArray<double> values)
    {
        Preconditions.Check(!knots.IsDefaultOrEmpty && !values.IsDefault && knots.Length == values.Length, nameof(values),
            $"{nameof(knots)} and {nameof(values)} must be non-empty and of the same length.");
        Preconditions.AllFinite(knots.AsSpan(), nameof(knots));
        Preconditions.AllFinite(values.AsSpan(), nameof(values));
        for (int k = 1; k < knots.Length; k++)
        {
            Preconditions.Check(knots[k] > knots[k - 1], nameof(knots), $"{nameof(knots)}[{k}] = {knots[k]} is not above {nameof(knots)}[{k - 1}] = {knots[k - 1]}.");
            Preconditions.Check(values[k] >= values[k - 1], nameof(values), $"{nameof(values)}[{k}] = {values[k]} is below {nameof(values)}[{k - 1}] = {values[k - 1]}: the link must be non-decreasing.");
        }
        Knots = knots;
        Values = values;
    }

    /// <summary>clip_[0,1](t): the link of GLMtron and of max(0, w.x) on the ball (peer:glmtron, peer:gd-relu).</summary>
    public static MonotoneLink Clip01 { get; } = new([0.0, 1.0], [0.0, 1.0]);

    /// <summary>u(t).</summary>
    public double Apply(double t)
    {
        var knots = Knots.AsSpan();
        if (t <= knots[0]) return Values[0];
        if (t >= knots[^1]) return Values[^1];
        int hi = knots.BinarySearch(t);
        if (hi >= 0) return Values[hi];
        hi = ~hi;
        int lo = hi - 1;
        double share = (t - knots[lo]) / (knots[hi] - knots[lo]);
        return Values[lo] + share * (Values[hi] - Values[lo]);
    }

    /// <inheritdoc />
    public bool Equals(MonotoneLink? other) => other is not null && StructuralEquality.Equal(Knots, other.Knots) && StructuralEquality.Equal(Values, other.Values);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StructuralEquality.Hash(Knots.AsSpan()), StructuralEquality.Hash(Values.AsSpan()));
}
