using System.Runtime.InteropServices;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for the <c>relu</c> program. The first asks the running command to stop: its cancellation
/// token (<see cref="Token"/>, handed to every command by Program.cs) is cancelled and the command ends at its next check,
/// writing nothing ("cancelled; nothing was written.", exit code 1; a silo shuts down); the CSV reader checks it at each
/// block of rows. A phase that checks no token (a Parquet file's row groups, a read waiting on a pipe with nothing to send)
/// runs on until it ends; a second signal then ends the process at once, as the signal's default action does (exit status
/// 130 for SIGINT, 143 for SIGTERM). This replaces the handler of System.CommandLine 3.0.0, which threw an
/// InvalidOperationException from its signal thread on a second signal, so that the process aborted with a stack trace
/// (status 134): <c>Cli_Checks</c> sends two interrupts to a fit that waits on its input.
/// </summary>
internal static class Interrupt
{
    private static readonly CancellationTokenSource Source = new();
    private static int _signals;

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    internal static CancellationToken Token => Source.Token;

    /// <summary>Starts handling SIGINT and SIGTERM; dispose the result to stop.</summary>
    internal static IDisposable Handle() => new Registrations(
        PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));

    private static void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1) return; // the default action: the process ends now
        context.Cancel = true;
        Console.Error.WriteLine("relu: stopping at the next check (interrupt again to stop at once).");
        Source.Cancel();
    }

    private sealed class Registrations(params PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }
}
