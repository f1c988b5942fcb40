using System.Text.Json;

namespace ReluVerified.Cli.Commands;

/// <summary>Runs a command body and maps failures to exit codes: 2 for bad input (message on stderr), 1 otherwise.</summary>
internal static class CommandRunner
{
    internal static int Run(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is DataFormatException or ArgumentException)
        {
            // the library names its C# options; the user of this program sets flags
            Console.Error.WriteLine($"relu {command}: {FlagNames.Translate(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is ModelFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"relu {command}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"relu {command}: cancelled; nothing was written.");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or JsonException)
        {
            Console.Error.WriteLine($"relu {command}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
