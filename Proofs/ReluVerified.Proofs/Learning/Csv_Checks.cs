using Xunit;

namespace ReluVerified.Proofs.Learning;

/// <summary>
/// CSV input (Facade/ReluVerified/CsvRows.cs, behind CsvTable and RowStream): RFC 4180 quoting, the separator detected
/// among comma, semicolon and tab or given, BOM and CRLF, and errors that name the source, the physical line, the column's
/// number and name, what was found and the remedy.
/// </summary>
public class Csv_Checks : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-csv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CsvTable Parse(string text, bool requireLabels = true, char? delimiter = null)
        => CsvTable.Parse(new StringReader(text), "data.csv", "y", requireLabels, delimiter);

    private static string Error(string text, char? delimiter = null)
    {
        string message = Assert.Throws<DataFormatException>(() => Parse(text, delimiter: delimiter)).Message;
        Assert.DoesNotContain("(Parameter", message);
        Assert.DoesNotContain("Actual value", message);
        return message;
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_features_and_labels_in_file_order()
    {
        var t = Parse("a,y,b\n1,0.5,2\n3,0,4\n");
        Assert.Equal(["a", "b"], t.FeatureNames.ToArray());
        Assert.Equal(4.0, t.Features[1, 1]);
        Assert.Equal([0.5, 0.0], t.Labels.ToArray());
    }

    /// <summary>
    /// CsvTable reads rows into blocks that grow from 64k values (a small file, a small block) and copies them into one matrix:
    /// 30,000 rows of 7 features fill three blocks whose sizes are not multiples of the row length; every value and label comes
    /// back in file order, and a bad value in the third block still names its physical line.
    /// </summary>
    [Fact]
    public void Rows_across_the_reader_s_growing_blocks_keep_their_order_values_and_line_numbers()
    {
        const int rows = 30000, n = 7;
        var text = new System.Text.StringBuilder("a,b,c,d,e,f,g,y\n");
        for (int i = 0; i < rows; i++)
            text.Append(string.Join(",", Enumerable.Range(0, n).Select(j => (i * 8 + j).ToString(System.Globalization.CultureInfo.InvariantCulture)))).Append(',').Append((i % 3) * 0.5).Append('\n');
        var t = Parse(text.ToString());
        Assert.Equal(rows, t.Features.Rows);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < n; j++)
                if (t.Features[i, j] != i * 8 + j) Assert.Fail($"row {i} column {j}: {t.Features[i, j]}, expected {i * 8 + j}");
            if (t.Labels[i] != (i % 3) * 0.5) Assert.Fail($"row {i} label: {t.Labels[i]}");
        }
        Assert.Equal("data.csv line 29002, column 3 (c): 'z' is not a number (every column except the label 'y' is a numeric feature); fix the value or remove the row.",
            Error(text.ToString().Replace("232002,", "z,")));
    }

    [Fact]
    public void A_bad_number_names_line_and_column()
        => Assert.Equal("data.csv line 3, column 2 (b): 'x1' is not a number (every column except the label 'y' is a numeric feature); fix the value or remove the row.",
            Error("a,b,y\n1,2,0\n3,x1,0\n"));

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

    [Fact]
    public void Quoted_numbers_and_quoted_names_are_read()
    {
        var t = Parse("\"a\",\"b\",\"y\"\n\"2.04\", \" 1e-3 \" ,\"0.5\"\n");
        Assert.Equal(["a", "b"], t.FeatureNames.ToArray());
        Assert.Equal(2.04, t.Features[0, 0]);
        Assert.Equal(1e-3, t.Features[0, 1]);
        Assert.Equal([0.5], t.Labels.ToArray());
    }

    [Fact]
    public void Doubled_quotes_and_a_quoted_separator_stay_in_one_name()
        => Assert.Equal(["size \"cm\", raw", "b"], Parse("\"size \"\"cm\"\", raw\",b,y\n1,2,0\n").FeatureNames.ToArray());

    [Fact]
    public void A_quoted_text_value_with_a_comma_is_one_value_and_an_error_naming_its_column()
        => Assert.Equal("data.csv line 2, column 1 (name): 'Smith, J' is not a number (every column except the label 'y' is a numeric feature); fix the value or remove the row.",
            Error("name,a,y\n\"Smith, J\",1,0\n"));

    [Fact]
    public void A_semicolon_file_is_read()
    {
        var t = Parse("a;b;y\n1.5;2;0\n3;4;1\n");
        Assert.Equal(["a", "b"], t.FeatureNames.ToArray());
        Assert.Equal(1.5, t.Features[0, 0]);
        Assert.Equal([0.0, 1.0], t.Labels.ToArray());
    }

    [Fact]
    public void A_tab_separated_file_is_read()
    {
        var t = Parse("a\tb\ty\n1.5\t2\t0\n");
        Assert.Equal(["a", "b"], t.FeatureNames.ToArray());
        Assert.Equal(2.0, t.Features[0, 1]);
    }

    [Fact]
    public void Two_separators_in_the_header_are_ambiguous_and_the_error_asks_for_the_delimiter()
        => Assert.Equal("data.csv line 1: the header holds ',' and ';' outside quotes, so the separator is ambiguous; give it with delimiter (comma, semicolon or tab).",
            Error("a,b;y\n1,2;0\n"));

    [Fact]
    public void A_separator_inside_quotes_does_not_make_the_header_ambiguous()
        => Assert.Equal(["a;b", "c"], Parse("\"a;b\",c,y\n1,2,0\n").FeatureNames.ToArray());

    [Fact]
    public void An_explicit_delimiter_settles_an_ambiguous_header()
    {
        var t = Parse("a,b;y\n1;0\n", delimiter: ';');
        Assert.Equal(["a,b"], t.FeatureNames.ToArray());
        Assert.Equal(1.0, t.Features[0, 0]);
    }

    [Fact]
    public void A_missing_label_lists_the_columns_and_suggests_the_separator_the_header_holds()
        => Assert.Equal("data.csv line 1: no label column 'y' among the 1 column(s) [f0;f1;f2;y] (separated by ','); name the label column with labelName; "
            + "the header holds ';': if that separates the columns, give delimiter semicolon.",
            Error("f0;f1;f2;y\n1;2;3;0\n", delimiter: ','));

    [Fact]
    public void A_pipe_header_read_as_one_column_suggests_the_pipe()
        => Assert.Contains("give delimiter pipe", Error("a|b|y\n1|2|0\n"));

    [Fact]
    public void A_byte_order_mark_and_CRLF_line_ends_are_accepted()
    {
        var t = Parse("\uFEFFa,y\r\n1,0\r\n\r\n2,1\r\n");
        Assert.Equal(["a"], t.FeatureNames.ToArray());
        Assert.Equal([0.0, 1.0], t.Labels.ToArray());
        string path = Write("bom.csv", "\uFEFFa;y\r\n1;0\r\n2;1\r\n");
        Assert.Equal(["a"], CsvTable.Read(path).FeatureNames.ToArray());
        Assert.Equal(["a"], RowStream.Open(path).FeatureNames.ToArray());
    }

    [Fact]
    public void A_bad_value_names_its_physical_line_after_blank_and_CRLF_lines()
        => Assert.Equal("data.csv line 5, column 2 (b): 'abc' is not a number (every column except the label 'y' is a numeric feature); fix the value or remove the row.",
            Error("a,b,y\r\n1,2,0\r\n\r\n\"3\",\"4\",\"0\"\r\n5,abc,0\r\n"));

    [Fact]
    public void A_bad_label_names_the_label_column()
        => Assert.Equal("data.csv line 2, column 1 (y): 'no' is not a number; fix the value or remove the row.", Error("y,a\nno,1\n"));

    [Fact]
    public void A_value_spanning_lines_is_refused_naming_its_lines()
        => Assert.StartsWith("data.csv lines 3-4: a quoted value spans several lines, or a quote is not closed;", Error("a,y\n1,0\n\"2\n3\",0\n4,0\n"));

    [Fact]
    public void An_unclosed_quote_is_refused()
        => Assert.Contains("a quote is not closed", Error("a,y\n1,0\n\"2,0\n3,0\n4,0\n"));

    [Fact]
    public void An_empty_value_says_so()
        => Assert.Equal("data.csv line 2, column 1 (a): the value is empty; fill in a number or remove the row.", Error("a,y\n,0\n"));

    [Fact]
    public void A_decimal_comma_in_a_semicolon_file_names_the_decimal_point()
        => Assert.Contains("'1,5' is not a number (the decimal point must be '.', not ',')", Error("a;y\n1,5;0\n"));

    [Fact]
    public void Numbers_are_read_in_the_invariant_culture_and_trailing_text_is_refused()
    {
        var t = Parse("a,y\n+1,0\n.5,0\n1E+05,0\n-0,0\n 2 ,0\n");
        Assert.Equal([1.0, 0.5, 1e5, 0.0, 2.0], Enumerable.Range(0, 5).Select(i => t.Features[i, 0]).ToArray());
        foreach (var bad in new[] { "1.5abc", "0x10", "1_000", "1 000", "--1", "+-1", "1e", "1.2.3", ".", "-", "e5", "1-2", "1e5e5", "1.5e+", "inf", "1d" })
            Assert.Contains($"'{bad}' is not a number", Error($"a;y\n{bad};0\n"));
        foreach (var infinite in new[] { "NaN", "Infinity", "-Infinity", "1e400" })
            Assert.Contains($"'{infinite}' is not a finite number", Error($"a,y\n{infinite},0\n"));
    }

    [Fact]
    public void A_thousands_comma_is_never_read_as_a_number()
    {
        // Sep's fast parser alone reads "1,5" as 15 (Facade/ReluVerified/CsvRows.cs keeps such texts from it)
        Assert.Contains("'1,5' is not a number", Error("a;y\n1,5;0\n"));
        Assert.Contains("'1,500.5' is not a number", Error("a\ty\n1,500.5\t0\n"));
    }

    [Fact]
    public void A_long_row_names_its_line_and_the_separator()
        => Assert.Equal("data.csv line 2: 4 values but the header has 3 columns (separated by ','); fix the row or remove it.", Error("a,b,y\n1,2,0,5\n"));

    [Fact]
    public void Duplicate_and_empty_column_names_are_refused()
    {
        Assert.Contains("column name 'a' appears twice (columns 1 and 2)", Error("a,a,y\n1,2,0\n"));
        Assert.Equal("data.csv line 1, column 2: the column has an empty name; name it.", Error("a,\"\",y\n1,2,0\n"));
    }

    [Fact]
    public void CsvTable_and_RowStream_read_the_same_rows()
    {
        string text = "\uFEFF\"f 1\";f2;y\r\n\"1.5\";-2;0\r\n\r\n3e-2; 4 ;\"1\"\r\n5;6;0.25";
        string path = Write("same.csv", text);
        var table = CsvTable.Read(path);
        var stream = RowStream.Open(path);
        var rows = stream.Rows().ToList();
        Assert.Equal(table.FeatureNames.ToArray(), stream.FeatureNames.ToArray());
        Assert.Equal(["f 1", "f2"], stream.FeatureNames.ToArray());
        Assert.Equal(table.Features.Rows, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(table.Features.Row(i).ToArray(), rows[i].Features);
            Assert.Equal(table.Labels[i], rows[i].Label);
        }
        Assert.Equal([0.0, 1.0, 0.25], rows.Select(r => r.Label).ToArray());
    }

    [Fact]
    public void RowStream_keeps_an_explicit_delimiter_for_every_pass_and_names_lines_like_CsvTable()
    {
        string path = Write("explicit.csv", "a,b;y\n1;0\n2;1\n");
        var stream = RowStream.Open(path, delimiter: ';');
        Assert.Equal(["a,b"], stream.FeatureNames.ToArray());
        Assert.Equal(2, stream.Rows().Count());
        Assert.Equal(2, stream.Batches(1).Count());
        string bad = Write("bad.csv", "a;y\n1;0\n\n2;x\n");
        var fromTable = Assert.Throws<DataFormatException>(() => CsvTable.Read(bad)).Message;
        var fromStream = Assert.Throws<DataFormatException>(() => RowStream.Open(bad).Rows().ToList()).Message;
        Assert.Equal(fromTable, fromStream);
        Assert.Equal($"{bad} line 4, column 2 (y): 'x' is not a number; fix the value or remove the row.", fromStream);
    }

    [Fact]
    public void Delimiter_names_parse_as_the_command_line_gives_them()
    {
        Assert.Equal(';', CsvRows.ParseDelimiter("semicolon"));
        Assert.Equal('\t', CsvRows.ParseDelimiter("tab"));
        Assert.Equal(',', CsvRows.ParseDelimiter(","));
        Assert.Null(CsvRows.ParseDelimiter("auto"));
        Assert.Equal("the separator 'colon' is not one of: comma (,), semicolon (;), tab, pipe (|) or auto.",
            Assert.Throws<ArgumentException>(() => CsvRows.ParseDelimiter("colon")).Message);
    }
}
