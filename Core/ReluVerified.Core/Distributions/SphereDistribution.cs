using System.Collections.Immutable;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Core.Distributions;

/// <summary>
/// Marginal distributions on the unit sphere S^{n-1}, as values (the guarantees of Proofs/T2.1-reliable-relu.md hold
/// for ANY distribution on the sphere, so the property suites draw from several very different ones).
/// A distribution is fully specified by its fields (directions, bases); sampling it takes the randomness as an
/// argument: see <see cref="SphereSampler"/>.
/// </summary>
public abstract record SphereDistribution
{
    private SphereDistribution() { }

    /// <summary>The dimension n of the ambient space.</summary>
    public abstract int Dimension { get; }

    /// <summary>Uniform on S^{n-1}.</summary>
    public sealed record Uniform : SphereDistribution
    {
        /// <summary>Uniform on S^{dimension-1}.</summary>
        public Uniform(int dimension) => Dimension = Preconditions.Positive(dimension);

        /// <inheritdoc />
        public override int Dimension { get; }
    }

    /// <summary>
    /// Von Mises-Fisher on S^{n-1}: density proportional to exp(kappa mu.x), a soft spherical cap around
    /// <see cref="Direction"/> (kappa = 0 is uniform; large kappa concentrates near mu). Sampled by Wood's (1994) method.
    /// </summary>
    public sealed record Cap : SphereDistribution
    {
        /// <summary>The mean direction mu (unit vector).</summary>
        public ImmutableArray<double> Direction { get; }

        /// <summary>Concentration kappa &gt;= 0.</summary>
        public double Concentration { get; }

        /// <summary>Creates a cap; <paramref name="direction"/> is normalised, and must be non-zero and finite.</summary>
        public Cap(ReadOnlySpan<double> direction, double concentration)
        {
            Direction = Vectors.Normalised(direction, nameof(direction));
            Preconditions.Check(Direction.Length >= 2, nameof(direction), "a cap needs dimension at least 2.");
            Concentration = Preconditions.InRange(concentration, 0, 1e6);
        }

        /// <inheritdoc />
        public override int Dimension => Direction.Length;

        /// <inheritdoc />
        public bool Equals(Cap? other)
            => other is not null && Concentration.Equals(other.Concentration) && StructuralEquality.Equal(Direction, other.Direction);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Concentration, StructuralEquality.Hash(Direction.AsSpan()));
    }

    /// <summary>A mixture of caps with non-negative weights (normalised on construction).</summary>
    public sealed record CapMixture : SphereDistribution
    {
        /// <summary>The components.</summary>
        public ImmutableArray<Cap> Components { get; }

        /// <summary>Mixture weights, summing to 1.</summary>
        public ImmutableArray<double> Weights { get; }

        /// <summary>Creates a mixture; all components share one dimension and the weights are positive.</summary>
        public CapMixture(ImmutableArray<Cap> components, ImmutableArray<double> weights)
        {
            Preconditions.Check(!components.IsDefaultOrEmpty, nameof(components), "a mixture needs at least one component.");
            Preconditions.Check(weights.Length == components.Length, nameof(weights),
                $"{nameof(weights)} has {weights.Length} entries for {components.Length} components.");
            for (int i = 0; i < components.Length; i++)
            {
                Preconditions.Check(components[i].Dimension == components[0].Dimension, nameof(components),
                    $"component {i} has dimension {components[i].Dimension}; component 0 has {components[0].Dimension}.");
                Preconditions.Check(double.IsFinite(weights[i]) && weights[i] >= 0, nameof(weights), $"weights[{i}] = {weights[i]} must be finite and non-negative.");
            }
            double total = weights.Sum();
            Preconditions.Check(total > 0, nameof(weights), "the weights sum to zero.");
            Components = components;
            Weights = weights.Select(w => w / total).ToImmutableArray();
        }

        /// <inheritdoc />
        public override int Dimension => Components[0].Dimension;

        /// <inheritdoc />
        public bool Equals(CapMixture? other)
            => other is not null && StructuralEquality.Equal(Weights, other.Weights) && Components.SequenceEqual(other.Components);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Components.Length, StructuralEquality.Hash(Weights.AsSpan()));
    }

    /// <summary>
    /// Uniform on the unit sphere of a k-dimensional subspace of R^n, given by an orthonormal basis (k rows of length n).
    /// Models data with low intrinsic dimension.
    /// </summary>
    public sealed record Subspace : SphereDistribution
    {
        /// <summary>Orthonormal basis, one row per basis vector.</summary>
        public Matrix Basis { get; }

        /// <summary>Creates the distribution; the rows of <paramref name="basis"/> must be orthonormal within 1e-9.</summary>
        public Subspace(Matrix basis)
        {
            Basis = Preconditions.NotNull(basis);
            Preconditions.Check(basis.Rows >= 1 && basis.Rows <= basis.Columns, nameof(basis), $"basis has {basis.Rows} rows for dimension {basis.Columns}: need 1 <= k <= n.");
            for (int a = 0; a < basis.Rows; a++)
                for (int b = 0; b <= a; b++)
                {
                    double dot = System.Numerics.Tensors.TensorPrimitives.Dot(basis.Row(a), basis.Row(b));
                    Preconditions.Check(Math.Abs(dot - (a == b ? 1 : 0)) <= 1e-9, nameof(basis), $"basis rows {a} and {b} are not orthonormal (dot product {dot}).");
                }
        }

        /// <summary>A random k-dimensional subspace of R^n (Gram-Schmidt on Gaussian vectors drawn from <paramref name="rng"/>).</summary>
        public static Subspace Random(int dimension, int subspaceDimension, Random rng)
        {
            Preconditions.Positive(dimension);
            Preconditions.Check(subspaceDimension >= 1 && subspaceDimension <= dimension, nameof(subspaceDimension),
                $"{nameof(subspaceDimension)} = {subspaceDimension} must lie in 1..{dimension}.");
            Preconditions.NotNull(rng);
            var rows = new double[subspaceDimension * dimension];
            for (int a = 0; a < subspaceDimension; a++)
            {
                var row = rows.AsSpan(a * dimension, dimension);
                double norm;
                do
                {
                    for (int j = 0; j < dimension; j++) row[j] = RandomDraws.Normal(rng);
                    for (int pass = 0; pass < 2; pass++)
                        for (int b = 0; b < a; b++)
                        {
                            var prev = rows.AsSpan(b * dimension, dimension);
                            double dot = System.Numerics.Tensors.TensorPrimitives.Dot<double>(row, prev);
                            for (int j = 0; j < dimension; j++) row[j] -= dot * prev[j];
                        }
                    norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<double>(row, row));
                } while (norm < 1e-8);
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            }
            return new Subspace(Matrix.Own(subspaceDimension, dimension, rows));
        }

        /// <inheritdoc />
        public override int Dimension => Basis.Columns;
    }

    /// <summary>
    /// Heavily imbalanced halves: with probability <see cref="PositiveFraction"/> a point is uniform on the half
    /// {u.x &gt; 0}, otherwise uniform on {u.x &lt;= 0}. With u = w* this controls how many points a planted ReLU sees as positive.
    /// </summary>
    public sealed record ImbalancedHalves : SphereDistribution
    {
        /// <summary>The direction u splitting the sphere.</summary>
        public ImmutableArray<double> Direction { get; }

        /// <summary>Probability of the half u.x &gt; 0, in [0, 1].</summary>
        public double PositiveFraction { get; }

        /// <summary>Creates the distribution; <paramref name="direction"/> is normalised.</summary>
        public ImbalancedHalves(ReadOnlySpan<double> direction, double positiveFraction)
        {
            Direction = Vectors.Normalised(direction, nameof(direction));
            PositiveFraction = Preconditions.InRange(positiveFraction, 0, 1);
        }

        /// <inheritdoc />
        public override int Dimension => Direction.Length;

        /// <inheritdoc />
        public bool Equals(ImbalancedHalves? other)
            => other is not null && PositiveFraction.Equals(other.PositiveFraction) && StructuralEquality.Equal(Direction, other.Direction);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(PositiveFraction, StructuralEquality.Hash(Direction.AsSpan()));
    }
}
