using System.Collections.Immutable;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>
/// The data of one fit (T2.1 and the other tasks of <see cref="ReluTask"/>): raw rows <see cref="X"/> (any scale: the
/// embedding of <see cref="ReliableReluOptions.Scale"/> maps them into the unit ball), labels <see cref="Y"/>, and optionally
/// per-row loss weights, column names and user-supplied Nystroem landmarks. Hyper-parameters never go here
/// (<see cref="ReliableReluOptions"/>). <see cref="ReliableRelu.Fit(TrainingData, ReliableReluOptions, IProgress{Core.Learning.LearnerProgress}, CancellationToken)"/>
/// validates it, once, with errors that name the field, the row and the column.
/// </summary>
/// <param name="X">Raw rows, one per training example.</param>
/// <param name="Y">Labels, one per row: in [0, 1] for the ReLU tasks, in [-1, 1] for the regression tasks (<see cref="ReliableRelu.LabelRange"/>).</param>
public sealed record TrainingData(Matrix X, ImmutableArray<double> Y)
{
    /// <summary>Non-negative finite weights of each row's loss, one per row; null: every row weighs 1.</summary>
    public ImmutableArray<double>? SampleWeights { get; init; }

    /// <summary>Names of the feature columns, one per column of <see cref="X"/>; null: x0, x1, ...</summary>
    public ImmutableArray<string>? FeatureNames { get; init; }

    /// <summary>Name of the label column (stored in the model file, so prediction and evaluation find it); null: none stored.</summary>
    public string? LabelName { get; init; }

    /// <summary>
    /// User-supplied Nystroem landmarks (S-lowrank), raw rows with the columns of <see cref="X"/>; the fit is then low-rank
    /// with r = their count, whatever <see cref="ReliableReluOptions.Rank"/> and <see cref="ReliableReluOptions.Landmarks"/>
    /// say. Null: the options decide.
    /// </summary>
    public Matrix? Landmarks { get; init; }

    /// <summary>Data from jagged rows (each row must have the same number of finite columns) and their labels.</summary>
    public static TrainingData FromRows(double[][] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return new TrainingData(ReliableRelu.Rows(x, nameof(x)), [.. y]);
    }
}
