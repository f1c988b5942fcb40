using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ReluVerified.Core.Baselines;
using ReluVerified.Core.Learning;
using ReluVerified.Properties.Generators;
using ReluVerified.Properties.Learning;

namespace ReluVerified.Properties.Baselines;

/// <summary>
/// peer:krr-np on informative planted reliable-agnostic problems (<see cref="Arbitraries.InformativePlantedCases"/>, which hold
/// enough zero labels for calibration): the Neyman-Pearson threshold keeps P(h != 0 | y = 0) on fresh data at most eps,
/// and the thresholded ridge fit keeps at least half of the planted ReLU's advantage over the zero function in positive
/// loss (<see cref="ReliableClaim"/>, the claim the reliable learner is held to, which the zero function and the best
/// constant fail: T2_1_ReliableRelu_Properties shows it on the same cases). The threshold is the calibrated order statistic,
/// and plain krr (no threshold) has at least as many false positives on the same points. Per case the check fails with
/// probability at most delta (calibration, 1e-5) + 2 * 1e-6 (the two held-out slacks).
/// </summary>
public class Peer_KrrNp_Properties
{
    private const int FitCount = 900, SelectionCount = 300, CalibrationCount = 600, TestCount = 20000;
    private const double Epsilon = 0.1, Delta = 1e-5;

    /// <summary>The fit, the plain krr fit and the claim for krr-np on a test draw.</summary>
    public static (BaselineFit Np, ReliableClaim.Verdict Verdict, double PlainFalsePositiveRate) FitAndCheck(PlantedCase problem)
    {
        var fit = problem.Draw(FitCount, 1);
        var selection = problem.Draw(SelectionCount, 2);
        var calibration = problem.Draw(CalibrationCount, 3);
        var test = problem.Draw(TestCount, 4);
        var np = NeymanPearsonRidge.Fit(fit, selection, calibration, [2, 3], [1e-3, 1e-2], Epsilon, Delta);
        var plain = KernelRidge.Fit(fit, selection, [2, 3], [1e-3, 1e-2]).Hypothesis.Predict(test.Points);
        var verdict = ReliableClaim.Evaluate(np.Hypothesis.Predict(test.Points), test, problem.Weights(), Epsilon);
        int zeros = 0, plainFalsePositives = 0;
        for (int i = 0; i < test.Count; i++)
            if (test.Labels[i] == 0) { zeros++; if (plain[i] != 0) plainFalsePositives++; }
        return (np, verdict, (double)plainFalsePositives / zeros);
    }

    [Property(MaxTest = 5)]
    public Property Calibrated_ridge_keeps_false_positives_below_eps_and_most_of_the_planted_relus_advantage()
        => Prop.ForAll(Arbitraries.InformativePlantedCases.ToArbitrary(), problem =>
        {
            var (np, verdict, plainFp) = FitAndCheck(problem);
            bool calibrated = np.Calibration is { Succeeded: true } c && np.Parameters["threshold"] == c.Threshold && c.ZeroCount >= NeymanPearson.RequiredCount(Epsilon, Delta);
            return (calibrated && verdict.Holds && plainFp >= verdict.FalsePositiveRate)
                .Label($"case {problem}: calibration {np.Calibration}; {verdict}; plain krr P(h != 0 | y = 0) = {plainFp:F4}")
                .Classify(problem.Kind is SphereKind.Cap or SphereKind.CapMixture, "concentrated marginal");
        });
}
