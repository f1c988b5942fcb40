using Microsoft.ML;
using ReluVerified.Core.Learning;
using ReluVerified.Core.Losses;

namespace ReluVerified.ML;

/// <summary>
/// The reliable-learning figures (T2.1's L_{=0} and L_{&gt;0}, Core/ReluVerified.Core/Learning/Metrics.cs) of a scored
/// <see cref="IDataView"/>: the joint false-positive rate #{y = 0 and h != 0} / count, the conditional rate over the
/// zero-labelled rows, the positive loss and the loss. <c>mlContext.Regression.Evaluate</c> reports the squared and
/// absolute errors of the same columns; it does not count false positives.
/// </summary>
public static class ReliableReluMetrics
{
    /// <summary>
    /// <see cref="Metrics.Of"/> of the Single predictions in <paramref name="scoreColumnName"/> against the Single labels
    /// in <paramref name="labelColumnName"/>, under <paramref name="loss"/> (null: the square loss, the learner's default); the scores are
    /// widened to double, so a 0 predicted is a 0 counted.
    /// </summary>
    public static Metrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score", Loss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = Columns.Find(data.Schema, labelColumnName, "label");
        Columns.SingleScalar(label, "label");
        var score = Columns.Find(data.Schema, scoreColumnName, "score");
        Columns.SingleScalar(score, "score");
        var labels = new List<double>();
        var scores = new List<double>();
        using (var cursor = data.GetRowCursor([label, score]))
        {
            var getLabel = cursor.GetGetter<float>(label);
            var getScore = cursor.GetGetter<float>(score);
            float y = 0, h = 0;
            while (cursor.MoveNext())
            {
                getLabel(ref y);
                getScore(ref h);
                labels.Add(y);
                scores.Add(h);
            }
        }
        return Metrics.Of(scores.ToArray(), labels.ToArray(), loss ?? new Loss.Square());
    }
}
