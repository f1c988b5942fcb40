using ReluVerified.Core.Geometry;

namespace ReluVerified.Core.LowRank;

/// <summary>
/// How the r landmark points of a Nystroem factor are chosen (S-lowrank). A closed set of cases; every random choice is
/// driven by the seed given to <see cref="Nystroem.SelectLandmarks"/>.
/// </summary>
public abstract record LandmarkMethod
{
    private LandmarkMethod() { }

    /// <summary>Short name used on the command line and in model files.</summary>
    public abstract string Name { get; }

    /// <summary>r distinct points drawn uniformly without replacement.</summary>
    public sealed record Uniform : LandmarkMethod
    {
        /// <inheritdoc />
        public override string Name => "uniform";
    }

    /// <summary>
    /// k-means++ seeding in the kernel's feature space: the first landmark uniform, each next one drawn with probability
    /// proportional to its squared feature-space distance k(x,x) + k(c,c) - 2 k(x,c) to the nearest landmark so far.
    /// </summary>
    public sealed record KMeansPlusPlus : LandmarkMethod
    {
        /// <inheritdoc />
        public override string Name => "kmeans++";
    }

    /// <summary>
    /// Approximate ridge leverage scores: a uniform pilot factor L0 of rank r gives
    /// l_i = L0_i (L0'L0 + lambda I)^(-1) L0_i' + (k(x_i,x_i) - ||L0_i||^2) / lambda with lambda = trace(K - L0 L0') / r,
    /// and r landmarks are drawn without replacement with probability proportional to l_i.
    /// </summary>
    public sealed record Leverage : LandmarkMethod
    {
        /// <inheritdoc />
        public override string Name => "leverage";
    }

    /// <summary>
    /// The pivots of an incomplete pivoted Cholesky computed without forming K
    /// (<see cref="KernelPivotedCholesky.Factor(Kernels.Kernel, PointSet, double, int, LinearAlgebra.ComputeBackend, CancellationToken)"/>):
    /// greedy, deterministic, each pivot the point with the largest residual diagonal.
    /// </summary>
    public sealed record Pivoted : LandmarkMethod
    {
        /// <inheritdoc />
        public override string Name => "pivoted";
    }

    /// <summary>Landmarks given by the user (already embedded in the unit ball).</summary>
    public sealed record Supplied : LandmarkMethod
    {
        /// <summary>Creates the case from the landmark points.</summary>
        public Supplied(PointSet points) => Points = Preconditions.NotNull(points);

        /// <summary>The landmark points.</summary>
        public PointSet Points { get; }

        /// <inheritdoc />
        public override string Name => "supplied";
    }

    /// <summary>Parses "uniform", "kmeans++", "leverage" or "pivoted" (supplied landmarks come as points, not as a name).</summary>
    public static LandmarkMethod Parse(string name) => name switch
    {
        "uniform" => new Uniform(),
        "kmeans++" => new KMeansPlusPlus(),
        "leverage" => new Leverage(),
        "pivoted" => new Pivoted(),
        _ => throw new ArgumentException($"landmark method '{name}' is not one of uniform, kmeans++, leverage, pivoted.", nameof(name)),
    };
}
