namespace ReluVerified.Core.Baselines;

/// <summary>Shared figures for held-out selection of the baselines (the peers of docs/theorems.md).</summary>
internal static class HeldOut
{
    /// <summary>Mean squared error (1/n) sum (h_i - y_i)^2: the figure every baseline is selected by.</summary>
    internal static double SquaredError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        double sum = 0;
        for (int i = 0; i < labels.Length; i++) { double r = predictions[i] - labels[i]; sum += r * r; }
        return labels.Length == 0 ? 0 : sum / labels.Length;
    }

    internal static double Clip01(double t) => t < 0 ? 0 : t > 1 ? 1 : t;
}
