using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Geometry;

/// <summary>
/// An immutable set of m points in R^n (row i is point i), validated to lie in the unit ball
/// (or on the unit sphere S^{n-1}, see <see cref="Domain"/>). The learning model (inputs in the unit ball or on
/// the sphere, Proofs/T2.1-reliable-relu.md) draws its inputs from here.
/// </summary>
public sealed class PointSet : IEquatable<PointSet>
{
    /// <summary>The points as an m x n row-major matrix.</summary>
    public Matrix Coordinates { get; }

    /// <summary>Which domain the points were validated against.</summary>
    public PointDomain Domain { get; }

    /// <summary>Number of points m.</summary>
    public int Count => Coordinates.Rows;

    /// <summary>Dimension n.</summary>
    public int Dimension => Coordinates.Columns;

    private PointSet(Matrix coordinates, PointDomain domain)
    {
        Coordinates = coordinates;
        Domain = domain;
    }

    /// <summary>Point i as a read-only span.</summary>
    public ReadOnlySpan<double> this[int i] => Coordinates.Row(i);

    /// <summary>
    /// Validates jagged rows and builds a point set. Errors name <paramref name="argumentName"/>, the row and the
    /// coordinate: NaN or infinity, rows of different lengths, norm above 1 + <see cref="Tolerances.UnitNorm"/>
    /// (ball) or away from 1 (sphere).
    /// </summary>
    public static PointSet FromRows(IReadOnlyList<double[]> rows, PointDomain domain = PointDomain.Ball, string argumentName = "points")
    {
        Preconditions.NotNull(rows, argumentName);
        Preconditions.Check(rows.Count > 0, argumentName, $"{argumentName} is empty: at least one row is needed.");
        int n = rows[0]?.Length ?? throw new ArgumentException($"{argumentName} row 0 is null.", argumentName);
        Preconditions.Check(n > 0, argumentName, $"{argumentName} row 0 has no coordinates.");
        var data = new double[rows.Count * n];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"{argumentName} row {i} is null.", argumentName);
            if (row.Length != n)
                throw new ArgumentException($"{argumentName} row {i} has {row.Length} coordinates; row 0 has {n}. Every row must have the same dimension.", argumentName);
            row.CopyTo(data, i * n);
        }
        return Validated(rows.Count, n, data, domain, argumentName);
    }

    /// <summary>Validates an m x n row-major block and builds a point set (the span is copied).</summary>
    public static PointSet FromRowMajor(int count, int dimension, ReadOnlySpan<double> rowMajor, PointDomain domain = PointDomain.Ball, string argumentName = "points")
    {
        Preconditions.Positive(count);
        Preconditions.Positive(dimension);
        Preconditions.Check(rowMajor.Length == (long)count * dimension, argumentName,
            $"{argumentName} has {rowMajor.Length} values; {count} rows of dimension {dimension} need {(long)count * dimension}.");
        return Validated(count, dimension, rowMajor.ToArray(), domain, argumentName);
    }

    /// <summary>For samplers that construct points on the sphere by normalisation (already valid by construction).</summary>
    internal static PointSet Trusted(int count, int dimension, double[] data, PointDomain domain)
        => new(Matrix.Own(count, dimension, data), domain);

    /// <summary>
    /// The rows of <paramref name="coordinates"/> as a point set without a copy (both types are immutable, so they can share
    /// the storage), for callers that need only the rows' identity, such as a partition's row hashes, and check nothing.
    /// </summary>
    internal static PointSet Trusted(Matrix coordinates, PointDomain domain) => new(coordinates, domain);

    private static PointSet Validated(int m, int n, double[] data, PointDomain domain, string name)
    {
        for (int i = 0; i < m; i++)
        {
            var row = data.AsSpan(i * n, n);
            for (int j = 0; j < n; j++)
                if (!double.IsFinite(row[j]))
                    throw new ArgumentException($"{name} row {i} column {j} is {row[j]}: coordinates must be finite numbers.", name);
            double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<double>(row, row));
            if (domain == PointDomain.Ball && norm > 1 + Tolerances.UnitNorm)
                throw new ArgumentException(
                    $"{name} row {i} has Euclidean norm {norm:R} > 1: points must lie in the unit ball (largest coordinate at column {ArgMaxAbs(row)}). Rescale the data (e.g. divide by the largest row norm).", name);
            if (domain == PointDomain.Sphere && Math.Abs(norm - 1) > Tolerances.UnitNorm)
                throw new ArgumentException(
                    $"{name} row {i} has Euclidean norm {norm:R}: points on the unit sphere need norm 1 within {Tolerances.UnitNorm}. Normalise each row.", name);
        }
        return new PointSet(Matrix.Own(m, n, data), domain);
    }

    private static int ArgMaxAbs(ReadOnlySpan<double> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++) if (Math.Abs(row[j]) > Math.Abs(row[best])) best = j;
        return best;
    }

    /// <summary>The points with the given indices, in that order (for splits, subsets and permutations).</summary>
    public PointSet Select(ReadOnlySpan<int> indices)
    {
        var data = LargeArrays.Uninitialized((long)indices.Length * Dimension); // every entry is written below (or the array dropped)
        for (int k = 0; k < indices.Length; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} at position {k} is outside 0..{Count - 1}.");
            this[i].CopyTo(data.AsSpan(k * Dimension, Dimension));
        }
        return new PointSet(Matrix.Own(indices.Length, Dimension, data), Domain);
    }

    /// <inheritdoc />
    public bool Equals(PointSet? other) => other is not null && Domain == other.Domain && Coordinates.Equals(other.Coordinates);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PointSet);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Domain, Coordinates);

    /// <inheritdoc />
    public override string ToString() => $"{Count} points in the unit {Domain.ToString().ToLowerInvariant()} of R^{Dimension}";
}
