using BenchmarkDotNet.Attributes;
using ReluVerified.Core.Approximation;

namespace ReluVerified.Bench;

/// <summary>
/// L-approx: cost of a certified approximation at degree 40 (the budget is one second). Run with
/// <c>dotnet run -c Release --project Bench/ReluVerified.Bench -- --filter '*ApproximationBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class ApproximationBenchmarks
{
    private readonly TargetFunction _relu = new TargetFunction.Relu();
    private Polynomial _interpolant = null!;

    /// <summary>Builds the degree-40 interpolant once, for the certifier-only benchmark.</summary>
    [GlobalSetup]
    public void Setup() => _interpolant = ChebyshevInterpolation.Interpolate(_relu, 40);

    /// <summary>Interpolate, convert exactly to monomials, certify sup error and max |p| (the whole `relu approx --degree 40`).</summary>
    [Benchmark(Baseline = true)]
    public ApproximationCertificate CertifyReluDegree40Chebyshev() => ApproximationTable.Approximate(_relu, 40);

    /// <summary>Remez exchange plus certification at degree 40.</summary>
    [Benchmark]
    public ApproximationCertificate CertifyReluDegree40Remez() => ApproximationTable.Approximate(_relu, 40, ApproximationMethod.Remez);

    /// <summary>The rigorous branch and bound alone (sup |p - ReLU|) on a fixed degree-40 polynomial.</summary>
    [Benchmark]
    public SupNormBound SupErrorOnlyDegree40() => Certifier.SupError(_relu, _interpolant);
}
