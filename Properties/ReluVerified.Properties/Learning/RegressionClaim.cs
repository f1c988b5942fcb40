using ReluVerified.Properties.Statistics;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// The held-out claim of the regression learners (T2.3 depth-2 networks, the leaky ReLU, T2.6 max-k-affine) on planted,
/// noise-free targets, for ANY predictions h: the square loss of h is at most rho = <see cref="TestTolerances.RegressionLossShare"/>
/// times that of the best constant c (the mean training label), i.e. h explains at least 1 - rho of the target's variance.
/// Checked as a paired mean on the same test points, X_i = (h_i - y_i)^2 - rho (c - y_i)^2 &lt;= 0, with the empirical
/// Bernstein slack of <see cref="Concentration"/> for values in a range known in advance (labels and predictions in an
/// interval of width w: X lies in [-rho w^2, w^2]). The peers (docs/theorems.md) are held to the weaker
/// share <see cref="TestTolerances.PeerLossShare"/>. The constant c itself gives X_i = (1 - rho)(c - y_i)^2 and fails as soon
/// as the target varies by more than the slack; the zero function, whose loss is at least the constant's, fails too.
/// </summary>
public static class RegressionClaim
{
    /// <summary>The outcome, with its figures.</summary>
    public sealed record Verdict(bool Holds, double Loss, double ConstantLoss, double ExcessMean, double ExcessSlack)
    {
        /// <summary>Loss of h over the best constant's (the claim: at most rho).</summary>
        public double Ratio => Loss / ConstantLoss;

        /// <inheritdoc />
        public override string ToString()
            => $"loss {Loss:E3} vs best constant {ConstantLoss:E3} (ratio {Ratio:F4}; paired excess {ExcessMean:E2} <= {ExcessSlack:E2}: {Holds})";
    }

    /// <summary>
    /// Checks the claim for <paramref name="predictions"/> against <paramref name="labels"/>, both within an interval of width
    /// <paramref name="width"/>, with share <paramref name="rho"/> (default <see cref="TestTolerances.RegressionLossShare"/>).
    /// </summary>
    public static Verdict Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels, double constant, double width, double rho = TestTolerances.RegressionLossShare)
    {
        var excess = new double[labels.Length];
        double loss = 0, constantLoss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double lh = (predictions[i] - labels[i]) * (predictions[i] - labels[i]), lc = (constant - labels[i]) * (constant - labels[i]);
            loss += lh;
            constantLoss += lc;
            excess[i] = lh - rho * lc;
        }
        double mean = Concentration.Mean(excess), slack = Concentration.EmpiricalBernsteinSlack(excess, (1 + rho) * width * width, TestTolerances.HeldOutDelta);
        return new Verdict(mean <= slack, loss / labels.Length, constantLoss / labels.Length, mean, slack);
    }
}
