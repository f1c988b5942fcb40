using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace ReluVerified.Properties.Architecture;

/// <summary>
/// The layers (docs/architecture.md): Core's folders use only lower ranks (<see cref="CoreLayers"/>), the projects
/// reference each other only downwards (Core, then the package ReluVerified, then Comparison, then the CLI; the cluster
/// fit beside them, on Core and the package), and the package's public API is the list in docs/architecture.md.
/// </summary>
public partial class Architecture_Rules
{
    private static readonly Assembly Package = typeof(ReliableRelu).Assembly;
    private static readonly Assembly Comparison = typeof(HeadToHead).Assembly;
    private static readonly Assembly MlNet = typeof(ReluVerified.ML.ReliableReluTrainer).Assembly;

    /// <summary>Every .cs file of Core (bin and obj skipped) with its folder (<see cref="CoreLayers.Root"/> for the root namespace).</summary>
    internal static IEnumerable<(string File, string Folder)> CoreSourceFiles()
    {
        var core = RepositoryFiles.Path("Core", "ReluVerified.Core");
        foreach (var file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var parts = System.IO.Path.GetRelativePath(core, file).Split(System.IO.Path.DirectorySeparatorChar);
            if (parts[0] is "bin" or "obj") continue;
            yield return (file, parts.Length == 1 ? CoreLayers.Root : parts[0]);
        }
    }

    private static string CoreRelative(string file) => System.IO.Path.GetRelativePath(RepositoryFiles.Root, file).Replace('\\', '/');

    [Fact]
    public void Core_folders_name_only_lower_layers()
    {
        var files = CoreSourceFiles().ToList();
        Assert.NotEmpty(files);
        var violations = files
            .SelectMany(f => CoreLayers.Violations(File.ReadAllText(f.File), f.Folder).Select(v => $"{CoreRelative(f.File)} {v}"))
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>The layer checker reports each kind of back-reference (and accepts the downward ones), so the rule above can fail.</summary>
    [Fact]
    public void The_layer_checker_reports_back_references()
    {
        const string kernels = """
            using ReluVerified.Core.Geometry;
            using ReluVerified.Core.Learning;
            using static ReluVerified.Core.Optimization.ReliableSolver;
            namespace ReluVerified.Core.Kernels;
            /// <summary>Uses <see cref="LowRank.NystroemFactor"/> and <see cref="Geometry.PointSet"/>.</summary>
            public static class Synthetic
            {
                public static object A() => global::ReluVerified.Core.Baselines.Alphatron.Fit;
                public static object B() => Core.Regression.PolynomialCoefficients.MaxMonomials;
                public static object C() => Distributions.SphereDistribution.Uniform;
                public static object D() => LinearAlgebra.Matrix.Identity;
            }
            """;
        var violations = CoreLayers.Violations(kernels, "Kernels");
        Assert.Collection(violations,
            v => Assert.StartsWith("line 2: Kernels (rank 2) names Learning (rank 5)", v),
            v => Assert.StartsWith("line 3: Kernels (rank 2) names Optimization (rank 3)", v),
            v => Assert.StartsWith("line 5: Kernels (rank 2) names LowRank (rank 4)", v),
            v => Assert.StartsWith("line 8: Kernels (rank 2) names Baselines (rank 6)", v),
            v => Assert.StartsWith("line 9: Kernels (rank 2) names Regression (rank 4)", v),
            v => Assert.StartsWith("line 10: Kernels (rank 2) names Distributions (rank 2)", v));
        Assert.Contains(CoreLayers.Violations("/// <see cref=\"Optimization.KernelProgram\"/>\nnamespace ReluVerified.Core;", CoreLayers.Root),
            v => v.StartsWith("line 1: the root namespace (rank 0) names Optimization", StringComparison.Ordinal));
        Assert.Empty(CoreLayers.Violations("using ReluVerified.Core.LinearAlgebra;\nnamespace ReluVerified.Core;", CoreLayers.Root));
        Assert.Contains(CoreLayers.Violations("namespace ReluVerified.Core.Learning;", "Kernels"), v => v.Contains("declares namespace", StringComparison.Ordinal));
        Assert.Contains(CoreLayers.Violations("", "Plugins"), v => v.Contains("has no rank", StringComparison.Ordinal));
    }

    /// <summary>
    /// The package (ReluVerified) uses Core only; Comparison uses Core and the package, never the CLI (relu); the ML.NET
    /// integration (ReluVerified.ML) uses Core and the package only; the CLI may use Core, the package, Comparison and the cluster fit; the
    /// cluster fit (ReluVerified.Distributed) uses Core and the package, and its tests those and it; Core uses none. Checked
    /// twice: on the compiled assemblies' references (what the code uses) and on the project files' ProjectReference items
    /// (what the build allows). The test project references neither the CLI nor the cluster fit (which would bring Orleans
    /// into it), so their assemblies are checked through their project files only.
    /// </summary>
    [Fact]
    public void Projects_reference_only_lower_projects()
    {
        string[] ours = ["ReluVerified.Core", "ReluVerified", "ReluVerified.Comparison", "ReluVerified.ML", "relu"];
        var problems = new List<string>();
        foreach (var (assembly, allowed) in new[] { (Core, Array.Empty<string>()), (Package, ["ReluVerified.Core"]), (Comparison, ["ReluVerified.Core", "ReluVerified"]), (MlNet, ["ReluVerified.Core", "ReluVerified"]) })
            foreach (var reference in assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(ours.Contains))
                if (!allowed.Contains(reference)) problems.Add($"assembly {assembly.GetName().Name} references {reference}");

        var projects = new Dictionary<string, string[]>
        {
            ["Core/ReluVerified.Core/ReluVerified.Core.csproj"] = [],
            ["Facade/ReluVerified/ReluVerified.csproj"] = ["ReluVerified.Core"],
            ["Facade/ReluVerified.Comparison/ReluVerified.Comparison.csproj"] = ["ReluVerified.Core", "ReluVerified"],
            ["Facade/ReluVerified.ML/ReluVerified.ML.csproj"] = ["ReluVerified.Core", "ReluVerified"],
            ["Facade/ReluVerified.Cli/ReluVerified.Cli.csproj"] = ["ReluVerified.Core", "ReluVerified", "ReluVerified.Comparison", "ReluVerified.Distributed"],
            ["Distributed/ReluVerified.Distributed/ReluVerified.Distributed.csproj"] = ["ReluVerified.Core", "ReluVerified"],
            ["Distributed/ReluVerified.Distributed.Tests/ReluVerified.Distributed.Tests.csproj"] = ["ReluVerified.Core", "ReluVerified", "ReluVerified.Distributed"],
        };
        foreach (var (project, allowed) in projects)
        {
            var references = XDocument.Load(RepositoryFiles.Path(project.Split('/'))).Descendants("ProjectReference")
                .Select(r => System.IO.Path.GetFileNameWithoutExtension(((string?)r.Attribute("Include") ?? "").Replace('\\', '/')));
            foreach (var reference in references)
                if (!allowed.Contains(reference)) problems.Add($"{project} references the project {reference}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private const string PublicApiBegin = "<!-- public-api:begin -->";
    private const string PublicApiEnd = "<!-- public-api:end -->";

    /// <summary>The exported types of the package, namespace-qualified (nested types joined by '.'), sorted ordinally.</summary>
    internal static IReadOnlyList<string> PackagePublicApi()
        => Package.GetExportedTypes().Select(t => t.FullName!.Replace('+', '.')).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The package's public types are exactly the list between the public-api markers of docs/architecture.md. With
    /// RELUVERIFIED_WRITE_PUBLIC_API=1 it rewrites that list instead (Bench/scripts/public_api.sh).
    /// </summary>
    [Fact]
    public void Public_api_of_the_package_is_the_list_in_docs_architecture()
    {
        var path = RepositoryFiles.Path("docs", "architecture.md");
        var text = File.ReadAllText(path);
        int begin = text.IndexOf(PublicApiBegin, StringComparison.Ordinal), end = text.IndexOf(PublicApiEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/architecture.md has no {PublicApiBegin} ... {PublicApiEnd} block");
        var actual = PackagePublicApi();
        if (Environment.GetEnvironmentVariable("RELUVERIFIED_WRITE_PUBLIC_API") == "1")
        {
            var block = string.Concat(actual.Select(t => $"`{t}`\n"));
            File.WriteAllText(path, text[..(begin + PublicApiBegin.Length)] + "\n" + block + text[end..]);
            return;
        }
        var listed = text[(begin + PublicApiBegin.Length)..end].Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim('`')).ToList();
        var missing = actual.Except(listed).ToList();
        var extra = listed.Except(actual).ToList();
        var disorder = missing.Count == 0 && extra.Count == 0 && !listed.SequenceEqual(actual) ? ["(same types, not in ordinal order)"] : new List<string>();
        Assert.True(missing.Count == 0 && extra.Count == 0 && disorder.Count == 0,
            "docs/architecture.md's public API differs from the ReluVerified assembly (regenerate: bash Bench/scripts/public_api.sh)\n"
            + string.Join("\n", missing.Select(t => $"+ {t} (exported, not listed)").Concat(extra.Select(t => $"- {t} (listed, not exported)")).Concat(disorder)));
    }
}
