using System.Collections.Immutable;

namespace ReluVerified.Core.Optimization;

/// <summary>The checks every program of T2.1 / R2.2 shares (<see cref="KernelProgram"/>, <see cref="FactorProgram"/>).</summary>
internal static class ProgramValidation
{
    /// <summary>
    /// Finite labels (non-negative for the reliable task), positive finite B, finite tau_c, and weights that are finite,
    /// non-negative and one per label; returns the weights, all ones when none were given.
    /// </summary>
    internal static ImmutableArray<double> LabelsWeightsAndBounds(ImmutableArray<double> labels, ProgramTask task, double normBound, double threshold,
        ImmutableArray<double> weights)
    {
        Preconditions.AllFinite(labels.AsSpan(), nameof(labels));
        Preconditions.Check(double.IsFinite(normBound) && normBound > 0, nameof(normBound), $"{nameof(normBound)} (B) must be a positive finite number, got {normBound}.");
        Preconditions.Finite(threshold);
        if (task == ProgramTask.Reliable)
            for (int i = 0; i < labels.Length; i++)
                Preconditions.Check(labels[i] >= 0, nameof(labels), $"{nameof(labels)}[{i}] is {labels[i]}: the reliable program needs labels in [0, 1] (zero marks the constrained points).");
        if (weights.IsDefault) weights = ImmutableArray.CreateRange(Enumerable.Repeat(1.0, labels.Length));
        Preconditions.Check(weights.Length == labels.Length, nameof(weights), $"{nameof(weights)} has {weights.Length} entries; there are {labels.Length} labels.");
        for (int i = 0; i < weights.Length; i++)
            Preconditions.Check(double.IsFinite(weights[i]) && weights[i] >= 0, nameof(weights), $"{nameof(weights)}[{i}] is {weights[i]}: weights must be finite and non-negative.");
        return weights;
    }
}
