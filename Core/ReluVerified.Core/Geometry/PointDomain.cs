namespace ReluVerified.Core.Geometry;

/// <summary>The domain a <see cref="PointSet"/> is validated against (the learning model of Proofs/T2.1-reliable-relu.md: the unit ball or the sphere).</summary>
public enum PointDomain
{
    /// <summary>The closed unit ball: norm at most 1.</summary>
    Ball,

    /// <summary>The unit sphere S^{n-1}: norm exactly 1 (within <see cref="Tolerances.UnitNorm"/>).</summary>
    Sphere,
}
