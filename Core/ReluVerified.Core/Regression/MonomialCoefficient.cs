using System.Collections.Immutable;

namespace ReluVerified.Core.Regression;

/// <summary>One monomial x^a = prod_k x_k^{a_k} and its coefficient (T2.4).</summary>
/// <param name="Exponents">The exponent vector a.</param>
/// <param name="Value">The coefficient.</param>
public sealed record MonomialCoefficient(ImmutableArray<int> Exponents, double Value)
{
    /// <summary>The monomial in readable form, e.g. "x0^2 x3" ("1" for the constant).</summary>
    public string Describe()
    {
        var parts = Exponents.Select((e, k) => e == 0 ? null : e == 1 ? $"x{k}" : $"x{k}^{e}").Where(p => p is not null);
        string text = string.Join(" ", parts);
        return text.Length == 0 ? "1" : text;
    }

    /// <inheritdoc />
    public bool Equals(MonomialCoefficient? other) => other is not null && Value.Equals(other.Value) && StructuralEquality.Equal(Exponents, other.Exponents);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Exponents.Length);
}
