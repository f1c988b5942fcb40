using BenchmarkDotNet.Attributes;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Bench;

/// <summary>BenchmarkDotNet: Gram + MK_5 kernel map and one kernel mat-vec at m = 4000, n = 100 (L-kernel hot path).</summary>
[MemoryDiagnoser]
public class GramBenchmarks
{
    private PointSet _points = null!;
    private Matrix _gram = null!;
    private double[] _vector = null!;
    private readonly Kernel _kernel = new Kernel.Multinomial(5);

    /// <summary>Which backend runs.</summary>
    [Params(ComputeBackend.Managed, ComputeBackend.Native)]
    public ComputeBackend Backend { get; set; }

    /// <summary>Draws the points once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _points = SphereSampler.Sample(new SphereDistribution.Uniform(100), 4000, new Random(42));
        _gram = GramEngine.Gram(_kernel, _points);
        _vector = Enumerable.Repeat(1.0 / 4000, 4000).ToArray();
    }

    /// <summary>Gram matrix with the kernel map applied.</summary>
    [Benchmark]
    public Matrix Gram() => GramEngine.Gram(_kernel, _points, Backend);

    /// <summary>One kernel mat-vec.</summary>
    [Benchmark]
    public double[] MatVec() => GramEngine.MatVec(_gram, _vector, Backend);
}
