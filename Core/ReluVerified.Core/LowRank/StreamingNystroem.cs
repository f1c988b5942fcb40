using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.LowRank;

/// <summary>
/// S-lowrank's Nystroem factor with uniform landmarks (Proofs/S-lowrank.md) of rows that are never all in memory: the rows
/// arrive as batches of a sequence that the caller yields afresh on each call (e.g. by reading a file again), and the factor
/// rows come out in the canonical order of <see cref="RowOrder"/> (seeded content hash, then features, then label, then
/// input position), the order in which the in-memory learner hands its rows to <see cref="Nystroem.Fit"/> and whose first
/// r rows are its uniform landmarks (Core/ReluVerified.Core/Learning/KernelSpace.cs). Two passes:
/// <list type="number">
/// <item>each row's hash, keeping the r first rows in the canonical order (the landmarks);</item>
/// <item>factor rows C T in blocks of <see cref="Nystroem.BlockRows"/> consecutive input rows (whatever the batch sizes, so
/// the bits do not depend on them), each written at its row's place in the canonical order.</item>
/// </list>
/// Memory: O(m r) for the factor, O(m) for hashes, labels and the order, O(r n) for the landmarks, O(BlockRows (n + r))
/// for a block, and one row per group of rows that share a hash (copies of one row, in practice). Pure: the same rows,
/// rank and seed give the same bits.
/// </summary>
public static class StreamingNystroem
{
    /// <summary>
    /// The factor of the rows that <paramref name="batches"/> yields (every call must yield the same rows in the same order)
    /// on the first <paramref name="rank"/> rows of the canonical order for <paramref name="seed"/>, after dropping
    /// numerically dependent landmarks as <see cref="Nystroem.Fit"/> does; <paramref name="progress"/>, when given, hears
    /// every batch of the first pass and every block of the second.
    /// </summary>
    public static StreamedFactor Factor(Kernel kernel, Func<IEnumerable<LabelledSample>> batches, int rank, int seed,
        ComputeBackend backend = ComputeBackend.Auto, IProgress<StreamingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(batches);
        Preconditions.Positive(rank);
        var (hashes, firstRows) = Scan(batches(), rank, seed, progress, cancellationToken);
        var landmarks = Nystroem.Independent(kernel, firstRows, backend, cancellationToken);
        var (map, jitter) = Nystroem.Map(kernel, landmarks, backend, cancellationToken);
        var rows = new FactorRows(kernel, landmarks, map, hashes, firstRows.Dimension, firstRows.Domain, backend);
        rows.Fill(batches(), seed, progress, cancellationToken);
        return rows.Result(jitter);
    }

    /// <summary>Pass 1: every row's hash (in input order) and the first <paramref name="rank"/> rows of the canonical order, in that order.</summary>
    private static (double[] Hashes, PointSet FirstRows) Scan(IEnumerable<LabelledSample> batches, int rank, int seed,
        IProgress<StreamingProgress>? progress, CancellationToken cancellationToken)
    {
        var hashes = new List<double>();
        // the rank first rows so far, the last of them in the canonical order on top
        var first = new PriorityQueue<Candidate, Candidate>(Comparer<Candidate>.Create((a, b) => Candidate.Compare(b, a)));
        LabelledSample? head = null;
        foreach (var batch in Preconditions.NotNull(batches))
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckBatch(batch, head ??= batch);
            for (int i = 0; i < batch.Count; i++)
            {
                double h = RowOrder.Hash(batch.Points[i], batch.Labels[i], seed);
                int position = hashes.Count;
                hashes.Add(h);
                // a later row ties with no kept row on every key: it displaces the top only when it comes before it on content
                if (first.Count == rank && RowOrder.Compare(h, batch.Points[i], batch.Labels[i], first.Peek().Hash, first.Peek().Point, first.Peek().Label) >= 0) continue;
                var candidate = new Candidate(h, batch.Points[i].ToArray(), batch.Labels[i], position);
                if (first.Count < rank) first.Enqueue(candidate, candidate);
                else first.DequeueEnqueue(candidate, candidate);
            }
            progress?.Report(new StreamingProgress(1, hashes.Count, rank));
        }
        Preconditions.Check(head is not null, nameof(batches), $"{nameof(batches)} yields no rows.");
        var ordered = first.UnorderedItems.Select(e => e.Element).Order(Comparer<Candidate>.Create(Candidate.Compare)).Select(c => c.Point).ToList();
        return ([.. hashes], PointSet.FromRows(ordered, head!.Points.Domain, "landmarks"));
    }

    private static void CheckBatch(LabelledSample batch, LabelledSample head)
    {
        Preconditions.Check(batch is not null, "batches", "batches yields a null batch.");
        Preconditions.Check(batch!.Points.Dimension == head.Points.Dimension, "batches",
            $"batches yields rows of dimension {batch.Points.Dimension} after rows of dimension {head.Points.Dimension}.");
    }

    /// <summary>A row kept as a landmark candidate with its canonical keys.</summary>
    private readonly record struct Candidate(double Hash, double[] Point, double Label, int Position)
    {
        public static int Compare(Candidate a, Candidate b)
        {
            int c = RowOrder.Compare(a.Hash, a.Point, a.Label, b.Hash, b.Point, b.Label);
            return c != 0 ? c : a.Position.CompareTo(b.Position);
        }
    }

    /// <summary>Pass 2: the factor rows, labels and order being filled (private to one call of <see cref="Factor"/>).</summary>
    private sealed class FactorRows
    {
        private readonly Kernel _kernel;
        private readonly PointSet _landmarks;
        private readonly Matrix _map;
        private readonly ComputeBackend _backend;
        private readonly PointDomain _domain;
        private readonly int _m, _n, _r;
        private readonly double[] _sorted; // the hashes in slot order
        private readonly int[] _order;     // slot -> input position
        private readonly int[] _slot;      // input position -> slot
        private readonly double[] _data, _labels, _block, _blockLabels;
        private readonly Dictionary<double, TieGroup> _ties = [];
        private int _read, _done, _filled;
        private double _residual, _trace, _maxResidual;

        public FactorRows(Kernel kernel, PointSet landmarks, Matrix map, double[] hashes, int dimension, PointDomain domain, ComputeBackend backend)
        {
            (_kernel, _landmarks, _map, _backend, _domain) = (kernel, landmarks, map, backend, domain);
            (_m, _n, _r) = (hashes.Length, dimension, landmarks.Count);
            _sorted = hashes;
            _order = Enumerable.Range(0, _m).ToArray();
            Array.Sort(_sorted, _order);
            // rows that share a hash take their slots in input order here; Settle orders them by content once they are read
            for (int start = 0, end; start < _m; start = end)
            {
                for (end = start + 1; end < _m && _sorted[end] == _sorted[start]; end++) { }
                if (end - start > 1) Array.Sort(_order, start, end - start);
            }
            _slot = new int[_m];
            for (int k = 0; k < _m; k++) _slot[_order[k]] = k;
            _data = LargeArrays.Zeroed((long)_m * _r);
            _labels = new double[_m];
            _block = new double[(long)Math.Min(Nystroem.BlockRows, _m) * _n];
            _blockLabels = new double[Math.Min(Nystroem.BlockRows, _m)];
        }

        public void Fill(IEnumerable<LabelledSample> batches, int seed, IProgress<StreamingProgress>? progress, CancellationToken cancellationToken)
        {
            foreach (var batch in Preconditions.NotNull(batches))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Preconditions.Check(batch is not null && batch.Points.Dimension == _n, nameof(batches), $"the second call of {nameof(batches)} yields a batch the first did not.");
                for (int i = 0; i < batch!.Count; i++)
                {
                    Preconditions.Check(_read < _m && RowOrder.Hash(batch.Points[i], batch.Labels[i], seed) == _sorted[_slot[_read]], nameof(batches),
                        $"the second call of {nameof(batches)} yields other rows than the first (input row {_read}): each call must yield the same rows in the same order.");
                    batch.Points[i].CopyTo(_block.AsSpan(_filled * _n, _n));
                    _blockLabels[_filled++] = batch.Labels[i];
                    _read++;
                    if (_filled == _blockLabels.Length) Flush(progress, cancellationToken);
                }
            }
            if (_filled > 0) Flush(progress, cancellationToken);
            Preconditions.Check(_read == _m, nameof(batches), $"the second call of {nameof(batches)} yields {_read} rows; the first yielded {_m}.");
        }

        /// <summary>The factor rows of the buffered block, written at their slots; trace and residuals summed in input order.</summary>
        private void Flush(IProgress<StreamingProgress>? progress, CancellationToken cancellationToken)
        {
            int count = _filled;
            var points = PointSet.Trusted(count, _n, _block.AsSpan(0, count * _n).ToArray(), _domain);
            var features = Nystroem.Features(_kernel, _landmarks, _map, points, _backend, cancellationToken);
            for (int i = 0; i < count; i++)
            {
                int slot = _slot[_done + i];
                var li = features.Row(i);
                li.CopyTo(_data.AsSpan((int)((long)slot * _r), _r));
                _labels[slot] = _blockLabels[i];
                double k = _kernel.Diagonal(points[i]);
                double res = k - TensorPrimitives.Dot(li, li);
                _trace += k;
                _residual += Math.Max(0, res);
                _maxResidual = Math.Max(_maxResidual, res);
                if ((slot > 0 && _sorted[slot - 1] == _sorted[slot]) || (slot + 1 < _m && _sorted[slot + 1] == _sorted[slot]))
                    Group(slot).Add(slot, points[i], _blockLabels[i]);
            }
            _done += count;
            _filled = 0;
            progress?.Report(new StreamingProgress(2, _done, _r));
        }

        private TieGroup Group(int slot)
        {
            if (_ties.TryGetValue(_sorted[slot], out var group)) return group;
            int start = slot, end = slot + 1;
            while (start > 0 && _sorted[start - 1] == _sorted[slot]) start--;
            while (end < _m && _sorted[end] == _sorted[slot]) end++;
            return _ties[_sorted[slot]] = new TieGroup(start, end - start);
        }

        public StreamedFactor Result(double jitter)
        {
            foreach (var group in _ties.Values)
                if (group.Contents.Count > 1) Settle(group);
            var factor = new NystroemFactor(_kernel, _landmarks, _map, Matrix.Own(_m, _r, _data), _residual, jitter);
            return new StreamedFactor(factor, ImmutableCollectionsMarshal.AsImmutableArray(_labels), ImmutableCollectionsMarshal.AsImmutableArray(_order), _trace, _maxResidual);
        }

        /// <summary>Reorders a group of rows that share a hash but differ in content by content, then input position.</summary>
        private void Settle(TieGroup group)
        {
            var contents = group.Contents;
            var rankOf = new int[contents.Count];
            var byContent = Enumerable.Range(0, contents.Count)
                .Order(Comparer<int>.Create((a, b) => RowOrder.CompareContent(contents[a].Row, contents[a].Label, contents[b].Row, contents[b].Label))).ToArray();
            for (int k = 0; k < byContent.Length; k++) rankOf[byContent[k]] = k;
            // the group's slots hold its rows in input order, so a stable sort by content keeps input order among copies
            var from = Enumerable.Range(0, group.Length).OrderBy(k => rankOf[group.ContentOf[k]]).ToArray();
            var rows = _data.AsSpan((int)((long)group.Start * _r), group.Length * _r).ToArray();
            var labels = _labels.AsSpan(group.Start, group.Length).ToArray();
            var order = _order.AsSpan(group.Start, group.Length).ToArray();
            for (int k = 0; k < group.Length; k++)
            {
                rows.AsSpan(from[k] * _r, _r).CopyTo(_data.AsSpan((int)((long)(group.Start + k) * _r), _r));
                _labels[group.Start + k] = labels[from[k]];
                _order[group.Start + k] = order[from[k]];
            }
        }
    }

    /// <summary>Slots [Start, Start + Length) of rows sharing one hash: their distinct contents and which content each slot holds.</summary>
    private sealed class TieGroup(int start, int length)
    {
        public int Start { get; } = start;

        public int Length { get; } = length;

        public List<(double[] Row, double Label)> Contents { get; } = [];

        public int[] ContentOf { get; } = new int[length];

        public void Add(int slot, ReadOnlySpan<double> row, double label)
        {
            int c = 0;
            while (c < Contents.Count && RowOrder.CompareContent(row, label, Contents[c].Row, Contents[c].Label) != 0) c++;
            if (c == Contents.Count) Contents.Add((row.ToArray(), label));
            ContentOf[slot - Start] = c;
        }
    }
}
