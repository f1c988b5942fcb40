using System.CommandLine;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// A command line that does not parse (an unknown option, a value outside an option's choices, a missing required option):
/// one line naming the first error and a hint where the help is, both on stderr, and exit code <see cref="ExitCodes.BadInput"/>.
/// </summary>
internal static class UsageError
{
    internal static int Report(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        if (names.Count > 0) names[0] = "relu"; // the root command's name is the executable's file name
        string command = string.Join(' ', names);
        string message = System.Text.RegularExpressions.Regex.Replace(parse.Errors[0].Message, @"\s+", " ").Trim();
        Console.Error.WriteLine($"{command}: {message}");
        Console.Error.WriteLine($"see {command} --help");
        return ExitCodes.BadInput;
    }
}
