namespace ReluVerified.Core.LinearAlgebra;

/// <summary>
/// An immutable dense matrix of doubles, stored row-major. Equality is structural (same shape, same bits).
/// Produced by the Gram engine (Core/ReluVerified.Core/Kernels/GramEngine.cs) and consumed by the solvers.
/// </summary>
public sealed class Matrix : IEquatable<Matrix>
{
    private readonly double[] _data;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Facts established once about this matrix (not part of its value: equality ignores them).</summary>
    internal MatrixFacts Facts { get; } = new();

    private Matrix(int rows, int columns, double[] data)
    {
        Rows = rows;
        Columns = columns;
        _data = data;
    }

    /// <summary>Wraps an array the caller gives up (no copy). Internal: the array must not be touched afterwards.</summary>
    internal static Matrix Own(int rows, int columns, double[] data)
    {
        if (data.Length != (long)rows * columns) throw new ArgumentException("data length does not match the shape", nameof(data));
        return new Matrix(rows, columns, data);
    }

    /// <summary>Copies <paramref name="rowMajor"/> (length rows*columns) into a new matrix.</summary>
    public static Matrix Create(int rows, int columns, ReadOnlySpan<double> rowMajor)
    {
        Preconditions.NonNegative(rows);
        Preconditions.NonNegative(columns);
        Preconditions.Check(rowMajor.Length == (long)rows * columns, nameof(rowMajor),
            $"{nameof(rowMajor)} has {rowMajor.Length} entries; a {rows}x{columns} matrix needs {(long)rows * columns}.");
        return new Matrix(rows, columns, rowMajor.ToArray());
    }

    /// <summary>Builds a matrix from a function of (row, column).</summary>
    public static Matrix Build(int rows, int columns, Func<int, int, double> entry)
    {
        Preconditions.NonNegative(rows);
        Preconditions.NonNegative(columns);
        var data = new double[rows * columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                data[i * columns + j] = entry(i, j);
        return new Matrix(rows, columns, data);
    }

    /// <summary>The entry at (row, column).</summary>
    public double this[int row, int column] => _data[row * Columns + column];

    /// <summary>One row as a read-only span.</summary>
    public ReadOnlySpan<double> Row(int row) => new(_data, row * Columns, Columns);

    /// <summary>All entries, row-major.</summary>
    public ReadOnlySpan<double> AsSpan() => _data;

    /// <summary>A copy of the entries, row-major.</summary>
    public double[] ToArray() => (double[])_data.Clone();

    /// <summary>Matrix-vector product (managed, multi-threaded for large matrices).</summary>
    public double[] Multiply(ReadOnlySpan<double> vector)
    {
        Preconditions.Check(vector.Length == Columns, nameof(vector),
            $"{nameof(vector)} has length {vector.Length}; the matrix has {Columns} columns.");
        return DenseProducts.MatVecManaged(this, vector.ToArray());
    }

    /// <inheritdoc />
    public bool Equals(Matrix? other)
        => other is not null && Rows == other.Rows && Columns == other.Columns && _data.AsSpan().SequenceEqual(other._data);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Matrix);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rows, Columns, StructuralEquality.Hash(_data));

    /// <inheritdoc />
    public override string ToString() => $"Matrix {Rows}x{Columns}";
}
