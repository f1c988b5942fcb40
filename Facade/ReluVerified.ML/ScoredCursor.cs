using Microsoft.ML;
using Microsoft.ML.Data;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.ML;

/// <summary>
/// A cursor of <see cref="ScoredDataView"/>: the input's columns come from the input's cursor <c>main</c>; the score of
/// the current row comes from a block of predictions that a second input cursor, <c>features</c>, reads ahead. Blocks
/// start at row 0 and hold <see cref="Block"/> rows, the batch of Core/ReluVerified.Core/Hypotheses/KernelHypothesis.cs,
/// so each block is scored with the same matrix shapes as <see cref="FittedModel.Predict(Matrix, CancellationToken)"/> on
/// all rows at once and the scores are the same bits.
/// </summary>
internal sealed class ScoredCursor : DataViewRowCursor
{
    /// <summary>Rows per scored block.</summary>
    public const int Block = 2048;

    private readonly ScoredDataView _view;
    private readonly DataViewRowCursor _main;
    private readonly DataViewRowCursor? _features;
    private readonly ValueGetter<VBuffer<float>>? _featureGetter;
    private readonly int _columns;
    private float[] _scores = [];
    private long _blockStart;
    private VBuffer<float> _buffer;

    public ScoredCursor(ScoredDataView view, DataViewRowCursor main, DataViewRowCursor? features, DataViewSchema.Column featureColumn)
    {
        _view = view;
        _main = main;
        _features = features;
        _featureGetter = features?.GetGetter<VBuffer<float>>(featureColumn);
        _columns = ((VectorDataViewType)featureColumn.Type).Size;
    }

    public override DataViewSchema Schema => _view.Schema;

    public override long Position => _main.Position;

    public override long Batch => _main.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column)
        => column.Index == _view.ScoreIndex ? _features is not null : _main.IsColumnActive(_main.Schema[column.Index]);

    public override bool MoveNext() => _main.MoveNext();

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index != _view.ScoreIndex) return _main.GetGetter<TValue>(_main.Schema[column.Index]);
        if (_features is null) throw new InvalidOperationException($"the column '{column.Name}' was not requested when this cursor was made.");
        if (typeof(TValue) != typeof(float))
            throw new InvalidOperationException($"the column '{column.Name}' holds Single (float) values; it was read as {typeof(TValue).Name}.");
        ValueGetter<float> getter = (ref float value) => value = Score(_main.Position);
        return (ValueGetter<TValue>)(object)getter;
    }

    private float Score(long position)
    {
        if (position < 0) throw new InvalidOperationException("the cursor is before its first row: call MoveNext first.");
        while (position >= _blockStart + _scores.Length)
            if (!NextBlock())
                throw new InvalidOperationException($"the input has fewer rows than the cursor's position {position}: it changed while it was read.");
        return _scores[position - _blockStart];
    }

    /// <summary>Reads and scores the next block (blocks are read in order); false when the input has no rows left.</summary>
    private bool NextBlock()
    {
        _blockStart += _scores.Length;
        var values = new List<double>(Block * _columns);
        int rows = 0;
        while (rows < Block && _features!.MoveNext())
        {
            _featureGetter!(ref _buffer);
            AppendDense(_buffer, values);
            rows++;
        }
        if (rows == 0) return false;
        var x = Matrix.Create(rows, _columns, values.ToArray());
        _scores = [.. _view.Model.Predict(x).Select(h => (float)h)];
        return true;
    }

    private void AppendDense(in VBuffer<float> row, List<double> values)
    {
        var items = row.GetValues();
        if (row.IsDense)
        {
            foreach (var v in items) values.Add(v);
            return;
        }
        var dense = new double[_columns];
        var indices = row.GetIndices();
        for (int k = 0; k < indices.Length; k++) dense[indices[k]] = items[k];
        values.AddRange(dense);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _main.Dispose();
            _features?.Dispose();
        }
        base.Dispose(disposing);
    }
}
