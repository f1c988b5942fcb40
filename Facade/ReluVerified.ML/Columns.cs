using Microsoft.ML;
using Microsoft.ML.Data;

namespace ReluVerified.ML;

/// <summary>
/// The column checks of the trainer and the transformer: a feature column must be a vector of Single (float) of known
/// size, a label, weight or score column a Single scalar. Every refusal names the column, its actual type and what
/// would fix it, so a wrong pipeline fails at Fit or GetOutputSchema, never inside the learner.
/// </summary>
internal static class Columns
{
    /// <summary>The column named <paramref name="name"/>, or an error listing the columns that exist.</summary>
    public static DataViewSchema.Column Find(DataViewSchema schema, string name, string role)
        => schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(name,
            $"the {role} column '{name}' is not in the data; its columns are {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");

    /// <summary>Checks that <paramref name="column"/> is a known-size vector of Single; returns its size.</summary>
    public static int FeatureVector(DataViewSchema.Column column, int? expectedSize = null)
    {
        if (column.Type is not VectorDataViewType { ItemType: var item, IsKnownSize: true, Size: var size } || item != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(column.Name,
                $"the feature column '{column.Name}' is {column.Type}; ReliableRelu needs a vector of Single (float) of known size: "
                + "convert the columns to Single and join them with mlContext.Transforms.Concatenate(\"Features\", ...).");
        if (expectedSize is int expected && size != expected)
            throw new ArgumentOutOfRangeException(column.Name,
                $"the feature column '{column.Name}' has {size} values per row; the model was fitted on {expected}.");
        return size;
    }

    /// <summary>Checks that <paramref name="column"/> is a Single scalar (a label, weight or score).</summary>
    public static void SingleScalar(DataViewSchema.Column column, string role)
    {
        if (column.Type != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(column.Name,
                $"the {role} column '{column.Name}' is {column.Type}; ReliableRelu needs a Single (float) scalar: "
                + $"read it as float or convert it with mlContext.Transforms.Conversion.ConvertType(\"{column.Name}\", outputKind: DataKind.Single).");
    }

    /// <summary>The same checks on an estimator's input shape (before any data is read).</summary>
    public static void FeatureVector(SchemaShape shape, string name)
    {
        var column = Find(shape, name, "feature");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(name,
                $"the feature column '{name}' is {Describe(column)}; ReliableRelu needs a vector of Single (float) of known size: "
                + "convert the columns to Single and join them with mlContext.Transforms.Concatenate(\"Features\", ...).");
    }

    /// <summary>The Single-scalar check on an estimator's input shape.</summary>
    public static void SingleScalar(SchemaShape shape, string name, string role)
    {
        var column = Find(shape, name, role);
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(name,
                $"the {role} column '{name}' is {Describe(column)}; ReliableRelu needs a Single (float) scalar: "
                + $"read it as float or convert it with mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single).");
    }

    private static SchemaShape.Column Find(SchemaShape shape, string name, string role)
        => shape.LastOrDefault(c => c.Name == name) is { Name: not null } column ? column : throw new ArgumentOutOfRangeException(name,
            $"the {role} column '{name}' is not in the data; its columns are {string.Join(", ", shape.Select(c => $"'{c.Name}'"))}.");

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => $"{column.ItemType}",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{column.ItemType}>",
        _ => $"Vector<{column.ItemType}> of unknown size",
    };
}
