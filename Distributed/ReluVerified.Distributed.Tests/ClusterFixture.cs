using System.Diagnostics;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// One in-process cluster of three silos (Orleans' InProcessTestCluster: in-memory transport and membership) shared by
/// every test of the <see cref="ClusterCollection"/>, with the cluster fit's hosting settings
/// (<see cref="ClusterHosting.ConfigureSilo"/>, <see cref="ClusterHosting.ConfigureClient"/>) and fast failure detection,
/// so that a killed silo is declared dead within a few seconds. Tests that kill a silo start a new one before they end.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The silos at start.</summary>
    public const int Silos = 3;

    /// <summary>The cluster.</summary>
    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>How long deploying the cluster (silos and client) took.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>The client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSilo((_, silo) =>
        {
            ClusterHosting.ConfigureSilo(silo);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        });
        // a short response timeout: a call whose answer is lost fails within seconds instead of minutes
        builder.ConfigureClient(client => ClusterHosting.ConfigureClient(client, TimeSpan.FromSeconds(20)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        StartTime = clock.Elapsed;
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The shard grains' activations per silo (management grain statistics), shard grains only.</summary>
    public async Task<Dictionary<SiloAddress, int>> ShardActivations()
    {
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(ShardGrain), StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
    }

    /// <summary>Waits until no shard grain is active anywhere (deactivation follows a release shortly); false after <paramref name="timeout"/>.</summary>
    public async Task<bool> NoShardsWithin(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if ((await ShardActivations()).Values.Sum() == 0) return true;
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(100);
        }
    }
}

/// <summary>The tests that share <see cref="ClusterFixture"/> (run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster";
}
