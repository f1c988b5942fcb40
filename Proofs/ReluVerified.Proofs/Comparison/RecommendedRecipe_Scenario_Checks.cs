using ReluVerified.Core.Learning;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Proofs.Comparison;

/// <summary>
/// The recommended recipe (T2.1-budget, Proofs/T2.1-reliable-relu.md) on the synthetic scenario of <c>relu compare</c>
/// that the theorem is about (reliable-agnostic: planted ReLU on S^9, 10% adversarial positives on the zero side), fixed
/// seeds (1,200 training rows): on 20,000 fresh rows its conditional false-positive rate is at most eps plus a one-sided Hoeffding slack at
/// 1e-6, and its positive loss is within 0.005 of the planted ReLU's own (the noiseless target, no threshold). Predicting
/// 0 everywhere misses the loss clause by a wide margin on the same rows, so the check can fail.
/// </summary>
public class RecommendedRecipe_Scenario_Checks(ITestOutputHelper output)
{
    private const double Epsilon = 0.1;

    [Theory]
    [InlineData(2)]
    public void Default_fit_on_the_reliable_agnostic_scenario_meets_eps_and_stays_within_0_005_of_the_planted_relu(int seed)
    {
        var scenario = Scenarios.Create("reliable-agnostic", 10);
        var train = scenario.Draw(1200, seed);
        var test = scenario.Draw(20000, 100 + seed);
        var model = ReliableRelu.Fit(train.Points.Coordinates, [.. train.Labels], new ReliableReluOptions { Epsilon = Epsilon, Seed = seed });
        var h = model.Predict(test.Points.Coordinates);
        var planted = Enumerable.Range(0, test.Count).Select(i => scenario.Labels.Target(test.Points[i])).ToArray();
        var fit = Metrics.Of(h, test.Labels.AsSpan(), new Core.Losses.Loss.Square());
        var reference = Metrics.Of(planted, test.Labels.AsSpan(), new Core.Losses.Loss.Square());
        var zero = Metrics.Of(new double[test.Count], test.Labels.AsSpan(), new Core.Losses.Loss.Square());
        double slack = Math.Sqrt(Math.Log(1e6) / (2 * fit.ZeroCount));
        output.WriteLine($"seed {seed}: conditional FP {fit.ConditionalFalsePositiveRate:F4} (eps + slack {Epsilon + slack:F4}); positive loss {fit.PositiveLoss:F5}, "
            + $"planted {reference.PositiveLoss:F5}, zero function {zero.PositiveLoss:F5}; B = {model.Report.Weight}, lambda = {model.Report.ZeroPenalty}");
        Assert.True(fit.ConditionalFalsePositiveRate <= Epsilon + slack, $"conditional FP {fit.ConditionalFalsePositiveRate}");
        Assert.True(fit.PositiveLoss <= reference.PositiveLoss + 0.005, $"positive loss {fit.PositiveLoss} against planted {reference.PositiveLoss}");
        Assert.True(zero.PositiveLoss > reference.PositiveLoss + 0.005 + 0.01, "the zero function must miss the loss clause");
    }
}
