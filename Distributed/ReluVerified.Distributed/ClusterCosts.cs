using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ReluVerified.Core;

namespace ReluVerified.Distributed;

/// <summary>
/// What a cluster fit (<see cref="ClusterFit.Run"/>) cost, measured while it ran, and a model of its time on k machines
/// built from those measurements (<see cref="ModelledSeconds"/>).
/// <para>
/// Measured: each shard grain times its own work where it runs (wall seconds from the start to the end of the work on
/// its silo's thread pool, Distributed/ReluVerified.Distributed/ShardGrain.cs), and the coordinator sums them per shard:
/// reading (the file's layout, the CSV scan, passes 1 and 2), building (pass 3) and the solver's products. The
/// coordinator also times every round of shard calls (a round calls some shards at once and waits for all of them), and
/// its own wall time of the passes and of the solve. Where a machine ran more shards at once than it has cores, a shard's
/// seconds include its waits for a core.
/// </para>
/// <para>
/// The model (<see cref="ModelledSeconds"/>) is a model, not a measurement: on k machines,
/// T(k) = C + S x M / k + N x l, where C = <see cref="CoordinatorSeconds"/> (the coordinator's own work: the passes' and the
/// solve's wall time minus the time it waited on shards), S = <see cref="CriticalSeconds"/> (summed over the rounds of shard
/// calls, the slowest shard's compute in the round: the part of the measured wall the shards' work took), M =
/// <see cref="Machines"/> (the machines the measured silos ran on), N = <see cref="Rounds"/> and l =
/// <see cref="LatencySeconds"/> (per round, the time the coordinator waited beyond the slowest shard's compute, averaged).
/// On the measured machines, T(M) = C + S + N l is the measured wall. Its assumptions: every round's work divides evenly
/// over the machines (the fit has at least as many shards as k machines have cores to run them, and the work is spread
/// evenly), so that k machines like the measured ones do it in M / k of the measured time; the coordinator's work does not
/// depend on k; and each round costs what it cost in the measurement beyond the compute (messaging, serialisation and
/// copies: a network adds what the measurement's connections added, and a round to more shards costs no more). Rebuilds
/// after faults are counted (<see cref="Rebuilds"/>) but left out. <see cref="ShardSeconds"/> (W, the shards' compute
/// summed) is reported too: where a machine ran more shards at once than it has cores, a shard's seconds include its waits
/// for a core, so W over the measured wall says how many shards ran at once, not how much work there was.
/// </para>
/// Records holding ImmutableArray compare them element by element.
/// </summary>
/// <param name="Shards">The number of shards K.</param>
/// <param name="Silos">The active silos when the fit started.</param>
/// <param name="Machines">The machines those silos ran on (their distinct network addresses).</param>
/// <param name="ReadSeconds">Per shard: compute seconds of reading the file (layout, CSV scan, pass 1 statistics, pass 2 landmark candidates).</param>
/// <param name="BuildSeconds">Per shard: compute seconds of pass 3 (building the factor rows; rebuilds not included).</param>
/// <param name="ProductSeconds">Per shard: compute seconds of all the solver's products of its rows.</param>
/// <param name="ShardProductCalls">Per shard: the product calls it answered (a shard with no rows, or with nothing to add to a weighted Gram, is not called).</param>
/// <param name="ProductCalls">The solver's products that called the shards (each one round).</param>
/// <param name="Rounds">Every round of shard calls of the fit: the passes' and the products'.</param>
/// <param name="WaitSeconds">The coordinator's wall seconds waiting in those rounds, summed.</param>
/// <param name="CriticalSeconds">Summed over those rounds: the largest compute seconds of one shard in the round.</param>
/// <param name="Rebuilds">Shards rebuilt from their recipe on a new activation after a fault (a lost silo).</param>
/// <param name="RebuildSeconds">The compute seconds of those rebuilds.</param>
/// <param name="PassesSeconds">The coordinator's wall seconds of passes 1 to 3 (until every shard holds its rows).</param>
/// <param name="SolveSeconds">The coordinator's wall seconds of the solve and its finish.</param>
/// <param name="SolveWaitSeconds">The part of <paramref name="SolveSeconds"/> spent waiting on the shards' products.</param>
public sealed record ClusterCosts(
    int Shards,
    int Silos,
    int Machines,
    ImmutableArray<double> ReadSeconds,
    ImmutableArray<double> BuildSeconds,
    ImmutableArray<double> ProductSeconds,
    ImmutableArray<int> ShardProductCalls,
    int ProductCalls,
    int Rounds,
    double WaitSeconds,
    double CriticalSeconds,
    int Rebuilds,
    double RebuildSeconds,
    double PassesSeconds,
    double SolveSeconds,
    double SolveWaitSeconds)
{
    /// <summary>The coordinator's wall seconds of the fit: passes and solve.</summary>
    public double WallSeconds => PassesSeconds + SolveSeconds;

    /// <summary>The coordinator-only seconds of the solve: its wall seconds minus the time spent waiting on shard calls (at least 0).</summary>
    public double CoordinatorSolveSeconds => Math.Max(0, SolveSeconds - SolveWaitSeconds);

    /// <summary>
    /// The coordinator-only seconds of the fit, C of the model: passes and solve, minus the time spent waiting on shard calls
    /// (at least 0). Besides the solver's r-space algebra it holds the landmarks' merge and the map T.
    /// </summary>
    public double CoordinatorSeconds => Math.Max(0, WallSeconds - WaitSeconds);

    /// <summary>W: every shard's read, build and product seconds, summed (with waits for a core where shards shared one).</summary>
    public double ShardSeconds => Sum(ReadSeconds) + Sum(BuildSeconds) + Sum(ProductSeconds);

    /// <summary>
    /// l of the model: per round of shard calls, the coordinator's wait beyond the slowest shard's compute,
    /// (<see cref="WaitSeconds"/> - <see cref="CriticalSeconds"/>) / <see cref="Rounds"/> (0 without rounds; at least 0).
    /// </summary>
    public double LatencySeconds => Rounds == 0 ? 0 : Math.Max(0, (WaitSeconds - CriticalSeconds) / Rounds);

    /// <summary>
    /// The model's time of this fit on <paramref name="machines"/> machines (k &gt;= 1), T(k) = C + S x M / k + N x l, with C =
    /// <see cref="CoordinatorSeconds"/>, S = <see cref="CriticalSeconds"/>, M = <see cref="Machines"/> (at least 1),
    /// N = <see cref="Rounds"/> and l = <see cref="LatencySeconds"/>. A model, not a measurement: its assumptions are in the
    /// type's summary. It decreases with k when S &gt; 0 and never falls below C + N x l.
    /// </summary>
    public double ModelledSeconds(int machines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(machines, 1);
        return CoordinatorSeconds + CriticalSeconds * Math.Max(1, Machines) / machines + Rounds * LatencySeconds;
    }

    /// <summary>
    /// A few lines for people: the shards' seconds (total, largest shard), the calls, the coordinator's, the latency, and
    /// <see cref="ModelledSeconds"/> for each of <paramref name="machines"/>.
    /// </summary>
    public string Describe(IEnumerable<int> machines)
    {
        ArgumentNullException.ThrowIfNull(machines);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"cluster: {Shards} shards on {Silos} silos on {Machines} machine{(Machines == 1 ? "" : "s")}; wall {WallSeconds:F2} s (passes {PassesSeconds:F2} s, solve {SolveSeconds:F2} s)");
        text.AppendLine(c, $"shards' compute: read {Sum(ReadSeconds):F2} s (largest shard {Max(ReadSeconds):F2} s), build {Sum(BuildSeconds):F2} s (largest {Max(BuildSeconds):F2} s), "
            + $"products {Sum(ProductSeconds):F2} s (largest {Max(ProductSeconds):F2} s) in {ProductCalls} calls");
        text.AppendLine(c, $"coordinator: own {CoordinatorSeconds:F2} s (solve {CoordinatorSolveSeconds:F2} s), waited {WaitSeconds:F2} s in {Rounds} rounds, "
            + $"latency {LatencySeconds * 1000:F2} ms per round; the shards' part of the wall {CriticalSeconds:F2} s; rebuilds {Rebuilds} ({RebuildSeconds:F2} s)");
        text.Append("modelled on k machines like these (T(k) = C + S M/k + N l, a model, not a measurement):");
        foreach (int k in machines) text.Append(c, $" k={k} {ModelledSeconds(k):F2} s;");
        return text.ToString().TrimEnd(';');
    }

    /// <inheritdoc />
    public bool Equals(ClusterCosts? other) => other is not null && Shards == other.Shards && Silos == other.Silos && Machines == other.Machines
        && StructuralEquality.Equal(ReadSeconds, other.ReadSeconds) && StructuralEquality.Equal(BuildSeconds, other.BuildSeconds)
        && StructuralEquality.Equal(ProductSeconds, other.ProductSeconds) && StructuralEquality.Equal(ShardProductCalls, other.ShardProductCalls)
        && ProductCalls == other.ProductCalls && Rounds == other.Rounds && WaitSeconds.Equals(other.WaitSeconds) && CriticalSeconds.Equals(other.CriticalSeconds)
        && Rebuilds == other.Rebuilds && RebuildSeconds.Equals(other.RebuildSeconds) && PassesSeconds.Equals(other.PassesSeconds)
        && SolveSeconds.Equals(other.SolveSeconds) && SolveWaitSeconds.Equals(other.SolveWaitSeconds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Shards, Silos, ProductCalls, Rounds, WaitSeconds, PassesSeconds, SolveSeconds, Sum(ProductSeconds));

    private static double Sum(ImmutableArray<double> values) => values.IsDefaultOrEmpty ? 0 : values.Sum();

    private static double Max(ImmutableArray<double> values) => values.IsDefaultOrEmpty ? 0 : values.Max();
}
