using BenchmarkDotNet.Running;

namespace ReluVerified.Bench;

/// <summary>Entry point: BenchmarkDotNet's switcher (<c>dotnet run -c Release --project Bench/ReluVerified.Bench -- --filter '*'</c>)
/// plus plain side-by-side commands (see docs/benchmarks.md).</summary>
public static class Program
{
    /// <summary>Runs a named comparison, or hands the arguments to BenchmarkDotNet.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && SideBySide.Commands.TryGetValue(args[0], out var run)) return run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
