using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>CSV input for the command line: errors name the source, the line and the column.</summary>
public class Csv_Checks
{
    private static CsvTable Parse(string text, bool requireLabels = true) => CsvTable.Parse(new StringReader(text), "data.csv", "y", requireLabels);

    [Fact]
    public void Reads_features_and_labels_in_file_order()
    {
        var t = Parse("a,y,b\n1,0.5,2\n3,0,4\n");
        Assert.Equal(["a", "b"], t.FeatureNames.ToArray());
        Assert.Equal(4.0, t.Features[1, 1]);
        Assert.Equal([0.5, 0.0], t.Labels.ToArray());
    }

    [Fact]
    public void A_bad_number_names_line_and_column()
        => Assert.Equal("data.csv line 3, column 'b': 'x1' is not a number.",
            Assert.Throws<DataFormatException>(() => Parse("a,b,y\n1,2,0\n3,x1,0\n")).Message);

    [Fact]
    public void A_missing_label_column_names_the_columns_and_the_option()
        => Assert.Contains("labelName", Assert.Throws<DataFormatException>(() => Parse("a,b\n1,2\n")).Message);

    [Fact]
    public void A_short_row_names_its_line()
        => Assert.Contains("line 2: 2 values but the header has 3 columns", Assert.Throws<DataFormatException>(() => Parse("a,b,y\n1,2\n")).Message);

    [Fact]
    public void Infinity_is_refused()
        => Assert.Contains("not a finite number", Assert.Throws<DataFormatException>(() => Parse("a,y\nInfinity,0\n")).Message);

    [Fact]
    public void Labels_are_optional_for_prediction()
        => Assert.False(Parse("a,b\n1,2\n", requireLabels: false).HasLabels);
}
