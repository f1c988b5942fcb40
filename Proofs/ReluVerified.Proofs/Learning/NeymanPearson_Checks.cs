using ReluVerified.Core.Learning;
using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// The Neyman-Pearson umbrella calibration of T2.1 (see Proofs/T2.1-reliable-relu.md): its binomial tail is exact, the
/// chosen order statistic is the smallest admissible one, the refusal names the count needed, and by simulation the
/// false-positive rate exceeds eps no more often than delta allows.
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
}
