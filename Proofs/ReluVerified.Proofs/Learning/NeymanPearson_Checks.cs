using System.Numerics;
using ReluVerified.Core.Learning;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// The Neyman-Pearson umbrella calibration of T2.1 (see Proofs/T2.1-reliable-relu.md): its binomial tail is exact, the
/// chosen order statistic is the smallest admissible one, the refusal names the count needed, and by simulation the
/// false-positive rate exceeds eps no more often than delta allows. The exact checks compare with binomial tails computed
/// in rational arithmetic (eps = 1/q, so P(Bin(n, 1 - eps) = j) = C(n, j) (q - 1)^j / q^n), sharing no code with the
/// library's log-space sums.
/// </summary>
public class NeymanPearson_Checks
{
    [Theory]
    [InlineData(0.1, 0.05, 29)]
    [InlineData(0.05, 0.05, 59)]
    [InlineData(0.01, 0.01, 459)]
    public void Required_count_is_the_least_n_with_one_minus_eps_to_the_n_at_most_delta(double eps, double delta, int expected)
    {
        int n = NeymanPearson.RequiredCount(eps, delta);
        Assert.Equal(expected, n);
        Assert.True(Math.Pow(1 - eps, n) <= delta);
        Assert.True(Math.Pow(1 - eps, n - 1) > delta);
    }

    [Theory]
    [InlineData(30, 0.1, 0.05)]
    [InlineData(200, 0.1, 0.05)]
    [InlineData(1000, 0.05, 0.01)]
    public void Chosen_order_statistic_is_the_smallest_with_tail_at_most_delta(int n, double eps, double delta)
    {
        var scores = Enumerable.Range(0, n).Select(i => (double)i).Reverse().ToArray();
        var c = NeymanPearson.Calibrate(scores, eps, delta);
        Assert.True(c.Succeeded);
        double tail = NeymanPearson.UpperTail(n, 1 - eps, c.OrderIndex);
        // Tolerance: the incremental and the direct binomial sums agree to 1e-12 relative.
        Assert.InRange(Math.Abs(tail - c.ViolationProbability), 0, 1e-12 + 1e-9 * tail);
        Assert.True(tail <= delta);
        Assert.True(NeymanPearson.UpperTail(n, 1 - eps, c.OrderIndex - 1) > delta, "k - 1 must violate delta");
        Assert.Equal(Math.BitIncrement(c.OrderIndex - 1.0), c.Threshold); // scores are 0..n-1, so s_(k) = k - 1
    }

    [Fact]
    public void Too_few_zero_scores_is_an_outcome_naming_the_count_needed()
    {
        var c = NeymanPearson.Calibrate([0.1, 0.2, 0.3], 0.1, 0.05);
        Assert.False(c.Succeeded);
        Assert.Equal(29, c.RequiredCount);
        Assert.Contains("at least 29", c.Explain());
    }

    [Fact]
    public void By_simulation_the_false_positive_rate_exceeds_eps_at_most_delta_of_the_time()
    {
        // Scores of zero-labelled points ~ U(0,1): the FP rate of threshold t is 1 - t exactly.
        const int trials = 4000, n = 100;
        const double eps = 0.1, delta = 0.1;
        var rng = new Random(12345);
        int violations = 0;
        for (int t = 0; t < trials; t++)
        {
            var scores = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            var c = NeymanPearson.Calibrate(scores, eps, delta);
            if (1 - c.Threshold > eps) violations++;
        }
        // Hoeffding over 4000 Bernoulli trials, one-sided at 1e-6: slack sqrt(ln(1e6) / 8000) = 0.042 (seed 12345).
        double slack = Math.Sqrt(Math.Log(1e6) / (2.0 * trials));
        Assert.True((double)violations / trials <= delta + slack, $"violation frequency {(double)violations / trials:F4} > {delta} + {slack:F4}");
    }

    /// <summary>Exact tails T(k) = sum_{j >= k} C(n, j) (q - 1)^j as integers (divide by q^n for P(Bin(n, 1 - 1/q) >= k)).</summary>
    private static BigInteger[] ScaledTails(int n, int q)
    {
        var tails = new BigInteger[n + 2];
        BigInteger choose = 1, power = 1; // C(n, 0), (q - 1)^0
        var terms = new BigInteger[n + 1];
        for (int j = 0; j <= n; j++)
        {
            terms[j] = choose * power;
            choose = choose * (n - j) / (j + 1);
            power *= q - 1;
        }
        for (int k = n; k >= 0; k--) tails[k] = tails[k + 1] + terms[k];
        return tails;
    }

    /// <summary>Compares the rational a / b with the double x exactly (b &gt; 0): sign of a / b - x.</summary>
    private static int CompareRational(BigInteger a, BigInteger b, double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = biased == 0 ? (bits & 0xFFFFFFFFFFFFFL) : (bits & 0xFFFFFFFFFFFFFL) | (1L << 52);
        int exponent = biased == 0 ? -1074 : biased - 1075; // x = mantissa 2^exponent, x in (0, 1) so exponent < 0
        return (a << -exponent).CompareTo(mantissa * b);
    }

    private static double Ratio(BigInteger a, BigInteger b) => Math.Exp(BigInteger.Log(a) - BigInteger.Log(b));

    public static TheoryData<int, double> Levels()
    {
        var data = new TheoryData<int, double>();
        foreach (int q in new[] { 2, 5, 10, 20 })
            foreach (double delta in new[] { 0.4, 0.2, 0.05, 0.01 })
                data.Add(q, delta);
        return data;
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Order_statistic_and_tail_match_exact_rational_binomial_tails(int q, double delta)
    {
        // For each n from the required count up, the chosen k must be the least k with P(Bin(n, 1 - eps) >= k) <= delta,
        // computed exactly; the reported violation probability is that tail (log-space sums of n terms each of magnitude
        // up to n log 2 lose ~1e-13 relative: 1e-9 is far above that and far below any gap between neighbouring tails).
        // Near-ties (exact tail within 1e-9 relative of delta) would let rounding pick either k: none occur at these levels
        // (delta = 1/2 with eps = 1/2 would tie exactly at every odd n, by symmetry), counted.
        double eps = 1.0 / q;
        int required = NeymanPearson.RequiredCount(eps, delta);
        var random = new Random(q * 1000 + (int)(delta * 100));
        int nearTies = 0;
        foreach (int n in new[] { required, required + 1, required + 2, required + 7, 2 * required + 3, 150, 400 }.Where(n => n >= required).Distinct())
        {
            var tails = ScaledTails(n, q);
            var scale = BigInteger.Pow(q, n);
            int exact = n + 1; // least k with tail(k) <= delta; tail(n + 1) = 0
            while (exact > 1 && CompareRational(tails[exact - 1], scale, delta) <= 0) exact--;
            double atK = Ratio(tails[exact], scale), atKMinus1 = Ratio(tails[exact - 1], scale);
            if (Math.Abs(atK - delta) <= 1e-9 * delta || Math.Abs(atKMinus1 - delta) <= 1e-9 * delta) { nearTies++; continue; }

            // Scores with ties, in random order.
            var scores = Enumerable.Range(0, n).Select(_ => (double)random.Next(n / 3 + 1) / 7).ToArray();
            var c = NeymanPearson.Calibrate(scores, eps, delta);
            Assert.True(c.Succeeded, $"n = {n} >= required {required} must calibrate");
            Assert.True(exact <= n, $"n = {n}: no admissible k although n >= required {required}");
            Assert.Equal(exact, c.OrderIndex);
            Assert.InRange(c.ViolationProbability, atK * (1 - 1e-9), atK * (1 + 1e-9));
            Assert.True(c.ViolationProbability <= delta);
            var sorted = scores.Order().ToArray();
            Assert.Equal(Math.BitIncrement(sorted[exact - 1]), c.Threshold);
            // The rule "h != 0 iff f >= tau" then flags exactly the held-out scores above s_(k).
            Assert.Equal(scores.Count(s => s > sorted[exact - 1]), scores.Count(s => s >= c.Threshold));
            Assert.Equal((n, required, eps, delta), (c.ZeroCount, c.RequiredCount, c.Epsilon, c.Delta));
        }
        Assert.Equal(0, nearTies);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Required_count_is_the_least_n_whose_all_zero_tail_is_at_most_delta_exactly(int q, double delta)
    {
        // P(Bin(n, 1 - eps) >= n) = (1 - eps)^n: the least n with ((q - 1) / q)^n <= delta, in exact arithmetic.
        int exact = 1;
        while (CompareRational(BigInteger.Pow(q - 1, exact), BigInteger.Pow(q, exact), delta) > 0) exact++;
        Assert.Equal(exact, NeymanPearson.RequiredCount(1.0 / q, delta));
    }

    [Theory]
    [InlineData(0.5, 0.25, 2)]        // 0.5^2 = 0.25 exactly: n = 2 is admissible, not 3
    [InlineData(0.5, 0.125, 3)]
    [InlineData(0.5, 0.0009765625, 10)]
    [InlineData(0.75, 0.0625, 2)]     // 0.25^2 = 0.0625 exactly
    public void Required_count_is_exact_when_a_power_of_one_minus_eps_equals_delta(double eps, double delta, int expected)
    {
        Assert.Equal(expected, NeymanPearson.RequiredCount(eps, delta));
        var c = NeymanPearson.Calibrate(Enumerable.Range(0, expected).Select(i => (double)i).ToArray(), eps, delta);
        Assert.True(c.Succeeded);
        Assert.Equal(expected, c.OrderIndex); // with n = required only the largest score is admissible
        Assert.Equal(Math.BitIncrement(expected - 1.0), c.Threshold);
        Assert.Equal(delta, c.ViolationProbability, 1e-15);
    }

    [Theory]
    [InlineData(0.1, 0.05)]
    [InlineData(0.3, 0.2)]
    [InlineData(0.05, 0.01)]
    public void Calibration_succeeds_from_exactly_the_required_count_and_refuses_one_below(double eps, double delta)
    {
        int required = NeymanPearson.RequiredCount(eps, delta);
        var enough = NeymanPearson.Calibrate(Enumerable.Range(0, required).Select(i => -(double)i).ToArray(), eps, delta);
        Assert.True(enough.Succeeded);
        Assert.Equal(required, enough.OrderIndex);
        Assert.Equal(Math.BitIncrement(0.0), enough.Threshold); // the largest of 0, -1, ..., -(n-1)
        var fewer = NeymanPearson.Calibrate(Enumerable.Range(0, required - 1).Select(i => (double)i).ToArray(), eps, delta);
        Assert.False(fewer.Succeeded);
        Assert.True(double.IsNaN(fewer.Threshold));
        Assert.Equal((0, required - 1, required, 1.0, eps, delta), (fewer.OrderIndex, fewer.ZeroCount, fewer.RequiredCount, fewer.ViolationProbability, fewer.Epsilon, fewer.Delta));
        Assert.Contains($"at least {required}", fewer.Explain());
        Assert.Contains($"only {required - 1}", fewer.Explain());
    }

    [Theory]
    [InlineData(60, 0.1, 0.05)]
    [InlineData(200, 0.2, 0.01)]
    [InlineData(500, 0.05, 0.3)]
    public void A_delta_equal_to_an_attained_tail_admits_that_order_statistic(int n, double eps, double delta)
    {
        // Admissible means tail <= delta, not tail < delta: calibrating again with delta set to the violation probability
        // just reported (the same floating-point tail, since the sums do not depend on delta) must pick the same k.
        var scores = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var first = NeymanPearson.Calibrate(scores, eps, delta);
        Assert.True(first.Succeeded && first.OrderIndex < n, "the check needs a k below n (a tail reached by summing)");
        var again = NeymanPearson.Calibrate(scores, eps, first.ViolationProbability);
        Assert.Equal((first.OrderIndex, first.ViolationProbability, first.Threshold), (again.OrderIndex, again.ViolationProbability, again.Threshold));
    }

    [Fact]
    public void A_delta_just_below_one_still_yields_an_order_statistic_among_the_scores()
    {
        // With delta = 1 - 2^-53 every k but the very smallest is admissible, and the sum of all n + 1 binomial terms
        // is 1 up to rounding: the walk must stop at k = 1 (the smallest score), never run past it.
        double delta = Math.BitDecrement(1.0);
        foreach (double eps in new[] { 0.1, 0.3, 0.5, 0.9 })
            for (int n = 1; n <= 60; n++)
            {
                var scores = Enumerable.Range(0, n).Select(i => (double)(n - i)).ToArray();
                var c = NeymanPearson.Calibrate(scores, eps, delta);
                Assert.True(c.Succeeded);
                Assert.InRange(c.OrderIndex, 1, n);
                Assert.Equal(Math.BitIncrement((double)c.OrderIndex), c.Threshold);
                Assert.True(c.ViolationProbability <= delta);
            }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Levels_outside_the_open_unit_interval_are_refused_naming_the_argument_and_the_range(double bad)
    {
        var scores = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var e = Assert.Throws<ArgumentException>(() => NeymanPearson.Calibrate(scores, bad, 0.05));
        Assert.Equal("epsilon", e.ParamName);
        Assert.Contains("epsilon must lie in (0, 1)", e.Message);
        Assert.Contains($"got {bad}", e.Message);
        var d = Assert.Throws<ArgumentException>(() => NeymanPearson.Calibrate(scores, 0.1, bad));
        Assert.Equal("delta", d.ParamName);
        Assert.Contains("delta must lie in (0, 1)", d.Message);
        Assert.Contains($"got {bad}", d.Message);
    }

    [Fact]
    public void Non_finite_scores_are_refused_naming_the_entry()
    {
        var scores = Enumerable.Range(0, 100).Select(i => i == 42 ? double.NaN : i).ToArray();
        var e = Assert.Throws<ArgumentException>(() => NeymanPearson.Calibrate(scores, 0.1, 0.05));
        Assert.Equal("zeroScores", e.ParamName);
        Assert.Contains("zeroScores[42]", e.Message);
    }

    [Fact]
    public void Reference_upper_tail_matches_exact_rational_tails()
    {
        // UpperTail is the checks' reference: P(Bin(n, p) >= k) = 1 for k <= 0 and 0 for k > n exactly; in between it is
        // a sum of at most n + 1 log-space terms, within 1e-12 relative (n <= 60 here).
        foreach (int q in new[] { 2, 5, 10 })
            foreach (int n in new[] { 1, 2, 7, 30, 60 })
            {
                var tails = ScaledTails(n, q);
                var scale = BigInteger.Pow(q, n);
                double p = 1 - 1.0 / q;
                Assert.Equal(1.0, NeymanPearson.UpperTail(n, p, 0));
                Assert.Equal(1.0, NeymanPearson.UpperTail(n, p, -3));
                Assert.Equal(0.0, NeymanPearson.UpperTail(n, p, n + 1));
                for (int k = 1; k <= n; k++)
                {
                    double exact = Ratio(tails[k], scale);
                    Assert.InRange(NeymanPearson.UpperTail(n, p, k), exact * (1 - 1e-12), exact * (1 + 1e-12));
                }
            }
    }
}
