using System.CommandLine;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// The <c>--delimiter</c> flag of fit, predict, evaluate and compare: the separator of the CSV values (comma, semicolon, tab,
/// pipe), or auto, which detects it from the header line among comma, semicolon and tab (Facade/ReluVerified/CsvRows.cs).
/// Parquet files ignore it.
/// </summary>
internal static class DelimiterOption
{
    /// <summary>A new <c>--delimiter</c> option.</summary>
    internal static Option<string?> Create() => new("--delimiter")
    {
        Description = "separator of the CSV values: comma, semicolon, tab, pipe or auto (default auto: detected from the header line among comma, semicolon and tab)",
    };

    /// <summary>The separator the option names, or null to detect it.</summary>
    internal static char? Value(ParseResult parse, Option<string?> option) => CsvRows.ParseDelimiter(parse.GetValue(option));
}
