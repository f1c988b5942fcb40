using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ReluVerified.Distributed;

/// <summary>
/// Hosting for the cluster fit: the silo and client settings every member of a ReluVerified cluster needs, and a local
/// development cluster (localhost clustering: one primary silo, others joining it; the command line's <c>relu silo</c> and
/// <c>relu fit --cluster</c>). The shard grains come with this assembly: a silo hosts them when its process references it.
/// Settings: messages up to <see cref="MaxMessageBytes"/> (the map T of a rank-r fit is 8 r^2 bytes and travels in one
/// message), and on the client a response timeout for the per-iteration products (the passes over the file have their own,
/// Distributed/ReluVerified.Distributed/IShardGrain.cs).
/// </summary>
public static class ClusterHosting
{
    /// <summary>The largest message body silos and clients accept: 512 MiB (Orleans' default is 100 MB).</summary>
    public const int MaxMessageBytes = 512 * 1024 * 1024;

    /// <summary>The client's default response timeout for a shard's product (one solver iteration's share of work).</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Applies the cluster fit's silo settings (message size) to <paramref name="silo"/>; clustering is the caller's.</summary>
    public static ISiloBuilder ConfigureSilo(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = MaxMessageBytes);
        return silo;
    }

    /// <summary>
    /// Applies the cluster fit's client settings to <paramref name="client"/>: message size, and the response timeout
    /// (<paramref name="responseTimeout"/>, default <see cref="DefaultResponseTimeout"/>); clustering is the caller's.
    /// </summary>
    public static IClientBuilder ConfigureClient(IClientBuilder client, TimeSpan? responseTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Services.Configure<ClientMessagingOptions>(o =>
        {
            o.MaxMessageBodySize = MaxMessageBytes;
            o.ResponseTimeout = responseTimeout ?? DefaultResponseTimeout;
        });
        return client;
    }

    /// <summary>
    /// Runs a silo of a local development cluster until <paramref name="cancellationToken"/> is cancelled: silo-to-silo port
    /// <paramref name="siloPort"/>, client gateway port <paramref name="gatewayPort"/>, joining the primary silo at
    /// <paramref name="primarySiloPort"/> on this machine (null: this silo is the primary). Logs warnings and errors to the console.
    /// <paramref name="ready"/> hears when the silo has started; a cancelled token stops it gracefully and the task completes.
    /// </summary>
    public static async Task RunLocalSiloAsync(int siloPort, int gatewayPort, int? primarySiloPort, CancellationToken cancellationToken, Action? ready = null)
    {
        CheckPort(siloPort, nameof(siloPort));
        CheckPort(gatewayPort, nameof(gatewayPort));
        if (primarySiloPort is int primary) CheckPort(primary, nameof(primarySiloPort));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => ConfigureSilo(silo.UseLocalhostClustering(siloPort, gatewayPort,
            primarySiloPort is int p ? new IPEndPoint(IPAddress.Loopback, p) : null)));
        await Run(builder.Build(), ready, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the silo <paramref name="host"/>, tells <paramref name="ready"/>, and runs it until cancelled.</summary>
    private static async Task Run(IHost host, Action? ready, CancellationToken cancellationToken)
    {
        using (host)
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            ready?.Invoke();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // a stop asked for: leave the cluster gracefully below
            }
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a silo of a development cluster that may span machines until <paramref name="cancellationToken"/> is cancelled:
    /// it listens on every address of this machine at <paramref name="siloPort"/> (silos) and <paramref name="gatewayPort"/>
    /// (clients), tells the others it is at <paramref name="advertisedAddress"/>, and joins the primary silo at
    /// <paramref name="primarySilo"/> (null: this silo is the primary, at its own advertised address). Membership lives in the
    /// primary silo (Orleans' development clustering): the cluster survives the loss of any other silo, not of the primary.
    /// A production cluster uses a membership provider instead (docs/distributed.md). <paramref name="ready"/> hears when
    /// the silo has started; a cancelled token stops it gracefully and the task completes.
    /// </summary>
    public static async Task RunSiloAsync(int siloPort, int gatewayPort, IPAddress advertisedAddress, IPEndPoint? primarySilo, CancellationToken cancellationToken,
        Action? ready = null)
    {
        CheckPort(siloPort, nameof(siloPort));
        CheckPort(gatewayPort, nameof(gatewayPort));
        ArgumentNullException.ThrowIfNull(advertisedAddress);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseDevelopmentClustering(primarySilo ?? new IPEndPoint(advertisedAddress, siloPort))
                .ConfigureEndpoints(advertisedAddress, siloPort, gatewayPort, listenOnAnyHostAddress: true);
            ConfigureSilo(silo);
        });
        await Run(builder.Build(), ready, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A started client of a development cluster (<see cref="RunSiloAsync"/> or <see cref="RunLocalSiloAsync"/>) whose silos
    /// accept clients at <paramref name="gateways"/> (static gateway list; any machines). The client logs from
    /// <paramref name="logLevel"/> up to the console (failures reach the caller as exceptions either way). Dispose the host to disconnect.
    /// </summary>
    public static async Task<IHost> ConnectAsync(IEnumerable<IPEndPoint> gateways, TimeSpan? responseTimeout = null, CancellationToken cancellationToken = default,
        LogLevel logLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        IPEndPoint[] endpoints = [.. gateways];
        if (endpoints.Length == 0) throw new ArgumentException("name at least one gateway.", nameof(gateways));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(logLevel);
        // cluster and service ids stay Orleans' defaults, as localhost clustering leaves them: every relu silo and client agrees
        builder.UseOrleansClient(client => ConfigureClient(client.UseStaticClustering(endpoints), responseTimeout));
        return await Started(builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A started client of the local development cluster whose silos listen for clients on <paramref name="gatewayPorts"/>;
    /// its <see cref="IClusterClient"/> is the host's service (<c>host.Services.GetRequiredService&lt;IClusterClient&gt;()</c>).
    /// Dispose the host to disconnect.
    /// </summary>
    public static async Task<IHost> ConnectAsync(IEnumerable<int> gatewayPorts, TimeSpan? responseTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gatewayPorts);
        int[] ports = [.. gatewayPorts];
        if (ports.Length == 0) throw new ArgumentException("name at least one gateway port.", nameof(gatewayPorts));
        foreach (int port in ports) CheckPort(port, nameof(gatewayPorts));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => ConfigureClient(client.UseLocalhostClustering(ports), responseTimeout));
        return await Started(builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts <paramref name="host"/>, disposing it when the start fails.</summary>
    private static async Task<IHost> Started(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses a fit whose messages would not fit in <see cref="MaxMessageBytes"/>: the map T of rank
    /// <paramref name="rank"/> (8 r^2 bytes, sent to every shard) or the m-vector slice of the largest shard
    /// (<paramref name="largestShard"/> rows, 8 bytes each, sent and answered at every solver iteration).
    /// </summary>
    internal static void CheckMessageSize(int rank, int largestShard)
    {
        const long headroom = 1 << 20;
        long map = 8L * rank * rank, slice = 8L * largestShard;
        if (map + headroom > MaxMessageBytes)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"rank {rank}: the map T of the factor ({map / (1024.0 * 1024):F0} MiB) does not fit in one cluster message ({MaxMessageBytes / (1024 * 1024)} MiB); "
                + $"use Rank <= {(int)Math.Sqrt((MaxMessageBytes - headroom) / 8.0)}."), "options");
        if (slice + headroom > MaxMessageBytes)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"a shard of {largestShard} rows sends vectors of {slice / (1024.0 * 1024):F0} MiB, more than one cluster message holds ({MaxMessageBytes / (1024 * 1024)} MiB); "
                + $"use more shards (at most {(MaxMessageBytes - headroom) / 8} rows each)."), "shards");
    }

    private static void CheckPort(int port, string name)
    {
        if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(name, port, $"{name} must be a TCP port (1 to 65535).");
    }
}
