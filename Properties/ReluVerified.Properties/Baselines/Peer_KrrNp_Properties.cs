using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Losses;
using ReluVerified.Properties.Generators;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// peer:krr-np: on planted reliable-agnostic problems the Neyman-Pearson threshold keeps the false-positive rate on fresh
/// data at most eps plus a one-sided Hoeffding slack sqrt(ln(1/d) / 2n), n = 4000 test rows, d = 1e-4. Per case the check
/// fails with probability at most delta (calibration, 1e-3) + d; the generator's seeds fix the cases, so a run is
/// reproducible. The threshold is the calibrated order statistic, and plain krr (no threshold) is never better on false
/// positives than krr-np with the same (d, lambda).
/// </summary>
[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 5)]
public class Peer_KrrNp_Properties
{
    private const int FitCount = 900, SelectionCount = 300, CalibrationCount = 600, TestCount = 4000;
    private const double Epsilon = 0.1, Delta = 1e-3, HoeffdingDelta = 1e-4;

    [Property]
    public Property Fresh_false_positive_rate_is_at_most_eps_plus_the_Hoeffding_slack(PlantedCase problem)
    {
        var fit = problem.Draw(FitCount, 1);
        var selection = problem.Draw(SelectionCount, 2);
        var calibration = problem.Draw(CalibrationCount, 3);
        var test = problem.Draw(TestCount, 4);
        var np = NeymanPearsonRidge.Fit(fit, selection, calibration, [2, 3], [1e-3, 1e-2], Epsilon, Delta);
        if (np.Calibration is { Succeeded: false } refused)
            return (refused.ZeroCount < NeymanPearson.RequiredCount(Epsilon, Delta)).Label($"refused with {refused.ZeroCount} zero rows").Classify(true, "too few zero labels");
        var plain = KernelRidge.Fit(fit, selection, [2, 3], [1e-3, 1e-2]);
        var npMetrics = Metrics.Of(np.Hypothesis.Predict(test.Points), test.Labels.AsSpan(), new Loss.Square());
        var plainMetrics = Metrics.Of(plain.Hypothesis.Predict(test.Points), test.Labels.AsSpan(), new Loss.Square());
        double slack = Math.Sqrt(Math.Log(1 / HoeffdingDelta) / (2.0 * TestCount));
        bool thresholdIsCalibrated = np.Parameters["threshold"] == np.Calibration!.Threshold;
        return (npMetrics.FalsePositiveRate <= Epsilon + slack && thresholdIsCalibrated && plainMetrics.FalsePositiveRate >= npMetrics.FalsePositiveRate)
            .Label($"case {problem}: krr-np FP {npMetrics.FalsePositiveRate:F4} <= {Epsilon} + {slack:F4}; krr FP {plainMetrics.FalsePositiveRate:F4}; tau {np.Parameters["threshold"]:G4}")
            .Classify(problem.Kind == SphereKind.Cap, "concentrated marginal");
    }
}
