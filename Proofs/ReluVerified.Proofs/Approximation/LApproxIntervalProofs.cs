using System.Globalization;
using System.Numerics;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Approximation;

/// <summary>
/// L-approx, checked: interval operations enclose the exact real results (verified in exact dyadic arithmetic) and, as the
/// construction promises (round to nearest, then one ulp outward), each end lies within two ulps of the exact end; the
/// elementary enclosures contain the function on the whole interval (up to libm's documented one ulp) and stay in [-1, 1].
/// </summary>
public sealed class LApproxIntervalProofs
{
    private static int Compare((BigInteger M, int E) a, (BigInteger M, int E) b)
    {
        int e = Math.Min(a.E, b.E);
        return (a.M << (a.E - e)).CompareTo(b.M << (b.E - e));
    }

    private static (BigInteger M, int E) Exact(double x) => ExactReference.Split(x);

    private static (BigInteger M, int E) Add((BigInteger M, int E) a, (BigInteger M, int E) b)
    {
        int e = Math.Min(a.E, b.E);
        return ((a.M << (a.E - e)) + (b.M << (b.E - e)), e);
    }

    private static void AssertContains(Interval i, (BigInteger M, int E) exact)
    {
        Assert.True(Compare(Exact(i.Lo), exact) <= 0 && Compare(exact, Exact(i.Hi)) <= 0, $"{i} misses the exact value");
    }

    [Fact]
    public void Sums_and_products_enclose_the_exact_results()
    {
        var random = new Random(7);
        for (int n = 0; n < 2000; n++)
        {
            double a = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 6));
            double b = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 6));
            var ia = Interval.Point(a);
            var ib = Interval.Point(b);
            AssertContains(ia + ib, Add(Exact(a), Exact(b)));
            AssertContains(ia - ib, Add(Exact(a), Exact(-b)));
            var (ma, ea) = Exact(a);
            var (mb, eb) = Exact(b);
            AssertContains(ia * ib, (ma * mb, ea + eb));
        }
    }

    [Fact]
    public void Elementary_enclosures_contain_high_precision_values()
    {
        // cos(1) and exp(1) to 30 digits.
        var cos1 = Interval.CosOf(Interval.Point(1.0));
        Assert.True(cos1.Lo <= 0.540302305868139717400936607442 && 0.540302305868139717400936607442 <= cos1.Hi);
        var e = Interval.Point(1.0).Exp();
        Assert.True(e.Lo <= Math.E && Math.E <= e.Hi);
        Assert.True(e.Width < 1e-14);
        var recip = new Interval(2.0, 4.0).Reciprocal();
        Assert.True(recip.Lo <= 0.25 && recip.Hi >= 0.5);
        Assert.Throws<ArgumentException>(() => new Interval(-1, 1).Reciprocal());
    }

    [Fact]
    public void Target_interval_extensions_contain_point_values()
    {
        var targets = new TargetFunction[] { new TargetFunction.Relu(), new TargetFunction.Abs(), new TargetFunction.Leaky(-0.3),
            new TargetFunction.ShiftedRelu(-2, 0.5), new TargetFunction.Sigmoid(7) };
        var random = new Random(11);
        foreach (var f in targets)
            for (int n = 0; n < 500; n++)
            {
                double lo = random.NextDouble() * 2 - 1, hi = Math.Min(1, lo + random.NextDouble() * 0.3);
                var enclosure = f.Enclose(new Interval(lo, hi));
                for (int j = 0; j <= 10; j++)
                {
                    double t = Math.Min(hi, lo + (hi - lo) * j / 10);
                    Assert.True(enclosure.Contains(f.Evaluate(t)), $"{f.Describe()}: {enclosure} misses f({t:R}) = {f.Evaluate(t):R}");
                }
            }
    }

    private static (BigInteger M, int E) Mul((BigInteger M, int E) a, (BigInteger M, int E) b) => (a.M * b.M, a.E + b.E);

    private static (BigInteger M, int E) Min(params (BigInteger M, int E)[] xs) => xs.Aggregate((a, b) => Compare(a, b) <= 0 ? a : b);

    private static (BigInteger M, int E) Max(params (BigInteger M, int E)[] xs) => xs.Aggregate((a, b) => Compare(a, b) >= 0 ? a : b);

    /// <summary>
    /// i = [exactLo, exactHi] enlarged by at most two ulps at each end: two steps inward from each end cross the exact end.
    /// Round to nearest lands within one ulp of the exact value and the outward step adds one more.
    /// </summary>
    private static void AssertEnclosesTightly(Interval i, (BigInteger M, int E) exactLo, (BigInteger M, int E) exactHi, string what)
    {
        Assert.True(Compare(Exact(i.Lo), exactLo) <= 0 && Compare(exactHi, Exact(i.Hi)) <= 0, $"{what}: {i} misses an exact end");
        double innerLo = Math.BitIncrement(Math.BitIncrement(i.Lo)), innerHi = Math.BitDecrement(Math.BitDecrement(i.Hi));
        Assert.True(Compare(Exact(innerLo), exactLo) >= 0 && Compare(Exact(innerHi), exactHi) <= 0, $"{what}: {i} is more than two ulps wider than the exact range");
    }

    private static Interval RandomInterval(Random random)
    {
        double a = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4));
        double b = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4));
        return new Interval(Math.Min(a, b), Math.Max(a, b));
    }

    [Fact]
    public void Operations_on_wide_intervals_enclose_the_exact_range_to_within_two_ulps()
    {
        // The exact ranges of a + b, a - b, a b and s a over boxes are attained at end points, so they are min / max over
        // the exact end-point results. Mixed signs exercise every case of the product's end-point selection.
        var random = new Random(2024);
        for (int n = 0; n < 3000; n++)
        {
            var x = RandomInterval(random);
            var y = RandomInterval(random);
            double s = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4));
            var (xl, xh, yl, yh, es) = (Exact(x.Lo), Exact(x.Hi), Exact(y.Lo), Exact(y.Hi), Exact(s));
            AssertEnclosesTightly(x + y, Add(xl, yl), Add(xh, yh), $"{x} + {y}");
            AssertEnclosesTightly(x - y, Add(xl, Exact(-y.Hi)), Add(xh, Exact(-y.Lo)), $"{x} - {y}");
            AssertEnclosesTightly(x + s, Add(xl, es), Add(xh, es), $"{x} + {s:R}");
            var products = new[] { Mul(xl, yl), Mul(xl, yh), Mul(xh, yl), Mul(xh, yh) };
            AssertEnclosesTightly(x * y, Min(products), Max(products), $"{x} * {y}");
            AssertEnclosesTightly(s * x, Min(Mul(es, xl), Mul(es, xh)), Max(Mul(es, xl), Mul(es, xh)), $"{s:R} * {x}");
            var negated = -x;
            Assert.Equal((-x.Hi, -x.Lo), (negated.Lo, negated.Hi)); // negation is exact
        }
    }

    [Fact]
    public void Product_ends_come_from_the_right_end_point_products_in_every_sign_case()
    {
        // Each of the four end-point products is the minimum in one of these cases and the maximum in another.
        var cases = new (Interval X, Interval Y, double Lo, double Hi)[]
        {
            (new(2, 3), new(5, 7), 10, 21),     // lo = Lo Lo, hi = Hi Hi
            (new(-3, -2), new(-7, -5), 10, 21), // lo = Hi Hi, hi = Lo Lo
            (new(-3, 2), new(5, 7), -21, 14),   // lo = Lo Hi, hi = Hi Hi
            (new(2, 3), new(-7, 5), -21, 15),   // lo = Hi Lo, hi = Hi Hi
            (new(-3, -2), new(5, 7), -21, -10), // lo = Lo Hi, hi = Hi Lo
            (new(2, 3), new(-7, -5), -21, -10), // lo = Hi Lo, hi = Lo Hi
            (new(-3, 2), new(-7, 5), -15, 21),  // lo = Lo Hi, hi = Lo Lo
        };
        foreach (var (x, y, lo, hi) in cases)
        {
            // Small integers multiply exactly, so the outward step is the only widening: exactly one ulp each side.
            var p = x * y;
            Assert.Equal((Math.BitDecrement(lo), Math.BitIncrement(hi)), (p.Lo, p.Hi));
            var q = y * x;
            Assert.Equal((p.Lo, p.Hi), (q.Lo, q.Hi));
        }
        var scaled = -2.0 * new Interval(1, 3);
        Assert.Equal((Math.BitDecrement(-6.0), Math.BitIncrement(-2.0)), (scaled.Lo, scaled.Hi));
    }

    [Fact]
    public void Construction_rejects_reversed_and_nan_ends_naming_the_bound_and_the_values()
    {
        var point = new Interval(1.5, 1.5); // lo = hi is an interval (a point)
        Assert.Equal((1.5, 1.5), (point.Lo, point.Hi));
        Assert.Equal(point, Interval.Point(1.5));
        var reversed = Assert.Throws<ArgumentException>(() => new Interval(2, 1));
        Assert.Equal("lo", reversed.ParamName);
        Assert.Contains("lo <= hi", reversed.Message);
        Assert.Contains($"[{2.0}, {1.0}]", reversed.Message);
        Assert.Throws<ArgumentException>(() => new Interval(double.NaN, 1));
        Assert.Throws<ArgumentException>(() => new Interval(0, double.NaN));
    }

    [Fact]
    public void Width_magnitude_mignitude_containment_and_hull_follow_their_definitions()
    {
        // Width is Hi - Lo rounded up: at least the exact width, at most one ulp above the rounded one.
        var w = new Interval(-0.1, 0.7);
        var exactWidth = Add(Exact(0.7), Exact(0.1));
        Assert.True(Compare(Exact(w.Width), exactWidth) >= 0 && Compare(Exact(Math.BitDecrement(Math.BitDecrement(w.Width))), exactWidth) <= 0);
        Assert.True(new Interval(1, 3).Width >= 2 && Interval.Point(5).Width >= 0);

        Assert.Equal(3.0, new Interval(-3, 2).Mag);
        Assert.Equal(2.0, new Interval(-1, 2).Mag);
        Assert.Equal(2.0, new Interval(2, 3).Mig);
        Assert.Equal(2.0, new Interval(-3, -2).Mig);
        Assert.Equal(0.0, new Interval(-1, 2).Mig);
        Assert.Equal(0.0, new Interval(0, 2).Mig);
        Assert.Equal(0.0, new Interval(-2, 0).Mig);

        var c = new Interval(1, 2);
        Assert.True(c.Contains(1) && c.Contains(1.5) && c.Contains(2));
        Assert.False(c.Contains(Math.BitDecrement(1.0)) || c.Contains(Math.BitIncrement(2.0)) || c.Contains(double.NaN));

        var hull = new Interval(1, 2).Hull(new Interval(3, 4));
        Assert.Equal((1.0, 4.0), (hull.Lo, hull.Hi));
        var hullReversed = new Interval(3, 4).Hull(new Interval(1, 2));
        Assert.Equal((1.0, 4.0), (hullReversed.Lo, hullReversed.Hi));
        var nested = new Interval(-5, 5).Hull(new Interval(-1, 1));
        Assert.Equal((-5.0, 5.0), (nested.Lo, nested.Hi));
    }

    [Fact]
    public void Reciprocal_encloses_tightly_and_refuses_intervals_containing_zero()
    {
        foreach (var x in new[] { new Interval(2, 4), new Interval(-4, -2), new Interval(0.1, 0.3), new Interval(-3, -0.7) })
        {
            var r = x.Reciprocal();
            // 1 / x on [Lo, Hi] ranges over [1 / Hi, 1 / Lo]; check l x <= 1 <= h x at both ends exactly (signs fixed).
            Assert.True(r.Lo <= 1 / x.Hi && 1 / x.Lo <= r.Hi, $"1 / {x} = {r}");
            Assert.True(Compare(Mul(Exact(r.Lo), Exact(x.Hi)), Exact(1.0)) * Math.Sign(x.Hi) <= 0, $"1 / {x}: lower end {r.Lo:R} above 1 / Hi");
            Assert.True(Compare(Mul(Exact(r.Hi), Exact(x.Lo)), Exact(1.0)) * Math.Sign(x.Lo) >= 0, $"1 / {x}: upper end {r.Hi:R} below 1 / Lo");
            Assert.True(Math.BitIncrement(Math.BitIncrement(r.Lo)) >= 1 / x.Hi && Math.BitDecrement(Math.BitDecrement(r.Hi)) <= 1 / x.Lo, $"1 / {x} = {r} is not tight");
        }
        foreach (var x in new[] { new Interval(-1, 1), new Interval(0, 1), new Interval(-1, 0), Interval.Point(0) })
        {
            var error = Assert.Throws<ArgumentException>(() => x.Reciprocal());
            Assert.Equal("this", error.ParamName);
            Assert.Contains("contains 0", error.Message);
            Assert.Contains(x.Hi.ToString(CultureInfo.CurrentCulture), error.Message);
        }
    }

    [Fact]
    public void Exp_encloses_the_range_tightly_and_never_goes_below_zero()
    {
        // exp is increasing: exp([0, 1]) = [1, e], and e lies above the double Math.E (e = 2.718281828459045235...).
        var e = new Interval(0, 1).Exp();
        Assert.True(e.Lo <= 1 && Math.BitIncrement(Math.E) <= e.Hi, $"exp([0, 1]) = {e}");
        // libm within one ulp plus two outward steps: within four ulps of each end.
        Assert.True(e.Lo >= 1 - 4 * Math.Pow(2, -53) && e.Hi <= Math.E + 4 * Math.Pow(2, -51), $"exp([0, 1]) = {e} is not tight");
        var small = new Interval(-1000, -700).Exp(); // exp(-1000) underflows to 0: the enclosure must stay at >= 0
        Assert.True(small.Lo >= 0 && small.Lo <= Math.Exp(-1000) && small.Hi >= Math.Exp(-700), $"exp([-1000, -700]) = {small}");
        var negative = new Interval(-2, -1).Exp();
        Assert.True(negative.Lo <= Math.Exp(-2) && negative.Lo > 0 && negative.Hi >= Math.Exp(-1) && negative.Hi <= Math.BitIncrement(Math.BitIncrement(Math.BitIncrement(Math.Exp(-1)))));
    }

    [Fact]
    public void Cos_and_sin_enclose_the_function_over_the_whole_interval_and_stay_in_minus_one_one()
    {
        // Members are sampled at 101 points (ends included). libm is assumed within one ulp (the documented premise), so the
        // enclosure must hold [f(t) - ulp, f(t) + ulp] unless that crosses the clamp at +-1. The widths 1e-6 near the zeros of
        // the functions are where |f'| = 1: there f moves by width - width^3/6, so an enclosure that trades the libm slack for
        // the Lipschitz term misses the far end.
        double halfPi = Math.PI / 2;
        var boxes = new[] { new Interval(0, 1e-6), new Interval(halfPi, halfPi + 1e-6), new Interval(-halfPi - 1e-6, -halfPi),
            new Interval(Math.PI - 1e-6, Math.PI), new Interval(0.3, 0.3 + 1e-3), new Interval(2.5, 2.5 + 1e-4), Interval.Point(1.0),
            new Interval(-1e-6, 0), new Interval(halfPi - 1e-7, halfPi), new Interval(-halfPi, -halfPi + 1e-7) };
        foreach (var x in boxes)
        {
            var cos = Interval.CosOf(x);
            var sin = Interval.SinOf(x);
            var (cos2, sin2) = Interval.SinCosOf(x);
            foreach (var (name, enclosure, f) in new (string, Interval, Func<double, double>)[] { ("cos", cos, Math.Cos), ("sin", sin, Math.Sin), ("sincos.cos", cos2, Math.Cos), ("sincos.sin", sin2, Math.Sin) })
            {
                Assert.True(enclosure.Lo >= -1 && enclosure.Hi <= 1, $"{name}{x} = {enclosure} leaves [-1, 1]");
                for (int j = 0; j <= 100; j++)
                {
                    double t = j == 100 ? x.Hi : x.Lo + (x.Hi - x.Lo) * j / 100;
                    double v = f(t);
                    Assert.True(enclosure.Lo <= Math.Max(-1, Math.BitDecrement(v)) && Math.Min(1, Math.BitIncrement(v)) <= enclosure.Hi, $"{name}{x} = {enclosure} misses {name}({t:R}) = {v:R} (+- 1 ulp)");
                }
                // Lipschitz width: 2 (width + 2^-52) plus a few rounding steps.
                Assert.True(enclosure.Hi - enclosure.Lo <= 2 * (x.Width + Math.Pow(2, -52)) + 8 * Math.Pow(2, -53), $"{name}{x} = {enclosure} is wider than the Lipschitz bound");
            }
        }
    }

    [Fact]
    public void ToString_shows_both_ends_round_trippable()
    {
        var x = new Interval(0.1, 1.0 / 3);
        string text = x.ToString();
        Assert.StartsWith("[", text);
        Assert.EndsWith("]", text);
        var parts = text[1..^1].Split(", ");
        Assert.Equal(2, parts.Length);
        Assert.Equal(x.Lo, double.Parse(parts[0], CultureInfo.CurrentCulture));
        Assert.Equal(x.Hi, double.Parse(parts[1], CultureInfo.CurrentCulture));
    }
}
