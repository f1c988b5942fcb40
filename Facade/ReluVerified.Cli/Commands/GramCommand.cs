using System.CommandLine;
using System.Diagnostics;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Cli.Commands;

/// <summary><c>relu gram</c>: builds a multinomial Gram matrix on uniform points and reports time, backend and checks.</summary>
internal static class GramCommand
{
    internal static Command Create()
    {
        var count = new Option<int>("--count") { Description = "number of points m", DefaultValueFactory = _ => 4000 };
        var dimension = new Option<int>("--dimension") { Description = "dimension n", DefaultValueFactory = _ => 100 };
        var degree = new Option<int>("--degree") { Description = "multinomial kernel degree d", DefaultValueFactory = _ => 5 };
        var backend = new Option<ComputeBackend>("--backend") { Description = "auto, managed or native", DefaultValueFactory = _ => ComputeBackend.Auto };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42, Description = "seed of the points" };
        var command = new Command("gram", "Build the multinomial-kernel Gram matrix of uniform points on the sphere and report its cost.") { count, dimension, degree, backend, seed };
        command.SetAction(parse =>
        {
            try
            {
                int m = parse.GetValue(count), n = parse.GetValue(dimension), d = parse.GetValue(degree);
                var chosen = parse.GetValue(backend);
                var points = SphereSampler.Sample(new SphereDistribution.Uniform(n), m, new Random(parse.GetValue(seed)));
                var kernel = new Kernel.Multinomial(d);
                var clock = Stopwatch.StartNew();
                var gram = GramEngine.Gram(kernel, points, chosen);
                double gramMs = clock.Elapsed.TotalMilliseconds;
                var v = Enumerable.Repeat(1.0 / m, m).ToArray();
                clock.Restart();
                var kv = GramEngine.MatVec(gram, v, chosen);
                double matVecMs = clock.Elapsed.TotalMilliseconds;
                double maxDiagonalError = Enumerable.Range(0, m).Max(i => Math.Abs(gram[i, i] - (d + 1)));
                string used = chosen == ComputeBackend.Managed || !GramEngine.NativeAvailable ? "managed" : "native (OpenBLAS)";
                Console.WriteLine($"Gram MK_{d}: m = {m}, n = {n}, backend = {used}");
                Console.WriteLine($"  gram + kernel map : {gramMs,10:F1} ms");
                Console.WriteLine($"  one mat-vec       : {matVecMs,10:F1} ms ({8.0 * m * m / matVecMs / 1e6:F1} GB/s)");
                Console.WriteLine($"  max |K_ii - (d+1)|: {maxDiagonalError:E2} (MK_d(x,x) = d+1 on the sphere)");
                Console.WriteLine($"  mean of K 1/m     : {kv.Average():F6}");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"relu gram: {CommandRunner.Message(e)}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
