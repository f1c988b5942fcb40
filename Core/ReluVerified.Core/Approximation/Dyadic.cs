using System.Numerics;

namespace ReluVerified.Core.Approximation;

/// <summary>
/// An exact dyadic rational Mantissa * 2^Exponent (L-approx). Every double is one, and the Chebyshev-monomial
/// conversions only multiply by integers and halve, so they stay exact in this type; rounding to double happens once,
/// at the end, correctly (round to nearest, ties to even).
/// </summary>
internal readonly struct Dyadic : IEquatable<Dyadic>
{
    internal BigInteger Mantissa { get; }
    internal int Exponent { get; }

    internal Dyadic(BigInteger mantissa, int exponent)
    {
        if (mantissa.IsZero) { Mantissa = BigInteger.Zero; Exponent = 0; return; }
        // Normalise: odd mantissa, so equal values have equal representations.
        int shift = (int)BigInteger.TrailingZeroCount(mantissa);
        Mantissa = mantissa >> shift;
        Exponent = exponent + shift;
    }

    internal static Dyadic Zero => default;

    internal bool IsZero => Mantissa.IsZero;

    /// <summary>The exact value of a finite double.</summary>
    internal static Dyadic FromDouble(double x)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "Only finite doubles are dyadic rationals.");
        if (x == 0) return Zero;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = biased == 0 ? -1074 : biased - 1075;
        return new Dyadic(x < 0 ? -mantissa : mantissa, exponent);
    }

    public static Dyadic operator +(Dyadic a, Dyadic b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        int e = Math.Min(a.Exponent, b.Exponent);
        return new Dyadic((a.Mantissa << (a.Exponent - e)) + (b.Mantissa << (b.Exponent - e)), e);
    }

    public static Dyadic operator -(Dyadic a) => new(-a.Mantissa, a.Exponent);

    public static Dyadic operator -(Dyadic a, Dyadic b) => a + -b;

    public static Dyadic operator *(Dyadic a, Dyadic b) => new(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);

    public static Dyadic operator *(BigInteger k, Dyadic a) => new(k * a.Mantissa, a.Exponent);

    /// <summary>a * 2^k (exact).</summary>
    internal Dyadic ScaleB(int k) => new(Mantissa, Exponent + k);

    internal int Sign => Mantissa.Sign;

    /// <summary>The value correctly rounded to double (nearest, ties to even); also returns an upper bound on the rounding error.</summary>
    internal double ToDouble(out double roundingErrorBound)
    {
        roundingErrorBound = 0.0;
        if (IsZero) return 0.0;
        var n = BigInteger.Abs(Mantissa);
        int bits = (int)n.GetBitLength();
        double result;
        if (bits <= 53)
        {
            result = Math.ScaleB((double)n, Exponent);
        }
        else
        {
            int shift = bits - 53;
            var q = n >> shift;
            var rem = n - (q << shift);
            var half = BigInteger.One << (shift - 1);
            if (rem > half || (rem == half && !q.IsEven)) q += 1;
            result = Math.ScaleB((double)q, Exponent + shift);
            if (!rem.IsZero) roundingErrorBound = Math.ScaleB(1.0, Exponent + shift - 1);
        }
        return Mantissa.Sign < 0 ? -result : result;
    }

    /// <summary>The value correctly rounded to double.</summary>
    internal double ToDouble() => ToDouble(out _);

    public bool Equals(Dyadic other) => Mantissa == other.Mantissa && Exponent == other.Exponent;

    public override bool Equals(object? obj) => obj is Dyadic d && Equals(d);

    public override int GetHashCode() => HashCode.Combine(Mantissa, Exponent);

    public override string ToString() => $"{Mantissa}*2^{Exponent}";
}
