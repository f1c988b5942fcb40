using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using ReluVerified.Core.Learning;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.ML;

/// <summary>
/// The reliable ReLU learner (T2.1; the agnostic task R2.2 and the other tasks through
/// <see cref="ReliableReluOptions.Task"/>) as an ML.NET estimator: <see cref="Fit"/> reads the Single feature vectors and
/// Single labels of an <see cref="IDataView"/>, runs
/// <see cref="ReliableRelu.Fit(TrainingData, ReliableReluOptions, IProgress{LearnerProgress}, CancellationToken)"/> and
/// returns a <see cref="ReliableReluTransformer"/> that appends the Score column. Made by
/// <c>mlContext.Regression.Trainers.ReliableRelu(...)</c> (<see cref="ReliableReluCatalog"/>). Same data, options and
/// seed give the same bits; the guarantee's conditions are those of <see cref="ReliableReluOptions"/> and docs/mlnet.md.
/// </summary>
public sealed class ReliableReluTrainer : IEstimator<ReliableReluTransformer>
{
    /// <summary>A trainer reading <paramref name="featureColumnName"/> and <paramref name="labelColumnName"/>; see <see cref="ReliableReluCatalog.ReliableRelu"/> for the parameters.</summary>
    public ReliableReluTrainer(ReliableReluOptions? options = null, string labelColumnName = "Label", string featureColumnName = "Features",
        string? exampleWeightColumnName = null, IChannelProvider? log = null, IProgress<LearnerProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        Options = options ?? new ReliableReluOptions();
        LabelColumnName = labelColumnName;
        FeatureColumnName = featureColumnName;
        ExampleWeightColumnName = exampleWeightColumnName;
        Log = log;
        Progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>The learner's options (task, recipe, eps, delta, degree, weight, ...).</summary>
    public ReliableReluOptions Options { get; }

    /// <summary>The Single label column: labels in [0, 1] for the ReLU tasks, 0 marking a row where the ReLU must predict 0.</summary>
    public string LabelColumnName { get; }

    /// <summary>The feature column: a known-size vector of Single.</summary>
    public string FeatureColumnName { get; }

    /// <summary>An optional Single column of non-negative per-row loss weights (<see cref="TrainingData.SampleWeights"/>).</summary>
    public string? ExampleWeightColumnName { get; }

    /// <summary>Where progress goes as log messages: pass the <see cref="MLContext"/> to see them in <see cref="MLContext.Log"/>; null: nowhere.</summary>
    public IChannelProvider? Log { get; }

    /// <summary>The caller's own progress (phases of the fit), besides the log.</summary>
    public IProgress<LearnerProgress>? Progress { get; }

    /// <summary>Stops the fit between and inside its phases.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Fits the model to <paramref name="input"/>; a missing or wrongly typed column is refused before any row is read.</summary>
    public ReliableReluTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = Read(input);
        using var channel = Log?.Start("ReliableRelu");
        channel?.Info(MessageSensitivity.None, $"fitting the {ReliableRelu.TaskName(Options.Task)} task on {data.X.Rows} rows of {data.X.Columns} features");
        var model = ReliableRelu.Fit(data, Options, new ChannelProgress(channel, Progress), CancellationToken);
        channel?.Info(MessageSensitivity.None, $"guarantee: {model.Report.Guarantee.Statement}");
        foreach (var warning in model.Report.Warnings) channel?.Warning(MessageSensitivity.None, warning);
        return new ReliableReluTransformer(model, FeatureColumnName);
    }

    /// <summary>The input shape with a Single "Score" column appended; refuses missing or wrongly typed columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Columns.FeatureVector(inputSchema, FeatureColumnName);
        Columns.SingleScalar(inputSchema, LabelColumnName, "label");
        if (ExampleWeightColumnName is not null) Columns.SingleScalar(inputSchema, ExampleWeightColumnName, "weight");
        // SchemaShape.Column has no public constructor: a built-in regression trainer on the same columns states the
        // regression Score column (Single, with its score annotations) that Transform appends.
        return ShapeContext.Regression.Trainers.Sdca(LabelColumnName, FeatureColumnName).GetOutputSchema(inputSchema);
    }

    private static readonly MLContext ShapeContext = new(seed: 0);

    private TrainingData Read(IDataView input)
    {
        var schema = input.Schema;
        var features = Columns.Find(schema, FeatureColumnName, "feature");
        int columns = Columns.FeatureVector(features);
        var label = Columns.Find(schema, LabelColumnName, "label");
        Columns.SingleScalar(label, "label");
        DataViewSchema.Column? weight = ExampleWeightColumnName is null ? null : Columns.Find(schema, ExampleWeightColumnName, "weight");
        if (weight is { } w) Columns.SingleScalar(w, "weight");

        var x = new List<double>();
        var y = ImmutableArray.CreateBuilder<double>();
        var weights = ImmutableArray.CreateBuilder<double>();
        using var cursor = input.GetRowCursor(weight is { } c ? [features, label, c] : [features, label]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        var getLabel = cursor.GetGetter<float>(label);
        var getWeight = weight is { } cw ? cursor.GetGetter<float>(cw) : null;
        VBuffer<float> row = default;
        float value = 0;
        while (cursor.MoveNext())
        {
            CancellationToken.ThrowIfCancellationRequested();
            getFeatures(ref row);
            var dense = new double[columns];
            var values = row.GetValues();
            if (row.IsDense) for (int j = 0; j < columns; j++) dense[j] = values[j];
            else for (int k = 0; k < values.Length; k++) dense[row.GetIndices()[k]] = values[k];
            x.AddRange(dense);
            getLabel(ref value);
            y.Add(value);
            if (getWeight is not null) { getWeight(ref value); weights.Add(value); }
        }
        if (y.Count == 0) throw new ArgumentException("the training data has no rows.", nameof(input));
        for (int i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i]))
                throw new ArgumentException($"the feature column '{FeatureColumnName}' row {i / columns} value {i % columns} is {x[i]}: features must be finite (replace missing values first).", nameof(input));
        return new TrainingData(Matrix.Create(y.Count, columns, x.ToArray()), y.ToImmutable())
        {
            SampleWeights = getWeight is null ? null : weights.ToImmutable(),
        };
    }
}
