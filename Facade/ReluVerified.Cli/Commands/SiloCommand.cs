using System.CommandLine;
using System.Globalization;
using System.Net;
using ReluVerified.Distributed;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// <c>relu silo</c>: runs one silo of a ReluVerified cluster (Distributed/ReluVerified.Distributed) until stopped (Ctrl+C or
/// SIGTERM): on its own, the first silo of a local development cluster; with <c>--primary</c>, one that joins it. With
/// <c>--advertise</c> (an address the other machines reach) the silo listens on every address, so a cluster may span
/// machines; membership then lives in the primary silo (docs/distributed.md).
/// </summary>
internal static class SiloCommand
{
    internal static Command Create()
    {
        var port = new Option<int>("--port") { Description = "silo-to-silo port", DefaultValueFactory = _ => 11111 };
        var gateway = new Option<int>("--gateway") { Description = "client gateway port (what relu fit --cluster names)", DefaultValueFactory = _ => 30000 };
        var primary = new Option<string?>("--primary") { Description = "the primary silo to join, host:port of its --port (default: this silo is the primary)" };
        var advertise = new Option<string?>("--advertise") { Description = "the address other machines reach this silo at (default: a local development cluster on this machine only)" };
        var command = new Command("silo", "Run one silo of a ReluVerified cluster (for relu fit --cluster and relu predict --cluster) until stopped.")
            { port, gateway, primary, advertise };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandRunner.Run("silo", () =>
        {
            int siloPort = parse.GetValue(port), gatewayPort = parse.GetValue(gateway);
            foreach (var (value, flag) in new[] { (siloPort, "--port"), (gatewayPort, "--gateway") })
                if (value is < 1 or > 65535) throw new ArgumentException($"{flag} {value}: a port is a number from 1 to 65535.");
            if (siloPort == gatewayPort) throw new ArgumentException($"--port and --gateway are both {siloPort}: the silo needs two ports.");
            IPEndPoint? primaryEndpoint = parse.GetValue(primary) is string p ? Endpoint(p) : null;
            IPAddress? advertised = parse.GetValue(advertise) is string a ? ClusterOption.Address(a, a) : null;
            void Ready() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"silo ready: silo port {siloPort}, gateway {gatewayPort}{(primaryEndpoint is null ? " (primary)" : $", joined {primaryEndpoint}")}; stop with Ctrl+C"));
            try
            {
                var run = advertised is null && (primaryEndpoint is null || IPAddress.IsLoopback(primaryEndpoint.Address))
                    ? ClusterHosting.RunLocalSiloAsync(siloPort, gatewayPort, primaryEndpoint?.Port, cancellationToken, Ready)
                    : ClusterHosting.RunSiloAsync(siloPort, gatewayPort, advertised ?? IPAddress.Loopback, primaryEndpoint, cancellationToken, Ready);
                run.GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException and not ArgumentException && e.GetBaseException() is System.Net.Sockets.SocketException socket)
            {
                throw new IOException($"the silo cannot listen on port {siloPort} or {gatewayPort}: {socket.Message}. Choose free ports with --port and --gateway.", e);
            }
            Console.WriteLine("silo stopped");
            return ExitCodes.Success;
        })));
        return command;
    }

    private static IPEndPoint Endpoint(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"--primary '{value}': give the primary silo as host:port (its --port), e.g. localhost:11111.");
        return new IPEndPoint(ClusterOption.Address(value[..colon], value), port);
    }
}
