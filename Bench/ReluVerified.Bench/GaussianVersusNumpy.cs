using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Bench;

/// <summary>
/// <c>gaussian-vs-numpy [m] [n] [repeats]</c>: the Gaussian Gram matrix (P-gaussian) with gamma from
/// <see cref="GaussianBandwidth.Median"/>, ours (managed tiles and native dsyrk + map) against numpy's
/// exp(-gamma * max(0, |x_i|^2 + |x_j|^2 - 2 X X^T)) from one BLAS product (Bench/scripts/gaussian_numpy.py), on the same
/// points in the same run. Prints medians, ratios and both checksums. numpy comes from Debian's python3-numpy at
/// /usr/bin/python3; that half is skipped with a message when absent.
/// </summary>
public static class GaussianVersusNumpy
{
    /// <summary>Runs the comparison; returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        int m = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        int n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        var points = SphereSampler.Sample(new SphereDistribution.Uniform(n), m, new Random(42));
        double gamma = GaussianBandwidth.Median(points, seed: 1);
        var kernel = new Kernel.Gaussian(gamma);
        Console.WriteLine($"Gaussian Gram, gamma = {gamma:R} (median heuristic), m = {m}, n = {n}. Medians of {repeats} runs ({Environment.ProcessorCount} cores).");

        var results = new List<(string Name, double GramMs)>();
        foreach (var backend in GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed])
        {
            var gram = GramEngine.Gram(kernel, points, backend); // warm-up (JIT, thread pool, library load)
            results.Add((backend == ComputeBackend.Managed ? "ReluVerified managed" : "ReluVerified native", Median(repeats, () => GramEngine.Gram(kernel, points, backend))));
            double minDiagonal = Enumerable.Range(0, m).Min(i => gram[i, i]);
            Console.WriteLine($"  {backend}: checksum (sum of K) {gram.AsSpan().ToArray().Sum():E10}, min diagonal {minDiagonal:R}");
        }

        var numpy = RunNumpy(points, m, n, gamma, repeats);
        Console.WriteLine();
        Console.WriteLine($"{"implementation",-22} {"gram ms",10}");
        foreach (var r in results) Console.WriteLine($"{r.Name,-22} {r.GramMs,10:F1}");
        if (numpy is { } np)
        {
            Console.WriteLine($"{"numpy",-22} {np.GramMs,10:F1}");
            Console.WriteLine($"  numpy checksum: {np.Checksum}, min diagonal {np.MinDiagonal}");
            Console.WriteLine();
            foreach (var r in results)
                Console.WriteLine($"ratio numpy/{r.Name.Replace("ReluVerified ", "")}: gram {np.GramMs / r.GramMs:F2}x (above 1 = we are faster)");
        }
        return 0;
    }

    private static double Median(int repeats, Action action)
    {
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    private static (double GramMs, string Checksum, string MinDiagonal)? RunNumpy(Core.Geometry.PointSet points, int m, int n, double gamma, int repeats)
    {
        const string python = "/usr/bin/python3";
        string script = Path.Combine(AppContext.BaseDirectory, "scripts", "gaussian_numpy.py");
        if (!File.Exists(python)) { Console.WriteLine("numpy half skipped: /usr/bin/python3 not found (apt-get install -y python3-numpy)."); return null; }
        string data = Path.Combine(Path.GetTempPath(), $"relu-gaussian-{Environment.ProcessId}.bin");
        try
        {
            using (var stream = File.Create(data))
            using (var writer = new BinaryWriter(stream))
                foreach (var value in points.Coordinates.AsSpan()) writer.Write(value);
            var start = new ProcessStartInfo(python, [script, data, m.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture),
                gamma.ToString("R", CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture)])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"numpy half skipped: {error.Trim().Split('\n').LastOrDefault()} (apt-get install -y python3-numpy).");
                return null;
            }
            var fields = output.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(p => p[0], p => p[1]);
            return (double.Parse(fields["numpy_gram_ms"], CultureInfo.InvariantCulture), fields["checksum"], fields["min_diagonal"]);
        }
        finally
        {
            File.Delete(data);
        }
    }
}
