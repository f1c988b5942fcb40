using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace ReluVerified.Properties.Architecture;

/// <summary>
/// Design rules (docs/architecture.md, "Rules on clocks, arrays, equality and method length"): Core reads no clock,
/// exposes no array, compares every field in a hand-written Equals and has no method over 80 lines.
/// </summary>
public partial class Architecture_Rules
{
    /// <summary>The longest method Core may have, in lines from its signature to its closing brace.</summary>
    internal const int MaxMethodLines = 80;

    /// <summary>
    /// Core reads no clock: its metadata references neither Stopwatch nor DateTime/DateTimeOffset.Now, UtcNow or Today,
    /// TimeProvider.System or Environment.TickCount. Time, like randomness, is the caller's to pass in.
    /// </summary>
    [Fact]
    public void Core_reads_no_clock()
    {
        using var stream = File.OpenRead(Core.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var clocks = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
        {
            var t = reader.GetTypeReference(handle);
            if (reader.GetString(t.Namespace) == "System.Diagnostics" && reader.GetString(t.Name) == "Stopwatch") clocks.Add("System.Diagnostics.Stopwatch");
        }
        var forbiddenMembers = new HashSet<string>
        {
            "System.DateTime.get_Now", "System.DateTime.get_UtcNow", "System.DateTime.get_Today",
            "System.DateTimeOffset.get_Now", "System.DateTimeOffset.get_UtcNow",
            "System.TimeProvider.get_System", "System.Environment.get_TickCount", "System.Environment.get_TickCount64",
        };
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference) continue;
            var parent = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
            string name = $"{reader.GetString(parent.Namespace)}.{reader.GetString(parent.Name)}.{reader.GetString(member.Name)}";
            if (forbiddenMembers.Contains(name)) clocks.Add(name);
        }
        // Where in the source (the metadata does not say which method): files naming the clock.
        var files = CoreSourceFiles().Where(f => ClockInSource().IsMatch(SourceText.CodeOnly(File.ReadAllText(f.File)))).Select(f => CoreRelative(f.File));
        Assert.True(clocks.Count == 0, $"Core reads a clock: {string.Join(", ", clocks)}; named in {string.Join(", ", files)}");
    }

    [GeneratedRegex(@"\bStopwatch\b|\bDateTime(Offset)?\.(Now|UtcNow|Today)\b|\bTimeProvider\.System\b|\bEnvironment\.TickCount")]
    private static partial Regex ClockInSource();

    /// <summary>No public type of Core has a public property or field of array type (arrays are mutable; ImmutableArray or a read-only view instead).</summary>
    [Fact]
    public void Core_public_types_expose_no_arrays()
    {
        const BindingFlags members = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly;
        var violations = new List<string>();
        foreach (var type in Core.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var property in type.GetProperties(members).Where(p => p.PropertyType.IsArray))
                violations.Add($"{type.FullName}.{property.Name} is a public {property.PropertyType.Name} property");
            foreach (var field in type.GetFields(members).Where(f => f.FieldType.IsArray))
                violations.Add($"{type.FullName}.{field.Name} is a public {field.FieldType.Name} field");
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>
    /// Every hand-written <c>Equals(T)</c> in Core and the package names every property the type stores (the auto-properties,
    /// positional record parameters included, found by their compiler-generated backing fields): a property that
    /// Equals forgets makes two different values equal. Checked on the source: the body of <c>bool Equals(T ...)</c> in the
    /// type's declaration must mention each such property by name.
    /// </summary>
    [Fact]
    public void Hand_written_Equals_names_every_stored_property()
    {
        var violations = new List<string>();
        foreach (var (assembly, sources) in new[] { (Core, RepositoryFiles.Path("Core", "ReluVerified.Core")), (Package, RepositoryFiles.Path("Facade", "ReluVerified")) })
        {
            var files = Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
                .Where(f => !System.IO.Path.GetRelativePath(sources, f).Split(System.IO.Path.DirectorySeparatorChar)[0].Equals("obj", StringComparison.Ordinal)
                            && !System.IO.Path.GetRelativePath(sources, f).Split(System.IO.Path.DirectorySeparatorChar)[0].Equals("bin", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => (Path: f, Text: File.ReadAllText(f)))
                .ToList();
            foreach (var type in assembly.GetTypes().Where(t => !t.Name.Contains('<')).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                var equals = type.GetMethod("Equals", BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly, [type]);
                if (equals is null || equals.IsDefined(typeof(CompilerGeneratedAttribute))) continue;
                var stored = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .Select(f => BackingField().Match(f.Name)).Where(m => m.Success).Select(m => m.Groups[1].Value)
                    .Where(p => p != "EqualityContract").ToList();
                var path = TypePath(type);
                var bodies = files.Select(f => (f.Path, Body: SourceText.EqualsBody(f.Text, path))).Where(b => b.Body is not null).ToList();
                string name = type.FullName!.Replace('+', '.');
                if (bodies.Count != 1)
                {
                    violations.Add($"{name}: found {bodies.Count} source bodies of Equals({path[^1]}) (expected one)");
                    continue;
                }
                var (file, body) = bodies[0];
                var missing = stored.Where(p => !NotPartOfTheValue.ContainsKey($"{name}.{p}") && !Regex.IsMatch(body!, $@"\b{Regex.Escape(p)}\b")).ToList();
                if (missing.Count > 0)
                    violations.Add($"{name} ({CoreRelative(file)}): Equals does not name {string.Join(", ", missing)}");
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>Stored properties that are deliberately not part of their type's value, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotPartOfTheValue = new()
    {
        ["ReluVerified.Core.LinearAlgebra.Matrix.Facts"] = "a memo of checks already made on the same entries (Core/ReluVerified.Core/LinearAlgebra/MatrixFacts.cs): two matrices with equal entries are equal whatever has been verified about either",
    };

    // The simple names (no generic arity) of a type and the types it is nested in, outermost first.
    private static List<string> TypePath(Type type)
    {
        var path = new List<string>();
        for (var t = type; t is not null; t = t.DeclaringType) path.Insert(0, t.Name.Split('`')[0]);
        return path;
    }

    [GeneratedRegex(@"^<(\w+)>k__BackingField$")]
    private static partial Regex BackingField();

    /// <summary>No method of Core is longer than <see cref="MaxMethodLines"/> lines (signature line to closing brace).</summary>
    [Fact]
    public void Core_methods_are_at_most_80_lines()
    {
        var files = CoreSourceFiles().ToList();
        Assert.NotEmpty(files);
        var violations = files
            .SelectMany(f => SourceText.Methods(File.ReadAllText(f.File)).Where(m => m.Lines > MaxMethodLines)
                .Select(m => $"{CoreRelative(f.File)}:{m.FirstLine} {m.Name}: {m.Lines} lines"))
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>The method scanner measures methods, constructors and expression bodies, and ignores braces in literals and comments.</summary>
    [Fact]
    public void The_method_scanner_measures_from_signature_to_closing_brace()
    {
        const string source = """
            namespace N;
            public sealed class C
            {
                public int P { get; } = 3;
                [Obsolete("x")]
                public C(int a) : this(a, "{")
                {
                    // a } in a comment
                }
                private static int Twice(int x)
                    => x switch
                    {
                        0 => 0,
                        _ => 2 * x,
                    };
                public record R(int A)
                {
                    public bool Equals(R? other) => other is not null && other.A == A;
                    public override int GetHashCode() { return $"{A}}}".Length; }
                }
            }
            """;
        var methods = SourceText.Methods(source);
        Assert.Equal([("C", 6, 9), ("Twice", 10, 15), ("Equals", 18, 18), ("GetHashCode", 19, 19)],
            methods.Select(m => (m.Name, m.FirstLine, m.LastLine)));
        Assert.Equal("=> other is not null && other.A == A;", SourceText.EqualsBody(source, ["C", "R"]));
    }
}
