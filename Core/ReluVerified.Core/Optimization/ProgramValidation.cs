using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace ReluVerified.Core.Optimization;

/// <summary>The checks every program of T2.1 / R2.2 shares (<see cref="KernelProgram"/>, <see cref="FactorProgram"/>).</summary>
internal static class ProgramValidation
{
    /// <summary>
    /// Finite labels (non-negative for the reliable task), positive finite B, finite tau_c, and weights that are finite,
    /// non-negative and one per label; returns the weights, all ones when none were given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>A valid zero penalty lambda (T2.1-budget): not NaN and not negative (+infinity is the hard program).</summary>
    internal static double ZeroPenalty(double zeroPenalty, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(zeroPenalty))] string name = "")
    {
        Preconditions.Check(!double.IsNaN(zeroPenalty) && zeroPenalty >= 0, name,
            $"{name} (lambda) is {zeroPenalty}: the zero penalty must be a non-negative number, or +infinity for the hard program.");
        return zeroPenalty;
    }

    /// <summary>(1/m) sum_P w_i loss(f_i, y_i) (T2.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double LossTerm(ISolvableProgram program, ReadOnlySpan<double> predictions)
    {
        double sum = 0;
        for (int i = 0; i < program.Count; i++)
            if (program.InLossSet(i) && program.Weights[i] != 0) sum += program.Weights[i] * program.Loss.Value(predictions[i], program.Labels[i]);
        return sum / program.Count;
    }

    /// <summary>(1/m) sum_Z w_j max(0, f_j - tau_c) (T2.1-budget).</summary>
    internal static double Excess(ISolvableProgram program, ReadOnlySpan<double> predictions) => ExcessSum(program, predictions) / program.Count;

    /// <summary>
    /// The program's objective: <see cref="LossTerm"/> for the hard program (the same arithmetic, bit for bit), and
    /// (sum_P w_i loss + lambda sum_Z w_j max(0, f_j - tau_c)) / m for a finite zero penalty lambda (T2.1-budget).
    /// </summary>
    internal static double Objective(ISolvableProgram program, ReadOnlySpan<double> predictions)
    {
        if (!double.IsFinite(program.ZeroPenalty)) return LossTerm(program, predictions);
        double sum = 0;
        for (int i = 0; i < program.Count; i++)
            if (program.InLossSet(i) && program.Weights[i] != 0) sum += program.Weights[i] * program.Loss.Value(predictions[i], program.Labels[i]);
        return (sum + program.ZeroPenalty * ExcessSum(program, predictions)) / program.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ExcessSum(ISolvableProgram program, ReadOnlySpan<double> predictions)
    {
        double sum = 0;
        for (int i = 0; i < program.Count; i++)
            if (program.InConstrainedSet(i) && program.Weights[i] != 0) sum += program.Weights[i] * Math.Max(0, predictions[i] - program.Threshold);
        return sum;
    }
}
