using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// The hosting helpers the command line uses: a local silo on TCP ports (<see cref="ClusterHosting.RunLocalSiloAsync"/>) and
/// a client connected to its gateway (<see cref="ClusterHosting.ConnectAsync"/>) fit a file as StreamingFit does.
/// </summary>
public sealed class Cluster_Hosting_Tests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-hosting-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_local_silo_and_a_connected_client_fit_a_file_as_the_streaming_fit()
    {
        const int seed = 1808;
        var (x, y) = TestData.Planted(400, 5, seed);
        string path = Path.Combine(_directory, "train.csv");
        TestData.WriteCsv(path, x, y);
        var options = TestData.Options(degree: 2, rank: 15, seed);
        int siloPort = FreePort(), gatewayPort = FreePort();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var silo = ClusterHosting.RunLocalSiloAsync(siloPort, gatewayPort, null, stop.Token);
        try
        {
            using var host = await Connect(gatewayPort, silo);
            var started = clock.Elapsed;
            var client = host.Services.GetRequiredService<IClusterClient>();
            var cluster = ClusterFit.Fit(client, path, options, shards: 3);
            var single = StreamingFit.Fit(path, options);
            output.WriteLine($"seed {seed}: silo and client up in {started.TotalSeconds:F2} s; objective {single.Report.Objective:R} / {cluster.Report.Objective:R}");
            Assert.True(Math.Abs(single.Report.Objective - cluster.Report.Objective) <= 1e-10 * single.Report.Objective);
            Assert.Equal(single.Predict(x), cluster.Predict(x), (a, b) => Math.Abs(a - b) <= 1e-10 * Math.Max(1, Math.Abs(a)));
            await host.StopAsync();
        }
        finally
        {
            stop.Cancel();
            await silo;
        }
    }

    /// <summary>The client, once the silo accepts it (the silo starts in the background).</summary>
    private static async Task<Microsoft.Extensions.Hosting.IHost> Connect(int gatewayPort, Task silo)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await ClusterHosting.ConnectAsync([gatewayPort]);
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !silo.IsCompleted)
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
