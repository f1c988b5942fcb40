using BenchmarkDotNet.Attributes;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Geometry;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.Losses;
using ReluVerified.Core.Optimization;

namespace ReluVerified.Bench;

/// <summary>
/// T2.1: Gram matrix (MK_5) plus the reliable program's interior-point solve (square loss, B = 20, tau_c = 0.05) on
/// reliable-agnostic data, n = 100. Run: <c>dotnet run -c Release --project Bench/ReluVerified.Bench -- --filter '*ReliableSolver*'</c>.
/// The same-run comparison with scikit-learn's KernelRidge is Bench/scripts/solver_vs_peers.py.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ReliableSolverBenchmark
{
    private LabelledSample _sample = null!;

    /// <summary>Sample count m.</summary>
    [Params(1000, 4000)]
    public int Count { get; set; }

    /// <summary>Draws the sample once per parameter value.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        var w = new double[100];
        for (int j = 0; j < w.Length; j++) w[j] = rng.NextDouble() - 0.5;
        double norm = Math.Sqrt(w.Sum(v => v * v));
        for (int j = 0; j < w.Length; j++) w[j] /= norm;
        _sample = Labelling.Sample(new SphereDistribution.Uniform(100), new LabelModel.ReliableAgnostic(w, 0.1, 0.1), Count, rng);
    }

    /// <summary>Gram + solve; returns the objective so the work cannot be elided.</summary>
    [Benchmark]
    public double GramAndSolve()
    {
        var gram = GramEngine.Gram(new Kernel.Multinomial(5), _sample.Points);
        var program = new KernelProgram(gram, _sample.Labels, ProgramTask.Reliable, 20, 0.05, new Loss.Square());
        return ReliableSolver.Solve(program).Objective;
    }
}
