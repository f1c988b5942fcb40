using ReluVerified.Core;
namespace ReluVerified.Core.Approximation;

/// <summary>
/// Rigorous sup-norm bounds for polynomials on [-1, 1] (L-approx): branch and bound over t = cos(theta), theta in [0, pi].
/// On a box [theta0 - r, theta0 + r] the error g(theta) = p(cos theta) - f(cos theta) obeys
/// g(theta0 + delta) in g(theta0) + g'(theta0) delta + [-1, 1] M2 r^2 / 2, where g(theta0) and g'(theta0) are enclosed
/// by outward-rounded interval sums of c_k cos(k theta0) and -k c_k sin(k theta0), and
/// M2 = sum_k k^2 |c_k| + (curvature bound of the target's piece). Boxes on which a kink may lie take the hull over both
/// pieces. The search starts from max(16, 4 (d + 1)) equal boxes over [0, pi]; the box with the largest upper bound is
/// bisected at its midpoint until that bound is within
/// <see cref="Tolerances.ApproximationCertificateRelativeGap"/> of the best point value. Interval Clenshaw or Horner is not used for
/// ranges: their enclosures widen by a factor ~2.4 per degree (Clenshaw) or by sum |beta_i| (Horner), ~1e15 at d = 40.
/// </summary>
public static class Certifier
{
    /// <summary>Box budget of one sup-norm computation; the bound stays rigorous when it is exhausted, only looser.</summary>
    public const int MaxBoxes = 20_000;

    private static readonly double PiUp = Math.BitIncrement(Math.PI); // > pi: the theta boxes cover [0, pi]

    /// <summary>A rigorous bound on sup_{t in [-1,1]} |p(t) - f(t)| (L-approx).</summary>
    public static SupNormBound SupError(TargetFunction target, Polynomial polynomial)
    {
        Preconditions.NotNull(target);
        Preconditions.NotNull(polynomial);
        if (target is TargetFunction.Sigmoid sigmoid && SmoothSupError(sigmoid, polynomial.Chebyshev.AsSpan()) is { } smooth) return smooth;
        return Run(polynomial.Chebyshev.AsSpan(), target);
    }

    /// <summary>Largest reference degree N the smooth path uses (cost ~N^2 for the coefficients, ~N per box).</summary>
    private const int MaxReferenceDegree = 400;

    /// <summary>
    /// Sigmoids: sup |p - f| &lt;= sup |p - f_N| + ||f - I_N f|| + ||I_N f - f_N||, where I_N f is the degree-N Chebyshev
    /// interpolant, f_N its interval-enclosed coefficients rounded to double, ||f - I_N f|| &lt;= 4 rho^{-N} / (rho - 1)
    /// (f is analytic with |f| &lt;= 1 in the Bernstein ellipse with semi-minor axis pi / (2L): there Re e^{-Lz} &gt;= 0) and
    /// ||I_N f - f_N|| &lt;= sum of the coefficient enclosure widths. The polynomial p - f_N has small coefficients, so the
    /// branch and bound on it (zero target) needs far fewer boxes than on p - f, whose curvature bound includes f's.
    /// Returns null when N would exceed <see cref="MaxReferenceDegree"/> (very steep sigmoids).
    /// </summary>
    private static SupNormBound? SmoothSupError(TargetFunction.Sigmoid sigmoid, ReadOnlySpan<double> p)
    {
        double b = Math.PI / (2 * sigmoid.Steepness);
        double rho = Math.BitDecrement(b + Math.Sqrt(1 + b * b));
        int n = (int)Math.Ceiling(Math.Log(4 / ((rho - 1) * 1e-17)) / Math.Log(rho));
        n = Math.Max(n, p.Length - 1);
        if (n > MaxReferenceDegree) return null;
        double tail = Interval.Up(4 * Math.Pow(rho, -n) / (rho - 1) * (1 + 1e-12));

        int count = n + 1;
        var inverseCount = Interval.Point(count).Reciprocal();
        var pi = new Interval(Math.PI, PiUp);
        var values = new Interval[count];
        var angles = new Interval[count];
        for (int j = 0; j < count; j++)
        {
            angles[j] = pi * (Interval.Point(j + 0.5) * inverseCount);
            values[j] = sigmoid.Enclose(Interval.CosOf(angles[j]));
        }
        var scale = 2.0 * inverseCount;
        var q = new double[count];
        double slack = 0.0;
        for (int k = 0; k < count; k++)
        {
            var sum = Interval.Point(0.0);
            for (int j = 0; j < count; j++) sum += values[j] * Interval.CosOf((double)k * angles[j]);
            var ck = sum * scale;
            if (k == 0) ck = 0.5 * ck;
            var qk = Interval.Point(k < p.Length ? p[k] : 0.0) - ck;
            q[k] = qk.Lo + (qk.Hi - qk.Lo) / 2;
            slack = Interval.Up(slack + qk.Width);
        }
        var difference = Run(q, null);
        double extra = Interval.Up(slack + tail);
        double upper = Interval.Up(difference.Upper + extra);
        double lower = Math.Max(0.0, Interval.Down(difference.Lower - extra));
        return new SupNormBound(upper, lower, difference.BoxesEvaluated, difference.ReachedTolerance);
    }

    /// <summary>A rigorous bound on max_{t in [-1,1]} |p(t)| (L-approx).</summary>
    public static SupNormBound MaxAbs(Polynomial polynomial)
    {
        Preconditions.NotNull(polynomial);
        return Run(polynomial.Chebyshev.AsSpan(), null);
    }

    /// <summary>
    /// Certifies <paramref name="polynomial"/> as an approximation of <paramref name="target"/>: rigorous sup error, max |p|,
    /// weight and coefficients (L-approx).
    /// </summary>
    public static ApproximationCertificate Certify(TargetFunction target, Polynomial polynomial, ApproximationMethod method)
    {
        var error = SupError(target, polynomial);
        var maxAbs = MaxAbs(polynomial);
        return new ApproximationCertificate(target, method, polynomial, error.Upper, error.Lower, maxAbs.Upper);
    }

    /// <summary>
    /// A rigorous lower bound on sup |p - f| from point enclosures at the theta-grid points pi (j + 1/2) / count.
    /// Cheap (count d operations); used to skip degrees that cannot meet a target error.
    /// </summary>
    internal static double SampledLowerBound(ReadOnlySpan<double> c, TargetFunction target, int count)
    {
        var jet = new PolyJet(c);
        Span<BranchModel> pieces = stackalloc BranchModel[2];
        double lower = 0.0;
        for (int j = 0; j < count; j++)
        {
            double theta = Math.PI * (j + 0.5) / count;
            jet.At(theta, out var p0, out _, out var c0, out var s0);
            if (target.SelectBranches(c0, pieces) != 1) continue;
            pieces[0].Jet(c0, s0, out var v, out _);
            lower = Math.Max(lower, (p0 - v).Mig);
        }
        return lower;
    }

    private readonly record struct Box(double A, double B, double Upper);

    private static SupNormBound Run(ReadOnlySpan<double> c, TargetFunction? target)
    {
        var jet = new PolyJet(c);
        var queue = new PriorityQueue<Box, double>();
        double lower = 0.0;
        int evaluated = 0;
        int initial = Math.Max(16, 4 * c.Length);
        double previous = 0.0;
        for (int i = 1; i <= initial; i++)
        {
            double next = i == initial ? PiUp : PiUp * i / initial;
            Push(previous, next);
            previous = next;
        }

        bool Done(double upper) => upper <= Interval.Up(lower * (1 + Tolerances.ApproximationCertificateRelativeGap)) + Tolerances.ApproximationCertificateAbsoluteGap;

        while (evaluated < MaxBoxes)
        {
            var top = queue.Peek();
            if (Done(top.Upper)) break;
            double mid = top.A + (top.B - top.A) / 2;
            if (mid <= top.A || mid >= top.B) break; // at double resolution: nothing left to split
            queue.Dequeue();
            Push(top.A, mid);
            Push(mid, top.B);
        }
        double bound = queue.Peek().Upper;
        return new SupNormBound(bound, Math.Min(lower, bound), evaluated, Done(bound));

        void Push(double a, double b)
        {
            double upper = Evaluate(jet, target, a, b, out double pointLower);
            lower = Math.Max(lower, pointLower);
            evaluated++;
            queue.Enqueue(new Box(a, b, upper), -upper);
        }
    }

    private static double Evaluate(in PolyJet jet, TargetFunction? target, double a, double b, out double pointLower)
    {
        double theta0 = a + (b - a) / 2;
        double r = Math.Max(Interval.Up(theta0 - a), Interval.Up(b - theta0));
        jet.At(theta0, out var p0, out var p1, out var c0, out var s0);

        Span<BranchModel> pieces = stackalloc BranchModel[2];
        int count;
        if (target is null)
        {
            pieces[0] = BranchModel.Affine(0.0, 0.0);
            count = 1;
        }
        else
        {
            // t = cos theta over [a, b]: CosOf is clamped to [-1, 1], and at b >= pi its lower end is -1.
            count = target.SelectBranches(new Interval(Interval.CosOf(Interval.Point(b)).Lo, Interval.CosOf(Interval.Point(a)).Hi), pieces);
        }

        double upper = 0.0;
        double rr = Interval.Up(Interval.Up(r * r) / 2);
        for (int i = 0; i < count; i++)
        {
            pieces[i].Jet(c0, s0, out var v, out var dv);
            var g0 = p0 - v;
            var g1 = p1 - dv;
            double m2 = Interval.Up(jet.Curvature + pieces[i].Curvature);
            double ub = Interval.Up(Interval.Up(g0.Mag + Interval.Up(g1.Mag * r)) + Interval.Up(m2 * rr));
            upper = Math.Max(upper, ub);
        }

        pointLower = 0.0;
        Span<BranchModel> atPoint = stackalloc BranchModel[2];
        int active = target is null ? 1 : target.SelectBranches(c0, atPoint);
        if (target is null) atPoint[0] = BranchModel.Affine(0.0, 0.0);
        if (active == 1)
        {
            atPoint[0].Jet(c0, s0, out var v, out _);
            pointLower = (p0 - v).Mig;
        }
        return upper;
    }

    /// <summary>
    /// The curvature bound of p(cos theta) = sum_k c_k cos(k theta) used by the Taylor model: |d^2/dtheta^2 p(cos theta)| &lt;=
    /// sum_{k &gt;= 1} k^2 |c_k|, each product and partial sum moved up by an ulp (<see cref="Interval.Up"/>), so the double
    /// returned is at least the exact sum.
    /// </summary>
    internal static double CurvatureBound(ReadOnlySpan<double> c)
    {
        double m2 = 0.0;
        for (int k = 1; k < c.Length; k++) m2 = Interval.Up(m2 + Interval.Up(Interval.Up((double)k * k) * Math.Abs(c[k])));
        return m2;
    }

    /// <summary>Interval enclosures of p(cos theta) and its theta-derivative at a point, plus the curvature bound.</summary>
    private readonly struct PolyJet
    {
        private readonly double[] _c;
        internal double Curvature { get; }

        internal PolyJet(ReadOnlySpan<double> c)
        {
            _c = c.ToArray();
            Curvature = CurvatureBound(c);
        }

        /// <summary>p(cos theta) = sum c_k cos(k theta) and d/dtheta = -sum k c_k sin(k theta), enclosed.</summary>
        internal void At(double theta, out Interval value, out Interval derivative, out Interval cos, out Interval sin)
        {
            var th = Interval.Point(theta);
            (cos, sin) = Interval.SinCosOf(th);
            value = Interval.Point(_c[0]);
            derivative = Interval.Point(0.0);
            for (int k = 1; k < _c.Length; k++)
            {
                double ck = _c[k];
                if (ck == 0.0) continue;
                var (ck_cos, ck_sin) = Interval.SinCosOf(k * th);
                value += ck * ck_cos;
                derivative -= (double)k * (ck * ck_sin);
            }
        }
    }
}
