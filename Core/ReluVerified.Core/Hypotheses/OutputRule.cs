namespace ReluVerified.Core.Hypotheses;

/// <summary>
/// How a kernel score f(x) becomes a prediction h(x) (T2.1, R2.2, T2.6). Cases: <see cref="ReliableThreshold"/>
/// (h = 0 if f &lt; tau, else clip_[0,1](f)) and <see cref="Clip"/> (h = clip_[lo,hi](f), the agnostic and regression tasks).
/// </summary>
public abstract record OutputRule
{
    private OutputRule() { }

    /// <summary>h for a score f.</summary>
    public abstract double Apply(double score);

    /// <summary>T2.1's output: zero below the threshold tau, the clipped score above it.</summary>
    /// <param name="Threshold">tau.</param>
    public sealed record ReliableThreshold(double Threshold) : OutputRule
    {
        /// <inheritdoc />
        public override double Apply(double score) => score < Threshold ? 0.0 : Math.Clamp(score, 0.0, 1.0);
    }

    /// <summary>Clipping into [Lower, Upper] (R2.2: [0,1]; T2.4 and T2.6: [-1,1]).</summary>
    /// <param name="Lower">Lower end.</param>
    /// <param name="Upper">Upper end.</param>
    public sealed record Clip(double Lower, double Upper) : OutputRule
    {
        /// <inheritdoc />
        public override double Apply(double score) => Math.Clamp(score, Lower, Upper);
    }
}
