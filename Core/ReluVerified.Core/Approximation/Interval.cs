namespace ReluVerified.Core.Approximation;

/// <summary>
/// A closed interval [Lo, Hi] of reals with outward-rounded arithmetic (L-approx). Every operation computes the
/// round-to-nearest result and then steps one ulp outward (<see cref="Math.BitDecrement"/> / <see cref="Math.BitIncrement"/>),
/// so the exact real result of the operation on any members of the operands lies inside the returned interval.
/// The elementary functions (<see cref="Exp"/>, <see cref="CosOf"/>, <see cref="SinOf"/>) additionally assume the
/// platform's libm is accurate to one ulp (glibc documents errors below one ulp for exp, sin and cos) and widen by two ulps.
/// </summary>
public readonly record struct Interval
{
    /// <summary>The lower end.</summary>
    public double Lo { get; }

    /// <summary>The upper end.</summary>
    public double Hi { get; }

    /// <summary>Creates [lo, hi]; both ends must be numbers with lo &lt;= hi.</summary>
    public Interval(double lo, double hi)
    {
        if (!(lo <= hi)) throw new ArgumentException($"Interval needs lo <= hi, got [{lo}, {hi}].", nameof(lo));
        Lo = lo;
        Hi = hi;
    }

    /// <summary>The degenerate interval [x, x] (exact: x is a double).</summary>
    public static Interval Point(double x) => new(x, x);

    /// <summary>The width Hi - Lo rounded up.</summary>
    public double Width => Up(Hi - Lo);

    /// <summary>The largest absolute value of a member (the magnitude).</summary>
    public double Mag => Math.Max(Math.Abs(Lo), Math.Abs(Hi));

    /// <summary>The smallest absolute value of a member (the mignitude; 0 when the interval contains 0).</summary>
    public double Mig => Lo > 0 ? Lo : Hi < 0 ? -Hi : 0.0;

    /// <summary>Whether x lies in the interval.</summary>
    public bool Contains(double x) => Lo <= x && x <= Hi;

    /// <summary>The smallest interval containing both.</summary>
    public Interval Hull(Interval other) => new(Math.Min(Lo, other.Lo), Math.Max(Hi, other.Hi));

    internal static double Down(double x) => Math.BitDecrement(x);
    internal static double Up(double x) => Math.BitIncrement(x);

    /// <summary>Outward-rounded sum.</summary>
    public static Interval operator +(Interval a, Interval b) => new(Down(a.Lo + b.Lo), Up(a.Hi + b.Hi));

    /// <summary>Outward-rounded difference.</summary>
    public static Interval operator -(Interval a, Interval b) => new(Down(a.Lo - b.Hi), Up(a.Hi - b.Lo));

    /// <summary>Negation (exact).</summary>
    public static Interval operator -(Interval a) => new(-a.Hi, -a.Lo);

    /// <summary>Outward-rounded sum with an exact double.</summary>
    public static Interval operator +(Interval a, double b) => new(Down(a.Lo + b), Up(a.Hi + b));

    /// <summary>Outward-rounded product.</summary>
    public static Interval operator *(Interval a, Interval b)
    {
        double p1 = a.Lo * b.Lo, p2 = a.Lo * b.Hi, p3 = a.Hi * b.Lo, p4 = a.Hi * b.Hi;
        return new(Down(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4))), Up(Math.Max(Math.Max(p1, p2), Math.Max(p3, p4))));
    }

    /// <summary>Outward-rounded product with an exact double.</summary>
    public static Interval operator *(double s, Interval a)
    {
        double p1 = s * a.Lo, p2 = s * a.Hi;
        return new(Down(Math.Min(p1, p2)), Up(Math.Max(p1, p2)));
    }

    /// <summary>Outward-rounded reciprocal of an interval that does not contain 0.</summary>
    public Interval Reciprocal()
    {
        if (Contains(0.0)) throw new ArgumentException($"Reciprocal of [{Lo}, {Hi}] which contains 0.", "this");
        return new(Down(1.0 / Hi), Up(1.0 / Lo));
    }

    /// <summary>Enclosure of exp over the interval (monotone; assumes libm exp within one ulp).</summary>
    public Interval Exp() => new(Math.Max(0.0, Down(Down(Math.Exp(Lo)))), Up(Up(Math.Exp(Hi))));

    /// <summary>
    /// Enclosure of cos over a narrow interval x: cos(x.Lo) (libm, within one ulp, widened by 2^-52) plus the
    /// Lipschitz term |x| width, since |cos'| &lt;= 1. Clamped to [-1, 1].
    /// </summary>
    public static Interval CosOf(Interval x) => Lipschitz(Math.Cos(x.Lo), x.Width);

    /// <summary>Enclosure of sin over a narrow interval x (same construction as <see cref="CosOf"/>).</summary>
    public static Interval SinOf(Interval x) => Lipschitz(Math.Sin(x.Lo), x.Width);

    /// <summary>Enclosures of (cos x, sin x) over a narrow interval x with one libm call.</summary>
    public static (Interval Cos, Interval Sin) SinCosOf(Interval x)
    {
        var (s, c) = Math.SinCos(x.Lo);
        double w = x.Width;
        return (Lipschitz(c, w), Lipschitz(s, w));
    }

    private const double LibmSlack = 2.220446049250313e-16; // 2^-52 >= one ulp of any value in [-1, 1]

    private static Interval Lipschitz(double value, double width)
    {
        double r = Up(width + LibmSlack);
        return new(Math.Max(-1.0, Down(value - r)), Math.Min(1.0, Up(value + r)));
    }

    /// <inheritdoc />
    public override string ToString() => $"[{Lo:R}, {Hi:R}]";
}
