using ReluVerified.Core.Learning;
using Xunit;
using ReluVerified.Core.Hypotheses;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// T2.1's output rule, checked at its boundaries: h = 0 strictly below tau and clip_[0,1](f) from tau on (so the calibrated
/// threshold, the smallest double above s_(k), flags exactly the scores above s_(k)); the agnostic and regression rule is
/// clip_[lo,hi](f). A NaN score is never turned into a confident prediction: it stays NaN under both rules.
/// </summary>
public class OutputRule_Checks
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(-0.4)]
    [InlineData(0.75)]
    [InlineData(1.5)]
    public void Reliable_threshold_is_zero_strictly_below_tau_and_the_clipped_score_from_tau_on(double tau)
    {
        var rule = new OutputRule.ReliableThreshold(tau);
        Assert.Equal(0.0, rule.Apply(Math.BitDecrement(tau)));
        Assert.Equal(0.0, rule.Apply(tau - 1));
        Assert.Equal(0.0, rule.Apply(-1e300));
        Assert.Equal(Math.Clamp(tau, 0, 1), rule.Apply(tau));
        double above = Math.BitIncrement(tau);
        Assert.Equal(Math.Clamp(above, 0, 1), rule.Apply(above));
        foreach (double f in new[] { tau + 0.01, tau + 0.5, tau + 2, 1e300 })
            Assert.Equal(Math.Clamp(f, 0, 1), rule.Apply(f));
    }

    [Fact]
    public void Reliable_threshold_keeps_scores_between_tau_and_one_unchanged_and_caps_above_one()
    {
        var rule = new OutputRule.ReliableThreshold(0.2);
        Assert.Equal(0.2, rule.Apply(0.2));
        Assert.Equal(0.5, rule.Apply(0.5));
        Assert.Equal(1.0, rule.Apply(1.0));
        Assert.Equal(1.0, rule.Apply(Math.BitIncrement(1.0)));
        Assert.Equal(1.0, rule.Apply(3.0));
        // A negative threshold: scores in [tau, 0) pass the threshold and clip to 0; the prediction is never negative.
        var negative = new OutputRule.ReliableThreshold(-0.5);
        Assert.Equal(0.0, negative.Apply(-0.25));
        Assert.Equal(0.1, negative.Apply(0.1));
    }

    [Fact]
    public void A_calibrated_threshold_flags_exactly_the_scores_above_the_order_statistic()
    {
        var scores = new[] { 0.4, 0.1, 0.4, 0.7, -0.2, 0.4, 0.9, 0.05, 0.4, 0.6 };
        foreach (double sk in scores.Distinct())
        {
            var rule = new OutputRule.ReliableThreshold(Math.BitIncrement(sk));
            foreach (double f in scores)
                Assert.Equal(f > sk ? Math.Clamp(f, 0, 1) : 0.0, rule.Apply(f));
        }
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(0.25, 0.25)]
    public void Clip_is_the_identity_inside_and_the_nearest_end_outside(double lower, double upper)
    {
        var rule = new OutputRule.Clip(lower, upper);
        Assert.Equal(lower, rule.Apply(lower));
        Assert.Equal(upper, rule.Apply(upper));
        Assert.Equal(lower, rule.Apply(Math.BitDecrement(lower)));
        Assert.Equal(lower, rule.Apply(lower - 5));
        Assert.Equal(upper, rule.Apply(Math.BitIncrement(upper)));
        Assert.Equal(upper, rule.Apply(upper + 5));
        double middle = lower + (upper - lower) / 3;
        Assert.Equal(middle, rule.Apply(middle));
    }

    [Fact]
    public void A_nan_score_stays_nan_under_both_rules()
    {
        Assert.True(double.IsNaN(new OutputRule.ReliableThreshold(0.3).Apply(double.NaN)));
        Assert.True(double.IsNaN(new OutputRule.Clip(-1, 1).Apply(double.NaN)));
    }
}
