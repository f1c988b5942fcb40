using System.Collections.Immutable;
using System.Numerics.Tensors;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Learning;

/// <summary>
/// How raw feature rows are mapped into the unit ball, where T2.1's guarantee lives (Proofs/T2.1-reliable-relu.md, "The comparator class after the embedding").
/// Fitted on training rows, stored in the model, and applied unchanged at predict time. Cases:
/// <see cref="Identity"/> (rows must already lie in the ball), <see cref="MaxNorm"/> (divide by the largest training
/// norm) and <see cref="Standardize"/> (per-column z-score, then max-norm). With <see cref="Bias"/> a constant coordinate
/// is appended and the row scaled by 1/sqrt(2), so ReLUs with an offset, max(0, w.x + c), become homogeneous ReLUs.
/// Rows that land outside the ball at predict time (new data larger than any training row) are projected radially onto it.
/// </summary>
public abstract record Embedding
{
    private Embedding(bool bias) => Bias = bias;

    /// <summary>Whether a constant bias coordinate is appended.</summary>
    public bool Bias { get; }

    /// <summary>The number of raw input columns.</summary>
    public abstract int InputDimension { get; }

    /// <summary>The dimension of embedded points: input columns plus one with a bias.</summary>
    public int OutputDimension => InputDimension + (Bias ? 1 : 0);

    /// <summary>Short name used in model files: "none", "max-norm" or "standardize".</summary>
    public abstract string Kind { get; }

    /// <summary>Maps one raw row into the output span (length <see cref="OutputDimension"/>), before the bias and projection.</summary>
    private protected abstract void Scale(ReadOnlySpan<double> raw, Span<double> output);

    /// <summary>Rows are already in the ball; nothing is rescaled.</summary>
    public sealed record Identity : Embedding
    {
        /// <summary>Creates the identity embedding for <paramref name="inputDimension"/> columns.</summary>
        public Identity(int inputDimension, bool bias) : base(bias) => InputDimension = Preconditions.Positive(inputDimension);

        /// <inheritdoc />
        public override int InputDimension { get; }

        /// <inheritdoc />
        public override string Kind => "none";

        private protected override void Scale(ReadOnlySpan<double> raw, Span<double> output) => raw.CopyTo(output);
    }

    /// <summary>x / s with s the largest Euclidean norm among the training rows.</summary>
    public sealed record MaxNorm : Embedding
    {
        /// <summary>Creates the embedding with scale <paramref name="scale"/> &gt; 0.</summary>
        public MaxNorm(int inputDimension, double scale, bool bias) : base(bias)
        {
            InputDimension = Preconditions.Positive(inputDimension);
            Preconditions.Check(double.IsFinite(scale) && scale > 0, nameof(scale), $"{nameof(scale)} must be positive and finite, got {scale}.");
            ScaleFactor = scale;
        }

        /// <inheritdoc />
        public override int InputDimension { get; }

        /// <summary>The divisor s.</summary>
        public double ScaleFactor { get; }

        /// <inheritdoc />
        public override string Kind => "max-norm";

        private protected override void Scale(ReadOnlySpan<double> raw, Span<double> output) => TensorPrimitives.Divide(raw, ScaleFactor, output);
    }

    /// <summary>((x - mean) / sd) / s per column, with s the largest norm of the standardised training rows.</summary>
    public sealed record Standardize : Embedding
    {
        /// <summary>Creates the embedding from column means, column scales (standard deviations, zero replaced by 1) and s.</summary>
        public Standardize(ImmutableArray<double> means, ImmutableArray<double> deviations, double scale, bool bias) : base(bias)
        {
            Preconditions.Check(!means.IsDefaultOrEmpty && means.Length == deviations.Length, nameof(deviations),
                "means and deviations must be non-empty and of the same length.");
            Preconditions.AllFinite(means.AsSpan(), nameof(means));
            for (int j = 0; j < deviations.Length; j++)
                Preconditions.Check(double.IsFinite(deviations[j]) && deviations[j] > 0, nameof(deviations), $"{nameof(deviations)}[{j}] = {deviations[j]} must be positive.");
            Preconditions.Check(double.IsFinite(scale) && scale > 0, nameof(scale), $"{nameof(scale)} must be positive and finite, got {scale}.");
            Means = means;
            Deviations = deviations;
            ScaleFactor = scale;
        }

        /// <summary>Column means of the training rows.</summary>
        public ImmutableArray<double> Means { get; }

        /// <summary>Column standard deviations of the training rows (1 where a column is constant).</summary>
        public ImmutableArray<double> Deviations { get; }

        /// <summary>The divisor s applied after standardising.</summary>
        public double ScaleFactor { get; }

        /// <inheritdoc />
        public override int InputDimension => Means.Length;

        /// <inheritdoc />
        public override string Kind => "standardize";

        private protected override void Scale(ReadOnlySpan<double> raw, Span<double> output)
        {
            for (int j = 0; j < raw.Length; j++) output[j] = (raw[j] - Means[j]) / Deviations[j] / ScaleFactor;
        }

        /// <inheritdoc />
        public bool Equals(Standardize? other) => other is not null && Bias == other.Bias && ScaleFactor.Equals(other.ScaleFactor)
            && StructuralEquality.Equal(Means, other.Means) && StructuralEquality.Equal(Deviations, other.Deviations);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Bias, ScaleFactor, StructuralEquality.Hash(Means.AsSpan()));
    }

    /// <summary>
    /// Fits an embedding of kind "none", "max-norm" or "standardize" to raw training rows. For "none", every row must
    /// already lie in the unit ball: the error names the first row outside it and the remedy.
    /// </summary>
    public static Embedding Fit(string kind, bool bias, Matrix raw, string argumentName = "x")
    {
        Preconditions.NotNull(raw);
        Preconditions.Check(raw.Rows > 0 && raw.Columns > 0, argumentName, $"{argumentName} has no rows or no columns.");
        Preconditions.AllFinite(raw.AsSpan(), argumentName);
        int n = raw.Columns;
        switch (kind)
        {
            case "none":
                for (int i = 0; i < raw.Rows; i++)
                {
                    double norm = TensorPrimitives.Norm(raw.Row(i));
                    if (norm > 1 + Tolerances.UnitNorm)
                        throw new ArgumentException(
                            $"{argumentName} row {i} has norm {norm:G6} > 1, but the embedding is 'none' (rows must lie in the unit ball). Use the 'max-norm' or 'standardize' embedding, or rescale the data.",
                            argumentName);
                }
                return new Identity(n, bias);
            case "max-norm":
                double largest = 0;
                for (int i = 0; i < raw.Rows; i++) largest = Math.Max(largest, TensorPrimitives.Norm(raw.Row(i)));
                return new MaxNorm(n, largest > 0 ? largest : 1.0, bias);
            case "standardize":
                // Column sums are taken over sorted values, so the statistics (and every embedded bit) do not depend on row order.
                var means = new double[n];
                var deviations = new double[n];
                Parallel.For(0, n, () => (new double[raw.Rows], new double[raw.Rows]), (j, _, buffers) =>
                {
                    (means[j], deviations[j]) = ColumnStatistics(raw, j, buffers.Item1, buffers.Item2);
                    return buffers;
                }, _ => { });
                double widest = 0;
                var row = new double[n];
                for (int i = 0; i < raw.Rows; i++)
                {
                    for (int j = 0; j < n; j++) row[j] = (raw[i, j] - means[j]) / deviations[j];
                    widest = Math.Max(widest, TensorPrimitives.Norm<double>(row));
                }
                return new Standardize([.. means], [.. deviations], widest > 0 ? widest : 1.0, bias);
            default:
                throw new ArgumentException($"unknown embedding '{kind}': use none, max-norm or standardize.", nameof(kind));
        }
    }

    /// <summary>
    /// The mean and standard deviation of column <paramref name="j"/>, each a sum in ascending order of its terms, so that
    /// they do not depend on row order. The squared deviations need no second sort: along the sorted column the deviations
    /// v - mean are non-decreasing (rounding is monotone), so their squares fall from the first entry to the last negative
    /// deviation and rise after it, and merging the two runs gives them in ascending order, the same values a sort gives.
    /// Columns are independent, so computing them in parallel changes no bit.
    /// </summary>
    private static (double Mean, double Deviation) ColumnStatistics(Matrix raw, int j, double[] column, double[] squares)
    {
        int m = raw.Rows;
        for (int i = 0; i < m; i++) column[i] = raw[i, j];
        RadixSort.Ascending(column, squares); // Array.Sort's order (RadixSort); squares is scratch until it is filled below
        double sum = 0;
        foreach (double v in column) sum += v;
        double mean = sum / m;
        int split = 0; // the first non-negative deviation
        while (split < m && column[split] - mean < 0) split++;
        int down = split - 1, up = split;
        for (int k = 0; k < m; k++)
        {
            double below = down >= 0 ? (column[down] - mean) * (column[down] - mean) : double.PositiveInfinity;
            double above = up < m ? (column[up] - mean) * (column[up] - mean) : double.PositiveInfinity;
            if (below <= above) { squares[k] = below; down--; }
            else { squares[k] = above; up++; }
        }
        double total = 0;
        foreach (double v in squares) total += v;
        double sd = Math.Sqrt(total / m);
        return (mean, sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? sd : 1.0);
    }

    /// <summary>Embeds raw rows (m x InputDimension) into the unit ball.</summary>
    public PointSet Apply(Matrix raw, string argumentName = "x")
    {
        Preconditions.NotNull(raw);
        Preconditions.Check(raw.Columns == InputDimension, argumentName,
            $"{argumentName} has {raw.Columns} feature columns; the model was fitted on {InputDimension}.");
        for (int i = 0; i < raw.Rows; i++)
            for (int j = 0; j < raw.Columns; j++)
                if (!double.IsFinite(raw[i, j]))
                    throw new ArgumentException($"{argumentName} row {i} column {j} is {raw[i, j]}: features must be finite numbers.", argumentName);
        int n = OutputDimension;
        var data = LargeArrays.Uninitialized((long)raw.Rows * n); // every entry is written below
        double bias = 1 / Math.Sqrt(2);
        for (int i = 0; i < raw.Rows; i++)
        {
            var output = data.AsSpan(i * n, n);
            Scale(raw.Row(i), output[..InputDimension]);
            if (Bias)
            {
                TensorPrimitives.Multiply(output[..InputDimension], bias, output[..InputDimension]);
                output[InputDimension] = bias;
            }
            double norm = TensorPrimitives.Norm<double>(output);
            if (norm > 1) TensorPrimitives.Divide(output, norm, output);
        }
        // every row is finite (checked above) and was projected onto the ball: no second validation pass, no copy
        return PointSet.Trusted(raw.Rows, n, data, PointDomain.Ball);
    }
}
