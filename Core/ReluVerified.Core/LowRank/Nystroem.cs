using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Core.LowRank;

/// <summary>
/// Nystroem factors K ~ L L' = C (W + jitter I)^(-1) C' (S-lowrank) without forming the m x m kernel matrix: landmarks are
/// chosen by a <see cref="LandmarkMethod"/>, W (r x r) is factored once, and L is computed in row blocks of
/// <see cref="GramEngine.Cross"/> (memory O(m r) for L, O(b r) for a block). K - L L' is positive semi-definite, so its trace
/// bounds every residual entry: |K_ij - K~_ij| &lt;= sqrt(res_ii res_jj) &lt;= trace(K - L L').
/// Pure: the same inputs and seed give the same bits.
/// </summary>
public static class Nystroem
{
    /// <summary>
    /// Ridge added to the landmark Gram W before its Cholesky, relative to W's mean diagonal: it makes the factorisation
    /// succeed when landmarks repeat or W is numerically singular, and changes K~ by at most jitter in spectral norm
    /// (C (W + eI)^(-1) C' differs from C W^+ C' by at most e), far below any residual that matters for the guarantee.
    /// </summary>
    public const double RelativeJitter = 1e-10;

    /// <summary>
    /// Landmarks whose features lie (numerically) in the span of the others are dropped before W is factored: a pivoted
    /// Cholesky of W keeps pivots until the remainder's trace is at most this share of W's mean diagonal, i.e. at most the
    /// jitter. Every dropped direction has a W-eigenvalue below the jitter, which already damped its part of K~ by half or
    /// more; keeping it would make T = G^(-T) as large as jitter^(-1/2) along it (ill-conditioned factor columns that stop
    /// the solver's certificate at its rounding floor).
    /// </summary>
    public const double LandmarkRankTolerance = RelativeJitter;

    /// <summary>Rows of C computed at once when building L (a block costs 8 BlockRows r bytes).</summary>
    public const int BlockRows = 2048;

    private const int JitterRetries = 6;

    /// <summary>
    /// Indices of <paramref name="rank"/> landmarks among <paramref name="points"/> (all of them when rank &gt;= m), sorted.
    /// <see cref="LandmarkMethod.Supplied"/> chooses nothing among the points and is refused here.
    /// </summary>
    public static int[] SelectLandmarks(Kernel kernel, PointSet points, int rank, LandmarkMethod method, int seed,
        ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(points);
        Preconditions.Positive(rank);
        Preconditions.NotNull(method);
        int m = points.Count;
        if (rank >= m) return Enumerable.Range(0, m).ToArray();
        var random = new Random(seed);
        int[] chosen = method switch
        {
            LandmarkMethod.Uniform => UniformIndices(m, rank, random),
            LandmarkMethod.KMeansPlusPlus => KMeansPlusPlus(kernel, points, rank, random, backend, cancellationToken),
            LandmarkMethod.Leverage => LeverageIndices(kernel, points, rank, random, backend, cancellationToken),
            LandmarkMethod.Pivoted => [.. KernelPivotedCholesky.Factor(kernel, points, 0, rank, backend, cancellationToken).Pivots],
            _ => throw new ArgumentException("supplied landmarks are given as points: call Fit with them.", nameof(method)),
        };
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Chooses landmarks with <paramref name="method"/> (or takes the supplied ones) and fits the factor.</summary>
    public static NystroemFactor Factor(Kernel kernel, PointSet points, int rank, LandmarkMethod method, int seed,
        ComputeBackend backend = ComputeBackend.Auto, IProgress<int>? rowsDone = null, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(method);
        var landmarks = method is LandmarkMethod.Supplied supplied
            ? supplied.Points
            : points.Select(SelectLandmarks(kernel, points, rank, method, seed, backend, cancellationToken));
        return Fit(kernel, points, landmarks, backend, rowsDone, cancellationToken);
    }

    /// <summary>
    /// The factor of <paramref name="points"/> on the given <paramref name="landmarks"/>, after dropping landmarks that are
    /// numerically dependent on the others (<see cref="LandmarkRankTolerance"/>): the factor's rank is the number kept.
    /// </summary>
    public static NystroemFactor Fit(Kernel kernel, PointSet points, PointSet landmarks, ComputeBackend backend = ComputeBackend.Auto,
        IProgress<int>? rowsDone = null, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(points);
        landmarks = Independent(kernel, landmarks, backend, cancellationToken);
        var (map, jitter) = Map(kernel, landmarks, backend, cancellationToken);
        int m = points.Count, r = landmarks.Count, n = points.Dimension;
        var data = LargeArrays.Uninitialized((long)m * r); // every entry is written below, block by block
        var rowResidual = new double[Math.Min(BlockRows, m)];
        bool native = NativeBlas.UseNative(backend);
        var cross = native ? new double[(long)Math.Min(BlockRows, m) * r] : [];
        var landmarkNorms = native && kernel.UsesNorms ? GramEngine.SquaredNorms(landmarks.Coordinates.AsSpan(), r, n) : null;
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        double residual = 0;
        for (int start = 0; start < m; start += BlockRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(BlockRows, m - start);
            var rows = data.AsSpan((int)((long)start * r), count * r);
            if (native)
            {
                // C = k(X_block, Z) into a reused buffer, C T in place there (T is upper triangular: dtrmm, half the
                // multiply-adds of a general product), then copied into L: no per-block allocation
                var block = points.Coordinates.AsSpan().Slice(start * n, count * n);
                var blockNorms = kernel.UsesNorms ? GramEngine.SquaredNorms(block, count, n) : null;
                GramEngine.NativeCross(kernel, block, count, blockNorms, landmarks.Coordinates.AsSpan(), r, landmarkNorms, n, cross, options);
                DenseProducts.TimesUpperTriangular(cross.AsSpan(0, count * r), count, r, map.AsSpan());
                cross.AsSpan(0, count * r).CopyTo(rows);
            }
            else
            {
                var block = count == m ? points : points.Select(Enumerable.Range(start, count).ToArray());
                Features(kernel, landmarks, map, block, backend, cancellationToken).AsSpan().CopyTo(rows);
            }
            Parallel.For(0, count, options, i =>
            {
                var l = data.AsSpan((int)((long)(start + i) * r), r);
                rowResidual[i] = Math.Max(0, kernel.Diagonal(points[start + i]) - TensorPrimitives.Dot<double>(l, l));
            });
            for (int i = 0; i < count; i++) residual += rowResidual[i];
            rowsDone?.Report(start + count);
        }
        return new NystroemFactor(kernel, landmarks, map, Matrix.Own(m, r, data), residual, jitter);
    }

    /// <summary>
    /// The map T = G^(-T) (G G' = W + jitter I, W = K(Z, Z)) and the jitter used: the jitter starts at
    /// <see cref="RelativeJitter"/> times W's mean diagonal and grows tenfold while the Cholesky meets a non-positive pivot.
    /// </summary>
    public static (Matrix Map, double Jitter) Map(Kernel kernel, PointSet landmarks, ComputeBackend backend = ComputeBackend.Auto,
        CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(landmarks);
        var w = GramEngine.Gram(kernel, landmarks, backend, cancellationToken);
        int r = w.Rows;
        double mean = 0;
        for (int i = 0; i < r; i++) mean += w[i, i];
        mean = Math.Max(mean / r, double.Epsilon);
        double jitter = RelativeJitter * mean;
        for (int attempt = 0; attempt <= JitterRetries; attempt++, jitter *= 10)
        {
            var g = LowerCholesky(w, jitter);
            if (g is null) continue;
            return (Matrix.Own(r, r, TransposedInverse(g, r)), jitter);
        }
        throw new ArgumentException($"the landmark Gram matrix could not be factored even with jitter {jitter / 10:G3}: it holds non-finite or indefinite entries.", nameof(landmarks));
    }

    /// <summary>
    /// The landmarks kept by a pivoted Cholesky of their Gram matrix W stopped when the remainder's trace is at most
    /// <see cref="LandmarkRankTolerance"/> times W's mean diagonal, in their original order (all of them when W is numerically
    /// of full rank).
    /// </summary>
    public static PointSet Independent(Kernel kernel, PointSet landmarks, ComputeBackend backend = ComputeBackend.Auto, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(landmarks);
        var w = GramEngine.Gram(kernel, landmarks, backend, cancellationToken);
        var pivots = PivotedCholesky.Factor(w, LandmarkRankTolerance / w.Rows).Pivots;
        if (pivots.Length == landmarks.Count || pivots.Length == 0) return landmarks;
        return landmarks.Select(pivots.Order().ToArray());
    }

    /// <summary>Rows C T of the factor for <paramref name="points"/> (p x r, row-major): the S-lowrank features of new points.</summary>
    public static Matrix Features(Kernel kernel, PointSet landmarks, Matrix map, PointSet points, ComputeBackend backend = ComputeBackend.Auto,
        CancellationToken cancellationToken = default)
    {
        var c = GramEngine.Cross(kernel, points, landmarks, backend, cancellationToken);
        int p = points.Count, r = landmarks.Count;
        var result = LargeArrays.Zeroed((long)p * r);
        if (NativeBlas.UseNative(backend))
        {
            c.AsSpan().CopyTo(result);
            DenseProducts.TimesUpperTriangular(result, p, r, map.AsSpan()); // T is upper triangular
        }
        else
        {
            // T is upper triangular: row j of T has entries j..r-1; L_i = sum_j C_ij T_j
            Parallel.For(0, p, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var row = result.AsSpan((int)((long)i * r), r);
                var ci = c.Row(i);
                for (int j = 0; j < r; j++)
                    if (ci[j] != 0) TensorPrimitives.MultiplyAdd(map.Row(j)[j..], ci[j], row[j..], row[j..]);
            });
        }
        return Matrix.Own(p, r, result);
    }

    /// <summary>sum_i max(0, k(x_i, x_i) - ||L_i||^2) over a block and its factor rows.</summary>
    public static double ResidualOf(Kernel kernel, PointSet points, Matrix rows)
    {
        Preconditions.NotNull(kernel);
        Preconditions.NotNull(points);
        Preconditions.NotNull(rows);
        double sum = 0;
        for (int i = 0; i < points.Count; i++)
        {
            var l = rows.Row(i);
            sum += Math.Max(0, kernel.Diagonal(points[i]) - TensorPrimitives.Dot(l, l));
        }
        return sum;
    }

    /// <summary>
    /// G lower triangular (row-major, upper triangle zero) with G G' = W + jitter I, or null at a non-positive pivot:
    /// <see cref="SymmetricFactor"/>'s managed factorisation (row by row, the same sums in the same order at every size).
    /// </summary>
    private static double[]? LowerCholesky(Matrix w, double jitter)
    {
        int r = w.Rows;
        var a = w.ToArray();
        for (int i = 0; i < r; i++) a[(long)i * r + i] += jitter;
        var factor = SymmetricFactor.TryFactor(a, r, native: false);
        if (factor is null) return null;
        var g = factor.LowerFactor;
        for (int i = 0; i < r; i++) g.AsSpan(i * r + i + 1, r - i - 1).Clear();
        return g;
    }

    /// <summary>T = (G^(-1))' for G lower triangular (row-major in and out): T is upper triangular.</summary>
    private static double[] TransposedInverse(double[] g, int r)
    {
        var inv = LargeArrays.Zeroed((long)r * r); // G^(-1), lower triangular: row i = (e_i - sum_{k<i} G_ik row k) / G_ii
        for (int i = 0; i < r; i++)
        {
            var row = inv.AsSpan(i * r, i + 1);
            row[i] = 1;
            for (int k = 0; k < i; k++)
            {
                double gik = g[i * r + k];
                if (gik != 0) TensorPrimitives.MultiplyAdd(inv.AsSpan(k * r, k + 1), -gik, row[..(k + 1)], row[..(k + 1)]);
            }
            TensorPrimitives.Divide(row, g[i * r + i], row);
        }
        var t = LargeArrays.Zeroed((long)r * r);
        for (int i = 0; i < r; i++)
            for (int j = 0; j <= i; j++) t[j * r + i] = inv[i * r + j];
        return t;
    }

    private static int[] UniformIndices(int m, int rank, Random random)
    {
        var index = Enumerable.Range(0, m).ToArray();
        for (int k = 0; k < rank; k++)
        {
            int j = k + random.Next(m - k);
            (index[k], index[j]) = (index[j], index[k]);
        }
        return index[..rank];
    }

    private static int[] KMeansPlusPlus(Kernel kernel, PointSet points, int rank, Random random, ComputeBackend backend, CancellationToken cancellationToken)
    {
        int m = points.Count;
        var diag = Diagonal(kernel, points);
        var distance = new double[m];
        Array.Fill(distance, double.PositiveInfinity);
        var chosen = new List<int> { random.Next(m) };
        var taken = new bool[m];
        taken[chosen[0]] = true;
        while (chosen.Count < rank)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int c = chosen[^1];
            var column = GramEngine.Cross(kernel, points, points.Select([c]), backend, cancellationToken);
            for (int i = 0; i < m; i++)
                distance[i] = taken[i] ? 0 : Math.Min(distance[i], Math.Max(0, diag[i] + diag[c] - 2 * column[i, 0]));
            int next = Draw(distance, random);
            if (next < 0) next = Enumerable.Range(0, m).First(i => !taken[i]); // every remaining point coincides with a landmark
            taken[next] = true;
            chosen.Add(next);
        }
        return [.. chosen];
    }

    private static int[] LeverageIndices(Kernel kernel, PointSet points, int rank, Random random, ComputeBackend backend, CancellationToken cancellationToken)
    {
        int m = points.Count;
        var pilot = Fit(kernel, points, points.Select(UniformIndices(m, rank, random)), backend, null, cancellationToken);
        double lambda = Math.Max(pilot.ResidualTrace / rank, RelativeJitter * Diagonal(kernel, points).Average());
        int r = pilot.Rank;
        // A = L0'L0 + lambda I (r x r), then l_i = L0_i A^(-1) L0_i' + residual_i / lambda
        var a = LargeArrays.Zeroed((long)r * r);
        for (int i = 0; i < m; i++)
        {
            var li = pilot.Factor.Row(i);
            for (int j = 0; j < r; j++)
                if (li[j] != 0) TensorPrimitives.MultiplyAdd(li, li[j], a.AsSpan(j * r, r), a.AsSpan(j * r, r));
        }
        var aMatrix = Matrix.Own(r, r, a);
        var g = LowerCholesky(aMatrix, lambda) ?? throw new InvalidOperationException("L0'L0 + lambda I must be positive definite.");
        var diag = Diagonal(kernel, points);
        var scores = new double[m];
        var z = new double[r];
        for (int i = 0; i < m; i++)
        {
            var li = pilot.Factor.Row(i);
            for (int j = 0; j < r; j++) z[j] = (li[j] - TensorPrimitives.Dot<double>(g.AsSpan(j * r, j), z.AsSpan(0, j))) / g[j * r + j];
            scores[i] = TensorPrimitives.Dot<double>(z, z) + Math.Max(0, diag[i] - TensorPrimitives.Dot(li, li)) / lambda;
        }
        // weighted sampling without replacement (Efraimidis-Spirakis keys u^(1/w))
        var keys = new double[m];
        for (int i = 0; i < m; i++) keys[i] = scores[i] > 0 ? Math.Log(random.NextDouble()) / scores[i] : double.NegativeInfinity;
        return Enumerable.Range(0, m).OrderByDescending(i => keys[i]).ThenBy(i => i).Take(rank).ToArray();
    }

    private static double[] Diagonal(Kernel kernel, PointSet points)
    {
        var d = new double[points.Count];
        for (int i = 0; i < d.Length; i++) d[i] = kernel.Diagonal(points[i]);
        return d;
    }

    /// <summary>An index drawn with probability proportional to the weights, or -1 when they sum to zero.</summary>
    private static int Draw(double[] weights, Random random)
    {
        double total = TensorPrimitives.Sum<double>(weights);
        if (!(total > 0)) return -1;
        double u = random.NextDouble() * total, running = 0;
        int last = -1;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            last = i;
            running += weights[i];
            if (u < running) return i;
        }
        return last;
    }
}
