using Microsoft.ML;
using Microsoft.ML.Data;

namespace ReluVerified.ML;

/// <summary>
/// A fitted reliable ReLU (T2.1) in an ML.NET pipeline: <see cref="Transform"/> appends a Single column
/// <see cref="ScoreColumnName"/> ("Score" by default) holding the model's predictions h(x) of the feature vector (for the
/// reliable task 0 or clip(f(x)); for the agnostic task clip(f(x))), which <c>mlContext.Regression.Evaluate</c> and
/// <see cref="ReliableReluMetrics.Evaluate"/> read. The fitted <see cref="Model"/> and its <see cref="Report"/> (the
/// guarantee and the false-positive figures) stay reachable. Obtained from <see cref="ReliableReluTrainer.Fit"/>, from
/// <see cref="ReluVerifiedModelIO.Load"/>, or built around a model fitted elsewhere.
/// </summary>
/// <remarks>
/// ML.NET 5 offers no public way for a transformer of another assembly to be written into, or read from, its model zip
/// (its loader registration and model contexts are internal), so <c>mlContext.Model.Save</c> refuses a pipeline that
/// holds this transformer with a message naming <see cref="ReluVerifiedModelIO"/>, which saves and loads such
/// pipelines (docs/mlnet.md). It is not a row-to-row mapper, so a <c>PredictionEngine</c> cannot be made from it;
/// transform an <see cref="IDataView"/> instead.
/// </remarks>
public sealed class ReliableReluTransformer : ITransformer
{
    /// <summary>Wraps <paramref name="model"/>, reading features from <paramref name="featureColumnName"/> and writing <paramref name="scoreColumnName"/>.</summary>
    public ReliableReluTransformer(ReliableReluModel model, string featureColumnName = "Features", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        ArgumentException.ThrowIfNullOrEmpty(scoreColumnName);
        Model = model;
        FeatureColumnName = featureColumnName;
        ScoreColumnName = scoreColumnName;
    }

    /// <summary>The fitted model (options, embedding, predictor, report).</summary>
    public ReliableReluModel Model { get; }

    /// <summary>The fit report: the parameters used, the solver's certificate, the guarantee (<see cref="FitReport.Guarantee"/>) and the training figures.</summary>
    public FitReport Report => Model.Report;

    /// <summary>The input column of feature vectors (Single, as many values as the model's feature names).</summary>
    public string FeatureColumnName { get; }

    /// <summary>The output column of predictions h(x).</summary>
    public string ScoreColumnName { get; }

    /// <summary>False: this transformer scores whole data views (see the remarks).</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>The input schema with the score column appended; refuses a missing or wrongly typed feature column.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Features(inputSchema);
        return ScoredDataView.OutputSchema(inputSchema, ScoreColumnName);
    }

    /// <summary>Appends the score column to <paramref name="input"/> (lazily: rows are scored as they are read).</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ScoredDataView(input, Model, Features(input.Schema), ScoreColumnName);
    }

    /// <summary>Not supported: see the remarks.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new NotSupportedException("ReliableReluTransformer scores whole data views: call Transform on an IDataView (a PredictionEngine needs a row-to-row mapper).");

    /// <summary>Refused: ML.NET 5 cannot read this transformer back from its zip (see the remarks).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("ML.NET cannot store a ReliableReluTransformer in its model zip through its public API: save the pipeline with "
            + "ReluVerified.ML.ReluVerifiedModelIO.Save(mlContext, model, inputSchema, path) and read it with ReluVerifiedModelIO.Load(mlContext, path, out schema).");

    private DataViewSchema.Column Features(DataViewSchema schema)
    {
        var column = Columns.Find(schema, FeatureColumnName, "feature");
        Columns.FeatureVector(column, Model.FeatureNames.Length);
        return column;
    }
}
