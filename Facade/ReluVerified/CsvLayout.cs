using System.Collections.Immutable;

namespace ReluVerified;

/// <summary>
/// What the header line of a CSV file says (<see cref="CsvRows.ReadHeader"/>): the separator, the column names, which column is
/// the label and which are features. Column indices are 0-based here; messages print them 1-based.
/// </summary>
/// <param name="Source">The file (or text) name that error messages start with.</param>
/// <param name="Separator">The separator between values: given by the caller or detected from the header line.</param>
/// <param name="Names">Every column name, in file order.</param>
/// <param name="LabelName">The label column's name.</param>
/// <param name="LabelIndex">The label column's index, or -1 when the file has none.</param>
/// <param name="FeatureIndices">The feature columns' indices, in file order.</param>
internal sealed record CsvLayout(string Source, char Separator, ImmutableArray<string> Names, string LabelName, int LabelIndex, ImmutableArray<int> FeatureIndices)
{
    /// <summary>The feature columns' names, in file order.</summary>
    public ImmutableArray<string> FeatureNames => [.. FeatureIndices.Select(j => Names[j])];

    /// <summary>Whether the file has the label column.</summary>
    public bool HasLabels => LabelIndex >= 0;
}
