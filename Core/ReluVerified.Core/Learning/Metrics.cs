using ReluVerified.Core.Losses;

namespace ReluVerified.Core.Learning;

/// <summary>
/// The reliable-learning figures of a hypothesis on a labelled set (T2.1's L_{=0} and L_{&gt;0}, Proofs/T2.1-reliable-relu.md), averaged
/// over ALL rows as in the paper: the joint false-positive rate #{y = 0 and h != 0} / count (the paper's L_{=0}, an
/// estimate of P(h != 0, y = 0)), positive loss = sum_{y &gt; 0} loss(h, y) / count, loss = sum loss(h, y) / count; beside
/// them the conditional false-positive rate #{y = 0 and h != 0} / #{y = 0}, an estimate of P(h != 0 | y = 0), which is
/// what the Neyman-Pearson calibration controls.
/// </summary>
/// <param name="Count">Number of rows.</param>
/// <param name="ZeroCount">Rows with y = 0.</param>
/// <param name="PositiveCount">Rows with y &gt; 0.</param>
/// <param name="FalsePositiveRate">The joint rate #{y = 0 and h != 0} / count: L_{=0} estimate, P(h != 0, y = 0).</param>
/// <param name="PositiveLoss">L_{&gt;0} estimate.</param>
/// <param name="Loss">Overall loss estimate (the agnostic objective).</param>
public sealed record Metrics(int Count, int ZeroCount, int PositiveCount, double FalsePositiveRate, double PositiveLoss, double Loss)
{
    /// <summary>
    /// The conditional rate #{y = 0 and h != 0} / #{y = 0}, an estimate of P(h != 0 | y = 0); null when no row has y = 0.
    /// The joint rate is this times ZeroCount / Count, so it is never larger.
    /// </summary>
    public double? ConditionalFalsePositiveRate => ZeroCount > 0 ? Math.Round(FalsePositiveRate * Count) / ZeroCount : null;

    /// <summary>Computes the figures for predictions h against labels y.</summary>
    public static Metrics Of(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels, Loss loss)
    {
        Preconditions.NotNull(loss);
        Preconditions.Check(predictions.Length == labels.Length, nameof(predictions),
            $"{predictions.Length} predictions for {labels.Length} labels.");
        Preconditions.Check(labels.Length > 0, nameof(labels), "there is no row to evaluate.");
        int zeros = 0, positives = 0, falsePositives = 0;
        double positiveLoss = 0, total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double value = loss.Value(predictions[i], labels[i]);
            total += value;
            if (labels[i] == 0)
            {
                zeros++;
                if (predictions[i] != 0) falsePositives++;
            }
            else if (labels[i] > 0)
            {
                positives++;
                positiveLoss += value;
            }
        }
        int n = labels.Length;
        return new Metrics(n, zeros, positives, (double)falsePositives / n, positiveLoss / n, total / n);
    }
}
