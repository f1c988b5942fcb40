using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using ReluVerified.Core.LinearAlgebra;

namespace ReluVerified.Bench;

/// <summary>
/// What a large array costs the first time its pages are written, against the same writes into an array that is reused: the
/// measurement behind the r-space Newton matrix's pooled scratch (<c>DenseFactorRows.AddWeightedGram</c>) and behind
/// <c>LargeArrays</c>. <c>fresh-pages MB</c> scales the rows of a fixed MB-sized source, on one thread, into (a) a new array
/// each time, (b) one array rented from <see cref="ArrayPool{T}.Shared"/> and returned each time, (c) a new array from
/// <c>LargeArrays.Uninitialized</c>, five times each, and prints the milliseconds of each pass and the cost per MB of (a) and
/// (c); (c) includes the time <c>LargeArrays</c> spends before it returns the array. On a host that gives memory back when it
/// is freed (a virtual machine with free page reporting, for one), (a) pays a page fault per 4 KiB page on every pass, all
/// on the writing thread; (c) asks Linux for 2 MiB pages, one fault per 2 MiB where the kernel grants them, and takes the
/// faults on all cores before the single-threaded writes begin.
/// </summary>
public static class FreshPages
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs the comparison; returns 0, or 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.Integer, Inv, out int mb) || mb < 1 || mb > 4096)
        {
            Console.Error.WriteLine("usage: fresh-pages MB   (1..4096: the size of the arrays written)");
            return 2;
        }
        const int columns = 1000;
        int count = mb * (1 << 20) / sizeof(double);
        int rows = count / columns;
        var source = new double[rows * columns];
        var rng = new Random(1);
        for (int i = 0; i < source.Length; i++) source[i] = rng.NextDouble();
        void Scale(double[] target)
        {
            for (int i = 0; i < rows; i++)
                TensorPrimitives.Multiply(source.AsSpan(i * columns, columns), 1.5, target.AsSpan(i * columns, columns));
        }
        Console.WriteLine($"{"pass",4} {"fresh ms",9} {"pooled ms",10} {"LargeArrays ms",15}");
        var fresh = new List<double>();
        var hinted = new List<double>();
        for (int pass = 1; pass <= 5; pass++)
        {
            var clock = Stopwatch.StartNew();
            var target = new double[rows * columns];
            Scale(target);
            double a = clock.Elapsed.TotalMilliseconds;
            GC.KeepAlive(target);
            clock.Restart();
            var rented = ArrayPool<double>.Shared.Rent(rows * columns);
            Scale(rented);
            ArrayPool<double>.Shared.Return(rented);
            double b = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var advised = LargeArrays.Uninitialized((long)rows * columns);
            Scale(advised);
            double c = clock.Elapsed.TotalMilliseconds;
            GC.KeepAlive(advised);
            fresh.Add(a);
            hinted.Add(c);
            Console.WriteLine($"{pass,4} {a,9:F1} {b,10:F1} {c,15:F1}");
        }
        Console.WriteLine($"fresh array: {fresh.Skip(1).Average() / mb:F2} ms per MB (passes 2-5); LargeArrays.Uninitialized (huge-page hint on Linux and " +
            $"faults taken by all cores, arrays of {LargeArrays.HintBytes >> 20} MB or more): {hinted.Skip(1).Average() / mb:F2} ms per MB");
        return 0;
    }
}
