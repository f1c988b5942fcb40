using Microsoft.ML;
using Microsoft.ML.Data;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified;

/// <summary>Moves rows between <see cref="Matrix"/> and ML.NET's <see cref="IDataView"/>, and reads a scored column back.</summary>
internal static class MlData
{
    /// <summary>The rows <paramref name="rows"/> of <paramref name="x"/> (labels from <paramref name="y"/>, or 0 when it is empty) as a data view with a fixed-size feature vector.</summary>
    internal static IDataView Load(MLContext ml, Matrix x, ReadOnlySpan<double> y, ReadOnlySpan<int> rows)
    {
        var data = new FeatureRow[rows.Length];
        for (int k = 0; k < rows.Length; k++)
        {
            var source = x.Row(rows[k]);
            var features = new float[source.Length];
            for (int j = 0; j < source.Length; j++) features[j] = (float)source[j];
            double label = y.IsEmpty ? 0 : y[rows[k]];
            data[k] = new FeatureRow { Features = features, Label = (float)label, Positive = label > 0 };
        }
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, x.Columns);
        return ml.Data.LoadFromEnumerable(data, schema);
    }

    /// <summary>Every row of <paramref name="x"/>, unlabelled.</summary>
    internal static IDataView Load(MLContext ml, Matrix x) => Load(ml, x, [], AllRows(x.Rows));

    /// <summary>The float column <paramref name="column"/> ("Score", "Probability") of <paramref name="model"/> on the given rows, widened to double.</summary>
    internal static double[] Column(ITransformer model, MLContext ml, Matrix x, ReadOnlySpan<int> rows, string column)
    {
        if (rows.IsEmpty) return [];
        var scored = model.Transform(Load(ml, x, [], rows));
        return [.. scored.GetColumn<float>(column).Select(v => (double)v)];
    }

    /// <summary>0, 1, ..., count - 1.</summary>
    internal static int[] AllRows(int count) => [.. Enumerable.Range(0, count)];
}
