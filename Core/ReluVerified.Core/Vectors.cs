using System.Collections.Immutable;
using System.Numerics.Tensors;

namespace ReluVerified.Core;

/// <summary>Small vector helpers shared by Core (validation-aware).</summary>
internal static class Vectors
{
    /// <summary>Checks finiteness and non-zero norm, and returns the unit vector.</summary>
    internal static ImmutableArray<double> Normalised(ReadOnlySpan<double> v, string name)
    {
        Preconditions.Check(v.Length > 0, name, $"{name} is empty.");
        Preconditions.AllFinite(v, name);
        double norm = Math.Sqrt(TensorPrimitives.Dot(v, v));
        Preconditions.Check(norm > 0, name, $"{name} is the zero vector: a direction needs a non-zero norm.");
        var result = new double[v.Length];
        TensorPrimitives.Divide(v, norm, result);
        return ImmutableArray.Create(result);
    }

    /// <summary>Checks finiteness and ||v|| &lt;= 1 + tolerance (a ReLU weight vector of the class C).</summary>
    internal static ImmutableArray<double> InUnitBall(ReadOnlySpan<double> v, string name)
    {
        Preconditions.Check(v.Length > 0, name, $"{name} is empty.");
        Preconditions.AllFinite(v, name);
        double norm = Math.Sqrt(TensorPrimitives.Dot(v, v));
        Preconditions.Check(norm <= 1 + Tolerances.UnitNorm, name, $"{name} has norm {norm:R} > 1: the ReLU class needs ||w|| <= 1.");
        return ImmutableArray.Create(v);
    }

    internal static double Relu(double t) => t > 0 ? t : 0.0;

    internal static double Clip01(double t) => t < 0 ? 0 : t > 1 ? 1 : t;
}
