using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReluVerified.Distributed;

namespace ReluVerified.Cli.Commands;

/// <summary>
/// The <c>--cluster</c> flag of fit and predict: the client gateways of a ReluVerified cluster (Distributed/ReluVerified.Distributed),
/// as comma-separated <c>host:port</c> (or a bare port on this machine), e.g. <c>localhost:30000,localhost:30001</c>; and the
/// <c>--shards</c> flag (the number of parts the data file is cut into; default two per silo).
/// </summary>
internal static class ClusterOption
{
    /// <summary>A new <c>--cluster</c> option.</summary>
    internal static Option<string?> Create() => new("--cluster")
    {
        Description = "run on a ReluVerified cluster: its client gateways as host:port[,host:port...] (e.g. localhost:30000 for a silo started with relu silo --gateway 30000); every silo must see --data at the same path; a fit makes the passes of --stream there (needs --rank, --degree, --weight)",
    };

    /// <summary>A new <c>--shards</c> option.</summary>
    internal static Option<int> Shards() => new("--shards")
    {
        Description = "with --cluster: the number of parts the data file is cut into, each held by one shard (default 0: two per silo)",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>The gateways <paramref name="value"/> names; an error names the entry and the expected form.</summary>
    internal static IPEndPoint[] Gateways(string value)
    {
        var entries = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0) throw new ArgumentException("--cluster names no gateway: give host:port[,host:port...], e.g. localhost:30000.");
        return [.. entries.Select(Gateway)];
    }

    private static IPEndPoint Gateway(string entry)
    {
        int colon = entry.LastIndexOf(':');
        string host = colon < 0 ? "localhost" : entry[..colon];
        string portText = colon < 0 ? entry : entry[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"--cluster entry '{entry}': the port must be a number from 1 to 65535 (host:port, e.g. localhost:30000).");
        return new IPEndPoint(Address(host, entry), port);
    }

    /// <summary>The IPv4 (else first) address of <paramref name="host"/>: an address as written, or a name resolved here.</summary>
    internal static IPAddress Address(string host, string entry)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return address;
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"'{entry}': the host '{host}' cannot be resolved here ({e.Message}); give an address or a name this machine resolves.");
        }
    }

    /// <summary>How long a client waits for a gateway to accept it before giving up.</summary>
    internal static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A client connected to the cluster at <paramref name="value"/>; an error when no gateway accepts it within <see cref="ConnectTimeout"/>.</summary>
    internal static IHost Connect(string value, CancellationToken cancellationToken)
    {
        var gateways = Gateways(value);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ConnectTimeout);
        string remedy = "Start one with: relu silo --port 11111 --gateway 30000 (docs/distributed.md)";
        try
        {
            // the runtime's own log stays quiet: what went wrong reaches the user as this command's one-line error
            return ClusterHosting.ConnectAsync(gateways, cancellationToken: deadline.Token, logLevel: LogLevel.Critical).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"no ReluVerified cluster accepted a client at {value} within {ConnectTimeout.TotalSeconds:F0} s. {remedy}");
        }
        catch (Exception e) when (e is not OperationCanceledException and not ArgumentException)
        {
            throw new IOException($"no ReluVerified cluster answers at {value} ({CommandRunner.Message(e)}). {remedy}", e);
        }
    }
}
