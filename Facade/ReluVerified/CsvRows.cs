using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using nietras.SeparatedValues;

namespace ReluVerified;

/// <summary>
/// The one CSV reader behind <see cref="CsvTable"/> (whole file) and <see cref="RowStream"/> (batches), built on Sep
/// (docs/benchmarks.md, "Reading CSV", has the measurements that chose it). The header line names the columns; its separator
/// is the caller's, or detected among comma, semicolon and tab, and more than one of them outside quotes is an error that
/// asks for the separator. Values follow RFC 4180 quoting: a quoted value may hold the separator and doubled quotes, and a
/// quoted number ("2.04") is a number. Surrounding spaces are trimmed, blank lines skipped, a UTF-8 byte order mark and
/// CRLF line ends accepted, and the decimal point is always '.' (invariant culture). A value that spans lines is refused.
/// Errors are <see cref="DataFormatException"/>s naming the source, the physical line (the header is line 1), the column
/// (1-based, with its name), what was found and what to do.
/// </summary>
internal static class CsvRows
{
    /// <summary>The separators that detection chooses among.</summary>
    private static readonly ImmutableArray<char> Candidates = [',', ';', '\t'];

    /// <summary>The characters of a plain decimal number.</summary>
    private static readonly SearchValues<char> PlainNumber = SearchValues.Create("0123456789.eE+-");

    /// <summary>
    /// Parses a separator as the command line gives it: "," or "comma", ";" or "semicolon", "tab" or "\t", "|" or "pipe";
    /// "auto" (or nothing) detects it from the header line.
    /// </summary>
    public static char? ParseDelimiter(string? text) => text switch
    {
        null or "" or "auto" => null,
        "," or "comma" => ',',
        ";" or "semicolon" => ';',
        "\t" or "\\t" or "tab" => '\t',
        "|" or "pipe" => '|',
        _ => throw new ArgumentException($"the separator '{text}' is not one of: comma (,), semicolon (;), tab, pipe (|) or auto."),
    };

    /// <summary>A separator as messages show it: ',' or ';', or the word tab.</summary>
    public static string Show(char separator) => separator == '\t' ? "tab" : $"'{separator}'";

    /// <summary>
    /// Reads the header line of <paramref name="reader"/>, chooses the separator (<paramref name="delimiter"/>, or detected) and
    /// finds the label and feature columns. With <paramref name="requireLabels"/>, a missing label column is an error that
    /// lists the columns found and, when a name holds another separator, suggests it.
    /// </summary>
    public static CsvLayout ReadHeader(TextReader reader, string source, string labelName, bool requireLabels, char? delimiter)
    {
        string? header = reader.ReadLine()?.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(header)) throw new DataFormatException($"{source}: the file is empty; expected a header row naming the columns.");
        if (header.Count(c => c == '"') % 2 == 1)
            throw new DataFormatException($"{source} line 1: the header has a quote that is not closed; column names cannot span lines: close the quote.");
        char separator = delimiter ?? Detect(header, source);
        var names = Split(header, separator);
        for (int j = 0; j < names.Length; j++)
        {
            if (names[j].Length == 0) throw new DataFormatException($"{source} line 1, column {j + 1}: the column has an empty name; name it.");
            int first = names.IndexOf(names[j]);
            if (first != j) throw new DataFormatException($"{source} line 1: column name '{names[j]}' appears twice (columns {first + 1} and {j + 1}); rename one.");
        }
        int labelIndex = names.IndexOf(labelName);
        if (labelIndex < 0 && requireLabels)
            throw new DataFormatException($"{source} line 1: no label column '{labelName}' among the {names.Length} column(s) [{string.Join(", ", names)}] "
                + $"(separated by {Show(separator)}); name the label column with labelName{Suggestion(names, separator)}.");
        var features = Enumerable.Range(0, names.Length).Where(j => j != labelIndex).ToImmutableArray();
        if (features.Length == 0) throw new DataFormatException($"{source} line 1: there is no feature column besides the label '{labelName}'{Suggestion(names, separator)}.");
        return new CsvLayout(source, separator, names, labelName, labelIndex, features);
    }

    /// <summary>A Sep reader over the data lines that follow the header <paramref name="reader"/> has already given.</summary>
    public static SepReader OpenBody(TextReader reader, CsvLayout layout)
        => Sep.New(layout.Separator).Reader(o => o with
        {
            HasHeader = false, DisableColCountCheck = true, Unescape = true, Trim = SepTrim.All, CultureInfo = CultureInfo.InvariantCulture,
        }).From(reader);

    /// <summary>
    /// Moves <paramref name="body"/> to the next data row (skipping blank lines), writes its features into
    /// <paramref name="features"/> (length: the feature count) and returns its label (NaN without a label column); false
    /// at the end of the file. <paramref name="next"/> is the physical line of the file the next row starts on: 2 before the
    /// first call (the header is line 1); pass the same variable to every call. <paramref name="firstLine"/> is the file's line
    /// that <paramref name="body"/>'s first line is: 2 for a body that follows the header, the first line of its byte range
    /// for a reader that starts further on (a cluster shard, Distributed/ReluVerified.Distributed/CsvRanges.cs).
    /// </summary>
    public static bool Next(SepReader body, CsvLayout layout, ref int next, Span<double> features, out double label, int firstLine = 2)
    {
        label = double.NaN;
        while (body.MoveNext())
        {
            var row = body.Current;
            // a row starts where the previous one ended (Sep's LineNumberFrom of the first row is one too high); Sep counts
            // the body's lines from 1, so its line numbers are the file's minus (firstLine - 1)
            int line = next;
            next = row.LineNumberToExcl + firstLine - 1;
            if (row.Span.Length == 0) continue;
            if (next - line > 1)
                throw new DataFormatException($"{layout.Source} lines {line}-{next - 1}: a quoted value spans several lines, or a quote is not closed; "
                    + "values cannot hold line breaks: close the quote or remove the line break.");
            if (row.ColCount != layout.Names.Length)
                throw new DataFormatException($"{layout.Source} line {line}: {row.ColCount} values but the header has {layout.Names.Length} columns "
                    + $"(separated by {Show(layout.Separator)}); fix the row or remove it.");
            for (int k = 0; k < features.Length; k++) features[k] = Number(row[layout.FeatureIndices[k]], layout, line, layout.FeatureIndices[k]);
            if (layout.HasLabels) label = Number(row[layout.LabelIndex], layout, line, layout.LabelIndex);
            return true;
        }
        return false;
    }

    /// <summary>The value at line <paramref name="line"/>, column <paramref name="column"/> (0-based) as a finite double.</summary>
    private static double Number(SepReader.Col col, CsvLayout layout, int line, int column)
    {
        // Sep's fast parser (csFastFloat) only on digits, point, sign and exponent: it would read "1,5" as 15 and "inf" as
        // infinity; every other text goes to double.TryParse with NumberStyles.Float, which refuses both
        var span = col.Span;
        double value;
        bool parsed = span.Length > 0 && !span.ContainsAnyExcept(PlainNumber)
            ? col.TryParse(out value)
            : double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        if (parsed && double.IsFinite(value)) return value;
        string where = $"{layout.Source} line {line}, column {column + 1} ({layout.Names[column]})";
        if (span.Length == 0) throw new DataFormatException($"{where}: the value is empty; fill in a number or remove the row.");
        if (parsed)
            throw new DataFormatException($"{where}: '{span}' is not a finite number; fix the value or remove the row.");
        string hint = span.Contains(',') && layout.Separator != ',' ? " (the decimal point must be '.', not ',')"
            : column == layout.LabelIndex ? "" : $" (every column except the label '{layout.LabelName}' is a numeric feature)";
        throw new DataFormatException($"{where}: '{span}' is not a number{hint}; fix the value or remove the row.");
    }

    /// <summary>The separator among comma, semicolon and tab that the header uses outside quotes (comma for one column).</summary>
    private static char Detect(string header, string source)
    {
        var counts = new int[Candidates.Length];
        bool quoted = false;
        foreach (char c in header)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && Candidates.IndexOf(c) is int k and >= 0) counts[k]++;
        }
        var found = Enumerable.Range(0, Candidates.Length).Where(k => counts[k] > 0).Select(k => Candidates[k]).ToArray();
        if (found.Length > 1)
            throw new DataFormatException($"{source} line 1: the header holds {string.Join(" and ", found.Select(Show))} outside quotes, so the separator is ambiguous; "
                + "give it with delimiter (comma, semicolon or tab).");
        return found.Length == 1 ? found[0] : ',';
    }

    /// <summary>The header line split on <paramref name="separator"/>, quotes removed and names trimmed.</summary>
    private static ImmutableArray<string> Split(string header, char separator)
    {
        using var reader = Sep.New(separator).Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true, Trim = SepTrim.All }).FromText(header);
        return reader.MoveNext() ? [.. reader.Current[0..reader.Current.ColCount].ToStringsArray()] : [];
    }

    /// <summary>The command line's word for a separator as <see cref="Show"/> writes it.</summary>
    private static string Word(string shown) => shown switch { "','" => "comma", "';'" => "semicolon", "'|'" => "pipe", _ => shown };

    /// <summary>A hint naming another separator when a column name holds it.</summary>
    private static string Suggestion(ImmutableArray<string> names, char separator)
        => Candidates.Append('|').Where(c => c != separator && names.Any(n => n.Contains(c))).Select(Show).FirstOrDefault() is string other
            ? $"; the header holds {other}: if that separates the columns, give delimiter {Word(other)}"
            : "";
}
