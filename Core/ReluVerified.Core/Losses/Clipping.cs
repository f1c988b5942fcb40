namespace ReluVerified.Core.Losses;

/// <summary>
/// The clipping step of the hypothesis (L-clipping): for a monotone loss and a label y in [0,1],
/// loss(clip(z), y) &lt;= loss(z, y), where clip maps z into [0,1].
/// </summary>
public static class Clipping
{
    /// <summary>clip_[0,1](z).</summary>
    public static double Clip(double z) => Vectors.Clip01(z);

    /// <summary>loss(clip(z), y): the loss of the clipped prediction (L-clipping: never more than loss(z, y) for monotone losses).</summary>
    public static double ClippedLoss(Loss loss, double prediction, double label)
    {
        Preconditions.NotNull(loss);
        return loss.Value(Clip(prediction), label);
    }
}
