using System.Collections.Immutable;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// A certified polynomial approximation of a depth-2 ReLU network f(x) = sum_j a_j ReLU(w_j . x) on the unit ball (T2.3):
/// |sum_j a_j p(w_j . x) - f(x)| &lt;= <see cref="ErrorBound"/> and the approximant has RKHS norm (multinomial kernel of
/// the unit degree) at most <see cref="RkhsNormBound"/> (L-rkhs-norm). Built by <see cref="Gadgets.Depth2"/>.
/// </summary>
public sealed record Depth2Certificate
{
    internal Depth2Certificate(ApproximationCertificate unit, ImmutableArray<double> outer, ImmutableArray<double[]> inner)
    {
        Unit = unit;
        OuterWeights = outer;
        _inner = inner;
        double l1 = 0.0;
        foreach (double a in outer) l1 = Interval.Up(l1 + Math.Abs(a));
        ErrorBound = Interval.Up(l1 * unit.SupError);
        double norm = 0.0;
        var beta = unit.Polynomial.Monomial;
        for (int j = 0; j < outer.Length; j++)
        {
            double r2 = inner[j].Sum(v => v * v), power = 1.0, sq = 0.0;
            for (int i = 0; i < beta.Length; i++)
            {
                sq += beta[i] * beta[i] * power;
                power *= r2;
            }
            // beta_i are correctly rounded and ||w_j|| <= 1, so sq ~ weight; a relative 1e-12 margin covers the rounding.
            norm += Math.Abs(outer[j]) * Math.Sqrt(sq) * (1 + 1e-12);
        }
        RkhsNormBound = norm;
    }

    private readonly ImmutableArray<double[]> _inner;

    /// <summary>The certified ReLU approximation used for every unit.</summary>
    public ApproximationCertificate Unit { get; }

    /// <summary>The outer weights a_j.</summary>
    public ImmutableArray<double> OuterWeights { get; }

    /// <summary>The number of hidden units k.</summary>
    public int Units => OuterWeights.Length;

    /// <summary>The inner weight vector w_j (a copy).</summary>
    public double[] InnerWeight(int j) => (double[])_inner[j].Clone();

    /// <summary>||a||_1 sup |p - ReLU|, a rigorous bound on the sup error over the unit ball.</summary>
    public double ErrorBound { get; }

    /// <summary>sum_j |a_j| sqrt(sum_i beta_i^2 ||w_j||^{2i}), a bound on the RKHS norm of the approximant.</summary>
    public double RkhsNormBound { get; }

    /// <summary>The approximant sum_j a_j p(w_j . x) (dot products clamped to [-1, 1] against rounding).</summary>
    public double Evaluate(ReadOnlySpan<double> x) => Sum(x, (unit, t) => unit.Polynomial.Evaluate(Math.Clamp(t, -1.0, 1.0)));

    /// <summary>The network itself, sum_j a_j ReLU(w_j . x).</summary>
    public double EvaluateNetwork(ReadOnlySpan<double> x) => Sum(x, (_, t) => Math.Max(0.0, t));

    private double Sum(ReadOnlySpan<double> x, Func<ApproximationCertificate, double, double> unitValue)
    {
        Preconditions.Check(x.Length == _inner[0].Length, nameof(x), $"x has dimension {x.Length}, the network {_inner[0].Length}.");
        double total = 0.0;
        for (int j = 0; j < OuterWeights.Length; j++)
        {
            double dot = 0.0;
            for (int i = 0; i < x.Length; i++) dot += _inner[j][i] * x[i];
            total += OuterWeights[j] * unitValue(Unit, dot);
        }
        return total;
    }

    /// <inheritdoc />
    public bool Equals(Depth2Certificate? other) => other is not null && Unit.Equals(other.Unit)
        && ErrorBound.Equals(other.ErrorBound) && RkhsNormBound.Equals(other.RkhsNormBound)
        && StructuralEquality.Equal(OuterWeights, other.OuterWeights)
        && _inner.Length == other._inner.Length
        && _inner.Zip(other._inner).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Unit, StructuralEquality.Hash(OuterWeights.AsSpan()));
}
