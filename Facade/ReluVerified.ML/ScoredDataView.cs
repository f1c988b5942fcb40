using Microsoft.ML;
using Microsoft.ML.Data;

namespace ReluVerified.ML;

/// <summary>
/// The output of <see cref="ReliableReluTransformer.Transform"/>: the input's columns, unchanged, and a Single column of
/// predictions h(x) appended (it hides an input column of the same name, as every ML.NET transform does). Lazy: rows are
/// scored while a cursor reads them, in blocks of <see cref="ScoredCursor.Block"/> rows. The order of the rows is the
/// input's (no shuffling), so the cursor that reads the features for a block sees the same rows as the one that reads
/// the other columns.
/// </summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly DataViewSchema.Column _features;

    public ScoredDataView(IDataView input, ReliableReluModel model, DataViewSchema.Column features, string scoreColumnName)
    {
        _input = input;
        _features = features;
        Model = model;
        Schema = OutputSchema(input.Schema, scoreColumnName);
        ScoreIndex = Schema.Count - 1;
    }

    public ReliableReluModel Model { get; }

    /// <summary>The index of the score column in <see cref="Schema"/> (the last one).</summary>
    public int ScoreIndex { get; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.ToList();
        bool score = needed.Any(c => c.Index == ScoreIndex);
        var main = _input.GetRowCursor(needed.Where(c => c.Index != ScoreIndex).Select(c => _input.Schema[c.Index]));
        var features = score ? _input.GetRowCursor([_features]) : null;
        return new ScoredCursor(this, main, features, _features);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The input's columns (hidden ones included, at the same indices) and the score column after them.</summary>
    internal static DataViewSchema OutputSchema(DataViewSchema input, string scoreColumnName)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        // the annotations ML.NET's regression trainers put on their score column, so evaluators and tools read it as one
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("ScoreColumnKind", TextDataViewType.Instance,
            (ref ReadOnlyMemory<char> value) => value = "Regression".AsMemory());
        annotations.Add("ScoreValueKind", TextDataViewType.Instance,
            (ref ReadOnlyMemory<char> value) => value = "Score".AsMemory());
        builder.AddColumn(scoreColumnName, NumberDataViewType.Single, annotations.ToAnnotations());
        return builder.ToSchema();
    }
}
