using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Properties.Statistics;

namespace ReluVerified.Properties.Learning;

/// <summary>
/// T2.1's held-out claim as the learning properties test it, for ANY predictions h on a labelled test sample drawn from a
/// planted reliable-agnostic problem (planted ReLU w*, square loss):
/// <list type="number">
/// <item>false positives: P(h(x) != 0 | y = 0) &lt;= eps (what the calibrated threshold promises, with probability 1 - delta);</item>
/// <item>positive loss: L(h) - L(w*) &lt;= rho (L(0) - L(w*)), rho = <see cref="TestTolerances.ReliableExcessShare"/>: the
/// hypothesis keeps at least 1 - rho of the planted ReLU's advantage over the zero function (T2.1 promises
/// L(h) &lt;= opt + eps with opt &lt;= L(w*); the eps of a practical fit is far above that advantage, so the property states
/// the observable, stronger form).</item>
/// </list>
/// Both are means of per-point quantities on the same test points (paired), checked with the empirical Bernstein slack of
/// <see cref="Concentration"/> at <see cref="TestTolerances.HeldOutDelta"/>. Predicting 0 everywhere fails the second
/// clause whenever the planted ReLU has an advantage (its excess is the whole advantage); any constant c &gt; 0 fails the
/// first (every zero-labelled point is a false positive).
/// </summary>
public static class ReliableClaim
{
    /// <summary>The outcome of the check, with the figures it rests on.</summary>
    public sealed record Verdict(bool FalsePositivesHold, bool PositiveLossHolds, double FalsePositiveRate, double FalsePositiveSlack,
        double Loss, double PlantedLoss, double ZeroLoss, double ExcessMean, double ExcessSlack)
    {
        /// <summary>Both clauses hold.</summary>
        public bool Holds => FalsePositivesHold && PositiveLossHolds;

        /// <summary>Share of the planted ReLU's advantage over the zero function that h gives up (the claim: at most rho).</summary>
        public double ExcessShare => (Loss - PlantedLoss) / (ZeroLoss - PlantedLoss);

        /// <inheritdoc />
        public override string ToString()
            => $"P(h != 0 | y = 0) = {FalsePositiveRate:F4} (<= eps + {FalsePositiveSlack:F4}: {FalsePositivesHold}); positive loss {Loss:F5}, planted {PlantedLoss:F5}, "
               + $"zero {ZeroLoss:F5}: share of the advantage given up {ExcessShare:F3} (paired excess {ExcessMean:E2} <= {ExcessSlack:E2}: {PositiveLossHolds})";
    }

    /// <summary>Checks the claim for <paramref name="predictions"/> on <paramref name="test"/> against the planted <paramref name="weights"/>.</summary>
    public static Verdict Evaluate(ReadOnlySpan<double> predictions, LabelledSample test, ReadOnlySpan<double> weights, double epsilon)
    {
        double rho = TestTolerances.ReliableExcessShare;
        var falsePositives = new List<double>();
        var excess = new double[test.Count];
        double loss = 0, planted = 0, zero = 0;
        for (int i = 0; i < test.Count; i++)
        {
            double y = test.Labels[i], h = predictions[i];
            if (y == 0)
            {
                falsePositives.Add(h != 0 ? 1 : 0);
                continue;
            }
            double p = Math.Max(0, TensorPrimitives.Dot(weights, test.Points[i]));
            double lh = (h - y) * (h - y), lp = (p - y) * (p - y), l0 = y * y;
            loss += lh;
            planted += lp;
            zero += l0;
            excess[i] = lh - (1 - rho) * lp - rho * l0;
        }
        int n = test.Count;
        double fp = Concentration.Mean(falsePositives.ToArray());
        // Indicators lie in [0, 1].
        double fpSlack = Concentration.EmpiricalBernsteinSlack(falsePositives.ToArray(), 1, TestTolerances.HeldOutDelta);
        // Predictions and labels lie in [0, 1], so each square loss does and the paired excess lies in [-1, 1]: range 2.
        double excessMean = Concentration.Mean(excess), excessSlack = Concentration.EmpiricalBernsteinSlack(excess, 2, TestTolerances.HeldOutDelta);
        return new Verdict(fp <= epsilon + fpSlack, excessMean <= excessSlack, fp, fpSlack, loss / n, planted / n, zero / n, excessMean, excessSlack);
    }
}
