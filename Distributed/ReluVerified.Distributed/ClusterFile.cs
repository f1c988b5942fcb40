using System.Collections.Immutable;

namespace ReluVerified.Distributed;

/// <summary>
/// Opens a data file for a cluster pass: its layout read by shard 0's grain (where the shards run, so a path the silos
/// cannot see fails here, naming it), then its K shards (<see cref="ShardPlan.Split"/>) and, for CSV, their first lines
/// numbered from a scan of every byte range (<see cref="ShardPlan.Number"/>).
/// </summary>
internal static class ClusterFile
{
    /// <summary>The layout and the shards of <paramref name="path"/> for <paramref name="fleet"/>.</summary>
    public static async Task<(FileLayout Layout, ImmutableArray<ShardSource> Sources)> Open(ShardFleet fleet, string path, string labelName, bool requireLabels,
        char? delimiter, CancellationToken cancellationToken)
    {
        var layout = await fleet.One(ShardCallKind.Read, 0, grain => grain.Describe(path, labelName, requireLabels, delimiter), cancellationToken).ConfigureAwait(false);
        var sources = ShardPlan.Split(layout, path, labelName, requireLabels, fleet.Count);
        if (layout.Parquet) return (layout, sources);
        var scans = await fleet.All(ShardCallKind.Read, (s, grain) => grain.Scan(sources[s], layout.DataStart), cancellationToken).ConfigureAwait(false);
        return (layout, ShardPlan.Number(sources, scans));
    }

    /// <summary>The default shard count for <paramref name="silos"/> active silos: two per silo (so a silo's shards can be rebuilt on the others without leaving one idle).</summary>
    public static int DefaultShards(int silos) => Math.Max(1, 2 * silos);

    /// <summary>The number of active silos in <paramref name="client"/>'s cluster now.</summary>
    public static async Task<int> ActiveSilos(IClusterClient client)
        => (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false)).Count;

    /// <summary>The number of machines the active silos run on now: their distinct network addresses.</summary>
    public static async Task<int> ActiveMachines(IClusterClient client)
        => (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false)).Keys
            .Select(silo => silo.Endpoint.Address).Distinct().Count();
}
