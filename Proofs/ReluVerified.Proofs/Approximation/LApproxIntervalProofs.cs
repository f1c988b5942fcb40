using System.Numerics;
using ReluVerified.Core.Approximation;
using Xunit;

namespace ReluVerified.Proofs.Approximation;

/// <summary>L-approx, checked: interval operations enclose the exact real results (verified in exact dyadic arithmetic).</summary>
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
}
