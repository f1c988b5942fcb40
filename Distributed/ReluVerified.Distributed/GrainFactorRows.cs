using System.Numerics.Tensors;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Distributed;

/// <summary>
/// The factor L (m x r, rows in file order) of a cluster fit, seen through the products of
/// Core/ReluVerified.Core/LinearAlgebra/IFactorRows.cs: shard s holds rows [start_s, start_s + m_s) in its grain
/// (<see cref="ShardRows"/>). Every product splits its m-vectors into the shards' slices, calls the shards at once in one
/// round of the retry wrapper (<see cref="ShardFleet.Round{T}"/>, charged as <see cref="ShardCallKind.Product"/>) and sums
/// their r-vectors or r x r lower triangles in shard order, so the bits do not depend on which shard answers first. Shards
/// without rows are not called. The solver is synchronous, so each product blocks until every shard has answered; it runs
/// in the client process, never in a grain.
/// </summary>
internal sealed class GrainFactorRows : IFactorRows
{
    private readonly ShardFleet _fleet;
    private readonly int[] _start;
    private readonly int[] _busy; // the shards that hold rows, in shard order
    private readonly CancellationToken _cancellationToken;
    private double[]? _norms;

    /// <summary>The rows of <paramref name="fleet"/>'s shards, which hold <paramref name="counts"/> rows each, of rank <paramref name="rank"/>.</summary>
    public GrainFactorRows(ShardFleet fleet, IReadOnlyList<int> counts, int rank, CancellationToken cancellationToken)
    {
        if (counts.Count != fleet.Count) throw new ArgumentException($"{counts.Count} counts for {fleet.Count} shards.", nameof(counts));
        _fleet = fleet;
        _start = new int[counts.Count + 1];
        for (int s = 0; s < counts.Count; s++) _start[s + 1] = checked(_start[s] + counts[s]);
        _busy = [.. Enumerable.Range(0, counts.Count).Where(s => counts[s] > 0)];
        Rank = rank;
        _cancellationToken = cancellationToken;
    }

    /// <inheritdoc />
    public int Rows => _start[^1];

    /// <summary>The rows each shard holds, in shard order.</summary>
    public IReadOnlyList<int> Counts => [.. Enumerable.Range(0, _start.Length - 1).Select(s => _start[s + 1] - _start[s])];

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public double[] Times(double[] x, ComputeBackend backend)
    {
        Check(x.Length == Rank, nameof(x), $"x has {x.Length} entries for rank {Rank}.");
        var parts = Gather(grain => grain.Times(x));
        var f = new double[Rows];
        for (int k = 0; k < _busy.Length; k++) parts[k].CopyTo(f, _start[_busy[k]]);
        return f;
    }

    /// <inheritdoc />
    public double[] TransposeTimes(double[] v, ComputeBackend backend)
    {
        Check(v.Length == Rows, nameof(v), $"v has {v.Length} entries for {Rows} rows.");
        var parts = Gather(_busy, (s, grain) => grain.TransposeTimes(Slice(v, s)));
        var t = new double[Rank];
        foreach (var part in parts) TensorPrimitives.Add(t, part, t);
        return t;
    }

    /// <inheritdoc />
    public double[] RowSquaredNorms()
    {
        if (_norms is null)
        {
            var parts = Gather(grain => grain.RowSquaredNorms());
            var norms = new double[Rows];
            for (int k = 0; k < _busy.Length; k++) parts[k].CopyTo(norms, _start[_busy[k]]);
            _norms = norms;
        }
        return (double[])_norms.Clone();
    }

    /// <inheritdoc />
    public void AddWeightedGram(double[] d, double[] target, ComputeBackend backend)
    {
        Check(d.Length == Rows, nameof(d), $"d has {d.Length} entries for {Rows} rows.");
        Check(target.Length == (long)Rank * Rank, nameof(target), $"target has {target.Length} entries; r x r = {(long)Rank * Rank}.");
        // a shard whose weights are all 0 adds nothing and is not called
        int[] weighted = [.. _busy.Where(s => d.AsSpan(_start[s], _start[s + 1] - _start[s]).ContainsAnyExcept(0.0))];
        var parts = Gather(weighted, (s, grain) => grain.WeightedGram(Slice(d, s)));
        foreach (var packed in parts)
        {
            for (int a = 0; a < Rank; a++)
            {
                var row = target.AsSpan(a * Rank, a + 1);
                TensorPrimitives.Add(row, packed.AsSpan((int)((long)a * (a + 1) / 2), a + 1), row);
            }
        }
    }

    /// <inheritdoc />
    public double RowDot(int i, int j)
    {
        Check(i >= 0 && i < Rows && j >= 0 && j < Rows, nameof(i), $"rows {i} and {j} are not both among the {Rows} rows.");
        var li = Row(i);
        var lj = i == j ? li : Row(j);
        return TensorPrimitives.Dot(li, lj);
    }

    /// <summary>Row <paramref name="i"/> of L, fetched from its shard.</summary>
    public double[] Row(int i)
    {
        int s = 0;
        while (_start[s + 1] <= i) s++;
        int local = i - _start[s];
        return Wait(_fleet.One(ShardCallKind.Product, s, grain => grain.Row(local), _cancellationToken));
    }

    private double[] Slice(double[] v, int shard) => v[_start[shard].._start[shard + 1]];

    /// <summary>One round of every busy shard, the answers in shard order.</summary>
    private double[][] Gather(Func<IShardGrain, Task<ShardReply<double[]>>> call) => Gather(_busy, (_, grain) => call(grain));

    /// <summary>One round of <paramref name="shards"/> (in shard order), the answers in that order.</summary>
    private double[][] Gather(int[] shards, Func<int, IShardGrain, Task<ShardReply<double[]>>> call)
        => Wait(_fleet.Round(ShardCallKind.Product, shards, call, _cancellationToken));

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Check(bool condition, string name, string message)
    {
        if (!condition) throw new ArgumentException(message, name);
    }
}
