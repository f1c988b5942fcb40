using System.Numerics;

namespace ReluVerified.Proofs.Optimization;

/// <summary>
/// An exact dyadic rational Mantissa * 2^Exponent (every finite double is one, and sums and products of dyadics are
/// dyadics), for recomputing T2.1's certificate without rounding. Shares no code with the solver.
/// </summary>
internal readonly record struct Dyadic(BigInteger Mantissa, int Exponent)
{
    internal static readonly Dyadic Zero = new(BigInteger.Zero, 0);

    /// <summary>The exact value of a finite double.</summary>
    internal static Dyadic Of(double x)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "only finite doubles are dyadic rationals");
        if (x == 0) return Zero;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = biased == 0 ? -1074 : biased - 1075;
        return new Dyadic(x < 0 ? -mantissa : mantissa, exponent);
    }

    internal int Sign => Mantissa.Sign;

    public static Dyadic operator +(Dyadic a, Dyadic b)
    {
        if (a.Mantissa.IsZero) return b;
        if (b.Mantissa.IsZero) return a;
        int e = Math.Min(a.Exponent, b.Exponent);
        return new Dyadic((a.Mantissa << (a.Exponent - e)) + (b.Mantissa << (b.Exponent - e)), e);
    }

    public static Dyadic operator -(Dyadic a) => new(-a.Mantissa, a.Exponent);

    public static Dyadic operator -(Dyadic a, Dyadic b) => a + -b;

    public static Dyadic operator *(Dyadic a, Dyadic b) => new(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);

    public static bool operator <=(Dyadic a, Dyadic b) => (b - a).Sign >= 0;

    public static bool operator >=(Dyadic a, Dyadic b) => (a - b).Sign >= 0;

    /// <summary>The nearest double, give or take an ulp (for reports and loose comparisons only).</summary>
    internal double ToDouble()
    {
        if (Mantissa.IsZero) return 0;
        int drop = Math.Max(0, (int)BigInteger.Abs(Mantissa).GetBitLength() - 62);
        return Math.ScaleB((double)(Mantissa >> drop), Exponent + drop);
    }

    /// <summary>sum_i a_i b_i exactly.</summary>
    internal static Dyadic Dot(IReadOnlyList<Dyadic> a, IReadOnlyList<Dyadic> b)
    {
        var sum = Zero;
        for (int i = 0; i < a.Count; i++) sum += a[i] * b[i];
        return sum;
    }
}
