using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Properties.Approximation;

/// <summary>Generators and a certificate cache shared by the approximation properties (certificates are pure values).</summary>
internal static class ApproximationGens
{
    private static readonly ConcurrentDictionary<(TargetFunction, int, ApproximationMethod), ApproximationCertificate> Cache = new();

    internal static ApproximationCertificate Certificate(TargetFunction f, int degree, ApproximationMethod method = ApproximationMethod.Chebyshev)
        => Cache.GetOrAdd((f, degree, method), key => ApproximationTable.Approximate(key.Item1, key.Item2, key.Item3));

    /// <summary>Uniform on a grid of 2^20 + 1 points of [lo, hi] (FsCheck's only chooser is Gen.Choose on ints).</summary>
    internal static Gen<double> Uniform(double lo, double hi) => Gen.Choose(0, 1 << 20).Select(i => lo + (hi - lo) * i / (1 << 20));

    /// <summary>Dyadic j / 2^bits in [-range, range]: arithmetic on such numbers is exact in double.</summary>
    internal static Gen<double> Dyadic(int bits, int range) => Gen.Choose(-range << bits, range << bits).Select(j => Math.ScaleB(j, -bits));

    internal static Gen<TargetFunction> Targets =>
        from kind in Gen.Choose(0, 4)
        from a in Uniform(-1.5, 1.5)
        from b in Uniform(-0.8, 0.8)
        from l in Uniform(0.5, 12)
        select kind switch
        {
            0 => (TargetFunction)new TargetFunction.Relu(),
            1 => new TargetFunction.Abs(),
            2 => new TargetFunction.Leaky(a),
            3 => new TargetFunction.ShiftedRelu(a == 0 ? 1 : a, b),
            _ => new TargetFunction.Sigmoid(l),
        };

    internal static Gen<ApproximationMethod> Methods => Gen.Elements(ApproximationMethod.Chebyshev, ApproximationMethod.Remez);

    /// <summary>A point uniformly on the unit sphere S^{n-1} (normalised Box-Muller Gaussians).</summary>
    internal static Gen<double[]> SpherePoint(int n) =>
        Gen.ArrayOf(Gen.Choose(1, 1 << 20).Two().Select(p =>
            Math.Sqrt(-2 * Math.Log(p.Item1 / (double)(1 << 20))) * Math.Cos(2 * Math.PI * p.Item2 / (1 << 20))), n)
        .Where(v => v.Sum(x => x * x) > 1e-12)
        .Select(v => { double norm = Math.Sqrt(v.Sum(x => x * x)); return v.Select(x => x / norm).ToArray(); });
}
