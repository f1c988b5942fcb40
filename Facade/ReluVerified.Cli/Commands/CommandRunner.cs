using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// Runs a command body and maps failures to exit codes: 2 for bad input (the data, the model file or an option's value;
/// message on stderr), 1 otherwise. Usage errors that stop the parse exit 2 before a body runs (<see cref="UsageError"/>).
/// </summary>
internal static class CommandRunner
{
    /// <summary>The suffixes .NET appends to an argument exception's own text: " (Parameter 'x')" and "Actual value was 1.5.".</summary>
    private static readonly Regex DotNetSuffixes = new(@"\s*\(Parameter '[^']*'\)|\s*Actual value was [^\r\n]*", RegexOptions.CultureInvariant);

    /// <summary>
    /// The message of <paramref name="e"/> as its thrower wrote it, without the suffixes .NET appends to argument exceptions
    /// (also where another exception quotes one, as a model file's refusal does).
    /// </summary>
    internal static string Message(Exception e) => DotNetSuffixes.Replace(e.Message, "").Trim();

    internal static int Run(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is DataFormatException or ArgumentException)
        {
            // the library names its C# options; the user of this program sets flags
            Console.Error.WriteLine($"relu {command}: {FlagNames.Translate(Message(e))}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is ModelFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"relu {command}: {Message(e)}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"relu {command}: cancelled; nothing was written.");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or JsonException)
        {
            Console.Error.WriteLine($"relu {command}: {Message(e)}");
            return ExitCodes.Failure;
        }
    }
}
