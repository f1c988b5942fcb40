namespace ReluVerified.Cli.Commands;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    internal const int Success = 0;
    internal const int Failure = 1;
    internal const int BadInput = 2;
}
