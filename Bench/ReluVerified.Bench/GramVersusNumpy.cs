using System.Diagnostics;
using System.Globalization;
using ReluVerified.Core.Distributions;
using ReluVerified.Core.Kernels;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Bench;

/// <summary>
/// <c>gram-vs-numpy [m] [n] [d] [repeats]</c>: Gram + multinomial kernel map and one kernel mat-vec, ours (managed and
/// native) against numpy (X @ X.T then Horner; K @ v) on the same points in the same run. Prints medians and ratios.
/// numpy comes from Debian's python3-numpy at /usr/bin/python3; that half is skipped with a message when absent.
/// </summary>
public static class GramVersusNumpy
{
    /// <summary>Runs the comparison; returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        int m = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        int n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        int d = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 7;
        var points = SphereSampler.Sample(new SphereDistribution.Uniform(n), m, new Random(42));
        var kernel = new Kernel.Multinomial(d);
        Console.WriteLine($"Gram + MK_{d} kernel map, m = {m}, n = {n}; one kernel mat-vec. Medians of {repeats} runs ({Environment.ProcessorCount} cores).");

        var results = new List<(string Name, double GramMs, double MatVecMs)>();
        foreach (var backend in GramEngine.NativeAvailable ? new[] { ComputeBackend.Managed, ComputeBackend.Native } : [ComputeBackend.Managed])
        {
            var gram = GramEngine.Gram(kernel, points, backend); // warm-up (JIT, thread pool, library load)
            double gramMs = Median(repeats, () => GramEngine.Gram(kernel, points, backend));
            var v = Enumerable.Repeat(1.0 / m, m).ToArray();
            GramEngine.MatVec(gram, v, backend);
            double matVecMs = Median(repeats * 5, () => GramEngine.MatVec(gram, v, backend));
            results.Add((backend == ComputeBackend.Managed ? "ReluVerified managed" : "ReluVerified native", gramMs, matVecMs));
            if (backend == ComputeBackend.Managed)
                Console.WriteLine($"  checksum (sum of K): {gram.AsSpan().ToArray().Sum():E10}");
        }

        var numpy = RunNumpy(points, m, n, d, repeats);
        Console.WriteLine();
        Console.WriteLine($"{"implementation",-22} {"gram+map ms",12} {"mat-vec ms",11} {"mat-vec GB/s",13}");
        foreach (var r in results)
            Console.WriteLine($"{r.Name,-22} {r.GramMs,12:F1} {r.MatVecMs,11:F2} {8.0 * m * m / r.MatVecMs / 1e6,13:F1}");
        if (numpy is { } np)
        {
            Console.WriteLine($"{"numpy",-22} {np.GramMs,12:F1} {np.MatVecMs,11:F2} {8.0 * m * m / np.MatVecMs / 1e6,13:F1}");
            Console.WriteLine($"  numpy checksum: {np.Checksum}");
            Console.WriteLine();
            foreach (var r in results)
                Console.WriteLine($"ratio numpy/{r.Name.Replace("ReluVerified ", "")}: gram+map {np.GramMs / r.GramMs:F2}x, mat-vec {np.MatVecMs / r.MatVecMs:F2}x (above 1 = we are faster)");
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

    private static (double GramMs, double MatVecMs, string Checksum)? RunNumpy(Core.Geometry.PointSet points, int m, int n, int d, int repeats)
    {
        const string python = "/usr/bin/python3";
        string script = Path.Combine(AppContext.BaseDirectory, "scripts", "gram_numpy.py");
        if (!File.Exists(python)) { Console.WriteLine("numpy half skipped: /usr/bin/python3 not found (apt-get install -y python3-numpy)."); return null; }
        string data = Path.Combine(Path.GetTempPath(), $"relu-gram-{Environment.ProcessId}.bin");
        try
        {
            using (var stream = File.Create(data))
            using (var writer = new BinaryWriter(stream))
                foreach (var value in points.Coordinates.AsSpan()) writer.Write(value);
            var start = new ProcessStartInfo(python, [script, data, m.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture)])
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
            return (double.Parse(fields["numpy_gram_ms"], CultureInfo.InvariantCulture), double.Parse(fields["numpy_matvec_ms"], CultureInfo.InvariantCulture), fields["checksum"]);
        }
        finally
        {
            File.Delete(data);
        }
    }
}
